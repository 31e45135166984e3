import { CACHE_TTL_METADATA, CacheInterceptor } from '@nestjs/cache-manager';
import { type CallHandler, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { concatMap, type Observable, tap } from 'rxjs';
import { CacheService, type TtlPreset } from './cache.service.js';

/** How long the GET routes of a controller (or one route) are cached: a preset's name. */
export const CacheTtl = (preset: TtlPreset) => SetMetadata(CACHE_TTL_METADATA, preset);

/**
 * Nest's CacheInterceptor on the two-level cache: a GET answer is kept under `http:<url>`
 * (the query included) for its route's CacheTtl, and the `X-Cache` header says HIT or MISS.
 * A write through the same controllers (any other method) that succeeds drops every cached
 * answer, so an operator sees their own change at once; what customers and the assistant
 * change shows within the TTL, or at once for a request sent with `Cache-Control: no-cache`
 * (read fresh, and kept for the next; `no-store`: read fresh, keep nothing). Guards run before interceptors: a request without the
 * admin key never reads the cache.
 */
@Injectable()
export class HttpCacheInterceptor extends CacheInterceptor {
  // The constructor is CacheInterceptor's: CACHE_MANAGER (httpCacheStore below) and the Reflector.
  @Inject(CacheService) private readonly caches!: CacheService;

  protected override trackBy(context: ExecutionContext): string | undefined {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return request.method === 'GET' && this.caches.enabled ? `http:${request.url}` : undefined;
  }

  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'GET') {
      // Dropped before the answer goes out: the caller's next read cannot find the old one.
      return next.handle().pipe(
        concatMap(async (answer: unknown) => {
          await this.caches.invalidate('http:*');
          return answer;
        }),
      );
    }
    const key = this.trackBy(context);
    const asked = request.headers['cache-control'] ?? '';
    if (key !== undefined && /\bno-(cache|store)\b/i.test(asked)) {
      void context.switchToHttp().getResponse<FastifyReply>().header('X-Cache', 'MISS');
      if (/\bno-store\b/i.test(asked)) return next.handle();
      const ttl =
        this.reflector.get<TtlPreset | undefined>(CACHE_TTL_METADATA, context.getHandler()) ??
        this.reflector.get<TtlPreset | undefined>(CACHE_TTL_METADATA, context.getClass()) ??
        'default';
      return next.handle().pipe(tap((answer) => void this.caches.set(key, answer, ttl)));
    }
    return super.intercept(context, next);
  }
}

/**
 * What CACHE_MANAGER is here: the two methods CacheInterceptor calls, on CacheService, so HTTP
 * answers share its levels, prefix, codec and figures.
 */
export function httpCacheStore(caches: CacheService) {
  return {
    get: (key: string) => caches.get(key),
    set: (key: string, value: unknown, ttl?: TtlPreset | number) => caches.set(key, value, ttl ?? 'default'),
  };
}
