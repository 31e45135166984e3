import { randomUUID } from 'node:crypto';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { retry, type RetryPolicy } from '@mostrador/retry';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ALERT_EVENTS, type Alert, type AlertCondition, type AlertSeverity } from './alert.js';

const WEBHOOK_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 5_000 };
const WEBHOOK_TIMEOUT_MS = 5_000;
/** Posts waiting behind a slow or dead receiver, at most: older ones are dropped (they are in the log). */
const MAX_QUEUED_POSTS = 50;

const LOG_LEVEL: Record<AlertSeverity, 'error' | 'warn' | 'info'> = {
  critical: 'error',
  warning: 'warn',
  info: 'info',
};
const LABEL: Record<AlertSeverity, string> = { critical: '🔴 CRITICAL', warning: '🟠 WARNING', info: '🟢 RESOLVED' };

class WebhookStatusError extends Error {
  constructor(readonly status: number) {
    super(`alert webhook answered ${status}`);
  }
}

/**
 * Alerts: raised by the monitor's rules, de-duplicated by key (an alert still firing is raised
 * again only after ALERT_COOLDOWN_MS), resolved with an info recovery, kept in a bounded
 * history, each one emitted (EventEmitter2), logged and posted to ALERT_WEBHOOK_URL. Posting
 * happens in the background, in order, with retries: it never blocks or fails the caller.
 */
@Injectable()
export class AlertService implements OnModuleDestroy {
  private readonly firing = new Map<string, { alert: Alert; raisedAt: number }>();
  private readonly recent: Alert[] = [];
  private posting: Promise<void> = Promise.resolve();
  private queuedPosts = 0;
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
    private readonly events: EventEmitter2,
  ) {}

  /** Raises the condition; undefined when it is already firing and within its cooldown. */
  raise(condition: AlertCondition, now = Date.now()): Alert | undefined {
    const current = this.firing.get(condition.key);
    if (current) {
      if (now - current.raisedAt < this.config.monitoring.alerts.cooldownMs) {
        current.alert.suppressed += 1;
        return undefined;
      }
      // Still firing after the cooldown: a reminder, with the latest figures, as the same alert.
      current.raisedAt = now;
      Object.assign(current.alert, { title: condition.title, details: condition.details });
      this.announce(ALERT_EVENTS.fired, current.alert, 'still firing');
      return current.alert;
    }
    const alert: Alert = {
      id: randomUUID(),
      ...condition,
      firedAt: new Date(now).toISOString(),
      resolvedAt: null,
      suppressed: 0,
    };
    this.firing.set(condition.key, { alert, raisedAt: now });
    this.remember(alert);
    this.announce(ALERT_EVENTS.fired, alert, 'fired');
    return alert;
  }

  /** Ends the alert firing under `key` and records its recovery (info); undefined when none fires. */
  resolve(key: string, now = Date.now()): Alert | undefined {
    const current = this.firing.get(key);
    if (!current) return undefined;
    this.firing.delete(key);
    const at = new Date(now).toISOString();
    current.alert.resolvedAt = at;
    const recovery: Alert = {
      id: randomUUID(),
      key,
      severity: 'info',
      title: `${current.alert.title}: recovered`,
      details: {
        after: `${Math.round((now - Date.parse(current.alert.firedAt)) / 1000)} s`,
        was: current.alert.severity,
      },
      firedAt: at,
      resolvedAt: at,
      suppressed: 0,
      resolves: current.alert.id,
    };
    this.remember(recovery);
    this.announce(ALERT_EVENTS.resolved, recovery, 'resolved');
    return recovery;
  }

  /** The alerts firing now, most severe first, then newest. */
  active(): Alert[] {
    const rank = { critical: 0, warning: 1, info: 2 };
    return [...this.firing.values()]
      .map(({ alert }) => alert)
      .sort((a, b) => rank[a.severity] - rank[b.severity] || b.firedAt.localeCompare(a.firedAt));
  }

  isFiring(key: string): boolean {
    return this.firing.has(key);
  }

  /** Alerts and recoveries, newest first, at most ALERT_HISTORY_SIZE. */
  history(): Alert[] {
    return [...this.recent];
  }

  /** Resolves once every post queued so far has been delivered or given up on. */
  delivered(): Promise<void> {
    return this.posting;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.posting;
  }

  private remember(alert: Alert): void {
    this.recent.unshift(alert);
    this.recent.length = Math.min(this.recent.length, this.config.monitoring.alerts.historySize);
  }

  private announce(event: string, alert: Alert, state: 'fired' | 'still firing' | 'resolved'): void {
    this.logger.logEvent(LOG_LEVEL[alert.severity], `alert ${state}: ${alert.title}`, {
      event: 'alert',
      context: 'Monitor',
      state,
      alertId: alert.id,
      key: alert.key,
      severity: alert.severity,
      title: alert.title,
      details: alert.details,
    });
    try {
      this.events.emit(event, alert);
    } catch (error) {
      // A listener that throws is its own problem: the monitor goes on.
      this.logger.logEvent('error', 'alert listener failed', { event: 'alert', context: 'Monitor', err: error });
    }
    this.post(alert, state);
  }

  private post(alert: Alert, state: string): void {
    const url = this.config.monitoring.alerts.webhookUrl;
    if (!url || this.stopping.signal.aborted) return;
    if (this.queuedPosts >= MAX_QUEUED_POSTS) {
      this.logger.logEvent('warn', 'alert webhook backlog full: post dropped', {
        event: 'alert_webhook',
        context: 'Monitor',
        alertId: alert.id,
      });
      return;
    }
    const details = Object.entries(alert.details)
      .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(', ');
    const text = `${LABEL[alert.severity]}${state === 'still firing' ? ' (still firing)' : ''}: ${alert.title}${
      details ? ` (${details})` : ''
    } [${alert.key}]`;
    this.queuedPosts += 1;
    // One after another, so a receiver sees a recovery after the alert it ends.
    this.posting = this.posting.then(() =>
      this.send(url, text, alert.id).finally(() => {
        this.queuedPosts -= 1;
      }),
    );
  }

  private async send(url: string, text: string, alertId: string): Promise<void> {
    const signal = this.stopping.signal;
    try {
      await retry(
        async () => {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text }),
            signal: AbortSignal.any([signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
          });
          await response.body?.cancel();
          if (!response.ok) throw new WebhookStatusError(response.status);
        },
        {
          policy: WEBHOOK_RETRY,
          signal,
          // A receiver that refuses the request (4xx other than 429) will refuse it again.
          decide: (error) => ({
            retry: !(error instanceof WebhookStatusError) || error.status === 429 || error.status >= 500,
          }),
        },
      );
    } catch (error) {
      this.logger.logEvent('warn', 'alert webhook post failed', {
        event: 'alert_webhook',
        context: 'Monitor',
        alertId,
        err: error,
      });
    }
  }
}
