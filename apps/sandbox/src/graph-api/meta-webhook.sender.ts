import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { SIGNATURE_HEADER, signWebhookBody, toMetaJson } from '@mostrador/whatsapp';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';

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

/** Meta retries a webhook the api did not take; the sandbox does too, briefly. */
const RETRY_DELAYS_MS = [250, 1000];

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

  constructor(
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

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
   * the configured pause (a reaction only gets `sent`, as on WhatsApp).
   */
  followWithStatuses(wamid: string, recipient: string, type: string): void {
    const { statusWebhooks, statusDelayMs } = this.config.sandbox;
    if (!statusWebhooks) return;
    const statuses = type === 'reaction' ? ['sent'] : ['sent', 'delivered', 'read'];
    const conversation = { id: randomBytes(16).toString('hex'), origin: { type: 'service' } };
    void (async () => {
      for (const status of statuses) {
        await sleep(statusDelayMs, undefined, { signal: this.stopping.signal });
        await this.post(
          this.webhook({
            statuses: [
              {
                id: wamid,
                status,
                timestamp: unixNow(),
                recipient_id: recipient,
                ...(status === 'sent' && {
                  conversation: {
                    ...conversation,
                    expiration_timestamp: String(Math.floor(Date.now() / 1000) + 86_400),
                  },
                }),
                pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
              },
            ],
          }),
        );
      }
    })().catch((error: unknown) => {
      if (!this.stopping.signal.aborted) {
        this.logger.warn({ message: 'sandbox status webhooks stopped', wamid, err: error }, 'Sandbox');
      }
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

  /** Posts a signed webhook; retries a 5xx or an unreachable api, as Meta does (sooner). */
  private async post(payload: Json): Promise<Delivery> {
    const body = toMetaJson(payload);
    const signature = signWebhookBody(body, this.config.whatsapp.appSecret);
    const url = this.config.sandbox.webhookUrl;
    let status = 0;
    let attempts = 0;
    for (const delayMs of [0, ...RETRY_DELAYS_MS]) {
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.stopping.signal });
      attempts += 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
          body,
          signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(10_000)]),
        });
        status = response.status;
        await response.body?.cancel();
        if (status < 500) break;
      } catch (error) {
        if (this.stopping.signal.aborted) throw error;
        status = 0;
      }
    }
    const level = status === 200 ? 'debug' : 'warn';
    this.logger.logEvent(level, `sandbox webhook → api ${status === 0 ? 'unreachable' : status}`, {
      event: 'sandbox_webhook',
      context: 'Sandbox',
      url,
      status,
      attempts,
    });
    return { status, attempts };
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }
}
