import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { ConversationStore } from './conversation-store.js';
import { DatabaseHealthIndicator } from './database.health-indicator.js';
import { JobLock } from './job-lock.js';
import { openConversationStore } from './open-conversation-store.js';
import { RetentionSchedule } from './retention/retention-schedule.service.js';
import { RetentionService } from './retention/retention.service.js';

/**
 * Closes the connections last, on application shutdown: after the HTTP server stopped and
 * the modules' destroy hooks (a draining turn worker, say) are done with the store.
 */
@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(
    private readonly store: ConversationStore,
    private readonly logger: AppLogger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log('database connections closed', 'Database');
  }
}

export interface DatabaseModuleOptions {
  /** A store to use instead of opening the one the settings name (tests). Closed on shutdown all the same. */
  store?: ConversationStore & JobLock;
  /** Schedule the retention cleanup (RETENTION_CRON). Default true. */
  retentionSchedule?: boolean;
}

/**
 * The data API for the whole app: `ConversationStore` (and `JobLock`) bound to the adapter
 * the settings choose, `DatabaseHealthIndicator`, and the scheduled retention cleanup.
 * Global: import `DatabaseModule.forRoot()` once, in the app module.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [ScheduleModule.forRoot(), TerminusModule],
      providers: [
        options.store
          ? { provide: ConversationStore, useValue: options.store }
          : {
              provide: ConversationStore,
              useFactory: (config: AppConfig, logger: AppLogger) => openConversationStore(config.database, logger),
              inject: [AppConfig, AppLogger],
            },
        { provide: JobLock, useExisting: ConversationStore },
        DatabaseHealthIndicator,
        RetentionService,
        ...(options.retentionSchedule === false ? [] : [RetentionSchedule]),
        DatabaseShutdown,
      ],
      exports: [ConversationStore, JobLock, DatabaseHealthIndicator, RetentionService],
    };
  }
}
