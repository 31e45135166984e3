import { RedisConnection } from '@mostrador/cache';
import {
  type LimiterStore,
  type LimitResult,
  MemoryLimiterStore,
  RateLimiter,
  RedisLimiterStore,
} from '@mostrador/rate-limit';
import { Redis } from 'ioredis';
import { type CapturedLogger, captureLogger, testSettings } from '../support/capture-logger.js';
import { deleteKeys, describeWithRedis, RedisProxy, uniquePrefix } from '../support/redis.js';
import { until } from '../support/until.js';

/** Resolves once `ms` have passed on the wall clock (polled, like every wait here). */
function elapsed(since: number, ms: number, what: string): Promise<true> {
  return until(() => (Date.now() - since >= ms ? true : undefined), what, ms + 5000);
}

const rateLimitLines = (captured: CapturedLogger, outcome: string) =>
  captured.lines().filter((line) => line.event === 'rate_limit' && line.outcome === outcome);

describe('RateLimiter without Redis (no REDIS_URL)', () => {
  const limiter = (env: Record<string, string> = {}) => {
    const settings = testSettings(env);
    const { logger } = captureLogger(settings);
    return new RateLimiter(settings, new RedisConnection(settings, logger), logger);
  };

  it('should count presets in memory, with the preset limit and window', async () => {
    const rateLimiter = limiter({ RATE_LIMIT_PHONE: '2', RATE_LIMIT_WINDOW_MS: '60000' });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await rateLimiter.check('phone', '5215550001'));
    expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
    expect(results[2]).toMatchObject({ limit: 2, count: 2, remaining: 0 });
    expect(results[2].resetMs).toBeGreaterThan(59_000);
    expect(results[2].resetMs).toBeLessThanOrEqual(60_000);
    // Another preset, another customer: counted apart.
    expect((await rateLimiter.check('ip', '5215550001')).allowed).toBe(true);
    expect((await rateLimiter.check('phone', '5215550002')).allowed).toBe(true);

    await rateLimiter.release('phone', '5215550001', results[1].token!);
    expect((await rateLimiter.check('phone', '5215550001')).allowed).toBe(true);
    expect(rateLimiter.stats()).toEqual({ store: 'memory', fallbacks: 0, rejected: { phone: 1 } });
  });

  it('should keep a custom name apart, with its own limit and window', async () => {
    const rateLimiter = limiter();
    expect((await rateLimiter.checkCustom('notice', '5215550001', 1, 60_000)).allowed).toBe(true);
    expect(await rateLimiter.checkCustom('notice', '5215550001', 1, 60_000)).toMatchObject({
      allowed: false,
      limit: 1,
    });
    expect((await rateLimiter.check('phone', '5215550001')).allowed).toBe(true);
    expect(rateLimiter.stats().rejected).toEqual({ notice: 1 });
  });

  it('should allow everything with RATE_LIMIT_ENABLED=false', async () => {
    const rateLimiter = limiter({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_PHONE: '1' });
    for (let i = 0; i < 5; i++) {
      expect(await rateLimiter.check('phone', '5215550001')).toEqual({
        allowed: true,
        limit: 1,
        count: 0,
        remaining: 1,
        resetMs: 0,
      });
    }
    expect(rateLimiter.stats().rejected).toEqual({});
  });
});

describeWithRedis('sliding-window limiter on Redis', (redisUrl) => {
  const prefix = uniquePrefix('ratelimit');
  const keyPrefix = `${prefix}ratelimit:`;
  let redis: Redis;
  const connections: RedisConnection[] = [];
  let sequence = 0;
  /** A key no other test uses. */
  const freshKey = (name: string) => `${name}:${++sequence}`;

  /** One app instance's parts: its settings, a captured logger, its own connection to `url` (Redis, or a proxy to it). */
  function instance(url = redisUrl, env: Record<string, string> = {}) {
    const settings = testSettings({ REDIS_URL: url, CACHE_KEY_PREFIX: prefix, REDIS_TIMEOUT_MS: '1000', ...env });
    const captured = captureLogger(settings);
    const redisConnection = new RedisConnection(settings, captured.logger);
    connections.push(redisConnection);
    return { settings, captured, redisConnection };
  }

  async function connected(redisConnection: RedisConnection): Promise<RedisConnection> {
    await until(() => (redisConnection.ready ? true : undefined), 'Redis connected', 10_000);
    return redisConnection;
  }

  async function redisStore(): Promise<RedisLimiterStore> {
    const { redisConnection } = instance();
    return new RedisLimiterStore((await connected(redisConnection)).client!, keyPrefix);
  }

  /** An instance of the app's limiter, on the shared Redis. */
  async function rateLimiter(url = redisUrl, env: Record<string, string> = {}) {
    const { settings, captured, redisConnection } = instance(url, env);
    await connected(redisConnection);
    return { limiter: new RateLimiter(settings, redisConnection, captured.logger), captured, redisConnection };
  }

  beforeAll(() => {
    redis = new Redis(redisUrl);
  }, 10_000);
  afterAll(async () => {
    for (const redisConnection of connections) await redisConnection.onModuleDestroy();
    await deleteKeys(redisUrl, prefix);
    redis.disconnect();
  }, 20_000);

  describe.each([
    ['memory', () => Promise.resolve<LimiterStore>(new MemoryLimiterStore())],
    ['Redis', redisStore],
  ])('the %s store', (_name, makeStore) => {
    let store: LimiterStore;
    beforeAll(async () => {
      store = await makeStore();
    }, 15_000);

    it('should allow exactly the limit, then refuse, with remaining and resetMs right', async () => {
      const key = freshKey('phone');
      const results: LimitResult[] = [];
      for (let i = 0; i < 4; i++) results.push(await store.hit(key, 3, 2000));
      expect(results.map(({ allowed, limit, count, remaining }) => ({ allowed, limit, count, remaining }))).toEqual([
        { allowed: true, limit: 3, count: 1, remaining: 2 },
        { allowed: true, limit: 3, count: 2, remaining: 1 },
        { allowed: true, limit: 3, count: 3, remaining: 0 },
        { allowed: false, limit: 3, count: 3, remaining: 0 },
      ]);
      for (const result of results) {
        expect(result.resetMs).toBeGreaterThan(1500);
        expect(result.resetMs).toBeLessThanOrEqual(2000);
      }
      expect(new Set(results.slice(0, 3).map((r) => r.token)).size).toBe(3);
      expect(results[3].token).toBeUndefined();
    });

    it('should slide: one slot frees when the oldest hit ages out, the next one later', async () => {
      const key = freshKey('slide');
      const started = Date.now();
      expect((await store.hit(key, 2, 800)).allowed).toBe(true);
      await elapsed(started, 400, 'half a window');
      expect((await store.hit(key, 2, 800)).allowed).toBe(true);
      const refused = await store.hit(key, 2, 800);
      expect(refused.allowed).toBe(false);
      expect(refused.resetMs).toBeLessThanOrEqual(450);

      // A fixed window would give both slots back at once; the log frees only the first.
      const freed = await until(
        async () => {
          const result = await store.hit(key, 2, 800);
          return result.allowed ? result : undefined;
        },
        'the first hit to leave the window',
        5000,
      );
      expect(freed.count).toBe(2);
      const next = await store.hit(key, 2, 800);
      expect(next.allowed).toBe(false);
      expect(next.resetMs).toBeGreaterThan(100);
      expect(next.resetMs).toBeLessThanOrEqual(450);
    }, 15_000);

    it('should give a slot back on release, and keep keys independent', async () => {
      const key = freshKey('release');
      const first = await store.hit(key, 2, 5000);
      const second = await store.hit(key, 2, 5000);
      expect((await store.hit(key, 2, 5000)).allowed).toBe(false);
      await store.release(key, second.token!);
      expect(await store.hit(key, 2, 5000)).toMatchObject({ allowed: true, count: 2 });
      await store.release(key, first.token!);
      await store.release(key, first.token!);
      expect(await store.hit(key, 2, 5000)).toMatchObject({ allowed: true, count: 2 });
      expect((await store.hit(key, 2, 5000)).allowed).toBe(false);
      expect((await store.hit(freshKey('release'), 2, 5000)).allowed).toBe(true);
    });

    it('should let exactly 50 of 200 concurrent checks on one key through', async () => {
      const key = freshKey('concurrent');
      const results = await Promise.all(Array.from({ length: 200 }, () => store.hit(key, 50, 10_000)));
      expect(results.filter((r) => r.allowed)).toHaveLength(50);
      expect(Math.max(...results.map((r) => r.count))).toBe(50);
    }, 10_000);
  });

  it('should keep one global limit across two stores (two instances) on one Redis', async () => {
    const [a, b] = [await redisStore(), await redisStore()];
    const key = freshKey('global');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit(key, 10, 10_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    // A hit counted by one instance can be released by another.
    await b.release(key, results.find((r) => r.allowed)!.token!);
    expect((await a.hit(key, 10, 10_000)).allowed).toBe(true);
    expect((await b.hit(key, 10, 10_000)).allowed).toBe(false);
  }, 15_000);

  it('should keep one global limit across two RateLimiters (two app instances)', async () => {
    const env = { RATE_LIMIT_PHONE: '5' };
    const [a, b] = [(await rateLimiter(redisUrl, env)).limiter, (await rateLimiter(redisUrl, env)).limiter];
    const phone = `52155${++sequence}`;
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await (i % 2 ? a : b).check('phone', phone));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(a.stats()).toMatchObject({ store: 'redis', fallbacks: 0 });
    expect(a.stats().rejected.phone + b.stats().rejected.phone).toBe(7);
    expect(await redis.zcard(`${keyPrefix}phone:${phone}`)).toBe(5);
  }, 15_000);

  it('should let keys expire in Redis, one window after their newest hit', async () => {
    const store = await redisStore();
    const key = freshKey('expiry');
    await store.hit(key, 5, 5000);
    const ttl = await redis.pttl(keyPrefix + key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);

    const short = freshKey('expiry');
    await store.hit(short, 5, 300);
    expect(await redis.exists(keyPrefix + short)).toBe(1);
    await until(async () => ((await redis.exists(keyPrefix + short)) === 0 ? true : undefined), 'the key to go', 5000);
  }, 15_000);

  it('should count in memory while Redis is stopped, say so once, and count in Redis again when it is back', async () => {
    const proxy = await RedisProxy.start(redisUrl);
    try {
      const { limiter, captured, redisConnection } = await rateLimiter(proxy.url, { RATE_LIMIT_PHONE: '3' });
      const phone = `52155${++sequence}`;
      const key = `${keyPrefix}phone:${phone}`;
      expect((await limiter.check('phone', phone)).allowed).toBe(true);
      expect(await redis.zcard(key)).toBe(1);

      await proxy.stop();
      await until(() => (redisConnection.ready ? undefined : true), 'the outage to be seen', 5000);
      const during = [];
      for (let i = 0; i < 5; i++) during.push(await limiter.check('phone', phone));
      // Memory starts afresh: the instance's own limit, not the global count.
      expect(during.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
      expect(limiter.stats()).toMatchObject({ store: 'memory', fallbacks: 5 });
      expect(rateLimitLines(captured, 'fallback')).toHaveLength(1);

      await proxy.start();
      await connected(redisConnection);
      await until(
        async () => {
          await limiter.check('phone', phone);
          return limiter.stats().store === 'redis' ? true : undefined;
        },
        'checks to go to Redis again',
        10_000,
      );
      expect(await redis.zcard(key)).toBe(2);
      expect(rateLimitLines(captured, 'fallback')).toHaveLength(1);
      expect(rateLimitLines(captured, 'recovered')).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  }, 30_000);

  it('should not wait on a Redis that stopped answering: one probe, then memory', async () => {
    const proxy = await RedisProxy.start(redisUrl);
    try {
      const { limiter, captured } = await rateLimiter(proxy.url, { REDIS_TIMEOUT_MS: '300' });
      const phone = `52155${++sequence}`;
      proxy.hang();
      const started = Date.now();
      expect((await limiter.check('phone', phone)).allowed).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      const next = Date.now();
      for (let i = 0; i < 20; i++) await limiter.check('phone', phone);
      // Each one waiting out the time limit would take 20 × 300 ms; answered from memory, far less.
      expect(Date.now() - next).toBeLessThan(20 * 300);
      expect(limiter.stats()).toMatchObject({ store: 'memory', fallbacks: 21 });
      expect(rateLimitLines(captured, 'fallback')).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  }, 30_000);
});
