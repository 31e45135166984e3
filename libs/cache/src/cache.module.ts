import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { CacheService } from './cache.service.js';
import { HttpCacheInterceptor, httpCacheStore } from './http-cache.interceptor.js';
import { RedisConnection } from './redis-connection.js';

/**
 * The two-level cache and the process's Redis connection, for every module (global).
 * Needs the global AppConfig and AppLogger.
 */
@Global()
@Module({
  providers: [
    RedisConnection,
    CacheService,
    { provide: CACHE_MANAGER, inject: [CacheService], useFactory: httpCacheStore },
    HttpCacheInterceptor,
  ],
  exports: [RedisConnection, CacheService, CACHE_MANAGER, HttpCacheInterceptor],
})
export class CacheModule {}
