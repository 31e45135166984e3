import { describeIssues, HttpClient } from '@mostrador/http';
import type { AppLogger } from '@mostrador/logging';
import { retry } from '@mostrador/retry';
import type { z } from 'zod';
import {
  buttonsMessageSchema,
  graphErrorResponseSchema,
  listMessageSchema,
  type OutboundMessagePayload,
  readReceiptSchema,
  sendResponseSchema,
  templateMessageSchema,
  textMessageSchema,
} from './cloud-api-payload.schema.js';
import { isWithinServiceWindow } from './service-window.js';
import { splitMessageText } from './split-text.js';
import {
  PAIR_RATE_ERROR_CODE,
  type SentMessage,
  WhatsAppApiError,
  WhatsAppMessageInvalidError,
  WhatsAppSendError,
  WhatsAppUnreachableError,
} from './whatsapp-send.error.js';

export interface WhatsAppClientOptions {
  apiBaseUrl: string;
  graphVersion: string;
  accessToken: string;
  /** The business number messages are sent from, unless a send names another. */
  phoneNumberId: string;
  /** Sent instead of a free-form message outside the 24-hour window; null: send nothing. */
  outsideWindowTemplate: { name: string; language: string } | null;
  retry: { maxAttempts: number; baseMs: number; maxMs: number; pairRateMs: number };
  requestTimeoutMs: number;
}

/** Connections kept open to the Graph API (sends to many customers run at once). */
const MAX_SOCKETS = 64;

/** Seams for tests: the clock, the jitter and the wait. */
export interface WhatsAppClientHooks {
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

interface Recipient {
  /** Phone number (international, digits) or business-scoped user id. */
  to: string;
  /** Send from this business number instead of the configured one. */
  phoneNumberId?: string;
  /**
   * Sent as `biz_opaque_callback_data`: Meta echoes it in every status webhook of the
   * message, so the status can find its message even when the answer to the send was lost.
   */
  callbackData?: string;
  /** Stops the call (and its retries); a request cut short is in doubt. */
  signal?: AbortSignal;
}

/** What every free-form send needs: when the customer last wrote (`Conversation.lastInboundAt`). */
interface FreeForm extends Recipient {
  lastInboundAt: Date | null;
  /** Quote this received message (its wamid). */
  replyTo?: string;
}

export interface SendTextInput extends FreeForm {
  text: string;
  previewUrl?: boolean;
}

export interface ReplyButton {
  id: string;
  title: string;
}

export interface SendButtonsInput extends FreeForm {
  body: string;
  buttons: ReplyButton[];
  header?: string;
  footer?: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface SendListInput extends FreeForm {
  body: string;
  /** The label of the button that opens the list. */
  button: string;
  sections: { title?: string; rows: ListRow[] }[];
  header?: string;
  footer?: string;
}

export interface SendTemplateInput extends Recipient {
  name: string;
  language: string;
  components?: Record<string, unknown>[];
}

/**
 * `sent`: every part went out, in order (`via: 'template'` when the window was closed and
 * the configured template went instead). `not-sent`: the window was closed and no template
 * is configured; the log says so too.
 */
export type SendResult =
  | { status: 'sent'; via: 'free-form' | 'template'; messages: SentMessage[] }
  | { status: 'not-sent'; reason: 'outside-window' };

type Payload = OutboundMessagePayload & Record<string, unknown>;

/**
 * The WhatsApp Cloud API, for replies: text (split above 4,096 characters), reply buttons,
 * lists, templates, and read receipts with the typing indicator. Every message is checked
 * against Meta's limits before it is sent; throttling, 5xx answers and network failures are
 * retried with exponential backoff and full jitter; anything else fails at once with a typed
 * error carrying Meta's code and title.
 */
export class WhatsAppClient {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly http = new HttpClient({ maxSockets: MAX_SOCKETS });

  constructor(
    private readonly options: WhatsAppClientOptions,
    private readonly logger: AppLogger,
    private readonly hooks: WhatsAppClientHooks = {},
  ) {
    this.now = hooks.now ?? (() => new Date());
    this.random = hooks.random ?? Math.random;
  }

  /** Closes the kept connections to the Graph API. */
  onModuleDestroy(): void {
    this.http.destroy();
  }

  /** Text; above 4,096 characters, several messages cut at paragraph or sentence ends. */
  async sendText(input: SendTextInput): Promise<SendResult> {
    const parts = splitMessageText(input.text);
    if (parts.length === 0) throw new WhatsAppMessageInvalidError('text: must not be empty');
    const payloads = parts.map((body) =>
      this.check(textMessageSchema, {
        ...this.envelope(input),
        type: 'text',
        text: { body, ...(input.previewUrl !== undefined && { preview_url: input.previewUrl }) },
      }),
    );
    return this.sendFreeForm(input, payloads, parts);
  }

  /** Up to 3 reply buttons (titles up to 20 characters); a tap comes back as `button_reply`. */
  async sendButtons(input: SendButtonsInput): Promise<SendResult> {
    const payload = this.check(buttonsMessageSchema, {
      ...this.envelope(input),
      type: 'interactive',
      interactive: {
        type: 'button',
        ...this.headerAndFooter(input),
        body: { text: input.body },
        action: { buttons: input.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
      },
    });
    return this.sendFreeForm(input, [payload], [input.body]);
  }

  /** A list of up to 10 rows (titles up to 24, descriptions up to 72); a pick comes back as `list_reply`. */
  async sendList(input: SendListInput): Promise<SendResult> {
    const payload = this.check(listMessageSchema, {
      ...this.envelope(input),
      type: 'interactive',
      interactive: {
        type: 'list',
        ...this.headerAndFooter(input),
        body: { text: input.body },
        action: {
          button: input.button,
          sections: input.sections.map((s) => ({
            ...(s.title !== undefined && { title: s.title }),
            rows: s.rows.map((r) => ({
              id: r.id,
              title: r.title,
              ...(r.description !== undefined && { description: r.description }),
            })),
          })),
        },
      },
    });
    return this.sendFreeForm(input, [payload], [input.body]);
  }

  /** An approved template: the only thing that may be sent outside the 24-hour window. */
  async sendTemplate(input: SendTemplateInput): Promise<SendResult> {
    const payload = this.templatePayload(input);
    return { status: 'sent', via: 'template', messages: [await this.sendOne(input, payload, input.name)] };
  }

  /** Marks a received message (and those before it) read; shows "typing…" until the reply or 25 s. */
  async markAsRead(
    messageId: string,
    options: { typingIndicator?: boolean; phoneNumberId?: string; signal?: AbortSignal } = {},
  ): Promise<void> {
    const payload = this.check(readReceiptSchema, {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: messageId,
      ...((options.typingIndicator ?? true) && { typing_indicator: { type: 'text' } }),
    });
    // A read receipt may be sent twice without harm: every failure worth it is retried.
    await this.post(
      options.phoneNumberId,
      payload,
      { operation: 'mark_read', messageId },
      { retryInDoubt: true, signal: options.signal },
    );
  }

  private envelope(input: FreeForm | Recipient) {
    return {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: input.to,
      ...('replyTo' in input && input.replyTo !== undefined && { context: { message_id: input.replyTo } }),
      ...(input.callbackData !== undefined && { biz_opaque_callback_data: input.callbackData }),
    };
  }

  private headerAndFooter(input: { header?: string; footer?: string }) {
    return {
      ...(input.header !== undefined && { header: { type: 'text', text: input.header } }),
      ...(input.footer !== undefined && { footer: { text: input.footer } }),
    };
  }

  private templatePayload(input: SendTemplateInput): Payload {
    return this.check(templateMessageSchema, {
      ...this.envelope(input),
      type: 'template',
      template: {
        name: input.name,
        language: { code: input.language },
        ...(input.components !== undefined && { components: input.components }),
      },
    });
  }

  private check<S extends z.ZodType>(schema: S, payload: unknown): Payload {
    const result = schema.safeParse(payload);
    if (!result.success) throw new WhatsAppMessageInvalidError(describeIssues(result.error));
    return result.data as Payload;
  }

  /** Within the window: the messages. Outside: the configured template instead, or nothing. */
  private async sendFreeForm(input: FreeForm, payloads: Payload[], texts: string[]): Promise<SendResult> {
    if (!isWithinServiceWindow(input.lastInboundAt, this.now())) {
      const template = this.options.outsideWindowTemplate;
      const fields = {
        event: 'whatsapp_send',
        context: 'WhatsApp',
        to: input.to,
        lastInboundAt: input.lastInboundAt?.toISOString() ?? null,
      };
      if (template === null) {
        this.logger.logEvent(
          'warn',
          'reply not sent: outside the 24-hour window and no WHATSAPP_OUTSIDE_WINDOW_TEMPLATE is set',
          { ...fields, outcome: 'rejected', reason: 'outside-window' },
        );
        return { status: 'not-sent', reason: 'outside-window' };
      }
      this.logger.logEvent('warn', `outside the 24-hour window: sending template ${template.name} instead`, {
        ...fields,
        template: template.name,
      });
      const payload = this.templatePayload({
        to: input.to,
        phoneNumberId: input.phoneNumberId,
        callbackData: input.callbackData,
        ...template,
      });
      return { status: 'sent', via: 'template', messages: [await this.sendOne(input, payload, template.name)] };
    }
    const messages: SentMessage[] = [];
    for (const [index, payload] of payloads.entries()) {
      try {
        messages.push(await this.sendOne(input, payload, texts[index]));
      } catch (error) {
        if (error instanceof WhatsAppSendError) error.sent = [...messages];
        throw error;
      }
    }
    return { status: 'sent', via: 'free-form', messages };
  }

  private async sendOne(recipient: Recipient, payload: Payload, text: string): Promise<SentMessage> {
    const response = await this.post(
      recipient.phoneNumberId,
      payload,
      { operation: 'send', type: payload.type },
      { signal: recipient.signal },
    );
    const parsed = sendResponseSchema.safeParse(response.body);
    if (!parsed.success) {
      // Meta accepted the request (200) but the answer has no wamid: sending again could
      // deliver it twice, so this is not retried.
      throw new WhatsAppApiError(
        0,
        'Unexpected Cloud API response',
        describeIssues(parsed.error),
        200,
        null,
        response.attempts,
      );
    }
    const wamid = parsed.data.messages[0].id;
    // At debug: every send goes through the outbox, whose info line says it with the wamid.
    this.logger.logEvent('debug', `whatsapp ${payload.type} sent`, {
      event: 'whatsapp_send',
      context: 'WhatsApp',
      outcome: 'ok',
      type: payload.type,
      to: payload.to,
      wamid,
      attempts: response.attempts,
    });
    return { wamid, type: payload.type, text, payload };
  }

  /**
   * One Graph API request, retried while the failure is temporary and certainly left Meta
   * without the message (a refused connection, an error answer). A send in doubt (a timeout,
   * a connection lost mid-request) is not repeated here: the caller decides, knowing whether
   * a status proved it went out.
   */
  private async post(
    phoneNumberId: string | undefined,
    payload: Record<string, unknown>,
    logFields: Record<string, unknown>,
    options: { retryInDoubt?: boolean; signal?: AbortSignal } = {},
  ): Promise<{ body: unknown; attempts: number }> {
    const { apiBaseUrl, graphVersion, accessToken, retry: policy } = this.options;
    const url = `${apiBaseUrl}/${graphVersion}/${encodeURIComponent(phoneNumberId ?? this.options.phoneNumberId)}/messages`;
    const body = JSON.stringify(payload);
    const request = async (attempt: number) => {
      const started = performance.now();
      try {
        const response = await this.http.request({
          url,
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          body,
          timeoutMs: this.options.requestTimeoutMs,
          signal: options.signal,
        });
        if (response.status >= 200 && response.status < 300)
          return { body: parseJson(response.text), attempts: attempt };
        throw this.logged(apiErrorFrom(response.status, response.text, attempt), logFields, started);
      } catch (error) {
        if (error instanceof WhatsAppSendError) throw error;
        throw this.logged(new WhatsAppUnreachableError(error, attempt), logFields, started);
      }
    };
    return retry(request, {
      policy: { attempts: policy.maxAttempts, baseDelayMs: policy.baseMs, maxDelayMs: policy.maxMs },
      decide: (error) => {
        const failure = error as WhatsAppSendError;
        if (!failure.retryable || (failure.inDoubt && !options.retryInDoubt)) return { retry: false };
        // Meta allows about one message every 6 s to one customer (131056): wait at least that.
        const pairRate = failure instanceof WhatsAppApiError && failure.code === PAIR_RATE_ERROR_CODE;
        return { retry: true, minDelayMs: pairRate ? policy.pairRateMs : 0 };
      },
      onRetry: (attempt, _error, delayMs) =>
        this.logger.logEvent('warn', `whatsapp ${String(logFields.operation)} retry in ${delayMs} ms`, {
          event: 'whatsapp_send',
          context: 'WhatsApp',
          ...logFields,
          attempt,
          outcome: 'retry',
          delayMs,
        }),
      signal: options.signal,
      random: this.random,
      sleep: this.hooks.sleep,
    });
  }

  /** Logs one failed request (the retry or the caller says what happens next). */
  private logged(failure: WhatsAppSendError, logFields: Record<string, unknown>, started: number): WhatsAppSendError {
    this.logger.logEvent('warn', `whatsapp ${String(logFields.operation)} failed`, {
      event: 'whatsapp_send',
      context: 'WhatsApp',
      ...logFields,
      attempt: failure.attempts,
      durationMs: Math.round(performance.now() - started),
      code: failure instanceof WhatsAppApiError ? failure.code : null,
      inDoubt: failure.inDoubt,
      outcome: 'error',
      error: failure.message,
    });
    return failure;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The Graph API error body, or what can be said about an answer that is not one. */
function apiErrorFrom(status: number, text: string, attempts: number): WhatsAppApiError {
  const parsed = graphErrorResponseSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    return new WhatsAppApiError(0, `HTTP ${status}`, text.slice(0, 200) || null, status, null, attempts);
  }
  const { code, message, error_data: data, fbtrace_id: trace } = parsed.data.error;
  // Meta puts the title in the message: "(#131047) Re-engagement message".
  const title = message?.replace(/^\(#\d+\)\s*/, '') || `Error ${code}`;
  return new WhatsAppApiError(code, title, data?.details ?? null, status, trace ?? null, attempts);
}
