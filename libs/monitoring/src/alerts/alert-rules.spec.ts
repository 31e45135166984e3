import { readMetrics } from '../dashboard/metrics-reading.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { type AlertThresholds, evaluateRules, type MonitorObservation, observe } from './alert-rules.js';

const THRESHOLDS: AlertThresholds = {
  memoryLimitBytes: 1000,
  errorRatePercent: 2,
  p95Ms: 2000,
  memoryPercent: 85,
  cacheHitRatePercent: 50,
  metaErrors: 5,
};

const quiet: MonitorObservation = {
  readiness: { status: 'ok', parts: { database: { status: 'up', required: true } } },
  requests: { total: 100, failed: 0, p95Ms: 40 },
  cache: { lookups: 100, hits: 90 },
  metaErrors: {},
  breakers: { inventory: 0 },
  rssBytes: 500,
};

const keys = (observation: Partial<MonitorObservation>) =>
  evaluateRules({ ...quiet, ...observation }, THRESHOLDS).firing.map((c) => `${c.severity} ${c.key} ${c.title}`);

describe('alert rules', () => {
  it('should fire nothing when everything is within its threshold', () => {
    expect(evaluateRules(quiet, THRESHOLDS)).toEqual({ firing: [], unknown: new Set() });
  });

  it('should make a required part down critical, an optional one a warning, and the database "unreachable"', () => {
    const firing = evaluateRules(
      {
        ...quiet,
        readiness: {
          status: 'down',
          parts: {
            database: { status: 'down', required: true, error: 'ECONNREFUSED' },
            redis: { status: 'down', required: true },
            inventory: { status: 'down', required: false, breaker: 'open' },
            whatsapp: { status: 'up', required: false },
          },
        },
      },
      THRESHOLDS,
    ).firing;
    expect(firing).toEqual([
      {
        key: 'readiness:database',
        severity: 'critical',
        title: 'database unreachable',
        details: { part: 'database', required: true, error: 'ECONNREFUSED' },
      },
      expect.objectContaining({ key: 'readiness:redis', severity: 'critical', title: 'redis down' }),
      {
        key: 'readiness:inventory',
        severity: 'warning',
        title: 'inventory down',
        details: { part: 'inventory', required: false, breaker: 'open' },
      },
    ]);
  });

  it('should fire a critical alert when the readiness check itself fails, and leave part alerts as they are', () => {
    const outcome = evaluateRules({ ...quiet, readiness: { error: 'no answer within 3000 ms' } }, THRESHOLDS);
    expect(outcome.firing.map((c) => [c.key, c.severity])).toEqual([['monitor:readiness', 'critical']]);
    expect(outcome.unknown.has('readiness')).toBe(true);
  });

  it('should fire a critical alert per breaker open or half-open', () => {
    expect(keys({ breakers: { inventory: 2, llm: 1, whatsapp: 0 } })).toEqual([
      'critical breaker:inventory breaker inventory open',
      'critical breaker:llm breaker llm open',
    ]);
  });

  it('should warn above the error rate and the p95, not at them', () => {
    expect(keys({ requests: { total: 100, failed: 2, p95Ms: 2000 } })).toEqual([]);
    expect(keys({ requests: { total: 100, failed: 3, p95Ms: 2001 } })).toEqual([
      'warning error-rate:http HTTP error rate above 2%',
      'warning latency:p95 p95 response time above 2000 ms',
    ]);
  });

  it('should leave the request rules undecided when no request came in', () => {
    const outcome = evaluateRules({ ...quiet, requests: { total: 0, failed: 0, p95Ms: undefined } }, THRESHOLDS);
    expect(outcome.firing).toEqual([]);
    expect([...outcome.unknown]).toEqual(['error-rate', 'latency']);
  });

  it('should warn above the memory share of the limit', () => {
    expect(keys({ rssBytes: 850 })).toEqual([]);
    expect(keys({ rssBytes: 851 })).toEqual(['warning memory:rss memory above 85% of the limit']);
  });

  it('should warn on a low cache hit rate only after enough lookups', () => {
    expect(keys({ cache: { lookups: 19, hits: 0 } })).toEqual([]);
    expect(evaluateRules({ ...quiet, cache: { lookups: 19, hits: 0 } }, THRESHOLDS).unknown.has('cache')).toBe(true);
    expect(keys({ cache: { lookups: 40, hits: 19 } })).toEqual(['warning cache:hit-rate cache hit rate below 50%']);
  });

  it('should warn per watched Meta code that reached the threshold in the run', () => {
    expect(keys({ metaErrors: { '190': 5, '130429': 4, '131026': 50 } })).toEqual([
      'warning meta:190 Meta error 190: access token expired or invalid',
    ]);
  });

  it('should observe the run: requests, 5xx, p95, cache, Meta codes and breakers since the previous reading', async () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    const lookups = { hit: 10, miss: 0 };
    metrics.gaugeFrom('mostrador_cache_lookups', 'lookups', ['level', 'result'], () => [
      [{ level: 'overall', result: 'hit' }, lookups.hit],
      [{ level: 'overall', result: 'miss' }, lookups.miss],
      [{ level: 'memory', result: 'hit' }, 1000],
    ]);
    metrics.gaugeFrom('mostrador_breaker_state', 'state', ['breaker'], () => [[{ breaker: 'inventory' }, 2]]);
    metrics.httpRequests.inc({ method: 'GET', route: '/a', status: '200' }, 5);
    metrics.metaErrors.inc({ code: '190' }, 2);
    const before = await readMetrics(metrics.registry);

    metrics.httpRequests.inc({ method: 'GET', route: '/a', status: '200' }, 7);
    metrics.httpRequests.inc({ method: 'GET', route: '/a', status: '502' }, 3);
    for (let i = 0; i < 10; i++) metrics.httpDuration.observe({ method: 'GET', route: '/a' }, i < 9 ? 0.01 : 3);
    metrics.metaErrors.inc({ code: '190' }, 4);
    lookups.hit = 15;
    lookups.miss = 25;

    expect(observe(await readMetrics(metrics.registry), before)).toEqual({
      requests: { total: 10, failed: 3, p95Ms: expect.closeTo(3500, 0) },
      cache: { lookups: 30, hits: 5 },
      metaErrors: { '190': 4 },
      breakers: { inventory: 2 },
      rssBytes: undefined,
    });
  });
});
