import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@mostrador/config';
import { Injectable } from '@nestjs/common';
import { QuotaExceededError } from '../call-refused.error.js';
import { RateLimiter } from './rate-limiter.service.js';

/**
 * The external preset: Mostrador's own calls to dependencies whose provider sets a quota
 * (RATE_LIMIT_EXTERNAL_APIS, e.g. `inventory,llm:openrouter=20`), counted by the same sliding
 * window as every limit (in Redis when configured: one quota for every instance). A dependency
 * not named is never held back, which is how the sandbox and quota-free services run by default.
 *
 * Over its quota, a call waits for the oldest counted call to leave the window, when that comes
 * within RATE_LIMIT_EXTERNAL_WAIT_MS; otherwise it fails at once with QuotaExceededError, never
 * counted against the dependency's breaker (the dependency did nothing wrong).
 */
@Injectable()
export class ExternalQuota {
  private readonly quotas: Readonly<Record<string, number>>;
  private readonly waitMs: number;
  private readonly windowMs: number;

  constructor(
    config: AppConfig,
    private readonly limiter: RateLimiter,
  ) {
    this.quotas = config.rateLimit.quotas;
    this.waitMs = config.rateLimit.quotaWaitMs;
    this.windowMs = config.rateLimit.windowMs;
  }

  /** Whether calls to `dependency` are held to a quota. */
  limits(dependency: string): boolean {
    return this.quotas[dependency] !== undefined;
  }

  /** Resolves when `dependency` may be called now (counting the call); QuotaExceededError when it may not. */
  async acquire(dependency: string, signal?: AbortSignal): Promise<void> {
    const limit = this.quotas[dependency];
    if (limit === undefined) return;
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const result = await this.limiter.checkCustom(`external:${dependency}`, 'calls', limit, this.windowMs);
      if (result.allowed) return;
      const waitMs = Math.max(1, result.resetMs);
      const refused = new QuotaExceededError(dependency, limit, this.windowMs, waitMs);
      if (Date.now() + waitMs > deadline) throw refused;
      // Another instance may take the freed slot first: then this one checks again, within its deadline.
      await sleep(waitMs, undefined, { signal }).catch(() => {
        throw refused;
      });
    }
  }
}
