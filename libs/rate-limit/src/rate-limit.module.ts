import { Global, Module } from '@nestjs/common';
import { BreakerRegistry } from './breakers/breaker-registry.js';
import { BreakerGuard } from './breakers/use-breaker.js';
import { ExternalQuota } from './limiter/external-quota.js';
import { RateLimiter } from './limiter/rate-limiter.service.js';

/**
 * Limits and circuit breakers for every module (global): the sliding-window `RateLimiter`
 * (memory, or Redis for all instances), the quotas of external dependencies (`ExternalQuota`)
 * and the `BreakerRegistry`. Needs the global AppConfig,
 * AppLogger and the cache's RedisConnection (CacheModule). The HTTP throttling is wired by the
 * app: `ThrottlerModule.forRootAsync` with `throttlerOptions`, and `HttpRateLimitGuard` as APP_GUARD.
 */
@Global()
@Module({
  providers: [RateLimiter, ExternalQuota, BreakerRegistry, BreakerGuard],
  exports: [RateLimiter, ExternalQuota, BreakerRegistry, BreakerGuard],
})
export class RateLimitModule {}
