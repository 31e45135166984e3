export { argumentsKey, cacheKey, patternToRegExp } from './cache-keys.js';
export { CacheModule } from './cache.module.js';
export { CacheService, type CacheStats, standaloneCache, type Ttl, type TtlPreset } from './cache.service.js';
export { CacheTtl, HttpCacheInterceptor } from './http-cache.interceptor.js';
export { RedisConnection } from './redis-connection.js';
export { RedisHealthIndicator } from './redis.health-indicator.js';
