import { AppConfig } from '@mostrador/config';
import {
  type EnqueueOutboundInput,
  type MessageError,
  type OutboundOutcome,
  type OutboundRecord,
  type OutboundSend,
  OutboxStore,
  type TakeOutboundResult,
} from '@mostrador/database';
import { AppLogger, LogContext } from '@mostrador/logging';
import { BreakerRegistry, BreakerTimeoutError, CallRefusedError } from '@mostrador/rate-limit';
import { backoffDelay } from '@mostrador/retry';
import {
  OUTSIDE_WINDOW_ERROR_CODE,
  PAIR_RATE_ERROR_CODE,
  type SendResult,
  TEMPORARY_ERROR_CODES,
  WhatsAppApiError,
  WhatsAppClient,
  WhatsAppMessageInvalidError,
  WhatsAppSendError,
  WhatsAppUnreachableError,
} from '@mostrador/whatsapp';
import { Injectable } from '@nestjs/common';
import {
  messageTypeOf,
  type OutboundContent,
  outboundContentSchema,
  readableText,
  splitLongText,
} from './outbound-content.js';

export interface OutboundRequest {
  conversationId: string;
  /**
   * Idempotency key of the whole request (a turn: its last inbound message; an admin
   * message: the Idempotency-Key). Its messages are keyed `${key}:0`, `${key}:1`, …: the
   * same request again records nothing new and sends nothing twice.
   */
  key: string;
  contents: OutboundContent[];
}

export interface OutboundReceipt {
  /** False when this request was recorded before: the messages are the ones recorded then. */
  isNew: boolean;
  /** Each message as it stands after this call's delivery attempts, in order. */
  messages: OutboundRecord[];
}

/** What an attempt made of a message. */
type Delivered = Pick<OutboundRecord, 'status' | 'waMessageId' | 'error'>;

/** Messages one delivery sends at most before giving the conversation back (the sweeper continues). */
const MAX_SENDS_PER_DELIVERY = 50;
/** wamids remembered as recorded sent here (the oldest forgotten first). */
const RECENTLY_SENT_KEPT = 10_000;
/** Conversations the sweeper delivers at once. */
const SWEEP_CONCURRENCY = 4;
/** Conversations one sweep looks at. */
const SWEEP_LIMIT = 200;

/** Code -1: the message could never be sent (not valid for WhatsApp); nothing Meta said. */
const INVALID_MESSAGE_CODE = -1;

/** The circuit breaker every call to the Cloud API goes through. */
export const WHATSAPP_BREAKER = 'whatsapp';

/**
 * What says the Cloud API itself is failing (and counts toward opening its breaker): no
 * answer, a 5xx, Meta's temporary codes. Throttling and the message's own errors (131047,
 * 131026, a bad parameter…) are answers from a working API: they do not count.
 */
function cloudApiIsFailing(error: unknown): boolean {
  if (error instanceof WhatsAppUnreachableError) return true;
  return error instanceof WhatsAppApiError && (error.httpStatus >= 500 || TEMPORARY_ERROR_CODES.includes(error.code));
}

/**
 * The one way Mostrador sends a message (turn replies, the shop's manual messages, later
 * notifications): record it in the outbox, then deliver the conversation's queue in order.
 * A failure worth another try (Meta 5xx, throttling, the network) is retried with backoff by
 * the sweeper for SEND_RETRY_WINDOW_MINUTES; a terminal one (131047, 131026, an invalid
 * message…) stays `failed` with Meta's code. Each message is sent by one sender at a time;
 * one whose send is in doubt (a timeout, a crash mid-request) waits for Meta's status (found
 * by its callback data) before it is tried again, so it is not delivered twice.
 *
 * Every call goes through the `whatsapp` circuit breaker. While it is open nothing is taken
 * from the outbox: each message keeps its place, its attempt count and Meta's last answer, and
 * the sweeper delivers once the breaker lets its probe through (BREAKER_RESET_MS after it opened).
 */
@Injectable()
export class OutboundService {
  /** wamids this process recorded as `sent` (finish_outbound applied it), newest last. */
  private readonly recentlySent = new Set<string>();

  constructor(
    private readonly config: AppConfig,
    private readonly store: OutboxStore,
    private readonly whatsapp: WhatsAppClient,
    private readonly breakers: BreakerRegistry,
    private readonly logger: AppLogger,
  ) {}

  /** Records the request's messages (all or none), then delivers what is due in the conversation. */
  async send(request: OutboundRequest): Promise<OutboundReceipt> {
    const recorded = await this.record(request);
    const delivered = await this.deliver(request.conversationId);
    return {
      isNew: recorded.isNew,
      messages: recorded.messages.map((message) => ({ ...message, ...delivered.get(message.messageId) })),
    };
  }

  /** Records the request's messages in the outbox (all or none), to be delivered by `deliver` or the sweeper. */
  record(request: OutboundRequest): Promise<OutboundReceipt> {
    return this.store.enqueueOutbound({ conversationId: request.conversationId, ...this.entry(request) });
  }

  /**
   * What the outbox records for a request (long texts split as WhatsApp requires), for a
   * caller that records it together with its own writes (a turn's end, in one transaction).
   */
  entry(request: Omit<OutboundRequest, 'conversationId'>): Omit<EnqueueOutboundInput, 'conversationId'> {
    return {
      key: request.key,
      drafts: request.contents.flatMap(splitLongText).map((content) => ({
        type: messageTypeOf(content),
        text: readableText(content),
        payload: content,
      })),
      retryWindowSeconds: this.config.conversation.send.retryWindowSeconds,
    };
  }

  /**
   * How long a sender holds a message it takes, for a caller that takes the first one in its
   * own transaction (a turn's end) and hands it to `deliver`; undefined while the WhatsApp
   * breaker is open (nothing is taken then).
   */
  takeLeaseSeconds(): number | undefined {
    if (this.breakers.openFor(WHATSAPP_BREAKER) !== undefined) return undefined;
    return this.config.conversation.send.leaseSeconds;
  }

  /**
   * Sends the conversation's due messages, oldest first, until one must wait (a retry later,
   * another sender's attempt) or none is left. Returns what each attempt made of its message.
   * `taken`: what the caller already took from the outbox for it (`takeLeaseSeconds`), the first
   * to send.
   */
  async deliver(conversationId: string, taken?: TakeOutboundResult): Promise<Map<string, Delivered>> {
    const outcomes = new Map<string, Delivered>();
    const { leaseSeconds } = this.config.conversation.send;
    let next = taken;
    for (let sent = 0; sent < MAX_SENDS_PER_DELIVERY; sent++) {
      if (next === undefined) {
        if (this.breakers.openFor(WHATSAPP_BREAKER) !== undefined) break;
        next = await this.store.takeOutbound({ conversationId, leaseSeconds });
      }
      if (next.kind !== 'send') break;
      const { send } = next;
      next = undefined;
      const result = await LogContext.run({ conversationId }, () => this.attempt(send));
      const finished = await this.store.finishOutbound({
        messageId: send.message.id,
        attempt: send.attempt,
        result,
      });
      this.report(send, result, finished.applied);
      if (result.outcome === 'sent' && result.waMessageId !== null && finished.applied && finished.status === 'sent') {
        this.rememberSent(result.waMessageId);
      }
      outcomes.set(send.message.id, {
        status: finished.status,
        waMessageId: result.outcome === 'sent' ? result.waMessageId : null,
        error: result.outcome === 'sent' ? null : result.error,
      });
      if (result.outcome === 'retry' || !finished.more) break;
    }
    return outcomes;
  }

  /**
   * Whether this process recorded the message as sent: Meta's own `sent` status for it then
   * changes nothing (statuses only move forward), and the webhook spares the database the
   * call. False for anything else — sent by another instance, forgotten, or never seen — which
   * goes to the database as every status does.
   */
  recordedSent(waMessageId: string): boolean {
    return this.recentlySent.has(waMessageId);
  }

  private rememberSent(waMessageId: string): void {
    this.recentlySent.add(waMessageId);
    if (this.recentlySent.size > RECENTLY_SENT_KEPT) {
      this.recentlySent.delete(this.recentlySent.values().next().value!);
    }
  }

  /**
   * Marks a received message read and shows "typing…" (a courtesy: a failure is logged, never
   * thrown, and nothing is tried while the WhatsApp breaker is open).
   */
  async markRead(waMessageId: string, phoneNumberId: string): Promise<void> {
    try {
      await this.breakers.run(
        WHATSAPP_BREAKER,
        (signal) => this.whatsapp.markAsRead(waMessageId, { typingIndicator: true, phoneNumberId, signal }),
        { timeoutMs: this.config.conversation.send.leaseSeconds * 750, countsAsFailure: cloudApiIsFailing },
      );
    } catch (error) {
      this.event('warn', 'read receipt not sent', { outcome: 'failed', error: (error as Error).message });
    }
  }

  /** The sweeper's part: every conversation with a message due, a few at a time. Resolves with how many. */
  async deliverDue(): Promise<number> {
    if (this.breakers.openFor(WHATSAPP_BREAKER) !== undefined) return 0;
    const due = await this.store.findDueOutbound(SWEEP_LIMIT);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const conversationId = due[next++];
        await this.deliver(conversationId).catch((error: unknown) =>
          this.event('warn', 'delivery failed; the next sweep tries again', {
            outcome: 'error',
            conversationId,
            error: (error as Error).message,
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, due.length) }, worker));
    return due.length;
  }

  /** One attempt at one message: what became of it. Never throws for a failed send. */
  private async attempt(send: OutboundSend): Promise<OutboundOutcome> {
    const parsed = outboundContentSchema.safeParse(send.message.payload);
    if (!parsed.success) {
      return failed(INVALID_MESSAGE_CODE, 'Recorded message cannot be sent', parsed.error.message);
    }
    const leaseMs = this.config.conversation.send.leaseSeconds * 1000;
    let result: SendResult;
    try {
      result = await this.breakers.run(WHATSAPP_BREAKER, (signal) => this.sendContent(parsed.data, send, signal), {
        // The whole attempt, retries included, ends well inside its lease: no one else takes
        // the message while it may still be on its way.
        timeoutMs: leaseMs * 0.75,
        countsAsFailure: cloudApiIsFailing,
      });
    } catch (error) {
      if (error instanceof CallRefusedError) {
        // Never sent: another sender's probe is under way (half-open), or the quota is spent.
        // It keeps Meta's last answer and waits its turn.
        const error_ = send.message.error ?? { code: 0, title: 'Cloud API unavailable', details: error.message };
        return { outcome: 'retry', retryAt: new Date(Date.now() + Math.max(1000, error.retryAfterMs)), error: error_ };
      }
      if (error instanceof BreakerTimeoutError) {
        // Stopped mid-request: Meta may have it. Not before the lease's end, when its status has had time to say so.
        return this.retryLater(
          send,
          { code: 0, title: 'Cloud API did not answer in time', details: error.message },
          leaseMs,
        );
      }
      if (error instanceof WhatsAppMessageInvalidError) {
        return failed(INVALID_MESSAGE_CODE, 'Message not valid for WhatsApp', error.problems);
      }
      if (!(error instanceof WhatsAppSendError)) {
        return this.retryLater(send, { code: 0, title: 'Send failed', details: (error as Error).message }, 0);
      }
      if (error.inDoubt) {
        // Meta may have it: not before the lease's end, by when its status has had time to say so.
        return this.retryLater(send, error.messageError, leaseMs);
      }
      if (!error.retryable) return { outcome: 'failed', error: error.messageError };
      const pairRate = error instanceof WhatsAppApiError && error.code === PAIR_RATE_ERROR_CODE;
      return this.retryLater(send, error.messageError, pairRate ? this.config.whatsapp.retry.pairRateMs : 0);
    }
    if (result.status === 'not-sent') {
      return failed(OUTSIDE_WINDOW_ERROR_CODE, 'Outside the 24-hour window and no template configured');
    }
    const [first] = result.messages;
    return { outcome: 'sent', waMessageId: first.wamid, type: first.type };
  }

  private sendContent(content: OutboundContent, send: OutboundSend, signal: AbortSignal): Promise<SendResult> {
    const recipient = {
      to: send.to,
      phoneNumberId: send.phoneNumberId,
      callbackData: send.message.id,
      signal,
    };
    const freeForm = { ...recipient, lastInboundAt: send.lastInboundAt };
    switch (content.kind) {
      case 'text':
        return this.whatsapp.sendText({ ...freeForm, text: content.text });
      case 'buttons':
        return this.whatsapp.sendButtons({ ...freeForm, body: content.body, buttons: content.buttons });
      case 'list':
        return this.whatsapp.sendList({
          ...freeForm,
          body: content.body,
          button: content.button,
          sections: [{ rows: content.rows }],
        });
      case 'template':
        return this.whatsapp.sendTemplate({
          ...recipient,
          name: content.name,
          language: content.language,
          components: content.components,
        });
    }
  }

  /** Exponential backoff with full jitter from SEND_RETRY_BASE_MS, at least `minDelayMs`. */
  private retryLater(send: OutboundSend, error: MessageError, minDelayMs: number): OutboundOutcome {
    const policy = { attempts: Number.POSITIVE_INFINITY, ...this.config.conversation.send.retry };
    const delayMs = Math.max(minDelayMs, backoffDelay(policy, send.attempt));
    return { outcome: 'retry', retryAt: new Date(Date.now() + delayMs), error };
  }

  private report(send: OutboundSend, result: OutboundOutcome, applied: boolean): void {
    const fields = {
      messageId: send.message.id,
      type: send.message.type,
      attempt: send.attempt,
      to: send.to,
      applied,
    };
    switch (result.outcome) {
      case 'sent':
        this.event('info', `message sent (attempt ${send.attempt})`, {
          ...fields,
          outcome: 'sent',
          wamid: result.waMessageId,
        });
        break;
      case 'retry':
        this.event('warn', `message not sent yet: ${result.error.code} ${result.error.title}; trying again`, {
          ...fields,
          outcome: 'retry',
          retryAt: result.retryAt.toISOString(),
          ...result.error,
        });
        break;
      case 'failed':
        this.event('error', `message not sent: ${result.error.code} ${result.error.title}`, {
          ...fields,
          outcome: 'failed',
          ...result.error,
        });
        break;
    }
  }

  private event(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.logger.logEvent(level, message, { event: 'outbound', context: 'Outbound', ...fields });
  }
}

function failed(code: number, title: string, details: string | null = null): OutboundOutcome {
  return { outcome: 'failed', error: { code, title, details } };
}
