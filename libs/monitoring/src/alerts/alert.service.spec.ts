import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { type CapturedLogger, captureLogger, testSettings } from '../../../../test/support/capture-logger.js';
import { ALERT_EVENTS, type Alert, type AlertCondition } from './alert.js';
import { AlertService } from './alert.service.js';

const inventoryDown: AlertCondition = {
  key: 'readiness:inventory',
  severity: 'warning',
  title: 'inventory down',
  details: { part: 'inventory', error: 'ECONNREFUSED' },
};

/** A local Slack-style receiver: answers each post with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []): Promise<{ url: string; posts: unknown[]; close(): Promise<void> }> {
  const posts: unknown[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      posts.push(JSON.parse(body));
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('AlertService', () => {
  let logs: CapturedLogger;
  let events: EventEmitter2;
  let emitted: [string, Alert][];
  const services: AlertService[] = [];

  function alertService(env: Record<string, string> = {}): AlertService {
    const settings = testSettings({ ALERT_COOLDOWN_MS: '60000', ...env });
    logs = captureLogger(settings);
    events = new EventEmitter2({ wildcard: false });
    emitted = [];
    for (const name of Object.values(ALERT_EVENTS)) events.on(name, (alert: Alert) => emitted.push([name, alert]));
    const service = new AlertService(settings, logs.logger, events);
    services.push(service);
    return service;
  }

  afterEach(async () => {
    for (const service of services.splice(0)) await service.onModuleDestroy();
  });

  it('should raise once, suppress repeats within the cooldown, and remind after it', () => {
    const alerts = alertService();
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    const first = alerts.raise(inventoryDown, t0);
    expect(first).toMatchObject({ key: 'readiness:inventory', severity: 'warning', resolvedAt: null, suppressed: 0 });
    expect(alerts.raise(inventoryDown, t0 + 30_000)).toBeUndefined();
    expect(alerts.raise(inventoryDown, t0 + 59_999)).toBeUndefined();
    expect(alerts.active()).toEqual([expect.objectContaining({ id: first!.id, suppressed: 2 })]);

    expect(alerts.raise({ ...inventoryDown, details: { error: 'timeout' } }, t0 + 60_000)).toMatchObject({
      id: first!.id,
      details: { error: 'timeout' },
    });
    expect(emitted.map(([name, alert]) => [name, alert.id])).toEqual([
      [ALERT_EVENTS.fired, first!.id],
      [ALERT_EVENTS.fired, first!.id],
    ]);
    expect(alerts.history()).toHaveLength(1);
  });

  it('should resolve with an info recovery, and fire anew (not within a cooldown) when it comes back', () => {
    const alerts = alertService();
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    const fired = alerts.raise(inventoryDown, t0)!;
    const recovery = alerts.resolve('readiness:inventory', t0 + 42_000);
    expect(recovery).toMatchObject({
      key: 'readiness:inventory',
      severity: 'info',
      title: 'inventory down: recovered',
      resolves: fired.id,
      details: { after: '42 s', was: 'warning' },
    });
    expect(fired.resolvedAt).toBe('2026-12-01T10:00:42.000Z');
    expect(alerts.active()).toEqual([]);
    expect(alerts.resolve('readiness:inventory', t0 + 43_000)).toBeUndefined();

    const again = alerts.raise(inventoryDown, t0 + 44_000);
    expect(again?.id).not.toBe(fired.id);
    expect(alerts.history().map((a) => [a.severity, a.title])).toEqual([
      ['warning', 'inventory down'],
      ['info', 'inventory down: recovered'],
      ['warning', 'inventory down'],
    ]);
    expect(emitted.map(([name]) => name)).toEqual([ALERT_EVENTS.fired, ALERT_EVENTS.resolved, ALERT_EVENTS.fired]);
  });

  it('should keep at most ALERT_HISTORY_SIZE alerts, newest first, and list active ones by severity', () => {
    const alerts = alertService({ ALERT_HISTORY_SIZE: '3' });
    for (let i = 0; i < 5; i++) alerts.raise({ ...inventoryDown, key: `rule:${i}`, title: `alert ${i}` }, 1000 + i);
    alerts.raise({ key: 'breaker:llm', severity: 'critical', title: 'breaker llm open', details: {} }, 900);
    expect(alerts.history().map((a) => a.title)).toEqual(['breaker llm open', 'alert 4', 'alert 3']);
    expect(alerts.active().map((a) => a.title)).toEqual([
      'breaker llm open',
      'alert 4',
      'alert 3',
      'alert 2',
      'alert 1',
      'alert 0',
    ]);
  });

  it('should log each alert as an `alert` event at its severity', () => {
    const alerts = alertService();
    alerts.raise({ key: 'readiness:database', severity: 'critical', title: 'database unreachable', details: {} });
    alerts.resolve('readiness:database');
    expect(logs.lines().filter((l) => l.event === 'alert')).toEqual([
      expect.objectContaining({ level: 'error', state: 'fired', key: 'readiness:database', severity: 'critical' }),
      expect.objectContaining({ level: 'info', state: 'resolved', title: 'database unreachable: recovered' }),
    ]);
  });

  it('should post each alert as Slack-style JSON, in order, retrying a failing receiver', async () => {
    const hook = await receiver([503, 500]);
    try {
      const alerts = alertService({ ALERT_WEBHOOK_URL: hook.url });
      alerts.raise(inventoryDown);
      alerts.resolve(inventoryDown.key);
      await alerts.delivered();
      expect(hook.posts).toEqual([
        { text: expect.stringContaining('WARNING: inventory down (part: inventory, error: ECONNREFUSED)') },
        { text: expect.stringContaining('WARNING: inventory down') },
        { text: expect.stringContaining('WARNING: inventory down') },
        { text: expect.stringMatching(/RESOLVED: inventory down: recovered .*\[readiness:inventory\]/) },
      ]);
    } finally {
      await hook.close();
    }
  }, 30_000);

  it('should give up without retrying on a 4xx, and never throw when the receiver is unreachable', async () => {
    const hook = await receiver([404]);
    try {
      const alerts = alertService({ ALERT_WEBHOOK_URL: hook.url });
      alerts.raise(inventoryDown);
      await alerts.delivered();
      expect(hook.posts).toHaveLength(1);
      expect(logs.lines()).toContainEqual(
        expect.objectContaining({ event: 'alert_webhook', message: 'alert webhook post failed' }),
      );
    } finally {
      await hook.close();
    }
    const unreachable = alertService({ ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/alerts' });
    expect(unreachable.raise(inventoryDown)).toBeDefined();
    await unreachable.delivered();
    expect(logs.lines()).toContainEqual(expect.objectContaining({ event: 'alert_webhook' }));
  }, 30_000);
});
