import { ReadinessProbe } from '@mostrador/monitoring';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteDataDir, type PgliteDataDir } from '../support/database.js';
import { deleteKeys, describeWithRedis, RedisProxy, uniquePrefix } from '../support/redis.js';
import { type Stack, startStack, until } from '../support/stack.js';
import { customerPhone } from '../whatsapp/meta-webhooks.js';

interface Readiness {
  status: number;
  body: {
    status: string;
    error: Record<string, Record<string, unknown>>;
    details: Record<string, Record<string, unknown>>;
  };
}

async function ready(apiUrl: string): Promise<Readiness> {
  const response = await fetch(`${apiUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

/**
 * Polls /health/ready until `part` has `status` (the answer is cached for up to HEALTH_CACHE_MS).
 * An optional part that is down says `degraded` there, as Terminus words it.
 */
function partTurns(apiUrl: string, part: string, status: string, timeoutMs = 30_000): Promise<Readiness> {
  return until(
    async () => {
      const answer = await ready(apiUrl);
      return answer.body.details[part]?.status === status ? answer : undefined;
    },
    `${part} to be ${status}`,
    timeoutMs,
  );
}

async function send(url: string, method: string, body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
}

describeWithRedis('GET /health/ready with every dependency configured', (redisUrl) => {
  let llm: NestFastifyApplication;
  let llmUrl: string;
  let redis: RedisProxy;
  let stack: Stack;
  const prefix = uniquePrefix('health-ready');

  beforeAll(async () => {
    // The LLM stand-in is a sandbox of its own: the api must know its address before the stack starts.
    const settings = testSettings({ SANDBOX_INVENTORY_PORT: '0', LOG_LEVEL: 'warn' });
    llm = await createSandboxApp(settings, captureLogger(settings).logger);
    await llm.listen({ port: 0, host: '127.0.0.1' });
    llmUrl = await llm.getUrl();
    redis = await RedisProxy.start(redisUrl);
    stack = await startStack({
      REDIS_URL: redis.url,
      CACHE_KEY_PREFIX: prefix,
      LLM_BASE_URL: `${llmUrl}/v1`,
      LLM_PROVIDERS: 'compatible',
      LLM_TIMEOUT_MS: '2000',
      LLM_MAX_RETRIES: '0',
      // Two failed calls open a breaker, which lets a call through again after 2 s.
      BREAKER_VOLUME_THRESHOLD: '2',
      BREAKER_RESET_MS: '2000',
      // The shortest allowed: a token that expires is seen within 10 s, one replaced within 1 s.
      WHATSAPP_HEALTH_INTERVAL_MS: '10000',
      // The api shares the Jest worker's memory (over 1 GB after a few suites): a budget no worker reaches.
      MEMORY_LIMIT_MB: '1048576',
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
    await redis?.stop();
    await deleteKeys(redisUrl, prefix);
  }, 60_000);

  it('should answer 200 ok naming every part, each up', async () => {
    const { status, body } = await partTurns(stack.apiUrl, 'whatsapp', 'up');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual([
      'database',
      'inventory',
      'llm:compatible',
      'memory',
      'redis',
      'whatsapp',
    ]);
    expect(body.details.database).toEqual({ status: 'up', adapter: 'pglite', latencyMs: expect.any(Number) });
    expect(body.details.memory).toEqual({
      status: 'up',
      rss: expect.any(Number),
      heapUsed: expect.any(Number),
      limit: 1048576 * 1024 * 1024,
      heapLimit: expect.any(Number),
    });
    expect(body.details.redis).toEqual({ status: 'up', latencyMs: expect.any(Number) });
    expect(body.details.inventory).toMatchObject({ status: 'up', products: expect.any(Number) });
    expect(body.details.whatsapp).toEqual({
      status: 'up',
      phoneNumberId: expect.any(String),
      verifiedName: 'Mostrador Sandbox',
      qualityRating: 'GREEN',
      checkedAt: expect.any(String),
    });
    expect(body.details['llm:compatible']).toEqual({ status: 'up', model: 'default', breaker: 'closed' });
  }, 60_000);

  it('should run the checks once per HEALTH_CACHE_MS however many probes ask, the monitor included', async () => {
    const pings = async () =>
      ((await (await fetch(`${stack.sandboxUrl}/sandbox/inventory/stats`)).json()) as { operations: { Ping?: number } })
        .operations.Ping ?? 0;
    // Just after a fresh report: the next second is served from it.
    await until(async () => ((await stack.api.get(ReadinessProbe).check()).status === 'ok' ? true : undefined), 'ok');
    const before = await pings();
    const answers = await Promise.all(Array.from({ length: 20 }, () => ready(stack.apiUrl)));
    const monitor = await stack.api.get(ReadinessProbe).check();
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect((await pings()) - before).toBeLessThanOrEqual(1);
    expect(monitor.parts.inventory).toMatchObject({ status: 'up', required: false });
    // The token is checked far less often: the same check answers for its whole interval.
    expect(new Set(answers.map((a) => a.body.details.whatsapp.checkedAt)).size).toBe(1);
  }, 60_000);

  it('should stay 200 but degraded while Redis is stopped or hangs, and be ok again once it is back', async () => {
    await redis.stop();
    const stopped = await partTurns(stack.apiUrl, 'redis', 'degraded');
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('degraded');
    expect(stopped.body.details.redis).toMatchObject({ status: 'degraded', message: expect.any(String) });
    expect(stopped.body.error).toEqual({});

    await redis.start();
    expect((await partTurns(stack.apiUrl, 'redis', 'up')).body.status).toBe('ok');

    // A Redis that takes the connection but never answers: the check gives up at its time limit.
    redis.hang();
    const started = Date.now();
    const hung = await partTurns(stack.apiUrl, 'redis', 'degraded');
    expect(hung.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Dropping the connections that saw the hang, so no reply arrives for a command given up on.
    await redis.stop();
    await redis.start();
    expect((await partTurns(stack.apiUrl, 'redis', 'up')).status).toBe(200);
  }, 90_000);

  it('should stay 200 but degraded while the inventory is down, and be ok again after', async () => {
    await send(`${stack.sandboxUrl}/sandbox/inventory/faults`, 'POST', { down: true });
    try {
      const down = await partTurns(stack.apiUrl, 'inventory', 'degraded');
      expect(down.status).toBe(200);
      expect(down.body.status).toBe('degraded');
      expect(down.body.details.inventory).toMatchObject({ status: 'degraded', message: expect.any(String) });
    } finally {
      await send(`${stack.sandboxUrl}/sandbox/inventory/faults`, 'POST', { down: false });
    }
    expect((await partTurns(stack.apiUrl, 'inventory', 'up')).body.status).toBe('ok');
  }, 90_000);

  it('should report the WhatsApp token degraded once it expires (190), and up once it works again', async () => {
    await send(`${stack.sandboxUrl}/sandbox/graph-api/faults`, 'POST', { code: '190' });
    try {
      const expired = await partTurns(stack.apiUrl, 'whatsapp', 'degraded');
      expect(expired.status).toBe(200);
      expect(expired.body.status).toBe('degraded');
      expect(expired.body.details.whatsapp).toEqual({
        status: 'degraded',
        message: 'access token invalid or expired (Graph API error 190)',
        code: 190,
        httpStatus: 401,
        checkedAt: expect.any(String),
      });
    } finally {
      await send(`${stack.sandboxUrl}/sandbox/graph-api/faults`, 'DELETE');
    }
    // A failed check is kept a tenth of the interval: 1 s here.
    const back = await partTurns(stack.apiUrl, 'whatsapp', 'up', 15_000);
    expect(back.body.status).toBe('ok');
  }, 90_000);

  it('should report an LLM provider degraded while its breaker is open, without calling the model', async () => {
    const requests = async () => ((await (await fetch(`${llmUrl}/sandbox/llm/requests`)).json()) as unknown[]).length;
    const idle = await requests();
    for (let i = 0; i < 5; i++) await ready(stack.apiUrl);
    expect(await requests()).toBe(idle);

    await send(`${llmUrl}/sandbox/llm/faults`, 'POST', { kind: '500' });
    try {
      // Each turn's failed call counts; two open the breaker, and turns go to the rule-based assistant.
      const customers = [customerPhone(), customerPhone()];
      for (const phone of customers) await stack.say(phone, '¿tienen tenis negros talla 27?');
      const open = await partTurns(stack.apiUrl, 'llm:compatible', 'degraded');
      expect(open.status).toBe(200);
      expect(open.body.status).toBe('degraded');
      expect(open.body.details['llm:compatible']).toMatchObject({
        status: 'degraded',
        breaker: 'open',
        lastErrorAt: expect.any(String),
        message: 'circuit breaker open: turns skip this provider',
      });
    } finally {
      await send(`${llmUrl}/sandbox/llm/faults`, 'DELETE');
    }
    // After BREAKER_RESET_MS the breaker lets a call through again (half-open): up, and a turn that succeeds closes it.
    expect((await partTurns(stack.apiUrl, 'llm:compatible', 'up')).body.details['llm:compatible'].breaker).toMatch(
      /^(half-open|closed)$/,
    );
    await stack.say(customerPhone(), '¿tienen tenis negros talla 27?');
    const closed = await until(
      async () => {
        const answer = await ready(stack.apiUrl);
        return answer.body.details['llm:compatible'].breaker === 'closed' ? answer : undefined;
      },
      'the breaker to close after a good answer',
      30_000,
    );
    expect(closed.body.details['llm:compatible']).toMatchObject({ status: 'up', lastSuccessAt: expect.any(String) });
  }, 120_000);
});

describe('GET /health/ready over the memory limit', () => {
  let data: PgliteDataDir;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    data = await createPgliteDataDir();
    // No process runs in 32 MB: the real RSS is over it.
    const settings = testSettings({ ...data.env, MEMORY_LIMIT_MB: '32' });
    app = await createApiApp(settings, captureLogger(settings).logger);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await data?.cleanup();
  }, 60_000);

  it('should answer 503 naming memory as the failing part, while /health/live stays 200', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    const body = response.json<Readiness['body']>();
    expect(body.status).toBe('error');
    expect(Object.keys(body.error)).toEqual(['memory']);
    expect(body.error.memory).toMatchObject({
      status: 'down',
      limit: 32 * 1024 * 1024,
      message: expect.stringMatching(/^RSS \d+ MB at or above the 32 MB limit$/),
    });
    expect(body.details.database.status).toBe('up');
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  }, 30_000);
});
