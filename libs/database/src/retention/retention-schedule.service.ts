import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { RETENTION_JOB, RetentionService } from './retention.service.js';

/** Runs the retention cleanup at RETENTION_CRON (a cron from settings, so registered at start). */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap {
  constructor(
    private readonly retention: RetentionService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({
      cronTime: this.config.database.retention.cron,
      onTick: () => this.purgeExpiredConversations(),
      waitForCompletion: true,
      start: true,
    });
    this.registry.addCronJob(RETENTION_JOB, job);
  }

  /** The cron handler: only delegates; a failed run is logged and the next one tries again. */
  async purgeExpiredConversations(): Promise<void> {
    try {
      await this.retention.purgeExpiredData();
    } catch (error) {
      this.logger.error({ message: 'retention cleanup failed', err: error }, undefined, 'Retention');
    }
  }
}
