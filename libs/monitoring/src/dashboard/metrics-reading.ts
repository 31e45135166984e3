import type { Registry } from 'prom-client';

export type Labels = Record<string, string | number>;

interface Sample {
  labels: Labels;
  value: number;
  /** For a histogram: `<name>_bucket`, `<name>_sum` or `<name>_count`. */
  metricName?: string;
}

/**
 * Every value of the registry at one moment. The dashboard and the monitor read only this, so
 * what they show is what /metrics exposes; windows (rates, p95 since the last run) are the
 * difference between two readings.
 */
export interface MetricsReading {
  at: number;
  metrics: ReadonlyMap<string, readonly Sample[]>;
}

/** A histogram summed over the label sets asked for: cumulative counts per upper bound (seconds), +Inf last. */
export interface HistogramData {
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

export async function readMetrics(registry: Registry, at = Date.now()): Promise<MetricsReading> {
  const metrics = new Map<string, Sample[]>();
  for (const metric of await registry.getMetricsAsJSON()) {
    // Copied: prom-client hands out its live value objects, which later increments change.
    metrics.set(
      metric.name,
      (metric.values as Sample[]).map(({ labels, value, metricName }) => ({
        labels: { ...labels },
        value,
        metricName,
      })),
    );
  }
  return { at, metrics };
}

const matches = (labels: Labels, match: Labels | undefined) =>
  match === undefined || Object.entries(match).every(([name, value]) => String(labels[name]) === String(value));

/** The sum of a counter's or gauge's values whose labels match; 0 when the metric is absent. */
export function total(reading: MetricsReading, name: string, match?: Labels): number {
  let sum = 0;
  for (const sample of reading.metrics.get(name) ?? []) if (matches(sample.labels, match)) sum += sample.value;
  return sum;
}

/** A counter's or gauge's values summed per group (`group` names it from the labels). */
export function grouped(reading: MetricsReading, name: string, group: (labels: Labels) => string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of reading.metrics.get(name) ?? []) {
    const key = group(sample.labels);
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Whether the registry has the metric at all (a gauge the app has not wired is absent, not 0). */
export function has(reading: MetricsReading, name: string): boolean {
  return reading.metrics.has(name);
}

/** A histogram's buckets, count and sum per group of label sets. */
export function histograms(
  reading: MetricsReading,
  name: string,
  group: (labels: Labels) => string = () => '',
): Map<string, HistogramData> {
  const result = new Map<string, HistogramData>();
  const entry = (labels: Labels) => {
    const key = group(labels);
    let data = result.get(key);
    if (!data) result.set(key, (data = { buckets: [], count: 0, sum: 0 }));
    return data;
  };
  for (const sample of reading.metrics.get(name) ?? []) {
    const data = entry(sample.labels);
    if (sample.metricName === `${name}_count`) data.count += sample.value;
    else if (sample.metricName === `${name}_sum`) data.sum += sample.value;
    else if (sample.metricName === `${name}_bucket`) {
      const le = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
      const bucket = data.buckets.find((b) => b.le === le);
      if (bucket) bucket.count += sample.value;
      else data.buckets.push({ le, count: sample.value });
    }
  }
  for (const data of result.values()) data.buckets.sort((a, b) => a.le - b.le);
  return result;
}

/** One histogram: every label set summed. */
export function histogram(reading: MetricsReading, name: string): HistogramData {
  return histograms(reading, name).get('') ?? { buckets: [], count: 0, sum: 0 };
}

/** What was observed between two readings of the same histogram. */
export function histogramDelta(now: HistogramData, before: HistogramData | undefined): HistogramData {
  if (!before) return now;
  const earlier = new Map(before.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: now.buckets.map((b) => ({ le: b.le, count: Math.max(0, b.count - (earlier.get(b.le) ?? 0)) })),
    count: Math.max(0, now.count - before.count),
    sum: Math.max(0, now.sum - before.sum),
  };
}

/**
 * The q-quantile in the histogram's unit, interpolated linearly inside its bucket as Prometheus'
 * histogram_quantile does (observations spread evenly within a bucket); in the +Inf bucket it is
 * the highest finite bound. Undefined without observations.
 */
export function quantile(data: HistogramData, q: number): number | undefined {
  if (data.count === 0 || data.buckets.length === 0) return undefined;
  const rank = q * data.count;
  let lower = 0;
  let below = 0;
  for (const bucket of data.buckets) {
    if (bucket.count >= rank && bucket.count > below) {
      if (bucket.le === Infinity) return lower;
      return lower + (bucket.le - lower) * ((rank - below) / (bucket.count - below));
    }
    if (bucket.le !== Infinity) lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}
