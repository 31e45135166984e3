import { z } from 'zod';
import type {
  ClaimResult,
  CleanupCounts,
  Conversation,
  ConversationMemory,
  ConversationSummary,
  CreateOrderRequestResult,
  CustomerProfile,
  EnqueueOutboundResult,
  ErasureCounts,
  FinishOutboundResult,
  CompleteTurnResult,
  InboundMessageResult,
  OrderRequest,
  OutboundRecord,
  SetOrderStatusResult,
  StatusUpdateResult,
  StoredMessage,
  TakeOutboundResult,
  TurnContext,
} from '../data-api.types.js';
import { StoreQueryError } from '../store-errors.js';

/**
 * The data API answers in jsonb: rows as `to_jsonb(row)` (snake_case columns, timestamps as
 * ISO strings). These schemas read them into the ports' types, the same for every adapter
 * (PGlite, `pg` and supabase-js give back exactly the same values), and an answer of another
 * shape (a database whose functions do not match this code) is an error that says where.
 */

const date = z.string().transform((value, ctx) => {
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) ctx.addIssue({ code: 'custom', message: `not a timestamp: ${value}` });
  return parsed;
});
const dateOrNull = date.nullish().transform((value) => value ?? null);
const textOrNull = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const count = z.coerce.number().int();
/** A JSON object column; anything else reads as empty. */
const object = z
  .unknown()
  .transform((value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {},
  );
const uuid = z.string().min(1);

const messageStatus = z.enum([
  'received',
  'rate_limited',
  'answered',
  'queued',
  'sent',
  'delivered',
  'read',
  'played',
  'failed',
]);
const conversationStatus = z.enum(['active', 'handoff', 'closed']);

const errorColumns = {
  error_code: z.coerce.number().int().nullish(),
  error_title: textOrNull,
  error_details: textOrNull,
};
function messageError(row: { error_code?: number | null; error_title: string | null; error_details: string | null }) {
  return row.error_code === null || row.error_code === undefined
    ? null
    : { code: row.error_code, title: row.error_title ?? '', details: row.error_details };
}

export const customerRow = z
  .object({
    id: uuid,
    phone_number: textOrNull,
    wa_user_id: textOrNull,
    display_name: textOrNull,
    language: textOrNull,
    facts: object,
    preferences: object,
    opted_out: z.boolean(),
    first_seen_at: date,
    last_seen_at: date,
    message_count: count,
    erasure_requested_at: dateOrNull,
  })
  .transform((row): CustomerProfile => ({
    id: row.id,
    phoneNumber: row.phone_number,
    userId: row.wa_user_id,
    displayName: row.display_name,
    language: row.language,
    facts: row.facts,
    preferences: row.preferences,
    optedOut: row.opted_out,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    messageCount: row.message_count,
    erasureRequestedAt: row.erasure_requested_at,
  }));

const conversationColumns = {
  id: uuid,
  customer_id: uuid,
  phone_number_id: z.string(),
  status: conversationStatus,
  started_at: date,
  last_message_at: date,
  last_inbound_at: dateOrNull,
  message_count: count,
};
type ConversationColumns = z.infer<z.ZodObject<typeof conversationColumns>>;
const toConversation = (row: ConversationColumns): Conversation => ({
  id: row.id,
  customerId: row.customer_id,
  phoneNumberId: row.phone_number_id,
  status: row.status,
  startedAt: row.started_at,
  lastMessageAt: row.last_message_at,
  lastInboundAt: row.last_inbound_at,
  messageCount: row.message_count,
});

export const conversationRow = z.object(conversationColumns).transform(toConversation);

export const summaryRow = z
  .object({
    ...conversationColumns,
    customer: z.object({
      id: uuid,
      phone_number: textOrNull,
      wa_user_id: textOrNull,
      display_name: textOrNull,
      opted_out: z.boolean(),
    }),
    last_intent: textOrNull,
    needs_attention: z.boolean(),
  })
  .transform((row): ConversationSummary => ({
    ...toConversation(row),
    customer: {
      id: row.customer.id,
      phoneNumber: row.customer.phone_number,
      userId: row.customer.wa_user_id,
      displayName: row.customer.display_name,
      optedOut: row.customer.opted_out,
    },
    lastIntent: row.last_intent,
    needsAttention: row.needs_attention,
  }));

export const messageRow = z
  .object({
    id: uuid,
    conversation_id: uuid,
    direction: z.enum(['inbound', 'outbound']),
    wa_message_id: textOrNull,
    type: z.string(),
    text: textOrNull,
    payload: z.unknown().transform((value) => value ?? null),
    status: messageStatus,
    ...errorColumns,
    reply_to_wa_message_id: textOrNull,
    sent_at: dateOrNull,
    created_at: date,
    status_at: dateOrNull,
    answered_at: dateOrNull,
  })
  .transform((row): StoredMessage => ({
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    waMessageId: row.wa_message_id,
    type: row.type,
    text: row.text,
    payload: row.payload,
    status: row.status,
    error: messageError(row),
    replyToWaMessageId: row.reply_to_wa_message_id,
    sentAt: row.sent_at,
    createdAt: row.created_at,
    statusAt: row.status_at,
    answeredAt: row.answered_at,
  }));

export const memoryRow = z
  .object({
    conversation_id: uuid,
    summary: textOrNull,
    summarized_through_message_id: textOrNull,
    facts: object,
    last_intent: textOrNull,
    context: object,
    token_estimate: count.nullish(),
    updated_at: dateOrNull,
  })
  .transform((row): ConversationMemory => ({
    conversationId: row.conversation_id,
    summary: row.summary,
    summarizedThroughMessageId: row.summarized_through_message_id,
    facts: row.facts,
    lastIntent: row.last_intent,
    context: row.context,
    tokenEstimate: row.token_estimate ?? 0,
    updatedAt: row.updated_at,
  }));

export const turnContextRow = z
  .object({
    conversation: conversationRow,
    customer: customerRow,
    memory: memoryRow,
    recent_messages: z.array(messageRow),
  })
  .transform((row): TurnContext => ({
    conversation: row.conversation,
    customer: row.customer,
    memory: row.memory,
    recentMessages: row.recent_messages,
  }));

export const customerRecordRow = z.object({
  customer: customerRow,
  conversations: z.array(summaryRow),
  memory: memoryRow.nullish().transform((value) => value ?? null),
});

export const inboundResultRow = z
  .object({
    conversation_id: uuid.nullable(),
    message_id: uuid.nullable(),
    customer_id: uuid.nullable(),
    is_new: z.boolean(),
    conversation_opened: z.boolean(),
    erased: z.boolean().optional(),
  })
  .transform((row, ctx): InboundMessageResult => {
    if (row.erased === true) {
      return {
        erased: true,
        isNew: false,
        conversationOpened: false,
        conversationId: null,
        messageId: null,
        customerId: null,
      };
    }
    if (row.conversation_id === null || row.message_id === null || row.customer_id === null) {
      ctx.addIssue({ code: 'custom', message: 'ids missing from a stored message' });
      return z.NEVER;
    }
    return {
      erased: false,
      isNew: row.is_new,
      conversationOpened: row.conversation_opened,
      conversationId: row.conversation_id,
      messageId: row.message_id,
      customerId: row.customer_id,
    };
  });

export const statusResultRow = z
  .object({ known: z.boolean(), applied: z.boolean(), status: messageStatus.nullable() })
  .transform((row): StatusUpdateResult => row);

export const claimRow = z
  .object({
    claimed: z.boolean(),
    messages: z.array(messageRow),
    wait_until: date.optional(),
    context: turnContextRow.nullable().optional(),
  })
  .transform(({ wait_until: waitUntil, context, ...row }): ClaimResult => ({
    ...row,
    ...(waitUntil && { waitUntil }),
    ...(context !== undefined && { context }),
  }));

const outboundRecordRow = z
  .object({ id: uuid, intent_key: z.string(), status: messageStatus, wa_message_id: textOrNull, ...errorColumns })
  .transform((row): OutboundRecord => ({
    messageId: row.id,
    intentKey: row.intent_key,
    status: row.status,
    waMessageId: row.wa_message_id,
    error: messageError(row),
  }));

export const enqueueRow = z
  .object({ is_new: z.boolean(), messages: z.array(outboundRecordRow) })
  .transform((row): EnqueueOutboundResult => ({ isNew: row.is_new, messages: row.messages }));

export const takeRow = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('idle') }),
    z.object({ kind: z.literal('wait'), next_attempt_at: date }),
    z.object({
      kind: z.literal('send'),
      message: messageRow,
      attempt: count,
      to: z.string().min(1),
      phone_number_id: z.string(),
      last_inbound_at: dateOrNull,
    }),
  ])
  .transform((row): TakeOutboundResult => {
    switch (row.kind) {
      case 'idle':
        return { kind: 'idle' };
      case 'wait':
        return { kind: 'wait', nextAttemptAt: row.next_attempt_at };
      case 'send':
        return {
          kind: 'send',
          send: {
            message: row.message,
            attempt: row.attempt,
            to: row.to,
            phoneNumberId: row.phone_number_id,
            lastInboundAt: row.last_inbound_at,
          },
        };
    }
  });

export const completeTurnRow = z
  .object({
    reply: enqueueRow.nullable(),
    memory: memoryRow,
    answered: z.object({ answered: z.number() }),
    take: takeRow.optional(),
  })
  .transform((row): CompleteTurnResult => ({
    reply: row.reply,
    memory: row.memory,
    answered: row.answered.answered,
    ...(row.take !== undefined && { take: row.take }),
  }));

export const finishRow = z
  .object({ applied: z.boolean(), status: messageStatus, more: z.boolean() })
  .transform((row): FinishOutboundResult => row);

export const idList = z.array(uuid);

export const erasureRow = z
  .object({ customers: count, conversations: count, messages: count, memories: count })
  .transform((row): ErasureCounts => row);

export const cleanupRow = z
  .object({
    messages: count,
    conversations: count,
    memories: count,
    customers: count,
    pending_statuses: count,
    erasure_tombstones: count,
  })
  .transform((row): CleanupCounts => ({
    messages: row.messages,
    conversations: row.conversations,
    memories: row.memories,
    customers: row.customers,
    pendingStatuses: row.pending_statuses,
    erasureTombstones: row.erasure_tombstones,
  }));

const orderStatus = z.enum(['requested', 'confirmed', 'cancelled', 'fulfilled']);
/** An exact amount as the database writes numeric(12,2): "1299.00". */
const money = z.string().regex(/^\d+\.\d{2}$/);

const orderFulfilment = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('pickup'), store_id: z.string(), store_name: z.string() })
    .transform((f) => ({ kind: 'pickup' as const, storeId: f.store_id, storeName: f.store_name })),
  z
    .object({ kind: z.literal('delivery'), address: textOrNull })
    .transform((f) => ({ kind: 'delivery' as const, address: f.address })),
]);

export const orderRow = z
  .object({
    id: uuid,
    customer_id: uuid,
    conversation_id: uuid,
    status: orderStatus,
    items: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        color: textOrNull,
        size: textOrNull,
        quantity: count,
        unit_price: money,
        currency: z.string(),
      }),
    ),
    fulfilment: orderFulfilment,
    subtotal: money,
    shipping: money,
    total: money,
    currency: z.string(),
    reservation: z.object({ id: z.string(), expires_at: date }).nullish(),
    note: textOrNull,
    status_history: z.array(z.object({ status: orderStatus, at: date, note: textOrNull })),
    created_at: date,
    updated_at: date,
    customer: z.object({
      id: uuid,
      phone_number: textOrNull,
      wa_user_id: textOrNull,
      display_name: textOrNull,
      language: textOrNull,
    }),
  })
  .transform((row): OrderRequest => ({
    id: row.id,
    customerId: row.customer_id,
    conversationId: row.conversation_id,
    status: row.status,
    items: row.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      color: item.color,
      size: item.size,
      quantity: item.quantity,
      unitPrice: item.unit_price,
      currency: item.currency,
    })),
    fulfilment: row.fulfilment,
    subtotal: row.subtotal,
    shipping: row.shipping,
    total: row.total,
    currency: row.currency,
    reservation: row.reservation ? { id: row.reservation.id, expiresAt: row.reservation.expires_at } : null,
    note: row.note,
    statusHistory: row.status_history,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    customer: {
      id: row.customer.id,
      phoneNumber: row.customer.phone_number,
      userId: row.customer.wa_user_id,
      displayName: row.customer.display_name,
      language: row.customer.language,
    },
  }));

export const createOrderRow = z
  .object({ is_new: z.boolean(), order: orderRow })
  .transform((row): CreateOrderRequestResult => ({ isNew: row.is_new, order: row.order }));

export const setOrderStatusRow = z
  .object({
    changed: z.boolean(),
    order: orderRow,
    recipient: z.object({
      conversation_id: uuid,
      to: z.string().min(1),
      phone_number_id: z.string(),
      last_inbound_at: dateOrNull,
      opted_out: z.boolean(),
      language: textOrNull,
    }),
  })
  .transform((row): SetOrderStatusResult => ({
    changed: row.changed,
    order: row.order,
    recipient: {
      conversationId: row.recipient.conversation_id,
      to: row.recipient.to,
      phoneNumberId: row.recipient.phone_number_id,
      lastInboundAt: row.recipient.last_inbound_at,
      optedOut: row.recipient.opted_out,
      language: row.recipient.language,
    },
  }));

export function pageRow<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: textOrNull }).transform((row) => ({
    items: row.items,
    nextCursor: row.next_cursor,
  }));
}

/** Reads one answer of `operation`; an answer of another shape is a `StoreQueryError` saying where. */
export function read<T extends z.ZodType>(schema: T, value: unknown, operation: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new StoreQueryError(operation, null, `unexpected answer from the database (${path}${issue.message})`);
}
