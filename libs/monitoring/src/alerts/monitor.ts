import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type MetricsReading, readMetrics } from '../dashboard/metrics-reading.js';
import { ReadinessProbe, type ReadinessReport } from '../health/readiness.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ruleOf } from './alert.js';
import { type AlertThresholds, evaluateRules, type MonitorObservation, observe } from './alert-rules.js';
import { AlertService } from './alert.service.js';

export const MONITOR_JOB = 'monitor';

/**
 * Every MONITOR_INTERVAL_MS: the readiness check in the background and the alert rules over
 * it and over the metrics since the previous run; raises what fires, resolves what stopped
 * firing. Runs never overlap; a failed run is logged and the next one tries again.
 */
@Injectable()
export class Monitor implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: Promise<void>;
  private previous?: MetricsReading;
  private runs = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly readiness: ReadinessProbe,
    private readonly alerts: AlertService,
    private readonly metrics: MetricsService,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    const interval = setInterval(() => void this.run(), this.config.monitoring.intervalMs);
    interval.unref();
    this.scheduler.addInterval(MONITOR_JOB, interval);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('interval', MONITOR_JOB)) this.scheduler.deleteInterval(MONITOR_JOB);
    await this.running;
  }

  /** Runs finished since start (tests and the dashboard wait on it). */
  get completedRuns(): number {
    return this.runs;
  }

  /** One run; a call while one is under way joins it. Never rejects. */
  run(): Promise<void> {
    this.running ??= this.evaluate()
      .catch((error: unknown) =>
        this.logger.logEvent('error', 'monitor run failed; the next one tries again', {
          event: 'monitor',
          context: 'Monitor',
          err: error,
        }),
      )
      .finally(() => {
        this.runs += 1;
        this.running = undefined;
      });
    return this.running;
  }

  private async evaluate(): Promise<void> {
    const [readiness, reading] = await Promise.all([this.checkReadiness(), readMetrics(this.metrics.registry)]);
    const observation: MonitorObservation = { readiness, ...observe(reading, this.previous) };
    observation.rssBytes ??= process.memoryUsage().rss;
    this.previous = reading;

    const { firing, unknown } = evaluateRules(observation, this.thresholds());
    for (const condition of firing) this.alerts.raise(condition, reading.at);
    const stillFiring = new Set(firing.map((c) => c.key));
    for (const alert of this.alerts.active()) {
      if (!stillFiring.has(alert.key) && !unknown.has(ruleOf(alert.key))) this.alerts.resolve(alert.key, reading.at);
    }
    this.logger.logEvent('debug', 'monitor run done', {
      event: 'monitor',
      context: 'Monitor',
      readiness: 'error' in readiness ? 'error' : readiness.status,
      firing: firing.map((c) => c.key),
    });
  }

  /** The probe bounds each check itself; this bounds the whole, so one hung check cannot stall the monitor. */
  private async checkReadiness(): Promise<ReadinessReport | { error: string }> {
    const limitMs = this.config.monitoring.healthTimeoutMs * 2 + 1000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.readiness.check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${limitMs} ms`)), limitMs);
        }),
      ]);
    } catch (error) {
      return { error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private thresholds(): AlertThresholds {
    const { memoryLimitBytes, alerts } = this.config.monitoring;
    return { memoryLimitBytes, ...alerts };
  }
}
