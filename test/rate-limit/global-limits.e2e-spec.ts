import { deleteKeys, describeWithRedis, uniquePrefix } from '../support/redis.js';
import { type Stack, startStack, STACK_SECRETS } from '../support/stack.js';

describeWithRedis('limits shared by two api instances on one Redis', (redisUrl) => {
  const prefix = uniquePrefix('limits');
  const stacks: Stack[] = [];

  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl, CACHE_KEY_PREFIX: prefix, RATE_LIMIT_USER: '6', RATE_LIMIT_WINDOW_MS: '60000' };
    stacks.push(await startStack(env), await startStack(env));
  }, 180_000);
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await deleteKeys(redisUrl, prefix);
  }, 60_000);

  it('should enforce one limit across both: the admin key spent on one instance is spent on the other', async () => {
    const [a, b] = stacks;
    const get = (stack: Stack) =>
      fetch(`${stack.apiUrl}/admin/cache`, { headers: { 'x-api-key': STACK_SECRETS.ADMIN_API_KEY } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get(i % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const [onA, onB] = [await get(a), await get(b)];
    expect([onA.status, onB.status]).toEqual([429, 429]);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
    const stats = (await (await fetch(`${b.apiUrl}/admin/cache`)).json()) as { statusCode: number };
    expect(stats.statusCode).toBe(401);
  }, 60_000);
});
