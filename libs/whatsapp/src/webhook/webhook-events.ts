import { messageText, referencedMessageId } from './message-text.js';
import {
  type MessagesValue,
  type MetaError,
  type WebhookContact,
  type WebhookMessage,
  type WebhookPayload,
} from './webhook-payload.schema.js';

/** The delivery statuses Meta reports for messages a business sent. */
export const DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An error as we keep it on a message: Meta's code, its title, and the details when given. */
export interface WhatsAppError {
  code: number;
  title: string;
  details: string | null;
}

/** One message a customer sent, ready to store (the shape the store's `recordInboundMessage` takes). */
export interface InboundMessage {
  waMessageId: string;
  /** The business number that received it. */
  phoneNumberId: string;
  customer: { phoneNumber: string | null; userId: string | null; displayName: string | null };
  type: string;
  text: string | null;
  /** The message object exactly as Meta sent it. */
  payload: Record<string, unknown>;
  replyToWaMessageId: string | null;
  sentAt: Date;
}

/** A status of a message the business sent. */
export interface StatusUpdate {
  waMessageId: string;
  status: WebhookDeliveryStatus;
  timestamp: Date;
  error: WhatsAppError | null;
  /** Phone number or BSUID of the recipient, when Meta says. */
  recipient: string | null;
  /**
   * The `biz_opaque_callback_data` the message was sent with: Mostrador sends its own
   * message id there, so a status can find its message even before the wamid is recorded.
   */
  callbackData: string | null;
}

/** Everything one webhook POST carries, in payload order, whatever the entry or change. */
export interface WebhookEvents {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  /** `value.errors`: problems Meta reports about the app or account, not about a message. */
  errors: (WhatsAppError & { phoneNumberId: string | null })[];
  /** What was accepted but is not ours to act on: other change fields, statuses Meta added later. */
  skipped: { kind: 'change' | 'status'; name: string }[];
}

function toDate(timestamp: string | number): Date {
  const n = Number(timestamp);
  // Meta sends seconds; anything this large is already milliseconds.
  return new Date(n > 1e12 ? n : n * 1000);
}

export function toWhatsAppError(error: MetaError): WhatsAppError {
  const details = error.error_data?.details ?? null;
  return { code: error.code, title: error.title ?? error.message ?? 'Unknown error', details };
}

/**
 * The sender's contact entry. A webhook carries one `contacts` entry per sender; match it by
 * phone or BSUID, so a batch from several senders never mixes them up.
 */
function contactOf(message: WebhookMessage, contacts: WebhookContact[]): WebhookContact | undefined {
  const match = contacts.find(
    (c) =>
      (message.from !== undefined && c.wa_id === message.from) ||
      (message.from_user_id !== undefined && c.user_id === message.from_user_id),
  );
  return match ?? (contacts.length === 1 ? contacts[0] : undefined);
}

function inboundMessage(message: WebhookMessage, phoneNumberId: string, contacts: WebhookContact[]): InboundMessage {
  const contact = contactOf(message, contacts);
  const payload = message as Record<string, unknown>;
  return {
    waMessageId: message.id,
    phoneNumberId,
    customer: {
      phoneNumber: message.from ?? contact?.wa_id ?? null,
      userId: message.from_user_id ?? contact?.user_id ?? null,
      displayName: contact?.profile?.name ?? contact?.profile?.username ?? null,
    },
    type: message.type,
    text: messageText(payload),
    payload,
    replyToWaMessageId: referencedMessageId(payload),
    sentAt: toDate(message.timestamp),
  };
}

/**
 * Reads every entry, every change and every message and status of a validated payload (many
 * bots read only the first of each and lose the rest of a batch).
 */
export function readWebhookEvents(payload: WebhookPayload): WebhookEvents {
  const events: WebhookEvents = { messages: [], statuses: [], errors: [], skipped: [] };
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') {
        events.skipped.push({ kind: 'change', name: change.field });
        continue;
      }
      const value = change.value as MessagesValue;
      const phoneNumberId = value.metadata?.phone_number_id ?? null;
      for (const error of value.errors ?? []) events.errors.push({ ...toWhatsAppError(error), phoneNumberId });
      for (const message of value.messages ?? []) {
        events.messages.push(inboundMessage(message, phoneNumberId ?? '', value.contacts ?? []));
      }
      for (const status of value.statuses ?? []) {
        if (!(DELIVERY_STATUSES as readonly string[]).includes(status.status)) {
          events.skipped.push({ kind: 'status', name: status.status });
          continue;
        }
        const error = status.errors?.[0];
        events.statuses.push({
          waMessageId: status.id,
          status: status.status as WebhookDeliveryStatus,
          timestamp: toDate(status.timestamp),
          error: error !== undefined ? toWhatsAppError(error) : null,
          recipient: status.recipient_id ?? status.recipient_user_id ?? null,
          callbackData: status.biz_opaque_callback_data ?? null,
        });
      }
    }
  }
  return events;
}
