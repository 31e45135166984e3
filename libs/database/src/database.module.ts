import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health-indicator.js';
import { JobLock } from './job-lock.js';
import { DatabaseStartup } from './migrations/database-startup.service.js';
import { createConversationStore } from './open-conversation-store.js';
import { AdminStore } from './ports/admin.store.js';
import { InboundStore } from './ports/inbound.store.js';
import { MaintenanceStore } from './ports/maintenance.store.js';
import { OrderStore } from './ports/order.store.js';
import { OutboxStore } from './ports/outbox.store.js';
import { TurnStore } from './ports/turn.store.js';
import { RetentionSchedule } from './retention/retention-schedule.service.js';
import { RetentionService } from './retention/retention.service.js';
import { ConversationStore } from './store/conversation-store.js';

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
  store?: ConversationStore;
  /** Schedule the retention cleanup (RETENTION_CRON). Default true. */
  retentionSchedule?: boolean;
}

/** Each port the app depends on, bound to the one adapter. */
const PORTS = [InboundStore, TurnStore, OutboxStore, AdminStore, OrderStore, MaintenanceStore, JobLock];

/**
 * The data API for the whole app: the narrow ports (`InboundStore`, `TurnStore`,
 * `OutboxStore`, `AdminStore`, `OrderStore`, `MaintenanceStore`, `JobLock`) bound to the
 * adapter the settings choose, its start (migrations, retried while the database is down), the health
 * indicator and the scheduled retention cleanup. Global: import `DatabaseModule.forRoot()`
 * once, in the app module.
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
              useFactory: async (config: AppConfig, logger: AppLogger) => {
                const store = await createConversationStore(config.database, logger);
                store.refuseUntilReady('database starting');
                return store;
              },
              inject: [AppConfig, AppLogger],
            },
        ...PORTS.map((port) => ({ provide: port, useExisting: ConversationStore })),
        DatabaseStartup,
        DatabaseHealthIndicator,
        RetentionService,
        ...(options.retentionSchedule === false ? [] : [RetentionSchedule]),
        DatabaseShutdown,
      ],
      exports: [ConversationStore, ...PORTS, DatabaseHealthIndicator, RetentionService],
    };
  }
}
