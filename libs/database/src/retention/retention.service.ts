import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';
import type { CleanupCounts } from '../data-api.types.js';
import { MaintenanceStore } from '../ports/maintenance.store.js';
import { JobLock } from '../job-lock.js';

export const RETENTION_JOB = 'retention-cleanup';

/** A bound on one run: at the default batch of 1,000 rows that is up to 10 million per table. */
const MAX_BATCHES = 10_000;

const DAY_MS = 24 * 60 * 60 * 1000;

export type RetentionRun =
  { ran: false } | { ran: true; cutoff: Date; batches: number; counts: CleanupCounts; durationMs: number };

/** Deletes what is older than RETENTION_DAYS, batch by batch, on one instance at a time. */
@Injectable()
export class RetentionService {
  constructor(
    private readonly store: MaintenanceStore,
    private readonly lock: JobLock,
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  async purgeExpiredData(now: Date = new Date()): Promise<RetentionRun> {
    const { days, batchSize } = this.config.database.retention;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const started = performance.now();
    const run = await this.lock.runExclusive(RETENTION_JOB, async () => {
      const counts: CleanupCounts = {
        messages: 0,
        conversations: 0,
        memories: 0,
        customers: 0,
        pendingStatuses: 0,
        erasureTombstones: 0,
      };
      let batches = 0;
      while (batches < MAX_BATCHES) {
        batches++;
        const batch = await this.store.cleanupOldData(cutoff, batchSize);
        for (const table of Object.keys(counts) as (keyof CleanupCounts)[]) counts[table] += batch[table];
        if (Object.values(batch).every((deleted) => deleted === 0)) break;
      }
      return { batches, counts };
    });
    if (!run.ran) {
      this.logger.logEvent('info', 'retention cleanup skipped: another instance is running it', {
        event: 'retention',
        context: 'Retention',
        outcome: 'skipped',
      });
      return { ran: false };
    }
    const durationMs = Math.round(performance.now() - started);
    this.logger.logEvent('info', `retention cleanup: deleted data older than ${days} days`, {
      event: 'retention',
      context: 'Retention',
      outcome: 'ok',
      cutoff: cutoff.toISOString(),
      batches: run.result.batches,
      ...run.result.counts,
      durationMs,
    });
    return { ran: true, cutoff, batches: run.result.batches, counts: run.result.counts, durationMs };
  }
}
