import { CacheService } from '@mostrador/cache';
import { METRIC, MetricsService } from '@mostrador/monitoring';
import { BreakerRegistry, RateLimiter } from '@mostrador/rate-limit';
import { AppConfig } from '@mostrador/config';
import { Injectable, type OnModuleInit } from '@nestjs/common';

const BREAKER_STATE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The figures other libs keep themselves (cache counts, breaker states, refused limits),
 * read when /metrics is scraped rather than counted twice.
 */
@Injectable()
export class MetricsSources implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly cache: CacheService,
    private readonly breakers: BreakerRegistry,
    private readonly limiter: RateLimiter,
  ) {}

  onModuleInit(): void {
    if (!this.config.monitoring.metricsEnabled) return;
    this.metrics.gaugeFrom(
      METRIC.cacheLookups,
      'Cache lookups since start, by level (memory, redis, overall) and result (hit, miss).',
      ['level', 'result'],
      async () => {
        const stats = await this.cache.stats();
        return (['memory', 'redis', 'overall'] as const).flatMap((level) => [
          [{ level, result: 'hit' }, stats[level].hits] as const,
          [{ level, result: 'miss' }, stats[level].misses] as const,
        ]);
      },
    );
    this.metrics.gaugeFrom(
      METRIC.breakerState,
      'Circuit breaker state by dependency: 0 closed, 1 half-open, 2 open.',
      ['breaker'],
      () => Object.entries(this.breakers.states()).map(([breaker, s]) => [{ breaker }, BREAKER_STATE[s.state]]),
    );
    this.metrics.gaugeFrom(
      METRIC.rateLimitRejections,
      'Checks refused since start, by limiter (ip, user, phone, external:<dependency>).',
      ['limiter'],
      () => Object.entries(this.limiter.stats().rejected).map(([limiter, count]) => [{ limiter }, count]),
    );
  }
}
