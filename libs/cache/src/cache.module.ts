import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CacheService } from './cache.service.js';
import { HttpCacheInterceptor, httpCacheStore } from './http-cache.interceptor.js';
import { RedisConnection } from './redis-connection.js';
import { RedisHealthIndicator } from './redis.health-indicator.js';

/**
 * The two-level cache, the process's Redis connection and its health check, for every module (global).
 * Needs the global AppConfig and AppLogger.
 */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [
    RedisConnection,
    RedisHealthIndicator,
    CacheService,
    { provide: CACHE_MANAGER, inject: [CacheService], useFactory: httpCacheStore },
    HttpCacheInterceptor,
  ],
  exports: [RedisConnection, RedisHealthIndicator, CacheService, CACHE_MANAGER, HttpCacheInterceptor],
})
export class CacheModule {}
