import type {
  Conversation,
  ConversationMemory,
  ConversationStatus,
  ConversationSummary,
  CustomerProfile,
  MessageDirection,
  MessageStatus,
  StoredMessage,
} from '../conversation-store.js';

/**
 * The data API answers in jsonb: rows as `to_jsonb(row)` (snake_case columns, timestamps as
 * ISO strings). One set of readers turns them into the port's types for every adapter, so
 * PGlite, `pg` and supabase-js give back exactly the same values.
 */
export type JsonRow = Record<string, unknown>;

function date(value: unknown): Date {
  return new Date(value as string);
}

function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : (value as string);
}

function object(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function toCustomer(row: JsonRow): CustomerProfile {
  return {
    id: row.id as string,
    phoneNumber: textOrNull(row.phone_number),
    userId: textOrNull(row.wa_user_id),
    displayName: textOrNull(row.display_name),
    language: textOrNull(row.language),
    facts: object(row.facts),
    preferences: object(row.preferences),
    optedOut: row.opted_out === true,
    firstSeenAt: date(row.first_seen_at),
    lastSeenAt: date(row.last_seen_at),
    messageCount: Number(row.message_count),
  };
}

export function toConversation(row: JsonRow): Conversation {
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    phoneNumberId: row.phone_number_id as string,
    status: row.status as ConversationStatus,
    startedAt: date(row.started_at),
    lastMessageAt: date(row.last_message_at),
    lastInboundAt: dateOrNull(row.last_inbound_at),
    messageCount: Number(row.message_count),
  };
}

export function toSummary(row: JsonRow): ConversationSummary {
  const customer = object(row.customer);
  return {
    ...toConversation(row),
    customer: {
      id: customer.id as string,
      phoneNumber: textOrNull(customer.phone_number),
      userId: textOrNull(customer.wa_user_id),
      displayName: textOrNull(customer.display_name),
      optedOut: customer.opted_out === true,
    },
    lastIntent: textOrNull(row.last_intent),
  };
}

export function toMessage(row: JsonRow): StoredMessage {
  const hasError = row.error_code !== null && row.error_code !== undefined;
  return {
    id: row.id as string,
    conversationId: row.conversation_id as string,
    direction: row.direction as MessageDirection,
    waMessageId: textOrNull(row.wa_message_id),
    type: row.type as string,
    text: textOrNull(row.text),
    payload: row.payload ?? null,
    status: row.status as MessageStatus,
    error: hasError
      ? {
          code: Number(row.error_code),
          title: (row.error_title as string | null) ?? '',
          details: textOrNull(row.error_details),
        }
      : null,
    replyToWaMessageId: textOrNull(row.reply_to_wa_message_id),
    sentAt: dateOrNull(row.sent_at),
    createdAt: date(row.created_at),
    statusAt: dateOrNull(row.status_at),
    answeredAt: dateOrNull(row.answered_at),
  };
}

export function toMemory(row: JsonRow): ConversationMemory {
  return {
    conversationId: row.conversation_id as string,
    summary: textOrNull(row.summary),
    summarizedThroughMessageId: textOrNull(row.summarized_through_message_id),
    facts: object(row.facts),
    lastIntent: textOrNull(row.last_intent),
    context: object(row.context),
    tokenEstimate: Number(row.token_estimate ?? 0),
    updatedAt: dateOrNull(row.updated_at),
  };
}

export function rows(value: unknown): JsonRow[] {
  return Array.isArray(value) ? (value as JsonRow[]) : [];
}
