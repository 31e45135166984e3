import { createHash } from 'node:crypto';
import { AppConfig } from '@mostrador/config';
import { secretEqual } from '@mostrador/http';
import { AppLogger } from '@mostrador/logging';
import { type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerRequest } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from '../limiter/rate-limiter.service.js';
import { LimiterThrottlerStorage, type LimitRecord } from './limiter-throttler.storage.js';

/** Routes that no per-IP or per-user limit applies to (the webhook: it all comes from Meta; health and metrics). */
export const SkipRateLimits = () => SkipThrottle({ ip: true, user: true });

/**
 * The throttlers: per client address on every limited route; per API key on the admin API,
 * for requests that carry the right key (its hash: never the key itself). A wrong or missing
 * key counts only against its address: guessing keys earns no fresh quota.
 */
export function throttlerOptions(config: AppConfig, limiter: RateLimiter): ThrottlerModuleOptions {
  const { windowMs, limits } = config.rateLimit;
  const adminKey = config.app.adminApiKey;
  const keyOf = (context: ExecutionContext) => {
    const given = context.switchToHttp().getRequest<FastifyRequest>().headers['x-api-key'];
    return typeof given === 'string' && secretEqual(given, adminKey) ? given : undefined;
  };
  return {
    throttlers: [
      {
        name: 'ip',
        limit: limits.ip,
        ttl: windowMs,
        getTracker: (request) => (request as unknown as FastifyRequest).ip,
      },
      {
        name: 'user',
        limit: limits.user,
        ttl: windowMs,
        skipIf: (context) => !isAdminRoute(context) || keyOf(context) === undefined,
        getTracker: (_request, context) =>
          `key:${createHash('sha256')
            .update(keyOf(context) ?? '')
            .digest('hex')
            .slice(0, 16)}`,
      },
    ],
    storage: new LimiterThrottlerStorage(limiter),
    // One count per client across every route (the default key is per handler); the limiter
    // keys it under the throttler's name.
    generateKey: (_context, tracker) => tracker,
    // Plain X-RateLimit-* headers are written by the guard below, not the per-throttler ones.
    setHeaders: false,
  };
}

/**
 * @nestjs/throttler's guard with Mostrador's keys, headers and error. Every limited response
 * carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until a
 * request frees up) of the tightest limit that applies; a refused one is a 429 with
 * `Retry-After` and the usual error body naming the limit.
 */
@Injectable()
export class HttpRateLimitGuard extends ThrottlerGuard {
  @Inject(AppConfig) private readonly config!: AppConfig;
  @Inject(AppLogger) private readonly appLogger!: AppLogger;

  protected override shouldSkip(): Promise<boolean> {
    return Promise.resolve(!this.config.rateLimit.enabled);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, getTracker, generateKey } = request;
    const { req, res } = this.getRequestResponse(context) as { req: FastifyRequest; res: FastifyReply };
    const tracker = await getTracker(req, context);
    const key = generateKey(context, tracker, throttler.name ?? 'default');
    const record = (await this.storageService.increment(
      key,
      ttl,
      limit,
      ttl,
      throttler.name ?? 'default',
    )) as LimitRecord;
    const { result } = record;
    const tightest = (req as RequestWithLimit).tightestLimit;
    if (!tightest || result.remaining < tightest.remaining || !result.allowed) {
      (req as RequestWithLimit).tightestLimit = result;
      void res.header('X-RateLimit-Limit', String(limit));
      void res.header('X-RateLimit-Remaining', String(result.remaining));
      void res.header('X-RateLimit-Reset', String(Math.ceil(result.resetMs / 1000)));
    }
    if (!result.allowed) {
      const seconds = Math.max(1, Math.ceil(result.resetMs / 1000));
      void res.header('Retry-After', String(seconds));
      this.appLogger.logEvent('warn', `rate limit ${throttler.name} exceeded`, {
        event: 'rate_limit',
        context: 'RateLimit',
        outcome: 'rejected',
        limit: throttler.name,
        route: req.routeOptions.url,
      });
      throw new HttpException(
        `Rate limit "${throttler.name}" exceeded: ${limit} requests per ${Math.round(ttl / 1000)} s${
          throttler.name === 'user' ? ' for this API key' : ' from this address'
        }; retry in ${seconds} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}

type RequestWithLimit = FastifyRequest & { tightestLimit?: { remaining: number } };

function isAdminUrl(req: FastifyRequest): boolean {
  return (req.routeOptions.url ?? req.url).startsWith('/admin');
}

function isAdminRoute(context: ExecutionContext): boolean {
  return isAdminUrl(context.switchToHttp().getRequest<FastifyRequest>());
}
