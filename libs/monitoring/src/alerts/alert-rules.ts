import type { ReadinessReport } from '../health/readiness.js';
import { METRIC } from '../metrics/metrics.service.js';
import {
  grouped,
  has,
  histogram,
  histogramDelta,
  type MetricsReading,
  quantile,
  total,
} from '../dashboard/metrics-reading.js';
import type { AlertCondition } from './alert.js';

/** What one monitor run saw: the readiness check now, the metrics since the previous run. */
export interface MonitorObservation {
  readiness: ReadinessReport | { error: string };
  /** HTTP requests answered since the previous run, those with a 5xx, and their p95 (ms). */
  requests: { total: number; failed: number; p95Ms: number | undefined };
  /** Overall cache lookups since the previous run and the hits among them; undefined when not measured. */
  cache: { lookups: number; hits: number } | undefined;
  /** Meta error codes answered since the previous run, per code. */
  metaErrors: Record<string, number>;
  /** Each breaker's state now (0 closed, 1 half-open, 2 open); undefined when not measured. */
  breakers: Record<string, number> | undefined;
  rssBytes: number | undefined;
}

export interface AlertThresholds {
  memoryLimitBytes: number;
  errorRatePercent: number;
  p95Ms: number;
  memoryPercent: number;
  cacheHitRatePercent: number;
  metaErrors: number;
}

export interface RulesOutcome {
  /** The conditions true now. */
  firing: AlertCondition[];
  /**
   * Rules that could not tell this run (no readiness report, no requests, too few lookups): their
   * alerts stay as they are rather than being resolved on no evidence.
   */
  unknown: Set<string>;
}

/** Below this many lookups in a run the hit rate says nothing. */
export const MIN_CACHE_LOOKUPS = 20;

/** The Meta error codes worth a warning when they pile up, and what each means. */
export const WATCHED_META_ERRORS: Record<string, string> = {
  '131047': 'more than 24 hours since the customer wrote (re-engagement needs a template)',
  '130429': 'throttled by Meta (rate limit hit)',
  '190': 'access token expired or invalid',
};

const BREAKER_STATES = ['closed', 'half-open', 'open'];

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The metrics part of an observation: the difference between this run's reading and the previous one. */
export function observe(
  now: MetricsReading,
  before: MetricsReading | undefined,
): Omit<MonitorObservation, 'readiness'> {
  const since = (name: string, match?: Record<string, string>) =>
    total(now, name, match) - (before ? total(before, name, match) : 0);
  const failedNow = (reading: MetricsReading | undefined) =>
    reading
      ? [...grouped(reading, METRIC.httpRequests, (l) => String(l.status))].reduce(
          (sum, [status, n]) => (status.startsWith('5') ? sum + n : sum),
          0,
        )
      : 0;
  const latency = histogramDelta(histogram(now, METRIC.httpDuration), before && histogram(before, METRIC.httpDuration));
  const p95 = quantile(latency, 0.95);

  const metaNow = grouped(now, METRIC.metaErrors, (l) => String(l.code));
  const metaBefore = before ? grouped(before, METRIC.metaErrors, (l) => String(l.code)) : new Map<string, number>();
  const metaErrors: Record<string, number> = {};
  for (const [code, count] of metaNow) {
    const delta = count - (metaBefore.get(code) ?? 0);
    if (delta > 0) metaErrors[code] = delta;
  }

  return {
    requests: {
      total: since(METRIC.httpRequests),
      failed: failedNow(now) - failedNow(before),
      p95Ms: p95 === undefined ? undefined : p95 * 1000,
    },
    cache: has(now, METRIC.cacheLookups)
      ? {
          lookups: since(METRIC.cacheLookups, { level: 'overall' }),
          hits: since(METRIC.cacheLookups, { level: 'overall', result: 'hit' }),
        }
      : undefined,
    metaErrors,
    breakers: has(now, METRIC.breakerState)
      ? Object.fromEntries(grouped(now, METRIC.breakerState, (l) => String(l.breaker)))
      : undefined,
    rssBytes: has(now, 'process_resident_memory_bytes') ? total(now, 'process_resident_memory_bytes') : undefined,
  };
}

/** Every alert rule over one observation. Pure: the monitor raises and resolves by its outcome. */
export function evaluateRules(observation: MonitorObservation, thresholds: AlertThresholds): RulesOutcome {
  const firing: AlertCondition[] = [];
  const unknown = new Set<string>();

  const { readiness } = observation;
  if ('error' in readiness) {
    unknown.add('readiness');
    firing.push({
      key: 'monitor:readiness',
      severity: 'critical',
      title: 'readiness check failed',
      details: { error: readiness.error },
    });
  } else {
    for (const [part, report] of Object.entries(readiness.parts)) {
      if (report.status !== 'down') continue;
      const { status: _status, required, ...details } = report;
      firing.push({
        key: `readiness:${part}`,
        severity: required || part === 'database' ? 'critical' : 'warning',
        title: part === 'database' ? 'database unreachable' : `${part} down`,
        details: { part, required, ...details },
      });
    }
  }

  if (observation.breakers === undefined) unknown.add('breaker');
  for (const [breaker, state] of Object.entries(observation.breakers ?? {})) {
    // Half-open is still not recovered: the alert stays until the breaker closes.
    if (state === 0) continue;
    firing.push({
      key: `breaker:${breaker}`,
      severity: 'critical',
      title: `breaker ${breaker} open`,
      details: { breaker, state: BREAKER_STATES[state] ?? String(state) },
    });
  }

  const { requests } = observation;
  if (requests.total === 0) {
    unknown.add('error-rate');
    unknown.add('latency');
  } else {
    const percent = (requests.failed / requests.total) * 100;
    if (percent > thresholds.errorRatePercent) {
      firing.push({
        key: 'error-rate:http',
        severity: 'warning',
        title: `HTTP error rate above ${thresholds.errorRatePercent}%`,
        details: { percent: round1(percent), failed: requests.failed, requests: requests.total },
      });
    }
    if (requests.p95Ms !== undefined && requests.p95Ms > thresholds.p95Ms) {
      firing.push({
        key: 'latency:p95',
        severity: 'warning',
        title: `p95 response time above ${thresholds.p95Ms} ms`,
        details: { p95Ms: Math.round(requests.p95Ms), requests: requests.total },
      });
    }
  }

  if (observation.rssBytes === undefined) unknown.add('memory');
  else {
    const percent = (observation.rssBytes / thresholds.memoryLimitBytes) * 100;
    if (percent > thresholds.memoryPercent) {
      firing.push({
        key: 'memory:rss',
        severity: 'warning',
        title: `memory above ${thresholds.memoryPercent}% of the limit`,
        details: { percent: round1(percent), rssBytes: observation.rssBytes, limitBytes: thresholds.memoryLimitBytes },
      });
    }
  }

  const { cache } = observation;
  if (cache === undefined || cache.lookups < MIN_CACHE_LOOKUPS) unknown.add('cache');
  else {
    const percent = (cache.hits / cache.lookups) * 100;
    if (percent < thresholds.cacheHitRatePercent) {
      firing.push({
        key: 'cache:hit-rate',
        severity: 'warning',
        title: `cache hit rate below ${thresholds.cacheHitRatePercent}%`,
        details: { percent: round1(percent), hits: cache.hits, lookups: cache.lookups },
      });
    }
  }

  for (const [code, meaning] of Object.entries(WATCHED_META_ERRORS)) {
    const count = observation.metaErrors[code] ?? 0;
    if (count < thresholds.metaErrors) continue;
    firing.push({
      key: `meta:${code}`,
      severity: 'warning',
      title: `Meta error ${code}: ${meaning}`,
      details: { code, count },
    });
  }

  return { firing, unknown };
}
