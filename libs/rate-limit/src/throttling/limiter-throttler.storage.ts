import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface.js';
import type { RateLimiter } from '../limiter/rate-limiter.service.js';
import type { LimitResult } from '../limiter/limiter.store.js';

/** The last check of each request, by throttler: the guard writes its headers from it. */
export type LimitRecord = ThrottlerStorageRecord & { result: LimitResult };

/**
 * @nestjs/throttler's storage on our sliding-window limiter (memory, or Redis for every
 * instance), so the throttler's guard, decorators and options work unchanged while the
 * counting is exact to the millisecond. `ttl` is the window; no extra block time: a refused
 * client is let in again as soon as its oldest counted request leaves the window.
 */
export class LimiterThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly limiter: RateLimiter) {}

  async increment(key: string, ttl: number, limit: number, _block: number, throttler: string): Promise<LimitRecord> {
    const result = await this.limiter.checkCustom(throttler, key, limit, ttl);
    const seconds = Math.max(1, Math.ceil(result.resetMs / 1000));
    return {
      totalHits: result.allowed ? result.count : limit + 1,
      timeToExpire: seconds,
      isBlocked: !result.allowed,
      timeToBlockExpire: seconds,
      result,
    };
  }
}
