import { randomUUID } from 'node:crypto';
import { AppConfig } from '@mostrador/config';
import { ConversationStore, type MessageError, type StoredMessage, type TurnContext } from '@mostrador/database';
import { AppLogger, LogContext } from '@mostrador/logging';
import {
  OUTSIDE_WINDOW_ERROR_CODE,
  splitMessageText,
  WhatsAppClient,
  WhatsAppMessageInvalidError,
  WhatsAppSendError,
  type SendResult,
} from '@mostrador/whatsapp';
import { Injectable } from '@nestjs/common';
import { AssistantEngine, type AssistantReply, type ReplyPart } from '../assistant/assistant-engine.js';
import { TurnRunner } from './turn-runner.js';

/**
 * One turn of a conversation: take it (one turn at a time, across instances), read what
 * the customer wrote, let the assistant answer, send, remember. Each message of the reply is
 * recorded before it is sent, under a key derived from the messages it answers: a turn run
 * again after a crash finds the record and does not send it a second time.
 */
@Injectable()
export class TurnService extends TurnRunner {
  constructor(
    private readonly config: AppConfig,
    private readonly store: ConversationStore,
    private readonly whatsapp: WhatsAppClient,
    private readonly assistant: AssistantEngine,
    private readonly logger: AppLogger,
  ) {
    super();
  }

  runTurn(conversationId: string): Promise<void> {
    return LogContext.run({ conversationId }, () => this.run(conversationId));
  }

  private async run(conversationId: string): Promise<void> {
    const settings = this.config.conversation;
    const claimToken = randomUUID();
    const claim = await this.store.claimUnanswered({
      conversationId,
      claimToken,
      leaseSeconds: settings.leaseSeconds,
      maxAgeSeconds: settings.answerMaxAgeHours * 3600,
    });
    if (!claim.claimed) {
      this.event('debug', 'turn skipped: another turn holds the conversation', { outcome: 'claimed-elsewhere' });
      return;
    }
    if (claim.messages.length === 0) {
      await this.store.releaseClaim(conversationId, claimToken);
      return;
    }
    const started = performance.now();
    try {
      const { outcome, engineMs } = await this.answer(conversationId, claim.messages);
      await this.store.markAnswered({ conversationId, claimToken, messageIds: claim.messages.map((m) => m.id) });
      this.event('info', `turn ${outcome}`, {
        outcome,
        messages: claim.messages.length,
        messageIds: claim.messages.map((m) => m.id),
        waMessageIds: claim.messages.map((m) => m.waMessageId),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        engineMs,
      });
    } catch (error) {
      // The messages stay unanswered; the claim goes so the sweeper can try again soon.
      await this.store.releaseClaim(conversationId, claimToken).catch(() => undefined);
      throw error;
    }
  }

  /** Answers the claimed messages; says what it did (and how long the assistant took). */
  private async answer(
    conversationId: string,
    messages: StoredMessage[],
  ): Promise<{ outcome: string; engineMs?: number }> {
    const context = await this.store.getTurnContext(conversationId, this.config.conversation.historyMessages);
    if (!context) return { outcome: 'skipped: conversation gone' };
    const last = messages[messages.length - 1];
    if (context.conversation.status === 'handoff') return { outcome: 'silent: a person is handling this conversation' };

    if (last.waMessageId) void this.markRead(last.waMessageId, context);
    const engineStarted = performance.now();
    const reply = await this.assistant.respond({ context, messages });
    const engineMs = Math.round((performance.now() - engineStarted) * 100) / 100;
    if (context.customer.optedOut && reply.action !== 'opt_in') return { outcome: 'silent: customer opted out' };

    if (reply.action === 'opt_in') await this.store.setOptedOut(context.customer.id, false);
    await this.send(context, last, reply);
    switch (reply.action) {
      case 'opt_out':
        await this.store.setOptedOut(context.customer.id, true);
        break;
      case 'handoff':
        await this.store.setConversationStatus(conversationId, 'handoff');
        break;
      case 'opt_in':
      case undefined:
        break;
    }
    await this.store.saveMemory({ conversationId, lastIntent: reply.intent, context: reply.context });
    return { outcome: `answered (${reply.intent})`, engineMs };
  }

  private async send(context: TurnContext, last: StoredMessage, reply: AssistantReply): Promise<void> {
    const to = context.customer.phoneNumber ?? context.customer.userId;
    if (!to) throw new Error(`customer ${context.customer.id} has neither a phone number nor a user id`);
    const outgoing = reply.parts.flatMap(splitLongText);
    for (const [index, part] of outgoing.entries()) {
      const intentKey = `${last.id}:${index}`;
      const intent = await this.store.recordOutboundMessage({
        conversationId: context.conversation.id,
        intentKey,
        type: part.kind === 'text' ? 'text' : 'interactive',
        text: part.kind === 'text' ? part.text : part.body,
        payload: part,
        status: 'queued',
      });
      if (!intent.isNew) {
        // Recorded by an earlier run of this turn: it may have gone out. Never twice.
        this.event('warn', 'reply already recorded by an earlier attempt: not sent again', {
          outcome: 'not-resent',
          intentKey,
          status: intent.status,
        });
        continue;
      }
      const result = await this.deliver(to, context, part, intentKey);
      await this.store.recordOutboundMessage({
        conversationId: context.conversation.id,
        intentKey,
        type: result.type,
        text: part.kind === 'text' ? part.text : part.body,
        payload: result.payload ?? part,
        status: result.error ? 'failed' : 'sent',
        waMessageId: result.wamid ?? null,
        error: result.error ?? null,
      });
    }
  }

  private async deliver(
    to: string,
    context: TurnContext,
    part: ReplyPart,
    intentKey: string,
  ): Promise<{ type: string; wamid?: string; payload?: unknown; error?: MessageError }> {
    const common = {
      to,
      phoneNumberId: context.conversation.phoneNumberId,
      lastInboundAt: context.conversation.lastInboundAt,
    };
    let result: SendResult;
    try {
      switch (part.kind) {
        case 'text':
          result = await this.whatsapp.sendText({ ...common, text: part.text });
          break;
        case 'buttons':
          result = await this.whatsapp.sendButtons({ ...common, body: part.body, buttons: part.buttons });
          break;
        case 'list':
          result = await this.whatsapp.sendList({
            ...common,
            body: part.body,
            button: part.button,
            sections: [{ rows: part.rows }],
          });
          break;
      }
    } catch (error) {
      const failure = sendFailure(error);
      if (!failure) throw error;
      this.event('error', `reply not sent: ${failure.code} ${failure.title}`, {
        outcome: 'failed',
        intentKey,
        ...failure,
      });
      return { type: part.kind === 'text' ? 'text' : 'interactive', error: failure };
    }
    if (result.status === 'not-sent') {
      return {
        type: part.kind === 'text' ? 'text' : 'interactive',
        error: {
          code: OUTSIDE_WINDOW_ERROR_CODE,
          title: 'Outside the 24-hour window and no template configured',
          details: null,
        },
      };
    }
    const sent = result.messages[0];
    return { type: sent.type, wamid: sent.wamid, payload: sent.payload };
  }

  private async markRead(waMessageId: string, context: TurnContext): Promise<void> {
    try {
      await this.whatsapp.markAsRead(waMessageId, {
        typingIndicator: true,
        phoneNumberId: context.conversation.phoneNumberId,
      });
    } catch (error) {
      this.event('warn', 'read receipt not sent', { outcome: 'failed', error: (error as Error).message });
    }
  }

  private event(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.logger.logEvent(level, message, { event: 'turn', context: 'Turn', ...fields });
  }
}

/** What to record on a reply that could not be sent; undefined for an error that is not about sending. */
function sendFailure(error: unknown): MessageError | undefined {
  if (error instanceof WhatsAppSendError) return error.messageError;
  if (error instanceof WhatsAppMessageInvalidError) {
    return { code: -1, title: 'Reply not valid for WhatsApp', details: error.problems };
  }
  return undefined;
}

/** Long texts become several messages, each its own record (and its own idempotency key). */
function splitLongText(part: ReplyPart): ReplyPart[] {
  if (part.kind !== 'text') return [part];
  return splitMessageText(part.text).map((text) => ({ kind: 'text', text }));
}
