import { AppLogger } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { MaintenanceStore } from './ports/maintenance.store.js';
import { describeCause, StoreQueryError, StoreUnavailableError } from './store-errors.js';

/** Long enough for a busy pool, short enough for a load balancer's probe. */
export const DATABASE_HEALTH_TIMEOUT_MS = 3000;

/**
 * Readiness of the data API: one real round trip (`ping()`, a data API function, so it also
 * proves the migrations are there) within a time limit, with the adapter and its latency.
 * The reason for a failure goes to the log; the probe's answer says only what kind it was.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly store: MaintenanceStore,
    private readonly indicators: HealthIndicatorService,
    private readonly logger: AppLogger,
  ) {}

  async isHealthy<const Key extends string = 'database'>(
    key: Key = 'database' as Key,
    timeoutMs = DATABASE_HEALTH_TIMEOUT_MS,
  ): Promise<HealthIndicatorResult<Key>> {
    const adapter = this.store.kind;
    let failure: string | undefined;
    const result = await this.indicators
      .check(key)
      .attempt(async () => {
        try {
          await this.store.ping();
        } catch (error) {
          failure =
            error instanceof StoreQueryError
              ? `database error (${error.code ?? 'unknown'})`
              : error instanceof StoreUnavailableError && error.attempts === 0
                ? describeCause(error.cause)
                : 'database unreachable';
          this.logger.warn(`readiness: database down: ${describeCause(error)}`, 'Health');
          throw new Error(failure, { cause: error });
        }
      })
      .withTimeout(timeoutMs);
    const detail = result[key];
    const latencyMs = (detail as { responseTime?: number }).responseTime;
    if (detail.status === 'up') return this.indicators.check(key).up({ adapter, latencyMs });
    if (failure === undefined) this.logger.warn(`readiness: database did not answer within ${timeoutMs} ms`, 'Health');
    return this.indicators
      .check(key)
      .down({ adapter, latencyMs, message: failure ?? `timeout of ${timeoutMs} ms exceeded` });
  }
}
