import { randomUUID } from 'node:crypto';
import { AppConfig } from '@mostrador/config';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { cacheKey } from './cache-keys.js';
import { RedisConnection } from './redis-connection.js';

/**
 * The shared Redis connection's health: a real write, read and delete of a key of its own
 * (PX, so a check cut short leaves nothing behind for long) within a time limit. A PING
 * would pass on a Redis that refuses writes (out of memory, a read-only replica).
 * Without REDIS_URL there is nothing to check: `configured` is false.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly indicators: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis.client !== undefined;
  }

  async isHealthy<const Key extends string = 'redis'>(
    timeoutMs: number,
    key: Key = 'redis' as Key,
  ): Promise<HealthIndicatorResult<Key>> {
    const client = this.redis.client;
    if (!client) return this.indicators.check(key).down({ message: 'REDIS_URL is not set' });
    const probe = `${this.config.cache.keyPrefix}${cacheKey('health', randomUUID())}`;
    const value = String(Date.now());
    const result = await this.indicators
      .check(key)
      .attempt(async () => {
        await client.set(probe, value, 'PX', Math.max(timeoutMs, 1000));
        const read = await client.get(probe);
        await client.del(probe);
        if (read !== value) throw new Error('the value written was not read back');
      })
      .withTimeout(timeoutMs);
    const { status, responseTime, message } = result[key] as {
      status: string;
      responseTime?: number;
      message?: string;
    };
    const indicator = this.indicators.check(key);
    return status === 'up'
      ? indicator.up({ latencyMs: responseTime })
      : indicator.down({ latencyMs: responseTime, message: message ?? 'no answer' });
  }
}
