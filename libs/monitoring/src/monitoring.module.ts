import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { DomainMetrics } from './metrics/domain-metrics.js';
import { MetricsService } from './metrics/metrics.service.js';

const STOP_RECORDING = Symbol('StopRecording');

/**
 * The process's metrics (global): one MetricsService (the prom-client registry) for every
 * module, fed by the AppLogger's events through DomainMetrics. With METRICS_ENABLED=false
 * nothing is recorded (the registry stays empty: GET /metrics answers an empty exposition).
 * Needs the global AppConfig and AppLogger.
 */
@Global()
@Module({
  providers: [
    {
      provide: MetricsService,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new MetricsService({ defaultMetrics: config.monitoring.metricsEnabled }),
    },
    {
      provide: STOP_RECORDING,
      inject: [AppConfig, AppLogger, MetricsService],
      useFactory: (config: AppConfig, logger: AppLogger, metrics: MetricsService) => {
        if (!config.monitoring.metricsEnabled) return () => undefined;
        const domain = new DomainMetrics(metrics);
        return logger.observe((fields) => domain.record(fields));
      },
    },
  ],
  exports: [MetricsService],
})
export class MonitoringModule implements OnModuleDestroy {
  constructor(@Inject(STOP_RECORDING) private readonly stopRecording: () => void) {}

  onModuleDestroy(): void {
    this.stopRecording();
  }
}
