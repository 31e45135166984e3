import { setTimeout as sleep } from 'node:timers/promises';
import { type CacheService, standaloneCache } from '@mostrador/cache';
import { Redis } from 'ioredis';
import { type CapturedLogger, captureLogger, testSettings } from '../support/capture-logger.js';
import { deleteKeys, describeWithRedis, RedisProxy, uniquePrefix } from '../support/redis.js';
import { until } from '../support/until.js';

/** A loader that counts its calls and can take its time. */
function counted<T>(value: T, delayMs = 0) {
  const loader = async () => {
    loader.calls += 1;
    if (delayMs > 0) await sleep(delayMs);
    return value;
  };
  loader.calls = 0;
  return loader;
}

describe('CacheService, memory only (no REDIS_URL)', () => {
  const caches: CacheService[] = [];
  const memoryCache = (env: Record<string, string> = {}) => {
    const settings = testSettings(env);
    const cache = standaloneCache(settings, captureLogger(settings).logger);
    caches.push(cache);
    return cache;
  };
  afterAll(async () => {
    for (const cache of caches) await cache.close();
  }, 10_000);

  it('should run the loader once and answer from memory after', async () => {
    const cache = memoryCache();
    const loader = counted({ sku: 'TEN-0001-NEG', units: 4 });
    expect(await cache.wrap('k', loader)).toEqual({ sku: 'TEN-0001-NEG', units: 4 });
    expect(await cache.wrap('k', loader)).toEqual({ sku: 'TEN-0001-NEG', units: 4 });
    expect(loader.calls).toBe(1);
    const stats = await cache.stats();
    expect(stats.overall).toMatchObject({ requests: 2, hits: 1, misses: 1, loads: 1, hitRate: 0.5 });
    expect(stats.memory).toMatchObject({ hits: 1, items: 1 });
    expect(stats.redis).toMatchObject({ configured: false, connected: false });
  });

  it('should hand every caller the same frozen value: nobody can change it for the others', async () => {
    const cache = memoryCache();
    const value = await cache.wrap('frozen', () => Promise.resolve({ list: [3, 1, 2] }));
    expect(Object.isFrozen(value) && Object.isFrozen(value.list)).toBe(true);
    expect(() => value.list.sort()).toThrow(TypeError);
    expect(await cache.wrap('frozen', () => Promise.resolve({ list: [] as number[] }))).toEqual({ list: [3, 1, 2] });
  });

  it('should not cache a loader that throws', async () => {
    const cache = memoryCache();
    await expect(cache.wrap('fails', () => Promise.reject(new Error('inventory down')))).rejects.toThrow(
      'inventory down',
    );
    expect(await cache.wrap('fails', () => Promise.resolve('now it answers'))).toBe('now it answers');
  });

  it('should run 100 concurrent misses of one key through one loader call', async () => {
    const cache = memoryCache();
    const loader = counted('once', 50);
    const values = await Promise.all(Array.from({ length: 100 }, () => cache.wrap('hot', loader)));
    expect(new Set(values)).toEqual(new Set(['once']));
    expect(loader.calls).toBe(1);
  }, 10_000);

  it('should let a value expire after its TTL', async () => {
    const cache = memoryCache();
    const loader = counted('fresh');
    await cache.wrap('short', loader, 150);
    await until(async () => ((await cache.get('short')) === undefined ? true : undefined), 'the value to expire', 5000);
    await cache.wrap('short', loader, 150);
    expect(loader.calls).toBe(2);
  }, 10_000);

  it('should evict the least recently used by bytes, within CACHE_MEMORY_MAX_MB', async () => {
    const cache = memoryCache({ CACHE_MEMORY_MAX_MB: '1' });
    const blob = (n: number) => ({ n, text: 'x'.repeat(100_000) });
    for (let n = 0; n < 8; n += 1) await cache.set(`blob:${n}`, blob(n));
    expect(await cache.get('blob:0')).toMatchObject({ n: 0 }); // used: now the most recent
    for (let n = 8; n < 14; n += 1) await cache.set(`blob:${n}`, blob(n));
    const stats = await cache.stats();
    expect(stats.memory.limitBytes).toBe(1024 * 1024);
    expect(stats.memory.bytes).toBeLessThanOrEqual(stats.memory.limitBytes);
    expect(stats.memory.items).toBeLessThan(14);
    expect(await cache.get('blob:0')).toMatchObject({ n: 0 });
    expect(await cache.get('blob:1')).toBeUndefined();
    expect(await cache.get('blob:13')).toMatchObject({ n: 13 });
  });

  it('should drop what a pattern matches, and only that', async () => {
    const cache = memoryCache();
    for (const key of ['inventory:GetProduct:A', 'inventory:GetProduct:B', 'inventory:CheckStock:A:x', 'http:/admin']) {
      await cache.set(key, key);
    }
    expect(await cache.invalidate('inventory:GetProduct:*')).toEqual({ memory: 2, redis: 0 });
    expect(await cache.get('inventory:GetProduct:A')).toBeUndefined();
    expect(await cache.get('inventory:CheckStock:A:x')).toBe('inventory:CheckStock:A:x');
    expect(await cache.invalidate('inventory:CheckStock:?:*')).toEqual({ memory: 1, redis: 0 });
    expect(await cache.get('http:/admin')).toBe('http:/admin');
  });

  it('should call the loader every time with CACHE_ENABLED=false', async () => {
    const cache = memoryCache({ CACHE_ENABLED: 'false' });
    const loader = counted('uncached');
    await cache.wrap('k', loader);
    await cache.wrap('k', loader);
    expect(loader.calls).toBe(2);
    expect((await cache.stats()).enabled).toBe(false);
  });
});

describeWithRedis('CacheService, memory + Redis', (redisUrl) => {
  const prefix = uniquePrefix('cache');
  let redis: Redis;
  const caches: CacheService[] = [];
  const logs: CapturedLogger[] = [];

  /** One instance of the app's cache: its own memory, the shared Redis (or `url`, a proxy to it). */
  function instance(url = redisUrl, env: Record<string, string> = {}): CacheService {
    const settings = testSettings({ REDIS_URL: url, CACHE_KEY_PREFIX: prefix, REDIS_TIMEOUT_MS: '1000', ...env });
    const captured = captureLogger(settings);
    logs.push(captured);
    const cache = standaloneCache(settings, captured.logger);
    caches.push(cache);
    return cache;
  }

  async function connected(cache: CacheService): Promise<CacheService> {
    await until(async () => ((await cache.stats()).redis.connected ? true : undefined), 'Redis connected', 10_000);
    return cache;
  }

  beforeAll(() => {
    redis = new Redis(redisUrl);
  }, 10_000);
  afterAll(async () => {
    for (const cache of caches) await cache.close();
    await deleteKeys(redisUrl, prefix);
    redis.disconnect();
  }, 20_000);

  it('should read through both levels: another instance finds it in Redis, then in its memory', async () => {
    const [a, b] = [await connected(instance()), await connected(instance())];
    const loader = counted({ sku: 'BOT-0002-CAF', price: '899.00' });
    await a.wrap('inventory:GetProduct:BOT-0002-CAF', loader);
    expect(await redis.exists(`${prefix}inventory:GetProduct:BOT-0002-CAF`)).toBe(1);

    expect(await b.wrap('inventory:GetProduct:BOT-0002-CAF', loader)).toEqual({ sku: 'BOT-0002-CAF', price: '899.00' });
    expect((await b.stats()).redis.hits).toBe(1);
    expect(await b.wrap('inventory:GetProduct:BOT-0002-CAF', loader)).toEqual({ sku: 'BOT-0002-CAF', price: '899.00' });
    const stats = await b.stats();
    expect(stats.memory.hits).toBe(1);
    expect(stats.redis.hits).toBe(1);
    expect(stats.overall).toMatchObject({ requests: 2, hits: 2, misses: 0, loads: 0 });
    expect(loader.calls).toBe(1);
  }, 20_000);

  it('should copy a Redis hit into memory for the time it has left, not a fresh TTL', async () => {
    const [a, b] = [await connected(instance()), await connected(instance())];
    await a.set('ttl-left', 'stock: 3', 1500);
    const key = `${prefix}ttl-left`;
    await until(async () => ((await redis.pttl(key)) < 1000 ? true : undefined), 'half of the TTL to pass', 5000);
    expect(await b.get('ttl-left')).toBe('stock: 3');
    await until(async () => ((await redis.exists(key)) === 0 ? true : undefined), 'Redis to expire it', 5000);
    expect(await b.get('ttl-left')).toBeUndefined();
  }, 20_000);

  it('should drop a pattern from Redis and from every instance’s memory', async () => {
    const [a, b] = [await connected(instance()), await connected(instance())];
    for (const key of [
      'inventory:CheckStock:TEN-1:q',
      'inventory:CheckStock:TEN-1:r',
      'inventory:CheckStock:TEN-2:q',
    ]) {
      await a.set(key, key);
      expect(await b.get(key)).toBe(key); // now in b's memory too
    }
    expect(await a.invalidate('inventory:CheckStock:TEN-1:*')).toEqual({ memory: 2, redis: 2 });
    const left = await redis.keys(`${prefix}inventory:CheckStock:*`);
    expect(left).toEqual([`${prefix}inventory:CheckStock:TEN-2:q`]);
    await until(
      async () => ((await b.get('inventory:CheckStock:TEN-1:q')) === undefined ? true : undefined),
      "b's memory to drop it",
      5000,
    );
    expect(await b.get('inventory:CheckStock:TEN-1:r')).toBeUndefined();
    expect(await b.get('inventory:CheckStock:TEN-2:q')).toBe('inventory:CheckStock:TEN-2:q');
  }, 20_000);

  it('should run 100 concurrent misses across two instances through one loader call', async () => {
    const [a, b] = [await connected(instance()), await connected(instance())];
    const loader = counted({ results: ['TEN-0004-BLA'] }, 200);
    const values = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).wrap('inventory:SearchProducts:tenis', loader)),
    );
    expect(values.every((v) => v.results[0] === 'TEN-0004-BLA')).toBe(true);
    expect(loader.calls).toBe(1);
  }, 20_000);

  it('should store a value over 1 KB gzipped in Redis and read it back equal, Dates included', async () => {
    const [a, b] = [await connected(instance()), await connected(instance())];
    const products = Array.from({ length: 60 }, (_, i) => ({
      sku: `TEN-${String(i).padStart(4, '0')}-NEG`,
      name: 'Tenis de correr con amortiguación',
      price: { amount: '1299.00', currency: 'MXN' },
      sizes: ['25', '25.5', '26', '26.5', '27'],
    }));
    const value = { products, checkedAt: new Date('2026-12-01T10:00:00.000Z') };
    await a.set('big', value);
    const raw = await redis.get(`${prefix}big`);
    const json = JSON.stringify(value);
    expect(json.length).toBeGreaterThan(1024);
    expect(raw).toContain('gz:');
    expect(raw!.length).toBeLessThan(json.length / 3);
    const read = await b.get<typeof value>('big');
    expect(read).toEqual(value);
    expect(read?.checkedAt).toBeInstanceOf(Date);
  }, 20_000);

  it('should serve from memory while Redis is stopped, say so once, and use Redis again when it is back', async () => {
    const proxy = await RedisProxy.start(redisUrl);
    try {
      const cache = await connected(instance(proxy.url));
      const captured = logs.at(-1)!;
      await cache.set('before', 'kept in both');
      // From here: on a loaded machine the first connection may itself have timed out and recovered.
      const linesBefore = captured.lines().length;
      const redisLines = (outcome: string) =>
        captured
          .lines()
          .slice(linesBefore)
          .filter((l) => l.event === 'redis' && l.outcome === outcome);

      await proxy.stop();
      await until(
        async () => ((await cache.stats()).redis.connected ? undefined : true),
        'the outage to be seen',
        5000,
      );
      const loader = counted('loaded during the outage');
      for (let i = 0; i < 20; i += 1) expect(await cache.wrap('during', loader)).toBe('loaded during the outage');
      expect(loader.calls).toBe(1);
      expect(await cache.get('before')).toBe('kept in both');
      expect(redisLines('down')).toHaveLength(1);

      await proxy.start();
      await connected(cache);
      await cache.set('after', 'in Redis again');
      expect(await redis.exists(`${prefix}after`)).toBe(1);
      expect(redisLines('recovered')).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  }, 30_000);

  it('should not wait on a Redis that stopped answering: the time limit, then memory', async () => {
    const proxy = await RedisProxy.start(redisUrl);
    try {
      const cache = await connected(instance(proxy.url, { REDIS_TIMEOUT_MS: '200' }));
      proxy.hang();
      const loader = counted('answered anyway');
      expect(await cache.wrap('hung', loader)).toBe('answered anyway');
      expect(await cache.wrap('hung', loader)).toBe('answered anyway');
      expect(loader.calls).toBe(1);
      expect((await cache.stats()).redis.errors).toBeGreaterThan(0);
    } finally {
      await proxy.stop();
    }
  }, 30_000);
});
