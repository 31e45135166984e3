import { EventEmitter2 } from '@nestjs/event-emitter';
import { captureLogger, testSettings } from '../../../../test/support/capture-logger.js';
import { AlertService } from '../alerts/alert.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { DashboardService } from './dashboard.service.js';

describe('DashboardService', () => {
  function dashboard(metrics: MetricsService) {
    const settings = testSettings({ MEMORY_LIMIT_MB: '512' });
    const alerts = new AlertService(settings, captureLogger(settings).logger, new EventEmitter2());
    return { alerts, dashboard: new DashboardService(metrics, alerts, settings) };
  }

  it('should read every figure from the registry', async () => {
    const metrics = new MetricsService();
    const get = { method: 'GET', route: '/admin/orders' };
    const post = { method: 'POST', route: '/webhooks/whatsapp' };
    metrics.httpRequests.inc({ ...get, status: '200' }, 3);
    metrics.httpRequests.inc({ ...get, status: '401' }, 2);
    metrics.httpRequests.inc({ ...post, status: '200' });
    metrics.httpRequests.inc({ ...post, status: '503' });
    for (const seconds of [0.02, 0.02, 0.02, 0.002, 0.002]) metrics.httpDuration.observe(get, seconds);
    metrics.httpDuration.observe(post, 0.7);
    metrics.httpDuration.observe(post, 0.9);
    metrics.toolCalls.inc({ tool: 'check_stock', outcome: 'ok' }, 3);
    metrics.toolCalls.inc({ tool: 'check_stock', outcome: 'error' });
    metrics.toolDuration.observe({ tool: 'check_stock' }, 0.04);
    metrics.conversationsStarted.inc(4);
    metrics.metaErrors.inc({ code: '131047' }, 2);
    metrics.gaugeFrom('mostrador_conversations_active', 'active', [], () => [[{}, 2]]);
    metrics.gaugeFrom('mostrador_conversation_duration_seconds', 'duration', [], () => [[{}, 95]]);
    metrics.gaugeFrom('mostrador_breaker_state', 'state', ['breaker'], () => [
      [{ breaker: 'llm' }, 1],
      [{ breaker: 'inventory' }, 2],
    ]);
    metrics.gaugeFrom('mostrador_rate_limit_rejections', 'rejections', ['limiter'], () => [[{ limiter: 'ip' }, 7]]);
    metrics.gaugeFrom('mostrador_cache_lookups', 'lookups', ['level', 'result'], () => [
      [{ level: 'memory', result: 'hit' }, 6],
      [{ level: 'memory', result: 'miss' }, 4],
      [{ level: 'redis', result: 'hit' }, 1],
      [{ level: 'redis', result: 'miss' }, 3],
      [{ level: 'overall', result: 'hit' }, 7],
      [{ level: 'overall', result: 'miss' }, 3],
    ]);
    const { alerts, dashboard: service } = dashboard(metrics);
    alerts.raise({ key: 'breaker:inventory', severity: 'critical', title: 'breaker inventory open', details: {} });

    const snapshot = await service.snapshot();
    expect(snapshot).toMatchObject({
      requests: { total: 7, ok: 4, clientErrors: 2, failed: 1, errorRatePercent: 14.3, perSecond: null },
      responseTime: {
        avgMs: 237.7,
        recent: null,
        slowestRoutes: [
          { route: 'POST /webhooks/whatsapp', requests: 2, avgMs: 800 },
          { route: 'GET /admin/orders', requests: 5, avgMs: 12.8 },
        ],
      },
      tools: {
        calls: 4,
        successRatePercent: 75,
        byTool: [{ tool: 'check_stock', calls: 4, ok: 3, failed: 1, successRatePercent: 75, avgMs: 40 }],
      },
      conversations: { active: 2, total: 4, averageDurationSeconds: 95 },
      process: { memory: { limitBytes: 512 * 1024 * 1024 }, cpu: { percent: null } },
      errors: { http5xx: 1, tools: 1, llm: 0, soap: 0, meta: { '131047': 2 } },
      cache: {
        memory: { hits: 6, misses: 4, hitRatePercent: 60 },
        redis: { hits: 1, misses: 3, hitRatePercent: 25 },
        overall: { hits: 7, misses: 3, hitRatePercent: 70 },
      },
      breakers: [
        { name: 'inventory', state: 'open' },
        { name: 'llm', state: 'half-open' },
      ],
      limits: [{ limiter: 'ip', rejections: 7 }],
      alerts: { active: [expect.objectContaining({ title: 'breaker inventory open' })] },
    });
    // p95 of 7: rank 6.65 falls in the (0.5, 1] bucket, which holds the two webhook requests.
    expect(snapshot.responseTime.p95Ms).toBeCloseTo(912.5, 0);
    expect(snapshot.process.memory.rssBytes).toBeGreaterThan(0);
    expect(snapshot.process.memory.heapUsedBytes).toBeGreaterThan(0);
    expect(snapshot.process.uptimeSeconds).toBeGreaterThanOrEqual(0);
    await alerts.onModuleDestroy();
  });

  it('should give recent figures against an earlier reading', async () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    const { alerts, dashboard: service } = dashboard(metrics);
    const t0 = Date.now();
    const first = await service.snapshot(t0);
    expect(first.requests.perSecond).toBeNull();
    expect(first.cache).toBeNull();
    metrics.httpRequests.inc({ method: 'GET', route: '/x', status: '200' }, 30);
    metrics.httpDuration.observe({ method: 'GET', route: '/x' }, 0.3);
    const second = await service.snapshot(t0 + 2000);
    expect(second.requests.perSecond).toBe(15);
    expect(second.responseTime.recent).toEqual({ avgMs: 300, p95Ms: expect.any(Number), p99Ms: expect.any(Number) });

    // Readings older than the ~10 s window give way to newer ones.
    metrics.httpRequests.inc({ method: 'GET', route: '/x', status: '200' }, 10);
    expect((await service.snapshot(t0 + 12_000)).requests.perSecond).toBe(1);
    await alerts.onModuleDestroy();
  });
});
