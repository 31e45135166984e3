import { createHash } from 'node:crypto';
import { OutboundService, TurnScheduler } from '@mostrador/conversation';
import {
  InboundStore,
  type InboundMessageResult,
  type StatusUpdateResult,
  StoreUnavailableError,
} from '@mostrador/database';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { BreakerOpenError, BreakerRegistry, BreakerTimeoutError, RateLimiter } from '@mostrador/rate-limit';
import { readWebhookEvents, type InboundMessage, type WebhookPayload } from '@mostrador/whatsapp';
import { secretEqual } from '@mostrador/http';
import { ForbiddenException, Injectable, ServiceUnavailableException } from '@nestjs/common';

/** What one webhook POST changed (Meta only needs the 200; tests and logs read this). */
export interface WebhookReceipt {
  /**
   * `duplicates`: stored before (a Meta retry). `erased`: their sender was erased since.
   * `refused`: the database refused to store them (logged); the rest of the batch is stored.
   * `rateLimited`: stored (status `rate_limited`) but over the customer's per-phone limit: no answer.
   */
  messages: {
    received: number;
    stored: number;
    duplicates: number;
    erased: number;
    refused: number;
    rateLimited: number;
  };
  statuses: { received: number; applied: number; ignored: number; refused: number };
  errors: number;
}

export interface VerificationQuery {
  'hub.mode': string;
  'hub.verify_token': string;
  'hub.challenge': string;
}

/**
 * The door every customer message comes through. Each message is stored once (its wamid is
 * the key: a Meta retry stores nothing new and schedules nothing), each status is applied
 * (monotonically, by the store), and only then does Meta get its 200. If the database
 * cannot be reached, Meta gets a 503 and retries later: nothing is lost. Each message and
 * status is stored or refused on its own: one the database refuses (logged) never keeps the
 * rest of its batch from being stored.
 */
@Injectable()
export class WhatsAppWebhookService {
  constructor(
    private readonly config: AppConfig,
    private readonly store: InboundStore,
    private readonly turns: TurnScheduler,
    private readonly limiter: RateLimiter,
    private readonly breakers: BreakerRegistry,
    private readonly outbound: OutboundService,
    private readonly logger: AppLogger,
  ) {}

  /** Meta's subscription check: echo the challenge when the verify token matches. */
  verify(query: VerificationQuery, ip: string): string {
    if (query['hub.mode'] === 'subscribe' && secretEqual(query['hub.verify_token'], this.config.whatsapp.verifyToken)) {
      this.logger.log('webhook verified by Meta', 'Webhook');
      return query['hub.challenge'];
    }
    this.logger.logSecurityEvent({
      event: 'webhook_verification_rejected',
      reason: query['hub.mode'] === 'subscribe' ? 'wrong verify token' : `unexpected hub.mode ${query['hub.mode']}`,
      ip,
      route: '/webhooks/whatsapp',
    });
    throw new ForbiddenException('Webhook verification failed');
  }

  async receive(payload: WebhookPayload): Promise<WebhookReceipt> {
    const events = readWebhookEvents(payload);
    const receipt: WebhookReceipt = {
      messages: { received: events.messages.length, stored: 0, duplicates: 0, erased: 0, refused: 0, rateLimited: 0 },
      statuses: { received: events.statuses.length, applied: 0, ignored: 0, refused: 0 },
      errors: events.errors.length,
    };
    for (const error of events.errors) {
      this.logger.logEvent('warn', `WhatsApp reported error ${error.code}: ${error.title}`, {
        event: 'whatsapp_webhook_error',
        context: 'Webhook',
        ...error,
      });
    }
    for (const skipped of events.skipped) {
      this.logger.logEvent('debug', `webhook ${skipped.kind} ${skipped.name} not handled`, {
        event: 'whatsapp_webhook_skipped',
        context: 'Webhook',
        ...skipped,
      });
    }

    for (const message of events.messages) {
      // Counted before it is stored, so an over-limit message is stored as such: nothing is lost.
      const sender = customerKey(message);
      const limit = await this.limiter.check('phone', sender);
      const status = limit.allowed ? 'received' : 'rate_limited';
      const result = await this.persist(() => this.store.recordInboundMessage({ ...message, status }), {
        kind: 'message',
        waMessageId: message.waMessageId,
      });
      // A retry of a stored message, or one nobody will answer, is not a new message of theirs.
      if (limit.token !== undefined && (result === undefined || result.erased || !result.isNew)) {
        await this.limiter.release('phone', sender, limit.token);
      }
      this.counted(message.type, stateOf(result, limit.allowed));
      if (result === undefined) {
        receipt.messages.refused += 1;
        continue;
      }
      if (result.erased) {
        receipt.messages.erased += 1;
        continue;
      }
      if (result.conversationOpened) {
        this.logger.logConversationStart({
          conversationId: result.conversationId,
          customer: message.customer.phoneNumber ?? message.customer.userId ?? 'unknown',
          phoneNumberId: message.phoneNumberId,
        });
      }
      if (!result.isNew) {
        receipt.messages.duplicates += 1;
        continue;
      }
      receipt.messages.stored += 1;
      if (!limit.allowed) {
        receipt.messages.rateLimited += 1;
        await this.noticeOverLimit(sender, result.conversationId, result.messageId);
        continue;
      }
      this.schedule(result.conversationId);
    }
    for (const status of events.statuses) {
      // Meta's `sent` for a message this process recorded as sent would change nothing (statuses
      // only move forward): one of the three statuses of every reply spares its round trip.
      const result =
        status.status === 'sent' && this.outbound.recordedSent(status.waMessageId)
          ? ALREADY_SENT
          : await this.persist(
              () =>
                this.store.updateMessageStatus({
                  waMessageId: status.waMessageId,
                  status: status.status,
                  timestamp: status.timestamp,
                  error: status.error,
                  callbackData: status.callbackData,
                }),
              { kind: 'status', waMessageId: status.waMessageId },
            );
      this.logger.logEvent('debug', `status ${status.status}`, {
        event: 'whatsapp_status',
        context: 'Webhook',
        status: status.status,
        code: status.error?.code,
      });
      if (result === undefined) receipt.statuses.refused += 1;
      else if (result.applied) receipt.statuses.applied += 1;
      else receipt.statuses.ignored += 1;
      if (status.status === 'failed' && status.error !== null) {
        this.logger.logEvent(
          'warn',
          `message ${status.waMessageId} failed: ${status.error.code} ${status.error.title}`,
          {
            event: 'whatsapp_delivery_failed',
            context: 'Webhook',
            waMessageId: status.waMessageId,
            known: result?.known ?? false,
            ...status.error,
          },
        );
      }
    }
    this.logger.logEvent('debug', 'webhook handled', { event: 'whatsapp_webhook', context: 'Webhook', ...receipt });
    return receipt;
  }

  /**
   * Tells a customer over their per-phone limit, at most once per window, that their messages
   * are kept but not answered now. No LLM or inventory call: a fixed text through the outbox,
   * keyed by the message, so a retried webhook never sends it twice. Failing to send it never
   * fails the webhook (the message is stored; Meta must get its 200).
   */
  private async noticeOverLimit(sender: string, conversationId: string, messageId: string): Promise<void> {
    const { windowMs } = this.config.rateLimit;
    this.logger.logEvent('info', 'message over the per-phone limit: stored, not answered', {
      event: 'rate_limit',
      context: 'Webhook',
      outcome: 'rate_limited',
      limit: 'phone',
      conversationId,
    });
    const once = await this.limiter.checkCustom('phone-notice', sender, 1, windowMs);
    if (!once.allowed) return;
    try {
      await this.outbound.record({
        conversationId,
        key: messageId,
        contents: [{ kind: 'text', text: OVER_LIMIT_NOTICE }],
      });
      void this.outbound.deliver(conversationId).catch((error: unknown) =>
        this.logger.logEvent('warn', 'over-limit notice not sent yet; the outbox tries again', {
          event: 'rate_limit',
          context: 'Webhook',
          conversationId,
          error: (error as Error).message,
        }),
      );
    } catch (error) {
      this.logger.logEvent('warn', 'over-limit notice not recorded', {
        event: 'rate_limit',
        context: 'Webhook',
        conversationId,
        error: (error as Error).message,
      });
    }
  }

  /**
   * A store call. A database that cannot be reached becomes a 503, so Meta retries the whole
   * webhook (what was stored dedupes). Anything else is about this one item: logged, and
   * `undefined`, so the rest of the batch is still stored.
   */
  private async persist<T>(
    call: () => Promise<T>,
    item: { kind: 'message' | 'status'; waMessageId: string },
  ): Promise<T | undefined> {
    try {
      // Through the database's breaker: once it has seen enough calls fail to reach the
      // database, webhooks get their 503 at once (Meta retries) instead of each waiting out
      // the store's own retries. Only an unreachable database counts, never a refused row.
      return await this.breakers.run('database', () => call(), {
        timeoutMs: DATABASE_CALL_LIMIT_MS,
        countsAsFailure: (error) => error instanceof StoreUnavailableError,
      });
    } catch (error) {
      if (error instanceof BreakerOpenError || error instanceof BreakerTimeoutError) {
        this.logger.logEvent('warn', 'webhook not stored: database breaker open or too slow, Meta will retry', {
          event: 'whatsapp_webhook',
          context: 'Webhook',
          outcome: 'retry',
          error: error.message,
        });
        // The exception filter answers its cause, the refusal, with 503 and Retry-After.
        throw new ServiceUnavailableException('Database unavailable; retry later', { cause: error });
      }
      if (error instanceof StoreUnavailableError) {
        this.logger.logEvent('warn', 'webhook not stored: database unavailable, Meta will retry', {
          event: 'whatsapp_webhook',
          context: 'Webhook',
          outcome: 'retry',
          operation: error.operation,
          attempts: error.attempts,
          error: error.message,
        });
        throw new ServiceUnavailableException('Database unavailable; retry later');
      }
      this.logger.logEvent('error', `webhook ${item.kind} refused by the database; the rest of the batch goes on`, {
        event: 'whatsapp_webhook',
        context: 'Webhook',
        outcome: 'refused',
        waMessageId: item.waMessageId,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  /** One inbound message and what became of it, as an event (the metrics count it; a debug line). */
  private counted(type: string, state: string): void {
    this.logger.logEvent('debug', `message ${type} ${state}`, {
      event: 'whatsapp_message',
      context: 'Webhook',
      type,
      status: state,
    });
  }

  /** Scheduling never fails the webhook: the message is stored, and the sweeper finds it. */
  private schedule(conversationId: string): void {
    try {
      this.turns.schedule(conversationId);
    } catch (error) {
      this.logger.error({ message: 'turn scheduling failed', conversationId, err: error }, undefined, 'Webhook');
    }
  }
}

/** What became of one inbound message, as the metrics name it. */
function stateOf(result: InboundMessageResult | undefined, allowed: boolean): string {
  if (result === undefined) return 'refused';
  if (result.erased) return 'erased';
  if (!result.isNew) return 'duplicate';
  return allowed ? 'stored' : 'rate_limited';
}

/**
 * The per-phone limit's key: the customer's number (or their business-scoped id when Meta sends
 * no number), hashed — a limit kept in a shared Redis holds no phone numbers.
 */
function customerKey(message: InboundMessage): string {
  const id = message.customer.phoneNumber ?? message.customer.userId ?? message.waMessageId;
  return createHash('sha256').update(id).digest('hex').slice(0, 24);
}

/** What the store answers a `sent` for a message already recorded as sent (or further on). */
const ALREADY_SENT: StatusUpdateResult = { known: true, applied: false, status: null };

/**
 * Longest one store call of the webhook may take before Meta gets its 503 (the store's own
 * retries fit well inside; a call past it goes on, and a retry of the webhook dedupes).
 */
const DATABASE_CALL_LIMIT_MS = 15_000;

/** Both languages the assistant speaks: the notice goes out before anything reads the message. */
const OVER_LIMIT_NOTICE =
  'Recibimos muchos mensajes tuyos en muy poco tiempo. Los guardamos, pero por ahora no puedo responderlos: escríbeme de nuevo en un minuto, por favor.\n\nWe got many messages from you in a very short time. They are saved, but I cannot answer them right now: please write again in a minute.';
