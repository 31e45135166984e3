import { MetricsService } from '../metrics/metrics.service.js';
import { grouped, histogram, histogramDelta, histograms, quantile, readMetrics, total } from './metrics-reading.js';

describe('metrics reading', () => {
  it('should sum counters over matching labels and group them', async () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    metrics.httpRequests.inc({ method: 'GET', route: '/a', status: '200' }, 3);
    metrics.httpRequests.inc({ method: 'GET', route: '/a', status: '503' }, 2);
    metrics.httpRequests.inc({ method: 'POST', route: '/b', status: '200' });
    const reading = await readMetrics(metrics.registry);

    expect(total(reading, 'http_requests_total')).toBe(6);
    expect(total(reading, 'http_requests_total', { status: '200' })).toBe(4);
    expect(total(reading, 'not_a_metric')).toBe(0);
    expect(grouped(reading, 'http_requests_total', (l) => String(l.route))).toEqual(
      new Map([
        ['/a', 5],
        ['/b', 1],
      ]),
    );
  });

  it('should sum histograms across label sets, per group, and difference two readings', async () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    metrics.httpDuration.observe({ method: 'GET', route: '/a' }, 0.003);
    metrics.httpDuration.observe({ method: 'GET', route: '/b' }, 0.7);
    const before = await readMetrics(metrics.registry);
    metrics.httpDuration.observe({ method: 'GET', route: '/b' }, 1.5);
    const after = await readMetrics(metrics.registry);

    const all = histogram(after, 'http_request_duration_seconds');
    expect(all.count).toBe(3);
    expect(all.sum).toBeCloseTo(2.203);
    expect(all.buckets.at(-1)).toEqual({ le: Infinity, count: 3 });
    expect(histograms(after, 'http_request_duration_seconds', (l) => String(l.route)).get('/b')?.count).toBe(2);

    const delta = histogramDelta(all, histogram(before, 'http_request_duration_seconds'));
    expect(delta.count).toBe(1);
    expect(delta.sum).toBeCloseTo(1.5);
    expect(delta.buckets.find((b) => b.le === 1)?.count).toBe(0);
    expect(delta.buckets.find((b) => b.le === 2)?.count).toBe(1);
  });

  it('should interpolate quantiles inside their bucket as histogram_quantile does', () => {
    const data = {
      buckets: [
        { le: 0.1, count: 50 },
        { le: 0.5, count: 90 },
        { le: 1, count: 100 },
        { le: Infinity, count: 100 },
      ],
      count: 100,
      sum: 20,
    };
    expect(quantile(data, 0.5)).toBeCloseTo(0.1);
    // Rank 95: halfway through the (0.5, 1] bucket's 10 observations.
    expect(quantile(data, 0.95)).toBeCloseTo(0.75);
    expect(quantile(data, 0.7)).toBeCloseTo(0.3);
    expect(quantile({ ...data, count: 0 }, 0.95)).toBeUndefined();
  });

  it('should answer the highest finite bound for a quantile in the +Inf bucket', () => {
    const data = {
      buckets: [
        { le: 1, count: 1 },
        { le: 30, count: 1 },
        { le: Infinity, count: 10 },
      ],
      count: 10,
      sum: 500,
    };
    expect(quantile(data, 0.99)).toBe(30);
  });
});
