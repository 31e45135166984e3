import { AppConfig } from '@mostrador/config';
import { Injectable } from '@nestjs/common';
import type { Alert } from '../alerts/alert.js';
import { AlertService } from '../alerts/alert.service.js';
import { METRIC, MetricsService } from '../metrics/metrics.service.js';
import {
  grouped,
  has,
  type HistogramData,
  histogramDelta,
  histograms,
  type Labels,
  type MetricsReading,
  quantile,
  readMetrics,
  total,
} from './metrics-reading.js';

/** The "recent" figures (rate, recent latency, CPU) span about this long, whoever polls and how often. */
const RECENT_WINDOW_MS = 10_000;
/** Readings closer together than this are not kept (many open pages must not grow the list). */
const MIN_READING_GAP_MS = 500;
const SLOWEST_ROUTES = 5;
const RECENT_ALERTS = 20;

export interface LatencySummary {
  avgMs: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface CacheLevelFigures {
  hits: number;
  misses: number;
  hitRatePercent: number | null;
}

export interface DashboardSnapshot {
  generatedAt: string;
  requests: {
    total: number;
    /** 1xx–3xx. */
    ok: number;
    /** 4xx: the client's mistake (wrong key, bad payload, limits). */
    clientErrors: number;
    /** 5xx. */
    failed: number;
    errorRatePercent: number | null;
    /** Over the last ~10 s; null on the first reading. */
    perSecond: number | null;
  };
  responseTime: LatencySummary & {
    recent: LatencySummary | null;
    slowestRoutes: (LatencySummary & { route: string; requests: number })[];
  };
  tools: {
    calls: number;
    successRatePercent: number | null;
    byTool: (LatencySummary & {
      tool: string;
      calls: number;
      ok: number;
      failed: number;
      successRatePercent: number;
    })[];
  };
  conversations: { active: number | null; total: number; averageDurationSeconds: number | null };
  process: {
    uptimeSeconds: number;
    memory: {
      rssBytes: number;
      heapUsedBytes: number | null;
      heapTotalBytes: number | null;
      limitBytes: number;
      percentOfLimit: number;
    };
    cpu: { seconds: number | null; percent: number | null };
  };
  errors: { http5xx: number; tools: number; llm: number; soap: number; meta: Record<string, number> };
  cache: Record<'memory' | 'redis' | 'overall', CacheLevelFigures> | null;
  breakers: { name: string; state: 'closed' | 'half-open' | 'open' }[];
  limits: { limiter: string; rejections: number }[];
  alerts: { active: Alert[]; recent: Alert[] };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100) : null);
const BREAKER_STATES = ['closed', 'half-open', 'open'] as const;

function latency(data: HistogramData | undefined): LatencySummary {
  if (!data || data.count === 0) return { avgMs: null, p95Ms: null, p99Ms: null };
  const ms = (seconds: number | undefined) => (seconds === undefined ? null : round(seconds * 1000));
  return { avgMs: ms(data.sum / data.count), p95Ms: ms(quantile(data, 0.95)), p99Ms: ms(quantile(data, 0.99)) };
}

/**
 * The dashboard's figures, read from the metrics registry (what /metrics exposes) and the
 * alerts. Totals are since the process started; `recent` figures compare with a reading kept
 * from about ten seconds before.
 */
@Injectable()
export class DashboardService {
  private readonly readings: MetricsReading[] = [];

  constructor(
    private readonly metrics: MetricsService,
    private readonly alerts: AlertService,
    private readonly config: AppConfig,
  ) {}

  async snapshot(at = Date.now()): Promise<DashboardSnapshot> {
    const now = await readMetrics(this.metrics.registry, at);
    const before = this.baselineFor(now);
    const seconds = before ? (now.at - before.at) / 1000 : 0;

    const byStatus = (reading: MetricsReading) =>
      grouped(reading, METRIC.httpRequests, (l) => String(l.status)[0] ?? '');
    const statuses = byStatus(now);
    const requestsTotal = total(now, METRIC.httpRequests);
    const failed = statuses.get('5') ?? 0;

    const routeKey = (l: Labels) => `${String(l.method)} ${String(l.route)}`;
    const routes = histograms(now, METRIC.httpDuration, routeKey);
    const allRoutes = histograms(now, METRIC.httpDuration).get('');
    const recentLatency = before
      ? latency(histogramDelta(allRoutes ?? emptyHistogram(), histograms(before, METRIC.httpDuration).get('')))
      : null;

    const toolOutcomes = grouped(now, METRIC.toolCalls, (l) => `${String(l.tool)}\u0000${String(l.outcome)}`);
    const toolDurations = histograms(now, METRIC.toolDuration, (l) => String(l.tool));
    const tools = new Map<string, { ok: number; failed: number }>();
    for (const [key, count] of toolOutcomes) {
      const [tool = '', outcome] = key.split('\u0000');
      const figures = tools.get(tool) ?? { ok: 0, failed: 0 };
      if (outcome === 'ok') figures.ok += count;
      else figures.failed += count;
      tools.set(tool, figures);
    }
    const toolCalls = [...tools.values()].reduce((sum, t) => sum + t.ok + t.failed, 0);
    const toolsOk = [...tools.values()].reduce((sum, t) => sum + t.ok, 0);

    const cpuSeconds = has(now, 'process_cpu_seconds_total') ? total(now, 'process_cpu_seconds_total') : null;
    const cpuBefore =
      before && has(before, 'process_cpu_seconds_total') ? total(before, 'process_cpu_seconds_total') : null;
    const rssBytes = has(now, 'process_resident_memory_bytes')
      ? total(now, 'process_resident_memory_bytes')
      : process.memoryUsage().rss;
    const limitBytes = this.config.monitoring.memoryLimitBytes;
    const startSeconds = has(now, 'process_start_time_seconds') ? total(now, 'process_start_time_seconds') : null;
    const gauge = (name: string) => (has(now, name) ? total(now, name) : null);
    const notOk = (name: string) => total(now, name) - total(now, name, { outcome: 'ok' });

    return {
      generatedAt: new Date(now.at).toISOString(),
      requests: {
        total: requestsTotal,
        ok: (statuses.get('1') ?? 0) + (statuses.get('2') ?? 0) + (statuses.get('3') ?? 0),
        clientErrors: statuses.get('4') ?? 0,
        failed,
        errorRatePercent: percent(failed, requestsTotal),
        perSecond:
          before && seconds > 0 ? round((requestsTotal - total(before, METRIC.httpRequests)) / seconds, 2) : null,
      },
      responseTime: {
        ...latency(allRoutes),
        recent: recentLatency,
        slowestRoutes: [...routes]
          .filter(([, data]) => data.count > 0)
          .map(([route, data]) => ({ route, requests: data.count, ...latency(data) }))
          .sort((a, b) => (b.avgMs ?? 0) - (a.avgMs ?? 0))
          .slice(0, SLOWEST_ROUTES),
      },
      tools: {
        calls: toolCalls,
        successRatePercent: percent(toolsOk, toolCalls),
        byTool: [...tools]
          .map(([tool, figures]) => ({
            tool,
            calls: figures.ok + figures.failed,
            ...figures,
            successRatePercent: percent(figures.ok, figures.ok + figures.failed) ?? 0,
            ...latency(toolDurations.get(tool)),
          }))
          .sort((a, b) => b.calls - a.calls),
      },
      conversations: {
        active: gauge(METRIC.conversationsActive),
        total: total(now, METRIC.conversationsStarted),
        averageDurationSeconds: gauge(METRIC.conversationDuration),
      },
      process: {
        uptimeSeconds: Math.round(startSeconds === null ? process.uptime() : now.at / 1000 - startSeconds),
        memory: {
          rssBytes,
          heapUsedBytes: gauge('nodejs_heap_size_used_bytes'),
          heapTotalBytes: gauge('nodejs_heap_size_total_bytes'),
          limitBytes,
          percentOfLimit: round((rssBytes / limitBytes) * 100),
        },
        cpu: {
          seconds: cpuSeconds === null ? null : round(cpuSeconds, 2),
          percent:
            cpuSeconds !== null && cpuBefore !== null && seconds > 0
              ? round(((cpuSeconds - cpuBefore) / seconds) * 100)
              : null,
        },
      },
      errors: {
        http5xx: failed,
        tools: toolCalls - toolsOk,
        llm: notOk(METRIC.llmCalls),
        soap: notOk(METRIC.soapCalls),
        meta: Object.fromEntries(grouped(now, METRIC.metaErrors, (l) => String(l.code))),
      },
      cache: has(now, METRIC.cacheLookups) ? cacheFigures(now) : null,
      breakers: [...grouped(now, METRIC.breakerState, (l) => String(l.breaker))]
        .map(([name, state]) => ({ name, state: BREAKER_STATES[state] ?? 'open' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      limits: [...grouped(now, METRIC.rateLimitRejections, (l) => String(l.limiter))]
        .map(([limiter, rejections]) => ({ limiter, rejections }))
        .sort((a, b) => a.limiter.localeCompare(b.limiter)),
      alerts: { active: this.alerts.active(), recent: this.alerts.history().slice(0, RECENT_ALERTS) },
    };
  }

  /** Keeps `now` and returns the reading about RECENT_WINDOW_MS older, or the oldest there is. */
  private baselineFor(now: MetricsReading): MetricsReading | undefined {
    const last = this.readings.at(-1);
    if (!last || now.at - last.at >= MIN_READING_GAP_MS) this.readings.push(now);
    while (this.readings.length > 2 && now.at - this.readings[1].at >= RECENT_WINDOW_MS) this.readings.shift();
    const oldest = this.readings[0];
    return oldest && oldest !== now ? oldest : undefined;
  }
}

function emptyHistogram(): HistogramData {
  return { buckets: [], count: 0, sum: 0 };
}

function cacheFigures(reading: MetricsReading): Record<'memory' | 'redis' | 'overall', CacheLevelFigures> {
  const level = (name: string): CacheLevelFigures => {
    const hits = total(reading, METRIC.cacheLookups, { level: name, result: 'hit' });
    const misses = total(reading, METRIC.cacheLookups, { level: name, result: 'miss' });
    return { hits, misses, hitRatePercent: percent(hits, hits + misses) };
  };
  return { memory: level('memory'), redis: level('redis'), overall: level('overall') };
}
