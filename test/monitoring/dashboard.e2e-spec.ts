import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { DashboardService, type DashboardSnapshot } from '@mostrador/monitoring';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { STACK_SECRETS, type Stack, startStack, until } from '../support/stack.js';

const routeFigures = (snapshot: DashboardSnapshot) =>
  Object.fromEntries(snapshot.responseTime.slowestRoutes.map((r) => [r.route, r.requests]));

/**
 * The dashboard against a known sequence of requests and one conversation on the sandbox's LLM
 * stand-in (so the assistant calls its tools), on the whole stack.
 */
describe('GET /monitoring/dashboard', () => {
  let llm: NestFastifyApplication;
  let stack: Stack;
  let dashboard: DashboardService;

  beforeAll(async () => {
    const settings = testSettings({ SANDBOX_INVENTORY_PORT: '0', LOG_LEVEL: 'warn' });
    llm = await createSandboxApp(settings, captureLogger(settings).logger);
    await llm.listen({ port: 0, host: '127.0.0.1' });
    stack = await startStack({
      LLM_BASE_URL: `${await llm.getUrl()}/v1`,
      LLM_PROVIDERS: 'compatible',
      LLM_TIMEOUT_MS: '5000',
      // Below any process's RSS: the readiness check's required `memory` part is down, so
      // /health/ready answers 503, a server error the test can count on.
      MEMORY_LIMIT_MB: '32',
      MONITOR_INTERVAL_MS: '3600000',
    });
    dashboard = stack.api.get(DashboardService, { strict: false });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  }, 60_000);

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.apiUrl}${path}`, { headers });

  it('should count a known sequence of requests exactly, by outcome and by route', async () => {
    // Nothing has reached the api yet: the sandbox only calls it when a customer writes.
    expect((await dashboard.snapshot()).requests.total).toBe(0);

    for (let i = 0; i < 4; i++) expect((await get('/health/live')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await get('/health/ready')).status).toBe(503);
    for (let i = 0; i < 3; i++) expect((await get('/monitoring/dashboard', { 'x-api-key': 'wrong' })).status).toBe(401);
    expect((await get('/no/such/route')).status).toBe(404);

    // A request is counted when its response has gone out (the request log's onResponse hook).
    const counted = await until(async () => {
      const snapshot = await dashboard.snapshot();
      return snapshot.requests.total >= 10 ? snapshot : undefined;
    }, 'the ten requests counted');
    expect(counted.requests).toMatchObject({ total: 10, ok: 4, clientErrors: 4, failed: 2, errorRatePercent: 20 });
    expect(routeFigures(counted)).toEqual({
      'GET /health/live': 4,
      'GET /health/ready': 2,
      'GET /monitoring/dashboard': 3,
      'GET unmatched': 1,
    });
    const { avgMs, p95Ms, p99Ms } = counted.responseTime;
    expect(avgMs).toBeGreaterThan(0);
    expect(p95Ms).toBeGreaterThan(0);
    expect(p99Ms).toBeGreaterThanOrEqual(p95Ms ?? Number.NaN);
    expect(counted.errors.http5xx).toBe(2);

    // Over HTTP with the key: the same figures (a request is counted once it has been answered).
    const response = await get('/monitoring/dashboard', { 'x-api-key': STACK_SECRETS.ADMIN_API_KEY });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as DashboardSnapshot;
    expect(body.requests).toMatchObject({ total: 10, ok: 4, clientErrors: 4, failed: 2 });
    expect(routeFigures(body)).toEqual(routeFigures(counted));
    expect(body.process.memory).toMatchObject({ limitBytes: 32 * 1024 * 1024, percentOfLimit: expect.any(Number) });
    expect(body.process.memory.rssBytes).toBeGreaterThan(32 * 1024 * 1024);
    expect(body.process.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(body.alerts).toEqual({ active: [], recent: [] });

    const after = await until(async () => {
      const snapshot = await dashboard.snapshot();
      return snapshot.requests.total >= 11 ? snapshot : undefined;
    }, 'the dashboard request counted');
    expect(after.requests).toMatchObject({ total: 11, ok: 5 });
    expect(routeFigures(after)['GET /monitoring/dashboard']).toBe(4);
  }, 60_000);

  it('should show the tool calls and the conversation of a customer the LLM assistant answered', async () => {
    const phone = '5215598760001';
    await stack.say(phone, '¿tienen tenis negros talla 27?');
    await until(
      async () =>
        (await stack.sentTo(phone)).some((m) => /\$[\d,]+\.\d{2}/.test(JSON.stringify(m.payload))) ? true : undefined,
      'a reply with prices',
      60_000,
    );

    // The oracle: the function_call events the api logged, one per tool call.
    const logged = stack.apiLogs.lines().filter((line) => line.event === 'function_call');
    expect(logged.length).toBeGreaterThan(0);
    const perTool = new Map<string, { calls: number; ok: number }>();
    for (const line of logged) {
      const tool = perTool.get(String(line.name)) ?? { calls: 0, ok: 0 };
      tool.calls += 1;
      if (line.outcome === 'ok') tool.ok += 1;
      perTool.set(String(line.name), tool);
    }

    const snapshot = await until(async () => {
      const current = await dashboard.snapshot();
      return current.conversations.active === 1 && current.tools.calls === logged.length ? current : undefined;
    }, 'the conversation and its tool calls on the dashboard');
    expect(snapshot.conversations).toMatchObject({ active: 1, total: 1 });
    expect(snapshot.conversations.averageDurationSeconds).toBeGreaterThanOrEqual(0);
    expect(Object.fromEntries(snapshot.tools.byTool.map((t) => [t.tool, { calls: t.calls, ok: t.ok }]))).toEqual(
      Object.fromEntries(perTool),
    );
    for (const tool of snapshot.tools.byTool) {
      expect(tool.successRatePercent).toBe(Math.round((tool.ok / tool.calls) * 1000) / 10);
      expect(tool.avgMs).toBeGreaterThanOrEqual(0);
    }
    expect(snapshot.requests.total).toBeGreaterThan(11);
    expect(routeFigures(snapshot)['POST /webhooks/whatsapp']).toBeGreaterThanOrEqual(1);
    expect(snapshot.breakers.length).toBeGreaterThan(0);
    expect(snapshot.breakers.every((b) => b.state === 'closed')).toBe(true);
  }, 90_000);
});
