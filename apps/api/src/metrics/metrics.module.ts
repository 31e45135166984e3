import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsSources } from './metrics-sources.js';

/** GET /metrics, and the gauges read from the cache, the breakers and the limiter. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsSources],
})
export class MetricsModule {}
