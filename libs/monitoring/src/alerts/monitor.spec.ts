import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { type CapturedLogger, captureLogger, testSettings } from '../../../../test/support/capture-logger.js';
import { until } from '../../../../test/support/until.js';
import { ReadinessProbe, type ReadinessReport } from '../health/readiness.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AlertService } from './alert.service.js';
import { MONITOR_JOB, Monitor } from './monitor.js';

const healthy: ReadinessReport = {
  status: 'ok',
  parts: { database: { status: 'up', required: true }, inventory: { status: 'up', required: false } },
};
const inventoryDown: ReadinessReport = {
  status: 'degraded',
  parts: { ...healthy.parts, inventory: { status: 'down', required: false, error: 'ECONNREFUSED' } },
};

/** The readiness port as the test says it is; `hold` makes the next checks wait for `release`. */
class ScriptedProbe extends ReadinessProbe {
  report: ReadinessReport | Error = healthy;
  calls = 0;
  private held?: Promise<void>;
  private releaseHeld?: () => void;

  hold(): void {
    this.held = new Promise((resolve) => (this.releaseHeld = resolve));
  }

  release(): void {
    this.releaseHeld?.();
    this.held = undefined;
  }

  async check(): Promise<ReadinessReport> {
    this.calls += 1;
    await this.held;
    if (this.report instanceof Error) throw this.report;
    return this.report;
  }
}

describe('Monitor', () => {
  let probe: ScriptedProbe;
  let alerts: AlertService;
  let metrics: MetricsService;
  let scheduler: SchedulerRegistry;
  let logs: CapturedLogger;
  let monitor: Monitor;

  function start(env: Record<string, string> = {}): void {
    // A memory budget no test process reaches: the memory rule stays out of these cases.
    const settings = testSettings({
      ALERT_COOLDOWN_MS: '60000',
      MONITOR_INTERVAL_MS: '3600000',
      MEMORY_LIMIT_MB: '1048576',
      ...env,
    });
    logs = captureLogger(settings);
    probe = new ScriptedProbe();
    metrics = new MetricsService({ defaultMetrics: false });
    scheduler = new SchedulerRegistry();
    alerts = new AlertService(settings, logs.logger, new EventEmitter2());
    monitor = new Monitor(settings, probe, alerts, metrics, scheduler, logs.logger);
  }

  afterEach(async () => {
    probe.release();
    await monitor.onModuleDestroy();
    await alerts.onModuleDestroy();
  });

  it('should raise an alert when a part goes down, not repeat it within the cooldown, and resolve it when back', async () => {
    start();
    await monitor.run();
    expect(alerts.history()).toEqual([]);

    probe.report = inventoryDown;
    await monitor.run();
    await monitor.run();
    expect(alerts.active()).toEqual([
      expect.objectContaining({
        key: 'readiness:inventory',
        severity: 'warning',
        title: 'inventory down',
        suppressed: 1,
      }),
    ]);

    probe.report = healthy;
    await monitor.run();
    expect(alerts.active()).toEqual([]);
    expect(alerts.history().map((a) => `${a.severity} ${a.title}`)).toEqual([
      'info inventory down: recovered',
      'warning inventory down',
    ]);
  });

  it('should judge the requests since the previous run only', async () => {
    start();
    const route = { method: 'GET', route: '/x' };
    metrics.httpRequests.inc({ ...route, status: '500' }, 5);
    metrics.httpRequests.inc({ ...route, status: '200' }, 5);
    await monitor.run();
    expect(alerts.active().map((a) => a.key)).toEqual(['error-rate:http']);

    metrics.httpRequests.inc({ ...route, status: '200' }, 100);
    await monitor.run();
    expect(alerts.active()).toEqual([]);

    // No request at all in a run decides nothing: a firing alert would stay as it is.
    metrics.httpRequests.inc({ ...route, status: '503' }, 10);
    await monitor.run();
    await monitor.run();
    expect(alerts.active().map((a) => a.key)).toEqual(['error-rate:http']);
  });

  it('should fire a critical alert for an open breaker and resolve it when the breaker closes', async () => {
    start();
    let state = 2;
    metrics.gaugeFrom('mostrador_breaker_state', 'state', ['breaker'], () => [[{ breaker: 'inventory' }, state]]);
    await monitor.run();
    expect(alerts.active()).toEqual([
      expect.objectContaining({
        key: 'breaker:inventory',
        severity: 'critical',
        details: { breaker: 'inventory', state: 'open' },
      }),
    ]);
    state = 0;
    await monitor.run();
    expect(alerts.active()).toEqual([]);
  });

  it('should never run two checks at once: a run called during another joins it', async () => {
    start();
    probe.hold();
    const first = monitor.run();
    const second = monitor.run();
    expect(second).toBe(first);
    probe.release();
    await first;
    expect(probe.calls).toBe(1);
    expect(monitor.completedRuns).toBe(1);
  });

  it('should turn a failed readiness check into a critical alert and keep the part alerts as they were', async () => {
    start();
    probe.report = inventoryDown;
    await monitor.run();
    probe.report = new Error('terminus exploded');
    await expect(monitor.run()).resolves.toBeUndefined();
    expect(alerts.active().map((a) => [a.key, a.severity])).toEqual([
      ['monitor:readiness', 'critical'],
      ['readiness:inventory', 'warning'],
    ]);
  });

  it('should log a run that fails and go on with the next', async () => {
    start();
    const raise = alerts.raise.bind(alerts);
    alerts.raise = () => {
      throw new Error('boom');
    };
    probe.report = inventoryDown;
    await expect(monitor.run()).resolves.toBeUndefined();
    expect(logs.lines()).toContainEqual(expect.objectContaining({ event: 'monitor', level: 'error' }));
    alerts.raise = raise;
    await monitor.run();
    expect(alerts.active()).toHaveLength(1);
  });

  it('should run every MONITOR_INTERVAL_MS from the scheduler registry once bootstrapped', async () => {
    start({ MONITOR_INTERVAL_MS: '1000' });
    monitor.onApplicationBootstrap();
    expect(scheduler.getIntervals()).toEqual([MONITOR_JOB]);
    await until(() => (monitor.completedRuns >= 2 ? true : undefined), 'two monitor runs', 10_000);
    await monitor.onModuleDestroy();
    expect(scheduler.getIntervals()).toEqual([]);
  }, 15_000);
});
