import { randomUUID } from 'node:crypto';
import { AppConfig } from '@mostrador/config';
import { type StoredMessage, type TakeOutboundResult, type TurnContext, TurnStore } from '@mostrador/database';
import { AppLogger, LogContext } from '@mostrador/logging';
import { Injectable } from '@nestjs/common';
import { AssistantEngine } from '../assistant/assistant-engine.js';
import { ConversationSummarizer } from '../llm/conversation-summarizer.js';
import { OutboundService } from '../outbound/outbound.service.js';
import { type TurnDeferral, TurnRunner } from './turn-runner.js';

/** What a new conversation takes from the previous one's engine state: what was shown and asked, nothing in progress. */
const CARRIED_STATE = ['shown', 'product', 'query'] as const;

/**
 * One turn of a conversation: take it (one turn at a time, across instances, kept alive by a
 * heartbeat while it runs), read what the customer wrote, let the assistant answer, then hand
 * the reply to the outbox, remember and mark the messages answered in one transaction. The
 * reply is recorded under a key made from the last message it answers, all its parts at once:
 * a turn run again after a crash finds it recorded and sends nothing new, and the outbox never
 * sends a recorded message twice.
 */
@Injectable()
export class TurnService extends TurnRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly store: TurnStore,
    private readonly outbound: OutboundService,
    private readonly assistant: AssistantEngine,
    private readonly summarizer: ConversationSummarizer,
    private readonly logger: AppLogger,
  ) {
    super();
  }

  runTurn(conversationId: string): Promise<TurnDeferral | undefined> {
    return LogContext.run({ conversationId }, () => this.run(conversationId));
  }

  private async run(conversationId: string): Promise<TurnDeferral | undefined> {
    const settings = this.config.conversation;
    const claimToken = randomUUID();
    // A claim that takes messages reads the turn's context with them: a turn run again claims
    // again, so its context is never older than its messages.
    const claim = await this.store.claimUnanswered({
      conversationId,
      claimToken,
      leaseSeconds: settings.leaseSeconds,
      maxAgeSeconds: settings.answerMaxAgeHours * 3600,
      // The quiet window and maximum wait hold across instances too: a burst whose messages
      // landed on several instances is answered once, by the claim after its last message.
      quietMs: settings.coalesceMs,
      maxWaitMs: settings.maxWaitMs,
      // Enough history for the model's verbatim window and the summary's next fold; none for
      // an assistant that reads none (the summary is the model's: without one, nothing folds).
      contextMessages: this.assistant.readsHistory
        ? Math.max(settings.historyMessages, this.config.llm.historyMessages + 8)
        : 0,
    });
    if (claim.waitUntil) {
      this.event('debug', 'turn deferred: a newer message is inside its quiet window', {
        outcome: 'deferred',
        retryAt: claim.waitUntil.toISOString(),
      });
      return { reason: 'quiet-window', retryAt: claim.waitUntil };
    }
    if (!claim.claimed) {
      // The holder may have claimed before the message that scheduled this turn arrived: try
      // again once it has renewed its claim (every third of the lease) or, if it died, soon after.
      const retryAt = new Date(Date.now() + (settings.leaseSeconds * 1000) / 3);
      this.event('debug', 'turn deferred: another turn holds the conversation', {
        outcome: 'claimed-elsewhere',
        retryAt: retryAt.toISOString(),
      });
      return { reason: 'busy', retryAt };
    }
    if (claim.messages.length === 0) {
      await this.store.releaseClaim(conversationId, claimToken);
      return;
    }
    const started = performance.now();
    // From the oldest message answered (quiet window and queue included) to now.
    const queueWaitMs = Date.now() - Math.min(...claim.messages.map((m) => m.createdAt.getTime()));
    const heartbeat = this.keepClaimed(conversationId, claimToken);
    let context: TurnContext | undefined;
    let taken: TakeOutboundResult | undefined;
    try {
      const messageIds = claim.messages.map((m) => m.id);
      const answered = await this.answer(conversationId, claimToken, claim.messages, claim.context ?? null);
      const { outcome, engineMs } = answered;
      context = answered.context;
      taken = answered.taken;
      // A turn that wrote nothing else (silent, skipped) still marks what it read.
      if (!answered.completed) await this.store.markAnswered({ conversationId, claimToken, messageIds });
      this.event('info', `turn ${outcome}`, {
        outcome,
        messages: claim.messages.length,
        messageIds: claim.messages.map((m) => m.id),
        waMessageIds: claim.messages.map((m) => m.waMessageId),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        engineMs,
        queueWaitMs,
      });
    } catch (error) {
      // The messages stay unanswered; the claim goes so the sweeper can try again soon.
      await this.store.releaseClaim(conversationId, claimToken).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
    // After the claim is released: the next turn need not wait for the send, and the outbox
    // keeps the order of the conversation's messages whoever sends them.
    await this.outbound.deliver(conversationId, taken);
    // Off the customer's path: the reply has gone out.
    if (context) {
      await this.summarizer.fold(context).catch((error: unknown) =>
        this.event('warn', 'conversation summary not updated', {
          outcome: 'failed',
          error: (error as Error).message,
        }),
      );
    }
  }

  /**
   * Renews the claim every third of its lease while the turn runs, so a short lease is safe
   * for a slow turn and a dead worker's turn is retaken soon after it stops renewing.
   */
  private keepClaimed(conversationId: string, claimToken: string): NodeJS.Timeout {
    const { leaseSeconds } = this.config.conversation;
    const timer = setInterval(
      () => {
        this.store.renewClaim(conversationId, claimToken, leaseSeconds).then(
          (renewed) => {
            if (!renewed) this.event('warn', 'turn lost its claim (lease over)', { outcome: 'claim-lost' });
          },
          (error: unknown) =>
            this.event('warn', 'claim not renewed', { outcome: 'renew-failed', error: (error as Error).message }),
        );
      },
      (leaseSeconds * 1000) / 3,
    );
    timer.unref();
    return timer;
  }

  /**
   * Answers the claimed messages with the context read by the claim; says what it did (and how
   * long the assistant took), whether it completed the turn (reply, memory and answered
   * messages written at once) and what it took from the outbox to send first.
   */
  private async answer(
    conversationId: string,
    claimToken: string,
    messages: StoredMessage[],
    loaded: TurnContext | null,
  ): Promise<{
    outcome: string;
    engineMs?: number;
    context?: TurnContext;
    completed?: boolean;
    taken?: TakeOutboundResult;
  }> {
    const last = messages[messages.length - 1];
    if (!loaded) return { outcome: 'skipped: conversation gone' };
    if (loaded.conversation.status === 'handoff') return { outcome: 'silent: a person is handling this conversation' };
    const context = await this.withPreviousProducts(loaded);

    if (last.waMessageId) void this.outbound.markRead(last.waMessageId, context.conversation.phoneNumberId);
    const engineStarted = performance.now();
    const reply = await this.assistant.respond({ context, messages });
    const engineMs = Math.round((performance.now() - engineStarted) * 100) / 100;
    if (context.customer.optedOut && reply.action !== 'opt_in') {
      // Silent, but a request to delete their data still reaches the shop.
      if (reply.intent === 'erasure_request') await this.recordErasureRequest(context.customer.id);
      return { outcome: 'silent: customer opted out' };
    }

    if (reply.action === 'opt_in') await this.store.setOptedOut(context.customer.id, false);
    // Engines say why a turn hands off under `handoffReason` in their state (a complaint's reason,
    // `requested`, or the model's words); without one, the intent says it.
    const { handoffReason: said, ...engineState } = reply.context;
    const handoffReason = typeof said === 'string' && said.trim() !== '' ? said.trim().slice(0, 200) : reply.intent;
    switch (reply.action) {
      case 'opt_out':
        await this.store.setOptedOut(context.customer.id, true);
        if (reply.intent === 'erasure_request') await this.recordErasureRequest(context.customer.id);
        break;
      case 'handoff':
        await this.store.setConversationStatus(conversationId, 'handoff');
        this.event('info', 'conversation handed to a person', { outcome: 'handoff', reason: handoffReason });
        break;
      case 'opt_in':
      case undefined:
        break;
    }
    // The customer the verified webhook named: an engine cannot point a fact at anyone else.
    for (const [key, value] of Object.entries(reply.facts ?? {})) {
      await this.store.rememberFact(context.customer.id, key, value);
    }
    // Why it went to a person stays with the conversation's memory, where the shop reads it
    // (GET /admin/customers/{id}); the engine state keeps no trace of the signal.
    const handoff = reply.action === 'handoff' && {
      facts: { ...context.memory.facts, handoff_reason: handoffReason, handoff_at: new Date().toISOString() },
    };
    const completed = await this.store.completeTurn({
      conversationId,
      claimToken,
      messageIds: messages.map((m) => m.id),
      reply: reply.parts.length > 0 ? this.outbound.entry({ key: last.id, contents: reply.parts }) : undefined,
      memory: { lastIntent: reply.intent, context: engineState, ...handoff },
      takeLeaseSeconds: this.outbound.takeLeaseSeconds(),
    });
    if (completed.reply && !completed.reply.isNew) {
      this.event('warn', 'reply already recorded by an earlier attempt: not sent again', {
        outcome: 'not-resent',
        statuses: completed.reply.messages.map((m) => m.status),
      });
    }
    return { outcome: `answered (${reply.intent})`, engineMs, context, completed: true, taken: completed.take };
  }

  /**
   * A conversation's first turn knows what the customer's previous conversation showed them (it
   * closed after idle hours, or the shop closed it): "¿y en café?" the next day is about those
   * products. Only what was shown and asked carries over; an order in progress does not.
   */
  private async withPreviousProducts(context: TurnContext): Promise<TurnContext> {
    if (context.memory.updatedAt !== null) return context;
    const previous = await this.store.getPreviousMemory(context.conversation.id);
    if (!previous) return context;
    const carried = Object.fromEntries(
      CARRIED_STATE.filter((key) => previous.context[key] !== undefined).map((key) => [key, previous.context[key]]),
    );
    if (Object.keys(carried).length === 0) return context;
    return { ...context, memory: { ...context.memory, context: { ...carried, ...context.memory.context } } };
  }

  /** The shop is told; nothing is erased until a person there decides (DELETE /admin/customers/{id}). */
  private async recordErasureRequest(customerId: string): Promise<void> {
    await this.store.requestErasure(customerId);
    this.event('info', 'customer asked to delete their data: recorded for the shop', { outcome: 'erasure-requested' });
  }

  private event(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.logger.logEvent(level, message, { event: 'turn', context: 'Turn', ...fields });
  }
}
