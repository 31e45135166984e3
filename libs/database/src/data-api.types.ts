/**
 * The values the data API takes and gives back, shared by its ports (`ports/`). Ids are UUID
 * strings. Times are `Date`s. JSON columns come back as plain objects.
 */

export type MessageDirection = 'inbound' | 'outbound';

/**
 * Inbound: `received` → `answered` (or `rate_limited`, kept but not answered).
 * Outbound: `queued` (in the outbox: recorded, not sent yet, retried while retryable) → `sent` → `delivered` →
 * `read` | `played`; `failed` is terminal and keeps its error.
 */
export type MessageStatus =
  'received' | 'rate_limited' | 'answered' | 'queued' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export type ConversationStatus = 'active' | 'handoff' | 'closed';

/** An error as Meta reports it (statuses[].errors[], or a failed send). */
export interface MessageError {
  code: number;
  title: string;
  details?: string | null;
}

/** Who wrote: the phone number (`wa_id`), the business-scoped user id, or both. */
export interface CustomerRef {
  phoneNumber?: string | null;
  userId?: string | null;
  displayName?: string | null;
}

export interface InboundMessageInput {
  /** Meta's message id (`wamid.…`): the dedupe key, unique across all messages. */
  waMessageId: string;
  /** The business number that received it (`metadata.phone_number_id`). */
  phoneNumberId: string;
  customer: CustomerRef;
  /** Meta's message type (`text`, `image`, `interactive`, … or one we do not know). */
  type: string;
  /** The text a person would read (body, caption, button title…), when there is one. */
  text?: string | null;
  /** The message object exactly as it came. */
  payload: unknown;
  /** `context.id`: the message this one replies to. */
  replyToWaMessageId?: string | null;
  /** Meta's `timestamp`. */
  sentAt: Date;
  /** `rate_limited` when the per-phone limit was over; default `received`. */
  status?: 'received' | 'rate_limited';
}

export type InboundMessageResult =
  | {
      conversationId: string;
      messageId: string;
      customerId: string;
      /** False when this wamid was already stored (a Meta retry): nothing was changed. */
      isNew: boolean;
      /** True when this message opened a new conversation. */
      conversationOpened: boolean;
      erased: false;
    }
  | {
      /**
       * The customer who sent it was erased since (a Meta retry of a message of theirs):
       * nothing is stored again and nothing is answered.
       */
      erased: true;
      isNew: false;
      conversationOpened: false;
      conversationId: null;
      messageId: null;
      customerId: null;
    };

export interface StatusUpdateInput {
  waMessageId: string;
  status: DeliveryStatus;
  timestamp: Date;
  error?: MessageError | null;
  /** `biz_opaque_callback_data` as Meta echoed it: the outbox sends its message id there. */
  callbackData?: string | null;
}

export interface StatusUpdateResult {
  /**
   * False for a wamid not (yet) recorded: the status is kept and applied when the wamid is
   * recorded (a status can overtake the answer to the send), or expires unused.
   */
  known: boolean;
  /** False when the update would have moved the status backwards (or past `failed`). */
  applied: boolean;
  status: MessageStatus | null;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  waMessageId: string | null;
  type: string;
  text: string | null;
  payload: unknown;
  status: MessageStatus;
  error: MessageError | null;
  replyToWaMessageId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  statusAt: Date | null;
  answeredAt: Date | null;
}

export interface CustomerProfile {
  id: string;
  phoneNumber: string | null;
  userId: string | null;
  displayName: string | null;
  language: string | null;
  facts: Record<string, unknown>;
  preferences: Record<string, unknown>;
  optedOut: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
  messageCount: number;
  /** When they asked the shop to delete their number and data (a person erases it); null or absent: never. */
  erasureRequestedAt?: Date | null;
}

export interface Conversation {
  id: string;
  customerId: string;
  phoneNumberId: string;
  status: ConversationStatus;
  startedAt: Date;
  lastMessageAt: Date;
  /** The 24-hour customer-service window is measured from here. */
  lastInboundAt: Date | null;
  messageCount: number;
}

export interface ConversationMemory {
  conversationId: string;
  summary: string | null;
  /** The newest message the summary covers. */
  summarizedThroughMessageId: string | null;
  facts: Record<string, unknown>;
  lastIntent: string | null;
  /** Engine state between turns, e.g. the products last shown. */
  context: Record<string, unknown>;
  tokenEstimate: number;
  updatedAt: Date | null;
}

export interface TurnContext {
  conversation: Conversation;
  customer: CustomerProfile;
  memory: ConversationMemory;
  /** The last N messages of the conversation, both directions, oldest first. */
  recentMessages: StoredMessage[];
}

export interface ClaimInput {
  conversationId: string;
  /** Identifies this turn attempt; the same token renews its own claim. */
  claimToken: string;
  /** How long the claim holds if the worker dies without releasing it. */
  leaseSeconds: number;
  /** Inbound messages older than this are not answered late. */
  maxAgeSeconds: number;
  /**
   * Not while the newest unanswered message is younger than this (ms): a burst spread across
   * instances waits for its last message's quiet window. Default 0: no wait.
   */
  quietMs?: number;
  /** …unless the oldest has waited this long (ms). Default: no limit. */
  maxWaitMs?: number;
  /**
   * Also read the turn's context (as `getTurnContext` with this many messages; 0: none, for an
   * assistant that reads no history) when messages are claimed: in the same call, the turn's
   * next read spared.
   */
  contextMessages?: number;
}

export interface ClaimResult {
  /** False when another live claim holds the conversation. */
  claimed: boolean;
  /** Unanswered inbound messages (status `received`), oldest first. */
  messages: StoredMessage[];
  /** Not claimed because a newer message is inside its quiet window: try again then. */
  waitUntil?: Date;
  /**
   * The turn's context, when asked for (`contextMessages`) and messages were claimed; null
   * when the conversation went in between.
   */
  context?: TurnContext | null;
}

/** One message to send, as the outbox keeps it until it has gone out. */
export interface OutboundDraft {
  /** `text`, `interactive`, `template`. */
  type: string;
  /** What the customer reads (the body of an interactive message). */
  text: string | null;
  /** What to send, in the sender's terms; kept as it is. */
  payload: unknown;
  replyToWaMessageId?: string | null;
}

export interface EnqueueOutboundInput {
  conversationId: string;
  /**
   * Idempotency key of the whole call (a turn: its last inbound message; an admin message:
   * the Idempotency-Key); the messages are keyed `${key}:0`, `${key}:1`… All or nothing:
   * when the key is already recorded (a rerun), nothing is added and the messages recorded
   * the first time come back.
   */
  key: string;
  drafts: OutboundDraft[];
  /** How long a retryable failure may be retried before the message fails for good. */
  retryWindowSeconds: number;
}

export interface OutboundRecord {
  messageId: string;
  intentKey: string;
  status: MessageStatus;
  waMessageId: string | null;
  error: MessageError | null;
}

export interface EnqueueOutboundResult {
  /** False when these drafts were recorded before (nothing was added). */
  isNew: boolean;
  messages: OutboundRecord[];
}

/** The next message of a conversation to send now, taken for one attempt. */
export interface OutboundSend {
  message: StoredMessage;
  /** 1 for the first attempt; finishing names it, so a late finish cannot overwrite a newer one. */
  attempt: number;
  /** Where it goes: the customer's phone number, or their business-scoped user id. */
  to: string;
  phoneNumberId: string;
  /** The 24-hour window is measured from here. */
  lastInboundAt: Date | null;
}

export interface TakeOutboundInput {
  conversationId: string;
  /**
   * The attempt's lease: until then no one else takes this message. A send that died
   * mid-request is in doubt (Meta may have it): waiting this long lets its status webhook
   * arrive and settle it before anyone sends again.
   */
  leaseSeconds: number;
}

/** `send`: take it now. `wait`: the head of the queue is not due before `nextAttemptAt`. `idle`: nothing queued. */
export type TakeOutboundResult =
  { kind: 'send'; send: OutboundSend } | { kind: 'wait'; nextAttemptAt: Date } | { kind: 'idle' };

/** How an attempt ended. */
export type OutboundOutcome =
  | { outcome: 'sent'; waMessageId: string | null; type?: string }
  | { outcome: 'retry'; retryAt: Date; error: MessageError }
  | { outcome: 'failed'; error: MessageError };

export interface FinishOutboundInput {
  messageId: string;
  attempt: number;
  result: OutboundOutcome;
}

export interface FinishOutboundResult {
  /** False when the attempt was no longer current (a status settled it, or a newer attempt took it). */
  applied: boolean;
  status: MessageStatus;
  /** Another message of the conversation is queued: the sender goes on (else it is done). */
  more: boolean;
}

export interface MarkAnsweredInput {
  conversationId: string;
  claimToken: string;
  /** The inbound messages this turn answered (or chose not to). */
  messageIds: string[];
}

/** The end of a turn, written at once (see TurnStore.completeTurn). */
export interface CompleteTurnInput extends MarkAnsweredInput {
  /** The reply to record in the outbox (keyed as EnqueueOutboundInput says); absent: none. */
  reply?: Omit<EnqueueOutboundInput, 'conversationId'>;
  memory: Pick<MemoryInput, 'facts' | 'lastIntent' | 'context'>;
  /**
   * Also take the conversation's next outbound message for this long (as `takeOutbound`), in
   * the same transaction: the sender's first step spared.
   */
  takeLeaseSeconds?: number;
}

export interface CompleteTurnResult {
  /** What the outbox holds for the reply (isNew false: an earlier attempt recorded it); null without one. */
  reply: EnqueueOutboundResult | null;
  memory: ConversationMemory;
  answered: number;
  /** What `takeLeaseSeconds` took; absent when not asked. */
  take?: TakeOutboundResult;
}

export interface MemoryInput {
  conversationId: string;
  summary?: string | null;
  summarizedThroughMessageId?: string | null;
  facts?: Record<string, unknown>;
  lastIntent?: string | null;
  context?: Record<string, unknown>;
  tokenEstimate?: number;
}

/** Keyset pagination: pass back `nextCursor` to get the next page; null when no more. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConversationSummary extends Conversation {
  customer: Pick<CustomerProfile, 'id' | 'phoneNumber' | 'userId' | 'displayName' | 'optedOut'>;
  lastIntent: string | null;
  /** Flagged for the shop's people: an order request of this conversation waits for them. */
  needsAttention: boolean;
}

export interface ErasureCounts {
  customers: number;
  conversations: number;
  messages: number;
  memories: number;
}

export interface CleanupCounts {
  messages: number;
  conversations: number;
  memories: number;
  customers: number;
  /** Statuses kept for a wamid that was never recorded (a day later they never will be). */
  pendingStatuses: number;
  /** Erasure tombstones past Meta's 7 days of retries. */
  erasureTombstones: number;
}

/** Which adapter is behind the ports (logged at start, reported by the health check). */
export type StoreKind = 'pglite' | 'postgres' | 'supabase';

/**
 * An order request: `requested` when the customer confirms it to the assistant; the shop then
 * moves it to `confirmed` or `cancelled`, and a confirmed one to `fulfilled` or `cancelled`.
 */
export type OrderStatus = 'requested' | 'confirmed' | 'cancelled' | 'fulfilled';

/** One line of an order, at the unit price quoted to the customer. */
export interface OrderItem {
  sku: string;
  name: string;
  color: string | null;
  size: string | null;
  quantity: number;
  /** The unit price quoted in the turn, as the inventory gave it: two decimals ("1299.00"). */
  unitPrice: string;
  /** ISO 4217 ("MXN"); every item of an order has the same. */
  currency: string;
}

export type OrderFulfilment =
  { kind: 'pickup'; storeId: string; storeName: string } | { kind: 'delivery'; address: string | null };

/** The inventory's hold on the order's stock (when it offers reservations). */
export interface StockHold {
  /** The inventory's reservation id (to release it). */
  id: string;
  /** The hold ends by itself at this time. */
  expiresAt: Date;
}

export interface OrderStatusChange {
  status: OrderStatus;
  at: Date;
  note: string | null;
}

export interface OrderRequest {
  id: string;
  customerId: string;
  /** The conversation it was asked for in. */
  conversationId: string;
  status: OrderStatus;
  items: OrderItem[];
  fulfilment: OrderFulfilment;
  /** Exact decimal strings with two decimals: subtotal = Σ quantity × unitPrice; total = subtotal + shipping. */
  subtotal: string;
  shipping: string;
  total: string;
  currency: string;
  /** Null: recorded unreserved (the inventory offers no reservations, or none could be made). */
  reservation: StockHold | null;
  /** The shop's note (never sent to the customer). */
  note: string | null;
  /** Every status it has had, oldest first (the first is `requested`). */
  statusHistory: OrderStatusChange[];
  createdAt: Date;
  updatedAt: Date;
  customer: Pick<CustomerProfile, 'id' | 'phoneNumber' | 'userId' | 'displayName' | 'language'>;
}

export interface OrderItemInput {
  sku: string;
  name: string;
  color?: string | null;
  size?: string | null;
  /** A whole number from 1 to 1000. */
  quantity: number;
  /** A decimal string ("1299.00", "1299.5"): the price the customer was told. */
  unitPrice: string;
  currency: string;
}

export type OrderFulfilmentInput =
  { kind: 'pickup'; storeId: string; storeName: string } | { kind: 'delivery'; address?: string | null };

export interface CreateOrderRequestInput {
  conversationId: string;
  /**
   * Idempotency key of the request (a turn's key): the same key again stores nothing and
   * answers the order recorded the first time (`isNew: false`).
   */
  key: string;
  /** 1 to 50 items, all in one currency. */
  items: OrderItemInput[];
  fulfilment: OrderFulfilmentInput;
  /** A decimal string; none ("0.00") when absent. */
  shipping?: string | null;
  /** The hold the inventory gave, or null/absent: recorded unreserved. */
  reservation?: StockHold | null;
}

export interface CreateOrderRequestResult {
  /** False when this key was recorded before: `order` is that first request. */
  isNew: boolean;
  order: OrderRequest;
}

export interface ListOrderRequestsInput {
  status?: OrderStatus;
  customerId?: string;
  cursor?: string | null;
  /** 1 to 200. */
  limit: number;
}

export interface SetOrderStatusInput {
  orderId: string;
  status: OrderStatus;
  /** The shop's note; kept with the order and in its history. */
  note?: string | null;
}

/** Where to tell the customer about their order. */
export interface OrderRecipient {
  /** Their latest conversation on the order's business number (the order's own, unless they wrote again since). */
  conversationId: string;
  /** Their phone number, or their business-scoped user id. */
  to: string;
  phoneNumberId: string;
  /** The 24-hour window of that conversation is measured from here. */
  lastInboundAt: Date | null;
  optedOut: boolean;
  language: string | null;
}

export interface SetOrderStatusResult {
  /** False when the order already had that status (a repeated request): nothing changed. */
  changed: boolean;
  order: OrderRequest;
  recipient: OrderRecipient;
}
