/**
 * The data API of Mostrador, as the app sees it. Every method is one call to one Postgres
 * function in `supabase/migrations` (atomic, one round trip, idempotent where it can be);
 * the adapters (PGlite, `pg` Pool, supabase-js) only differ in how they reach it.
 *
 * Ids are UUID strings. Times are `Date`s. JSON columns come back as plain objects.
 */

export type MessageDirection = 'inbound' | 'outbound';

/**
 * Inbound: `received` → `answered` (or `rate_limited`, kept but not answered).
 * Outbound: `queued` (intent recorded before the send) → `sent` → `delivered` →
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

export interface InboundMessageResult {
  conversationId: string;
  messageId: string;
  customerId: string;
  /** False when this wamid was already stored (a Meta retry): nothing was changed. */
  isNew: boolean;
  /** True when this message opened a new conversation. */
  conversationOpened: boolean;
}

export interface StatusUpdateInput {
  waMessageId: string;
  status: DeliveryStatus;
  timestamp: Date;
  error?: MessageError | null;
}

export interface StatusUpdateResult {
  /** False for a wamid we never stored (not an error). */
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
}

export interface ClaimResult {
  /** False when another live claim holds the conversation. */
  claimed: boolean;
  /** Unanswered inbound messages (status `received`), oldest first. */
  messages: StoredMessage[];
}

export interface OutboundMessageInput {
  conversationId: string;
  /**
   * Idempotency key of this reply (e.g. the turn's last inbound message id + the part
   * number). Recording the same key again never makes a second row: it returns the first,
   * updated with the wamid/status given, so a retried turn can see it already sent.
   */
  intentKey: string;
  type: string;
  text?: string | null;
  payload: unknown;
  waMessageId?: string | null;
  /** `queued` before the send; `sent` (with the wamid) or `failed` (with the error) after. */
  status: 'queued' | 'sent' | 'failed';
  error?: MessageError | null;
  replyToWaMessageId?: string | null;
}

export interface OutboundMessageResult {
  messageId: string;
  /** False when the intent key was already recorded. */
  isNew: boolean;
  status: MessageStatus;
  waMessageId: string | null;
}

export interface MarkAnsweredInput {
  conversationId: string;
  claimToken: string;
  /** The inbound messages this turn answered (or chose not to). */
  messageIds: string[];
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
}

export interface DbStats {
  customers: number;
  conversations: Record<ConversationStatus, number>;
  messages: { inbound: number; outbound: number; unanswered: number; failed: number };
  oldestMessageAt: Date | null;
}

/** Which adapter is behind the port (logged at start, reported by the health check). */
export type StoreKind = 'pglite' | 'postgres' | 'supabase';

/**
 * The port. Bound by DatabaseModule to the adapter the settings choose; tests run one
 * contract suite against every adapter.
 */
export abstract class ConversationStore {
  abstract readonly kind: StoreKind;

  /** Upserts the customer, finds or opens the conversation, stores the message once. */
  abstract recordInboundMessage(input: InboundMessageInput): Promise<InboundMessageResult>;

  /** Monotonic: sent < delivered < read | played; failed is terminal. Unknown wamid: no-op. */
  abstract updateMessageStatus(input: StatusUpdateInput): Promise<StatusUpdateResult>;

  /** Takes the conversation for one turn (one at a time, across instances). */
  abstract claimUnanswered(input: ClaimInput): Promise<ClaimResult>;

  abstract recordOutboundMessage(input: OutboundMessageInput): Promise<OutboundMessageResult>;

  /** Marks the messages answered and releases the claim (if the token still holds it). */
  abstract markAnswered(input: MarkAnsweredInput): Promise<{ answered: number }>;

  /** Releases a claim without answering (the turn failed; the sweeper will retry). */
  abstract releaseClaim(conversationId: string, claimToken: string): Promise<void>;

  /**
   * Conversations with inbound messages unanswered for at least `minAgeSeconds` (and at
   * most `maxAgeSeconds` old) and no live claim: what the sweeper schedules.
   */
  abstract findUnansweredConversations(input: {
    minAgeSeconds: number;
    maxAgeSeconds: number;
    limit: number;
  }): Promise<string[]>;

  /** Profile, memory and the last `messageLimit` messages, in one call. */
  abstract getTurnContext(conversationId: string, messageLimit: number): Promise<TurnContext | null>;

  abstract saveMemory(input: MemoryInput): Promise<ConversationMemory>;

  abstract setConversationStatus(conversationId: string, status: ConversationStatus): Promise<Conversation | null>;

  /** Sets (or, with `value` null, removes) one remembered fact about a customer. */
  abstract rememberFact(customerId: string, key: string, value: unknown): Promise<CustomerProfile | null>;

  abstract setOptedOut(customerId: string, optedOut: boolean): Promise<CustomerProfile | null>;

  abstract listConversations(input: {
    status?: ConversationStatus;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ConversationSummary>>;

  abstract getConversationMessages(input: {
    conversationId: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<StoredMessage>>;

  /** By id, phone number or business-scoped user id. */
  abstract getCustomer(ref: { id: string } | { phoneNumber: string } | { userId: string }): Promise<{
    customer: CustomerProfile;
    conversations: ConversationSummary[];
    memory: ConversationMemory | null;
  } | null>;

  /** Deletes everything about one person (profile, conversations, messages, memory). */
  abstract eraseCustomer(customerId: string): Promise<ErasureCounts>;

  /** Deletes up to `batchSize` rows per table older than `olderThan`; call until all zero. */
  abstract cleanupOldData(olderThan: Date, batchSize: number): Promise<CleanupCounts>;

  abstract dbStats(): Promise<DbStats>;

  /** A real round trip (for the health check). */
  abstract ping(): Promise<void>;

  /** Releases connections (called on shutdown). */
  abstract close(): Promise<void>;
}
