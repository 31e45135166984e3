import { RedisConnection } from '@mostrador/cache';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';
import type { LimitResult } from './limiter.store.js';
import { MemoryLimiterStore } from './memory-limiter.store.js';
import { RedisLimiterStore } from './redis-limiter.store.js';

export type LimitPreset = keyof AppConfig['rateLimit']['limits'];

export interface RateLimiterStats {
  /** Where checks are counted now. */
  store: 'memory' | 'redis';
  /** Checks counted in this process's memory because Redis was configured but down. */
  fallbacks: number;
  /** Refused checks, by preset or custom name. */
  rejected: Record<string, number>;
}

/**
 * While falling back on a connection that looks up, how often one check tries Redis again: a
 * Redis that stopped answering then costs one wait for REDIS_TIMEOUT_MS per interval, not one per check.
 */
const PROBE_EVERY_MS = 1000;

/**
 * Sliding-window limits by preset (RATE_LIMIT_IP, _USER, _PHONE over RATE_LIMIT_WINDOW_MS) or
 * by a name with a limit and window of its own. Counted in Redis when REDIS_URL is set (one
 * limit across instances), else in this process's memory.
 *
 * Redis down (not connected, or a command failed or timed out) falls back to memory, which
 * limits per instance instead of globally, on purpose: a cache outage must not stop the shop
 * answering (failing closed), and failing open would let one customer flood the LLM for as
 * long as the outage lasts. The switch is logged once each way (event 'rate_limit', outcome
 * 'fallback' / 'recovered'); what memory counted during the outage is not carried to Redis.
 */
@Injectable()
export class RateLimiter {
  private readonly settings: AppConfig['rateLimit'];
  private readonly memory = new MemoryLimiterStore();
  private readonly redisStore?: RedisLimiterStore;
  private fallingBack = false;
  private nextProbeAt = 0;
  private fallbackCount = 0;
  private readonly rejected: Record<string, number> = {};

  constructor(
    config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly logger: AppLogger,
  ) {
    this.settings = config.rateLimit;
    if (redis.client) this.redisStore = new RedisLimiterStore(redis.client, `${config.cache.keyPrefix}ratelimit:`);
  }

  /** A hit against a preset's limit, over RATE_LIMIT_WINDOW_MS. */
  check(preset: LimitPreset, id: string): Promise<LimitResult> {
    return this.checkCustom(preset, id, this.settings.limits[preset], this.settings.windowMs);
  }

  /** A hit against a limit of the caller's own, counted under `name` (kept apart from the presets and other names). */
  async checkCustom(name: string, id: string, limit: number, windowMs: number): Promise<LimitResult> {
    if (!this.settings.enabled) return { allowed: true, limit, count: 0, remaining: limit, resetMs: 0 };
    const result = await this.hit(`${name}:${id}`, limit, windowMs);
    if (!result.allowed) this.rejected[name] = (this.rejected[name] ?? 0) + 1;
    return result;
  }

  /**
   * Takes back a hit counted under a preset or name (its `token`): from whichever store counted
   * it, as each ignores the other's tokens.
   */
  async release(name: string, id: string, token: string): Promise<void> {
    if (!this.settings.enabled) return;
    const key = `${name}:${id}`;
    await this.memory.release(key, token);
    if (!this.redisStore || !this.redis.ready) return;
    try {
      await this.redisStore.release(key, token);
      this.redis.reportSuccess();
    } catch (error) {
      // The hit stays counted until it leaves the window: one slot, for one window at most.
      this.redis.reportFailure('rate limit release', error);
    }
  }

  stats(): RateLimiterStats {
    return {
      store: this.redisStore && !this.fallingBack ? 'redis' : 'memory',
      fallbacks: this.fallbackCount,
      rejected: { ...this.rejected },
    };
  }

  private async hit(key: string, limit: number, windowMs: number): Promise<LimitResult> {
    if (!this.redisStore) return this.memory.hit(key, limit, windowMs);
    if (!this.redis.ready) {
      this.fallBack('Redis not connected');
    } else if (!this.fallingBack || Date.now() >= this.nextProbeAt) {
      // One probe per interval while falling back: the checks meanwhile go straight to memory.
      if (this.fallingBack) this.nextProbeAt = Date.now() + PROBE_EVERY_MS;
      try {
        const result = await this.redisStore.hit(key, limit, windowMs);
        this.redis.reportSuccess();
        if (this.fallingBack) this.recovered();
        return result;
      } catch (error) {
        this.redis.reportFailure('rate limit', error);
        this.nextProbeAt = Date.now() + PROBE_EVERY_MS;
        this.fallBack((error as Error)?.message ?? String(error));
      }
    }
    this.fallbackCount++;
    return this.memory.hit(key, limit, windowMs);
  }

  private fallBack(reason: string): void {
    if (this.fallingBack) return;
    this.fallingBack = true;
    this.logger.logEvent('warn', 'Redis unreachable: rate limits counted per instance, in process memory', {
      event: 'rate_limit',
      context: 'RateLimit',
      outcome: 'fallback',
      reason,
    });
  }

  private recovered(): void {
    this.fallingBack = false;
    this.logger.logEvent('info', 'Redis is back: rate limits counted across instances again', {
      event: 'rate_limit',
      context: 'RateLimit',
      outcome: 'recovered',
    });
  }
}
