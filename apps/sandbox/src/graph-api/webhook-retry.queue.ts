import { setTimeout as sleep } from 'node:timers/promises';
import type { AppLogger } from '@mostrador/logging';
import { backoffDelay, type RetryPolicy } from '@mostrador/retry';

/** Posts one webhook; resolves with the receiver's HTTP status (0: unreachable). */
export type PostWebhook = (body: string, signal: AbortSignal) => Promise<number>;

export interface WebhookRetryOptions {
  /** How long one webhook is retried, from its first try (0: one try). */
  retryForMs: number;
  /** Most webhooks waiting at once, all lanes together. */
  maxPending: number;
  /** Quits every wait and try: the sandbox is shutting down. */
  stopping: AbortSignal;
}

/** Waits between tries: 250 ms, then twice as long each time, at most 30 s. */
const FIRST_RETRY_MS = 250;
/** Backoff with full jitter on top of the first wait, as every retry in Mostrador. */
const RETRY: RetryPolicy = { attempts: Number.POSITIVE_INFINITY, baseDelayMs: 500, maxDelayMs: 30_000 };

interface Pending {
  lane: string;
  body: string;
  /** What the log lines say about it (the wamid, the message status). */
  about: Record<string, unknown>;
  dropped: AbortController;
}

/**
 * Delivers webhooks the way Meta does when the receiver does not take one: it comes back
 * later, with backoff, for a bounded time (Meta: up to 7 days,
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/overview).
 * Webhooks of one lane (one wamid) go one at a time, in the order given, so a message's
 * `delivered` never overtakes its `sent`; lanes do not wait for each other. Memory is
 * bounded: over `maxPending` the oldest webhook is dropped, with a warn line.
 */
export class WebhookRetryQueue {
  /** A Set keeps insertion order: the first is the oldest. */
  private readonly pending = new Set<Pending>();
  private readonly lanes = new Map<string, Pending[]>();

  constructor(
    private readonly post: PostWebhook,
    private readonly options: WebhookRetryOptions,
    private readonly logger: AppLogger,
  ) {
    options.stopping.addEventListener('abort', () => this.abandon(), { once: true });
  }

  /** Webhooks not yet delivered, dropped or given up. */
  get size(): number {
    return this.pending.size;
  }

  enqueue(lane: string, body: string, about: Record<string, unknown>): void {
    if (this.options.stopping.aborted) return;
    const webhook: Pending = { lane, body, about, dropped: new AbortController() };
    this.pending.add(webhook);
    if (this.pending.size > this.options.maxPending) this.dropOldest();
    const waiting = this.lanes.get(lane);
    if (waiting !== undefined) {
      waiting.push(webhook);
      return;
    }
    const queue = [webhook];
    this.lanes.set(lane, queue);
    void this.drain(lane, queue);
  }

  private async drain(lane: string, queue: Pending[]): Promise<void> {
    for (let webhook = queue[0]; webhook !== undefined; webhook = queue[0]) {
      // A dropped webhook is always the head of its lane (the oldest goes first), so the
      // ones behind it are never stuck behind something nobody will deliver.
      if (this.pending.has(webhook)) await this.deliver(webhook);
      this.pending.delete(webhook);
      queue.shift();
    }
    this.lanes.delete(lane);
  }

  private async deliver(webhook: Pending): Promise<void> {
    const signal = AbortSignal.any([this.options.stopping, webhook.dropped.signal]);
    const firstTry = Date.now();
    for (let attempt = 1; ; attempt++) {
      const status = await this.post(webhook.body, signal);
      if (signal.aborted) return;
      if (status >= 200 && status < 300) {
        if (attempt > 1) this.log('info', 'delivered late', webhook, { status, attempts: attempt });
        return;
      }
      const delayMs = FIRST_RETRY_MS + backoffDelay(RETRY, attempt);
      if (Date.now() + delayMs - firstTry > this.options.retryForMs) {
        this.log('warn', 'given up', webhook, { status, attempts: attempt });
        return;
      }
      if (attempt === 1) this.log('warn', 'not taken, will retry', webhook, { status, attempts: attempt });
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
    }
  }

  private dropOldest(): void {
    const [oldest] = this.pending;
    this.pending.delete(oldest);
    oldest.dropped.abort();
    this.log('warn', `dropped: over ${this.options.maxPending} pending`, oldest, {});
  }

  private abandon(): void {
    if (this.pending.size === 0) return;
    this.logger.logEvent('info', `sandbox webhooks abandoned at shutdown: ${this.pending.size}`, {
      event: 'sandbox_webhook',
      context: 'Sandbox',
      abandoned: this.pending.size,
    });
    this.pending.clear();
  }

  private log(
    level: 'info' | 'warn',
    what: string,
    webhook: Pending,
    fields: { status?: number; attempts?: number },
  ): void {
    const { status } = fields;
    const answer = status === undefined ? '' : status === 0 ? ' (api unreachable)' : ` (api ${status})`;
    this.logger.logEvent(level, `sandbox webhook ${what}${answer}`, {
      event: 'sandbox_webhook',
      context: 'Sandbox',
      ...webhook.about,
      ...fields,
    });
  }
}
