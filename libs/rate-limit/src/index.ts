export { RateLimitModule } from './rate-limit.module.js';
export { CallRefusedError, QuotaExceededError } from './call-refused.error.js';
export { ExternalQuota } from './limiter/external-quota.js';
export { type LimitResult, LimiterStore } from './limiter/limiter.store.js';
export { MemoryLimiterStore } from './limiter/memory-limiter.store.js';
export { RedisLimiterStore } from './limiter/redis-limiter.store.js';
export { type LimitPreset, RateLimiter, type RateLimiterStats } from './limiter/rate-limiter.service.js';
export { HttpRateLimitGuard, SkipRateLimits, throttlerOptions } from './throttling/http-rate-limit.guard.js';
export {
  type BreakerCallOptions,
  BreakerOpenError,
  BreakerRegistry,
  type BreakerSnapshot,
  type BreakerState,
  BreakerTimeoutError,
} from './breakers/breaker-registry.js';
export { BreakerGuard, UseBreaker } from './breakers/use-breaker.js';
