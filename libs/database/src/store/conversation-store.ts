import type { AppLogger } from '@mostrador/logging';
import type {
  ClaimInput,
  ClaimResult,
  CleanupCounts,
  CompleteTurnInput,
  CompleteTurnResult,
  Conversation,
  ConversationMemory,
  ConversationStatus,
  ConversationSummary,
  CreateOrderRequestInput,
  CreateOrderRequestResult,
  CustomerProfile,
  EnqueueOutboundInput,
  EnqueueOutboundResult,
  ErasureCounts,
  FinishOutboundInput,
  FinishOutboundResult,
  InboundMessageInput,
  InboundMessageResult,
  ListOrderRequestsInput,
  MarkAnsweredInput,
  MemoryInput,
  OrderFulfilmentInput,
  OutboundDraft,
  OrderRequest,
  Page,
  SetOrderStatusInput,
  SetOrderStatusResult,
  StatusUpdateInput,
  StatusUpdateResult,
  StoredMessage,
  StoreKind,
  TakeOutboundInput,
  TakeOutboundResult,
  TurnContext,
} from '../data-api.types.js';
import type { ExclusiveRun, JobLock } from '../job-lock.js';
import type { AdminStore, CustomerRecord, CustomerRefQuery } from '../ports/admin.store.js';
import type { InboundStore } from '../ports/inbound.store.js';
import type { MaintenanceStore } from '../ports/maintenance.store.js';
import type { OrderStore } from '../ports/order.store.js';
import type { OutboxStore } from '../ports/outbox.store.js';
import type { TurnStore } from '../ports/turn.store.js';
import { DEFAULT_RETRY_POLICY, type Failure, type RetryPolicy, withRetry } from '../retry.js';
import { describeCause, StoreUnavailableError } from '../store-errors.js';
import { type Args, json, type JsonArg } from './data-api.js';
import {
  claimRow,
  cleanupRow,
  completeTurnRow,
  conversationRow,
  createOrderRow,
  customerRecordRow,
  customerRow,
  enqueueRow,
  erasureRow,
  finishRow,
  idList,
  inboundResultRow,
  memoryRow,
  messageRow,
  orderRow,
  pageRow,
  read,
  setOrderStatusRow,
  statusResultRow,
  summaryRow,
  takeRow,
  turnContextRow,
} from './from-json.js';

export interface StoreOptions {
  /** CONVERSATION_IDLE_HOURS: after this long without messages the next inbound opens a new conversation. */
  conversationIdleHours: number;
  logger?: AppLogger;
  retry?: RetryPolicy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that is not a UUID names nothing: lookups answer "not found" instead of failing. */
function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A fulfilment as the data API takes it; a kind it does not know goes as it is, to be refused there. */
function fulfilmentArg(fulfilment: OrderFulfilmentInput): Record<string, unknown> {
  if (fulfilment.kind === 'pickup') {
    return { kind: 'pickup', store_id: fulfilment.storeId, store_name: fulfilment.storeName };
  }
  if (fulfilment.kind === 'delivery') return { kind: 'delivery', address: fulfilment.address ?? null };
  return { kind: (fulfilment as { kind: unknown }).kind };
}

const NO_ERASURE: ErasureCounts = { customers: 0, conversations: 0, messages: 0, memories: 0 };
const messagePage = pageRow(messageRow);
const summaryPage = pageRow(summaryRow);
const orderPage = pageRow(orderRow);

/**
 * The data API of Mostrador: every method is one call to one Postgres function in
 * `supabase/migrations` (atomic, one round trip, idempotent where it can be). Implemented
 * once over "call this function with these named arguments": the SQL adapter (PGlite, `pg`)
 * and the Supabase adapter only supply `invoke`. Here: argument shapes, reading the jsonb
 * answers, retries with backoff, and one debug log line per call.
 *
 * App code depends on the narrow port it needs (`InboundStore`, `TurnStore`, `OutboxStore`,
 * `AdminStore`, `OrderStore`, `MaintenanceStore`), so each can be wrapped (a cache, a breaker) on its own;
 * DatabaseModule binds them all to the adapter the settings choose.
 */
export abstract class ConversationStore
  implements InboundStore, TurnStore, OutboxStore, AdminStore, OrderStore, MaintenanceStore, JobLock
{
  abstract readonly kind: StoreKind;
  protected readonly retryPolicy: RetryPolicy;
  private readonly logDebug: boolean;
  /** Why calls are refused for now (the database is still being prepared); null once ready. */
  private notReady: string | null = null;

  protected constructor(protected readonly options: StoreOptions) {
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
    // Building a log line costs even when no transport writes it: decide once.
    this.logDebug = options.logger?.getWinstonLogger().isLevelEnabled('debug') ?? false;
  }

  /** One call of one function: its jsonb answer, or the driver's error. */
  protected abstract invoke(fn: string, args: Args): Promise<unknown>;

  /** What a driver error means: retry, unavailable, or the call's own fault. */
  protected abstract classify(error: unknown): Failure;

  /** Makes the database ready for the data API (applies pending migrations where this adapter can). */
  abstract prepare(): Promise<void>;

  /** Releases connections (called on shutdown). */
  abstract close(): Promise<void>;

  /**
   * Until `ready()`, every call fails at once with `StoreUnavailableError` carrying `reason`
   * (the webhook answers 503 so Meta retries; readiness says why).
   */
  refuseUntilReady(reason: string): void {
    this.notReady = reason;
  }

  ready(): void {
    this.notReady = null;
  }

  private readonly runningJobs = new Set<string>();

  /** One run of a job at a time: in this process here, across instances in `runLocked`. */
  async runExclusive<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>> {
    if (this.runningJobs.has(job)) return { ran: false };
    this.runningJobs.add(job);
    try {
      return await this.runLocked(job, fn);
    } finally {
      this.runningJobs.delete(job);
    }
  }

  protected abstract runLocked<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>>;

  protected async call(fn: string, args: Args, policy: RetryPolicy = this.retryPolicy): Promise<unknown> {
    if (this.notReady !== null) throw new StoreUnavailableError(fn, 0, { cause: new Error(this.notReady) });
    const started = performance.now();
    const logger = this.options.logger;
    try {
      const result = await withRetry(
        fn,
        policy,
        {
          classify: (error) => this.classify(error),
          onRetry: (attempt, error, delayMs) =>
            logger?.logDatabaseOperation({
              operation: fn,
              durationMs: Math.round(performance.now() - started),
              outcome: 'retry',
              attempt,
              adapter: this.kind,
              error: `${describeCause(error)}; retrying in ${delayMs} ms`,
            }),
        },
        () => this.invoke(fn, args),
      );
      if (this.logDebug) {
        logger?.logDatabaseOperation({
          operation: fn,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          outcome: 'ok',
          adapter: this.kind,
        });
      }
      return result;
    } catch (error) {
      logger?.logDatabaseOperation({
        operation: fn,
        durationMs: Math.round(performance.now() - started),
        outcome: 'error',
        adapter: this.kind,
        error: describeCause(error),
      });
      throw error;
    }
  }

  // --- InboundStore ------------------------------------------------------------------------

  async recordInboundMessage(input: InboundMessageInput): Promise<InboundMessageResult> {
    const fn = 'record_inbound_message';
    const answer = await this.call(fn, {
      p_wa_message_id: input.waMessageId,
      p_phone_number_id: input.phoneNumberId,
      p_phone_number: input.customer.phoneNumber ?? null,
      p_user_id: input.customer.userId ?? null,
      p_display_name: input.customer.displayName ?? null,
      p_type: input.type,
      p_text: input.text ?? null,
      p_payload: json(input.payload),
      p_reply_to_wa_message_id: input.replyToWaMessageId ?? null,
      p_sent_at: input.sentAt,
      p_status: input.status ?? 'received',
      p_idle_hours: this.options.conversationIdleHours,
    });
    return read(inboundResultRow, answer, fn);
  }

  async updateMessageStatus(input: StatusUpdateInput): Promise<StatusUpdateResult> {
    const fn = 'update_message_status';
    const answer = await this.call(fn, {
      p_wa_message_id: input.waMessageId,
      p_status: input.status,
      p_timestamp: input.timestamp,
      p_error_code: input.error?.code ?? null,
      p_error_title: input.error?.title ?? null,
      p_error_details: input.error?.details ?? null,
      p_callback_data: input.callbackData ?? null,
    });
    return read(statusResultRow, answer, fn);
  }

  // --- TurnStore -----------------------------------------------------------------------------

  async claimUnanswered(input: ClaimInput): Promise<ClaimResult> {
    if (!isUuid(input.conversationId)) return { claimed: false, messages: [] };
    const fn = 'claim_unanswered';
    const answer = await this.call(fn, {
      p_conversation_id: input.conversationId,
      p_claim_token: input.claimToken,
      p_lease_seconds: input.leaseSeconds,
      p_max_age_seconds: input.maxAgeSeconds,
      p_quiet_ms: input.quietMs ?? 0,
      p_max_wait_ms: input.maxWaitMs ?? null,
      p_message_limit: input.contextMessages ?? null,
    });
    return read(claimRow, answer, fn);
  }

  async renewClaim(conversationId: string, claimToken: string, leaseSeconds: number): Promise<boolean> {
    if (!isUuid(conversationId)) return false;
    const answer = await this.call('renew_claim', {
      p_conversation_id: conversationId,
      p_claim_token: claimToken,
      p_lease_seconds: leaseSeconds,
    });
    return (answer as { renewed?: unknown } | null)?.renewed === true;
  }

  async markAnswered(input: MarkAnsweredInput): Promise<{ answered: number }> {
    if (!isUuid(input.conversationId)) return { answered: 0 };
    const answer = await this.call('mark_answered', {
      p_conversation_id: input.conversationId,
      p_claim_token: input.claimToken,
      p_message_ids: input.messageIds.filter(isUuid),
    });
    return { answered: Number((answer as { answered?: unknown } | null)?.answered ?? 0) };
  }

  async completeTurn(input: CompleteTurnInput): Promise<CompleteTurnResult> {
    const fn = 'complete_turn';
    const { reply, memory } = input;
    const answer = await this.call(fn, {
      p_conversation_id: input.conversationId,
      p_claim_token: input.claimToken,
      p_message_ids: input.messageIds.filter(isUuid),
      p_reply_key: reply?.key ?? null,
      p_drafts: reply === undefined ? null : draftsArg(reply.drafts),
      p_retry_window_seconds: reply?.retryWindowSeconds ?? null,
      p_last_intent: memory.lastIntent ?? null,
      p_context: memory.context === undefined ? null : json(memory.context),
      p_facts: memory.facts === undefined ? null : json(memory.facts),
      p_take_lease_seconds: input.takeLeaseSeconds ?? null,
    });
    return read(completeTurnRow, answer, fn);
  }

  async releaseClaim(conversationId: string, claimToken: string): Promise<void> {
    if (!isUuid(conversationId)) return;
    await this.call('release_claim', { p_conversation_id: conversationId, p_claim_token: claimToken });
  }

  async findUnansweredConversations(input: {
    minAgeSeconds: number;
    maxAgeSeconds: number;
    limit: number;
  }): Promise<string[]> {
    const fn = 'find_unanswered_conversations';
    const answer = await this.call(fn, {
      p_min_age_seconds: input.minAgeSeconds,
      p_max_age_seconds: input.maxAgeSeconds,
      p_limit: input.limit,
    });
    return read(idList, answer, fn);
  }

  async getTurnContext(conversationId: string, messageLimit: number): Promise<TurnContext | null> {
    if (!isUuid(conversationId)) return null;
    const fn = 'get_turn_context';
    const answer = await this.call(fn, { p_conversation_id: conversationId, p_message_limit: messageLimit });
    return answer === null ? null : read(turnContextRow, answer, fn);
  }

  async saveMemory(input: MemoryInput): Promise<ConversationMemory> {
    const fn = 'save_memory';
    const answer = await this.call(fn, {
      p_conversation_id: input.conversationId,
      p_summary: input.summary ?? null,
      p_summarized_through_message_id: input.summarizedThroughMessageId ?? null,
      p_facts: input.facts === undefined ? null : json(input.facts),
      p_last_intent: input.lastIntent ?? null,
      p_context: input.context === undefined ? null : json(input.context),
      p_token_estimate: input.tokenEstimate ?? null,
    });
    return read(memoryRow, answer, fn);
  }

  async setConversationStatus(conversationId: string, status: ConversationStatus): Promise<Conversation | null> {
    if (!isUuid(conversationId)) return null;
    const fn = 'set_conversation_status';
    const answer = await this.call(fn, { p_conversation_id: conversationId, p_status: status });
    return answer === null ? null : read(conversationRow, answer, fn);
  }

  async setOptedOut(customerId: string, optedOut: boolean): Promise<CustomerProfile | null> {
    if (!isUuid(customerId)) return null;
    const fn = 'set_opted_out';
    const answer = await this.call(fn, { p_customer_id: customerId, p_opted_out: optedOut });
    return answer === null ? null : read(customerRow, answer, fn);
  }

  async rememberFact(customerId: string, key: string, value: unknown): Promise<CustomerProfile | null> {
    if (!isUuid(customerId)) return null;
    const fn = 'remember_fact';
    const answer = await this.call(fn, {
      p_customer_id: customerId,
      p_key: key,
      p_value: value === undefined || value === null ? null : json(value),
    });
    return answer === null ? null : read(customerRow, answer, fn);
  }

  // --- OutboxStore ---------------------------------------------------------------------------

  async enqueueOutbound(input: EnqueueOutboundInput): Promise<EnqueueOutboundResult> {
    const fn = 'enqueue_outbound';
    const answer = await this.call(fn, {
      p_conversation_id: input.conversationId,
      p_key: input.key,
      p_drafts: draftsArg(input.drafts),
      p_retry_window_seconds: input.retryWindowSeconds,
    });
    return read(enqueueRow, answer, fn);
  }

  async takeOutbound(input: TakeOutboundInput): Promise<TakeOutboundResult> {
    if (!isUuid(input.conversationId)) return { kind: 'idle' };
    const fn = 'take_outbound';
    const answer = await this.call(fn, {
      p_conversation_id: input.conversationId,
      p_lease_seconds: input.leaseSeconds,
    });
    return read(takeRow, answer, fn);
  }

  async finishOutbound(input: FinishOutboundInput): Promise<FinishOutboundResult> {
    const fn = 'finish_outbound';
    const { result } = input;
    const error = result.outcome === 'sent' ? null : result.error;
    const answer = await this.call(fn, {
      p_message_id: input.messageId,
      p_attempt: input.attempt,
      p_outcome: result.outcome,
      p_wa_message_id: result.outcome === 'sent' ? result.waMessageId : null,
      p_type: result.outcome === 'sent' ? (result.type ?? null) : null,
      p_retry_at: result.outcome === 'retry' ? result.retryAt : null,
      p_error_code: error?.code ?? null,
      p_error_title: error?.title ?? null,
      p_error_details: error?.details ?? null,
    });
    return read(finishRow, answer, fn);
  }

  async findDueOutbound(limit: number): Promise<string[]> {
    const fn = 'find_due_outbound';
    return read(idList, await this.call(fn, { p_limit: limit }), fn);
  }

  // --- AdminStore ----------------------------------------------------------------------------

  async listConversations(input: {
    status?: ConversationStatus;
    /** true: only conversations flagged for the shop (an order request waits); false: only the others. */
    attention?: boolean;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ConversationSummary>> {
    const fn = 'list_conversations';
    const answer = await this.call(fn, {
      p_status: input.status ?? null,
      p_attention: input.attention ?? null,
      p_cursor: input.cursor ?? null,
      p_limit: input.limit,
    });
    return read(summaryPage, answer, fn);
  }

  async getConversation(conversationId: string): Promise<ConversationSummary | null> {
    if (!isUuid(conversationId)) return null;
    const fn = 'get_conversation';
    const answer = await this.call(fn, { p_conversation_id: conversationId });
    return answer === null ? null : read(summaryRow, answer, fn);
  }

  async getConversationMessages(input: {
    conversationId: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<StoredMessage>> {
    if (!isUuid(input.conversationId)) return { items: [], nextCursor: null };
    const fn = 'get_conversation_messages';
    const answer = await this.call(fn, {
      p_conversation_id: input.conversationId,
      p_cursor: input.cursor ?? null,
      p_limit: input.limit,
    });
    return read(messagePage, answer, fn);
  }

  async getCustomer(ref: CustomerRefQuery): Promise<CustomerRecord | null> {
    if ('id' in ref && !isUuid(ref.id)) return null;
    const fn = 'get_customer';
    const answer = await this.call(fn, {
      p_id: 'id' in ref ? ref.id : null,
      p_phone_number: 'phoneNumber' in ref ? ref.phoneNumber : null,
      p_user_id: 'userId' in ref ? ref.userId : null,
    });
    return answer === null ? null : read(customerRecordRow, answer, fn);
  }

  async eraseCustomer(customerId: string): Promise<ErasureCounts> {
    if (!isUuid(customerId)) return { ...NO_ERASURE };
    const fn = 'erase_customer';
    return read(erasureRow, await this.call(fn, { p_customer_id: customerId }), fn);
  }

  // --- OrderStore --------------------------------------------------------------------------

  async createOrderRequest(input: CreateOrderRequestInput): Promise<CreateOrderRequestResult> {
    const fn = 'create_order_request';
    const answer = await this.call(fn, {
      p_key: input.key,
      p_conversation_id: input.conversationId,
      p_items: json(
        input.items.map((item) => ({
          sku: item.sku,
          name: item.name,
          color: item.color ?? null,
          size: item.size ?? null,
          quantity: item.quantity,
          unit_price: item.unitPrice,
          currency: item.currency,
        })),
      ),
      p_fulfilment: json(fulfilmentArg(input.fulfilment)),
      p_shipping: input.shipping ?? null,
      p_reservation: input.reservation
        ? // An invalid date goes as null: the database refuses it with the others' errors.
          json({ id: input.reservation.id, expires_at: input.reservation.expiresAt })
        : null,
    });
    return read(createOrderRow, answer, fn);
  }

  async getOrderRequest(orderId: string): Promise<OrderRequest | null> {
    if (!isUuid(orderId)) return null;
    const fn = 'get_order_request';
    const answer = await this.call(fn, { p_order_id: orderId });
    return answer === null ? null : read(orderRow, answer, fn);
  }

  async listOrderRequests(input: ListOrderRequestsInput): Promise<Page<OrderRequest>> {
    if (input.customerId !== undefined && !isUuid(input.customerId)) return { items: [], nextCursor: null };
    const fn = 'list_order_requests';
    const answer = await this.call(fn, {
      p_status: input.status ?? null,
      p_customer_id: input.customerId ?? null,
      p_cursor: input.cursor ?? null,
      p_limit: input.limit,
    });
    return read(orderPage, answer, fn);
  }

  async setOrderStatus(input: SetOrderStatusInput): Promise<SetOrderStatusResult | null> {
    if (!isUuid(input.orderId)) return null;
    const fn = 'set_order_status';
    const answer = await this.call(fn, {
      p_order_id: input.orderId,
      p_status: input.status,
      p_note: input.note ?? null,
    });
    return answer === null ? null : read(setOrderStatusRow, answer, fn);
  }

  // --- TurnStore: what customers ask about themselves ------------------------------------------

  async requestErasure(customerId: string): Promise<CustomerProfile | null> {
    if (!isUuid(customerId)) return null;
    const fn = 'request_erasure';
    const answer = await this.call(fn, { p_customer_id: customerId });
    return answer === null ? null : read(customerRow, answer, fn);
  }

  async getPreviousMemory(conversationId: string): Promise<ConversationMemory | null> {
    if (!isUuid(conversationId)) return null;
    const fn = 'get_previous_memory';
    const answer = await this.call(fn, { p_conversation_id: conversationId });
    return answer === null ? null : read(memoryRow, answer, fn);
  }

  // --- MaintenanceStore ----------------------------------------------------------------------

  async cleanupOldData(olderThan: Date, batchSize: number): Promise<CleanupCounts> {
    const fn = 'cleanup_old_data';
    return read(cleanupRow, await this.call(fn, { p_older_than: olderThan, p_batch_size: batchSize }), fn);
  }

  /** One try, no retries: the health check wants the truth now, within its own time limit. */
  async ping(): Promise<void> {
    await this.call('ping', {}, { ...this.retryPolicy, attempts: 1 });
  }
}

/** Outbox drafts as the data API takes them (enqueue_outbound, complete_turn). */
function draftsArg(drafts: readonly OutboundDraft[]): JsonArg {
  return json(
    drafts.map((draft) => ({
      type: draft.type,
      text: draft.text,
      payload: draft.payload ?? null,
      reply_to_wa_message_id: draft.replyToWaMessageId ?? null,
    })),
  );
}
