import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ALERT_EVENTS, type Alert, MONITOR_JOB, Monitor } from '@mostrador/monitoring';
import { type Stack, startStack, until } from '../support/stack.js';

/** A Slack-style incoming webhook on this machine: every body it was posted. */
class AlertReceiver {
  readonly posts: { text: string }[] = [];
  private readonly server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      this.posts.push(JSON.parse(body) as { text: string });
      response.end('ok');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/alerts`;
  }

  about(key: string): string[] {
    return this.posts.map((p) => p.text).filter((text) => text.includes(`[${key}]`));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const INVENTORY = 'readiness:inventory';

describe('monitor alerts on the running stack', () => {
  const receiver = new AlertReceiver();
  let stack: Stack;
  let monitor: Monitor;
  const events: [string, Alert][] = [];

  beforeAll(async () => {
    const webhookUrl = await receiver.start();
    stack = await startStack({
      MONITOR_INTERVAL_MS: '1000',
      // Far longer than the test: the inventory alert must be raised once however many runs see it.
      ALERT_COOLDOWN_MS: '600000',
      ALERT_WEBHOOK_URL: webhookUrl,
      HEALTH_CACHE_MS: '0',
      HEALTH_TIMEOUT_MS: '500',
      // A budget no test process reaches: only the inventory may take a part down here.
      MEMORY_LIMIT_MB: '1048576',
    });
    monitor = stack.api.get(Monitor, { strict: false });
    const emitter = stack.api.get(EventEmitter2);
    for (const name of Object.values(ALERT_EVENTS)) emitter.on(name, (alert: Alert) => events.push([name, alert]));
  }, 120_000);

  afterAll(async () => {
    if (stack) await fetch(`${stack.sandboxUrl}/sandbox/inventory/faults`, { method: 'DELETE' }).catch(() => undefined);
    await stack?.close();
    await receiver.close();
  }, 60_000);

  const runsFrom = async (count: number) => {
    const mark = monitor.completedRuns;
    await until(() => (monitor.completedRuns >= mark + count ? true : undefined), `${count} monitor runs`, 30_000);
  };

  const dashboardAlerts = async () => {
    const response = await stack.admin('GET', '/monitoring/dashboard');
    expect(response.status).toBe(200);
    return ((await response.json()) as { alerts: { active: Alert[]; recent: Alert[] } }).alerts;
  };

  it('should run the monitor on the shared scheduler, next to the sweeper', () => {
    // ScheduleModule.forRoot() is imported by the database module and by the alerts module: one registry.
    expect(stack.api.get(SchedulerRegistry).getIntervals()).toEqual(
      expect.arrayContaining([MONITOR_JOB, 'conversation-sweeper']),
    );
  });

  it('should raise nothing while everything is up', async () => {
    await runsFrom(2);
    expect(events.filter(([, alert]) => alert.key.startsWith('readiness:'))).toEqual([]);
  }, 60_000);

  it('should alert once when the inventory goes down, post it to the webhook, and resolve it when it is back', async () => {
    const down = await fetch(`${stack.sandboxUrl}/sandbox/inventory/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ down: true }),
    });
    expect(down.status).toBeLessThan(300);

    const fired = await until(
      () => events.find(([name, alert]) => name === ALERT_EVENTS.fired && alert.key === INVENTORY)?.[1],
      'the inventory alert',
      30_000,
    );
    expect(fired).toMatchObject({ severity: 'warning', title: 'inventory down', resolvedAt: null });
    await until(() => (receiver.about(INVENTORY).length > 0 ? true : undefined), 'the webhook post', 30_000);

    // Every later run still sees it down: within the cooldown none raises it again.
    await runsFrom(3);
    expect(events.filter(([name, alert]) => name === ALERT_EVENTS.fired && alert.key === INVENTORY)).toHaveLength(1);
    expect(receiver.about(INVENTORY)).toEqual([expect.stringMatching(/^🟠 WARNING: inventory down/)]);
    const active = (await dashboardAlerts()).active.find((alert) => alert.key === INVENTORY);
    expect(active).toMatchObject({ id: fired.id, severity: 'warning' });
    expect(active!.suppressed).toBeGreaterThanOrEqual(3);
    expect(stack.apiLogs.lines()).toContainEqual(
      expect.objectContaining({ event: 'alert', state: 'fired', key: INVENTORY, level: 'warn' }),
    );

    await fetch(`${stack.sandboxUrl}/sandbox/inventory/faults`, { method: 'DELETE' });
    const recovery = await until(
      () => events.find(([name, alert]) => name === ALERT_EVENTS.resolved && alert.key === INVENTORY)?.[1],
      'the inventory recovery',
      30_000,
    );
    expect(recovery).toMatchObject({ severity: 'info', title: 'inventory down: recovered', resolves: fired.id });
    await until(() => (receiver.about(INVENTORY).length === 2 ? true : undefined), 'the recovery post', 30_000);
    expect(receiver.about(INVENTORY)[1]).toMatch(/^🟢 RESOLVED: inventory down: recovered/);

    const alerts = await dashboardAlerts();
    expect(alerts.active.filter((alert) => alert.key === INVENTORY)).toEqual([]);
    expect(
      alerts.recent.filter((alert) => alert.key === INVENTORY).map((a) => [a.severity, a.resolvedAt !== null]),
    ).toEqual([
      ['info', true],
      ['warning', true],
    ]);
  }, 120_000);
});
