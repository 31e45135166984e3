import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { SIGNATURE_HEADER, signWebhookBody, toMetaJson } from '@mostrador/whatsapp';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { WebhookRetryQueue } from './webhook-retry.queue.js';

/** The WhatsApp Business Account and display number the sandbox plays. */
export const SANDBOX_WABA_ID = '100000000000002';
export const SANDBOX_DISPLAY_PHONE_NUMBER = '15550001234';

type Json = Record<string, unknown>;

export interface CustomerMessage {
  phone: string;
  name: string;
  /** A text, or a tap on a reply button or a list row of an earlier bot message. */
  content:
    | { type: 'text'; body: string }
    | { type: 'button_reply'; id: string; title: string; context: string }
    | { type: 'list_reply'; id: string; title: string; description?: string; context: string };
}

export interface Delivery {
  /** The api's HTTP status (0: unreachable). */
  status: number;
  attempts: number;
}

/**
 * A customer's message from the chat page is retried only briefly, unlike statuses: the
 * page waits for the api's answer and shows it, so the person sees a failure and writes
 * again. Retrying it for minutes in the background would deliver, late and out of order,
 * a message they have already typed a second time.
 */
const CUSTOMER_MESSAGE_RETRY_DELAYS_MS = [250, 1000];

/** A Meta wamid: `wamid.` and base64 of an opaque id. */
export function newWamid(): string {
  return `wamid.${randomBytes(27).toString('base64')}`;
}

const unixNow = () => String(Math.floor(Date.now() / 1000));

/**
 * Plays Meta's side of the webhook: posts `messages` webhooks to the api in Meta's shape,
 * with non-ASCII escaped as Meta sends it and signed with the app secret (X-Hub-Signature-256).
 */
@Injectable()
export class MetaWebhookSender implements OnModuleDestroy {
  private readonly stopping = new AbortController();
  private readonly statusWebhooks: WebhookRetryQueue;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {
    this.statusWebhooks = new WebhookRetryQueue(
      (body, signal) => this.postOnce(body, signal),
      {
        retryForMs: config.sandbox.webhookRetryMs,
        maxPending: config.sandbox.webhookMaxPending,
        stopping: this.stopping.signal,
      },
      logger,
    );
  }

  /** Status webhooks not yet delivered, dropped or given up. */
  get pendingStatusWebhooks(): number {
    return this.statusWebhooks.size;
  }

  /** A customer's message, as Meta would deliver it. Returns its wamid and how the api took it. */
  async sendCustomerMessage(message: CustomerMessage): Promise<{ wamid: string; delivery: Delivery }> {
    const wamid = newWamid();
    const { content } = message;
    const body: Json =
      content.type === 'text'
        ? { type: 'text', text: { body: content.body } }
        : {
            type: 'interactive',
            context: { from: SANDBOX_DISPLAY_PHONE_NUMBER, id: content.context },
            interactive:
              content.type === 'button_reply'
                ? { type: 'button_reply', button_reply: { id: content.id, title: content.title } }
                : {
                    type: 'list_reply',
                    list_reply: {
                      id: content.id,
                      title: content.title,
                      ...(content.description !== undefined && { description: content.description }),
                    },
                  },
          };
    const delivery = await this.post(
      this.webhook({
        contacts: [{ profile: { name: message.name }, wa_id: message.phone }],
        messages: [{ from: message.phone, id: wamid, timestamp: unixNow(), ...body }],
      }),
    );
    return { wamid, delivery };
  }

  /**
   * Meta's statuses for a message the api sent: sent, then delivered, then read, each after
   * the configured pause (a reaction only gets `sent`, as on WhatsApp). Each carries the
   * send's `biz_opaque_callback_data`, as Meta echoes it. A status the api does not take is
   * retried for SANDBOX_WEBHOOK_RETRY_SECONDS; the next waits for it, to keep their order.
   */
  followWithStatuses(wamid: string, recipient: string, type: string, callbackData?: string): void {
    const { statusWebhooks, statusDelayMs } = this.config.sandbox;
    if (!statusWebhooks) return;
    const statuses = type === 'reaction' ? ['sent'] : ['sent', 'delivered', 'read'];
    const conversation = { id: randomBytes(16).toString('hex'), origin: { type: 'service' } };
    void (async () => {
      for (const status of statuses) {
        await sleep(statusDelayMs, undefined, { signal: this.stopping.signal });
        const payload = this.webhook({
          statuses: [
            {
              id: wamid,
              status,
              timestamp: unixNow(),
              recipient_id: recipient,
              ...(callbackData !== undefined && { biz_opaque_callback_data: callbackData }),
              ...(status === 'sent' && {
                conversation: {
                  ...conversation,
                  expiration_timestamp: String(Math.floor(Date.now() / 1000) + 86_400),
                },
              }),
              pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
            },
          ],
        });
        this.statusWebhooks.enqueue(wamid, toMetaJson(payload), { wamid, messageStatus: status });
      }
    })().catch(() => {
      // Only the pause throws, and only when the sandbox is shutting down.
    });
  }

  private webhook(value: Json): Json {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: SANDBOX_WABA_ID,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: SANDBOX_DISPLAY_PHONE_NUMBER,
                  phone_number_id: this.config.whatsapp.phoneNumberId,
                },
                ...value,
              },
              field: 'messages',
            },
          ],
        },
      ],
    };
  }

  /** Posts a customer's message; retries a 5xx or an unreachable api, briefly. */
  private async post(payload: Json): Promise<Delivery> {
    const body = toMetaJson(payload);
    let status = 0;
    let attempts = 0;
    for (const delayMs of [0, ...CUSTOMER_MESSAGE_RETRY_DELAYS_MS]) {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.stopping.signal });
      attempts += 1;
      status = await this.postOnce(body, this.stopping.signal);
      if (this.stopping.signal.aborted) throw new Error('the sandbox is shutting down');
      if (status !== 0 && status < 500) break;
    }
    const level = status === 200 ? 'debug' : 'warn';
    this.logger.logEvent(level, `sandbox webhook → api ${status === 0 ? 'unreachable' : status}`, {
      event: 'sandbox_webhook',
      context: 'Sandbox',
      url: this.config.sandbox.webhookUrl,
      status,
      attempts,
    });
    return { status, attempts };
  }

  /** One signed POST of `body` to the api's webhook: its HTTP status, 0 when unreachable. */
  private async postOnce(body: string, signal: AbortSignal): Promise<number> {
    try {
      const response = await fetch(this.config.sandbox.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhookBody(body, this.config.whatsapp.appSecret),
        },
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      return 0;
    }
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }
}
