import { once } from 'node:events';
import { RedisConnection, standaloneCache } from '@mostrador/cache';
import { InventoryClient, InventoryError } from '@mostrador/inventory';
import { BreakerRegistry, ExternalQuota, QuotaExceededError, RateLimiter } from '@mostrador/rate-limit';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';
import { deleteKeys, describeWithRedis, uniquePrefix } from '../support/redis.js';

/** One api instance's view of the inventory: its client, breakers and limiter (on Redis when REDIS_URL is given). */
interface Instance {
  client: InventoryClient;
  breakers: BreakerRegistry;
  close(): Promise<void>;
}

/**
 * The external preset: calls to the sandbox's SOAP inventory held to a quota named in
 * RATE_LIMIT_EXTERNAL_APIS. A call past it is never made (the sandbox's call count says so),
 * fails as the inventory being unavailable (reason `quota`), and never counts against the
 * inventory's breaker.
 */
describe('quotas on calls to external dependencies', () => {
  let sandbox: InventorySandbox;
  const instances: Instance[] = [];

  async function instance(env: Record<string, string>): Promise<Instance> {
    const settings = testSettings({
      INVENTORY_WSDL_URL: sandbox.wsdlUrl,
      // Every call reaches the service: the quota counts calls made, not answers from the cache.
      CACHE_ENABLED: 'false',
      BREAKER_VOLUME_THRESHOLD: '2',
      ...env,
    });
    const { logger } = captureLogger(settings);
    const redis = new RedisConnection(settings, logger);
    // Counted in Redis from the first call (until connected, the limiter counts in memory).
    if (redis.client && !redis.ready) await once(redis.client, 'ready');
    const limiter = new RateLimiter(settings, redis, logger);
    const breakers = new BreakerRegistry(settings, logger, new ExternalQuota(settings, limiter));
    const cache = standaloneCache(settings, logger);
    const client = new InventoryClient(settings, logger, cache, breakers);
    const made: Instance = {
      client,
      breakers,
      close: async () => {
        client.onModuleDestroy();
        breakers.onModuleDestroy();
        await Promise.all([redis.onModuleDestroy(), cache.close()]);
      },
    };
    instances.push(made);
    return made;
  }

  async function soapCalls(): Promise<number> {
    const response = await sandbox.app.inject({ method: 'GET', url: '/sandbox/inventory/stats' });
    return response.json<{ total: number }>().total;
  }

  /** Distinct searches, one after the other: what each gave ('ok', or the failure's reason). */
  async function search(client: InventoryClient, count: number, from = 0): Promise<string[]> {
    const outcomes: string[] = [];
    for (let i = from; i < from + count; i++) {
      try {
        await client.searchProducts({ query: `tenis ${i}` });
        outcomes.push('ok');
      } catch (error) {
        expect(error).toBeInstanceOf(InventoryError);
        outcomes.push((error as { reason?: string }).reason ?? (error as Error).name);
      }
    }
    return outcomes;
  }

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
  }, 120_000);
  beforeEach(() => sandbox.app.inject({ method: 'DELETE', url: '/sandbox/inventory/stats' }), 30_000);
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((i) => i.close()));
  }, 30_000);
  afterAll(() => sandbox?.close(), 60_000);

  it('should make no call past the quota: it fails at once as unavailable (quota), and the breaker counts nothing', async () => {
    const { client, breakers } = await instance({ RATE_LIMIT_EXTERNAL_APIS: 'inventory=3' });
    expect(await search(client, 5)).toEqual(['ok', 'ok', 'ok', 'quota', 'quota']);
    expect(await soapCalls()).toBe(3);
    expect(breakers.states().inventory).toMatchObject({ state: 'closed', failures: 0, successes: 3 });

    const error = await client.searchProducts({ query: 'botas' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'quota', retriable: true });
    const cause = (error as Error).cause as QuotaExceededError;
    expect(cause).toBeInstanceOf(QuotaExceededError);
    expect(cause).toMatchObject({ dependency: 'inventory', limit: 3, windowMs: 60_000 });
    expect(cause.retryAfterMs).toBeGreaterThan(50_000);
    expect(cause.retryAfterMs).toBeLessThanOrEqual(60_000);
  }, 30_000);

  it('should give a dependency named alone the RATE_LIMIT_EXTERNAL quota', async () => {
    const { client } = await instance({ RATE_LIMIT_EXTERNAL_APIS: 'inventory', RATE_LIMIT_EXTERNAL: '2' });
    expect(await search(client, 3)).toEqual(['ok', 'ok', 'quota']);
  }, 30_000);

  it('should never hold back a dependency that is not named (the default, as for the sandbox)', async () => {
    const { client } = await instance({ RATE_LIMIT_EXTERNAL_APIS: 'llm:openrouter=1', RATE_LIMIT_EXTERNAL: '1' });
    expect(await search(client, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const { client: plain } = await instance({});
    expect(await search(plain, 12, 10)).toEqual(Array<string>(12).fill('ok'));
  }, 30_000);

  it('should wait for a free slot when one comes within RATE_LIMIT_EXTERNAL_WAIT_MS, and not wait past it', async () => {
    const { client } = await instance({
      RATE_LIMIT_EXTERNAL_APIS: 'inventory=2',
      RATE_LIMIT_WINDOW_MS: '1000',
      RATE_LIMIT_EXTERNAL_WAIT_MS: '5000',
    });
    expect(await search(client, 2)).toEqual(['ok', 'ok']);
    const started = performance.now();
    expect(await search(client, 1, 2)).toEqual(['ok']);
    // It waited for the first call to leave the one-second window, rather than failing.
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect(await soapCalls()).toBe(3);

    const { client: impatient } = await instance({
      RATE_LIMIT_EXTERNAL_APIS: 'inventory=1',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_EXTERNAL_WAIT_MS: '100',
    });
    expect(await search(impatient, 2, 10)).toEqual(['ok', 'quota']);
  }, 30_000);

  it('should hold nothing back with RATE_LIMIT_ENABLED=false', async () => {
    const { client } = await instance({ RATE_LIMIT_EXTERNAL_APIS: 'inventory=1', RATE_LIMIT_ENABLED: 'false' });
    expect(await search(client, 3)).toEqual(['ok', 'ok', 'ok']);
  }, 30_000);

  describeWithRedis('on Redis', (redisUrl) => {
    const prefix = uniquePrefix('quota');
    afterAll(() => deleteKeys(redisUrl, prefix), 30_000);

    it('should be one quota for every instance', async () => {
      const env = { REDIS_URL: redisUrl, CACHE_KEY_PREFIX: prefix, RATE_LIMIT_EXTERNAL_APIS: 'inventory=4' };
      const [a, b] = [await instance(env), await instance(env)];
      expect(await search(a.client, 2)).toEqual(['ok', 'ok']);
      expect(await search(b.client, 3, 2)).toEqual(['ok', 'ok', 'quota']);
      expect(await search(a.client, 1, 5)).toEqual(['quota']);
      expect(await soapCalls()).toBe(4);
    }, 30_000);
  });
});
