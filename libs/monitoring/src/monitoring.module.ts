import { AppConfig } from '@mostrador/config';
import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics/metrics.service.js';

/**
 * The process's metrics (global): one MetricsService (the prom-client registry) for every
 * module. Needs the global AppConfig and AppLogger.
 */
@Global()
@Module({
  providers: [
    {
      provide: MetricsService,
      inject: [AppConfig],
      useFactory: (_config: AppConfig) => new MetricsService(),
    },
  ],
  exports: [MetricsService],
})
export class MonitoringModule {}
