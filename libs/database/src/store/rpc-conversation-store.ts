import type { AppLogger } from '@mostrador/logging';
import {
  type CleanupCounts,
  type ClaimInput,
  type ClaimResult,
  type Conversation,
  type ConversationMemory,
  type ConversationStatus,
  ConversationStore,
  type ConversationSummary,
  type CustomerProfile,
  type DbStats,
  type ErasureCounts,
  type InboundMessageInput,
  type InboundMessageResult,
  type MarkAnsweredInput,
  type MemoryInput,
  type OutboundMessageInput,
  type OutboundMessageResult,
  type Page,
  type StatusUpdateInput,
  type StatusUpdateResult,
  type StoredMessage,
  type StoreKind,
  type TurnContext,
} from '../conversation-store.js';
import type { ExclusiveRun, JobLock } from '../job-lock.js';
import { DEFAULT_RETRY_POLICY, type Failure, type RetryPolicy, withRetry } from '../retry.js';
import { describeCause } from '../store-errors.js';
import { type Args, json } from './data-api.js';
import { type JsonRow, rows, toConversation, toCustomer, toMemory, toMessage, toSummary } from './from-json.js';

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

const NO_ERASURE: ErasureCounts = { customers: 0, conversations: 0, messages: 0, memories: 0 };

/**
 * The port, implemented once over "call this data API function with these named
 * arguments": the SQL adapter (PGlite, `pg`) and the Supabase adapter only supply `invoke`.
 * Here: argument shapes, reading the jsonb answers, retries with backoff, and one debug log
 * line per call.
 */
export abstract class RpcConversationStore extends ConversationStore implements JobLock {
  abstract override readonly kind: StoreKind;
  protected readonly retryPolicy: RetryPolicy;
  private readonly logDebug: boolean;

  protected constructor(protected readonly options: StoreOptions) {
    super();
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
    // Building a log line costs even when no transport writes it: decide once.
    this.logDebug = options.logger?.getWinstonLogger().isLevelEnabled('debug') ?? false;
  }

  /** One call of one function: its jsonb answer, or the driver's error. */
  protected abstract invoke(fn: string, args: Args): Promise<unknown>;

  /** What a driver error means: retry, unavailable, or the call's own fault. */
  protected abstract classify(error: unknown): Failure;

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

  abstract override close(): Promise<void>;

  protected async call<T = JsonRow>(fn: string, args: Args, policy: RetryPolicy = this.retryPolicy): Promise<T> {
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
      return result as T;
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

  async recordInboundMessage(input: InboundMessageInput): Promise<InboundMessageResult> {
    const row = await this.call('record_inbound_message', {
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
    return {
      conversationId: row.conversation_id as string,
      messageId: row.message_id as string,
      customerId: row.customer_id as string,
      isNew: row.is_new === true,
      conversationOpened: row.conversation_opened === true,
    };
  }

  async updateMessageStatus(input: StatusUpdateInput): Promise<StatusUpdateResult> {
    const row = await this.call('update_message_status', {
      p_wa_message_id: input.waMessageId,
      p_status: input.status,
      p_timestamp: input.timestamp,
      p_error_code: input.error?.code ?? null,
      p_error_title: input.error?.title ?? null,
      p_error_details: input.error?.details ?? null,
    });
    return {
      known: row.known === true,
      applied: row.applied === true,
      status: (row.status as StatusUpdateResult['status']) ?? null,
    };
  }

  async claimUnanswered(input: ClaimInput): Promise<ClaimResult> {
    if (!isUuid(input.conversationId)) return { claimed: false, messages: [] };
    const row = await this.call('claim_unanswered', {
      p_conversation_id: input.conversationId,
      p_claim_token: input.claimToken,
      p_lease_seconds: input.leaseSeconds,
      p_max_age_seconds: input.maxAgeSeconds,
    });
    return { claimed: row.claimed === true, messages: rows(row.messages).map(toMessage) };
  }

  async recordOutboundMessage(input: OutboundMessageInput): Promise<OutboundMessageResult> {
    const row = await this.call('record_outbound_message', {
      p_conversation_id: input.conversationId,
      p_intent_key: input.intentKey,
      p_type: input.type,
      p_text: input.text ?? null,
      p_payload: json(input.payload),
      p_wa_message_id: input.waMessageId ?? null,
      p_status: input.status,
      p_error_code: input.error?.code ?? null,
      p_error_title: input.error?.title ?? null,
      p_error_details: input.error?.details ?? null,
      p_reply_to_wa_message_id: input.replyToWaMessageId ?? null,
    });
    return {
      messageId: row.message_id as string,
      isNew: row.is_new === true,
      status: row.status as OutboundMessageResult['status'],
      waMessageId: (row.wa_message_id as string | null) ?? null,
    };
  }

  async markAnswered(input: MarkAnsweredInput): Promise<{ answered: number }> {
    if (!isUuid(input.conversationId)) return { answered: 0 };
    const row = await this.call('mark_answered', {
      p_conversation_id: input.conversationId,
      p_claim_token: input.claimToken,
      p_message_ids: input.messageIds.filter(isUuid),
    });
    return { answered: Number(row.answered) };
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
    const ids = await this.call<unknown>('find_unanswered_conversations', {
      p_min_age_seconds: input.minAgeSeconds,
      p_max_age_seconds: input.maxAgeSeconds,
      p_limit: input.limit,
    });
    return Array.isArray(ids) ? (ids as string[]) : [];
  }

  async getTurnContext(conversationId: string, messageLimit: number): Promise<TurnContext | null> {
    if (!isUuid(conversationId)) return null;
    const row = await this.call<JsonRow | null>('get_turn_context', {
      p_conversation_id: conversationId,
      p_message_limit: messageLimit,
    });
    if (row === null) return null;
    return {
      conversation: toConversation(row.conversation as JsonRow),
      customer: toCustomer(row.customer as JsonRow),
      memory: toMemory(row.memory as JsonRow),
      recentMessages: rows(row.recent_messages).map(toMessage),
    };
  }

  async saveMemory(input: MemoryInput): Promise<ConversationMemory> {
    const row = await this.call('save_memory', {
      p_conversation_id: input.conversationId,
      p_summary: input.summary ?? null,
      p_summarized_through_message_id: input.summarizedThroughMessageId ?? null,
      p_facts: input.facts === undefined ? null : json(input.facts),
      p_last_intent: input.lastIntent ?? null,
      p_context: input.context === undefined ? null : json(input.context),
      p_token_estimate: input.tokenEstimate ?? null,
    });
    return toMemory(row);
  }

  async setConversationStatus(conversationId: string, status: ConversationStatus): Promise<Conversation | null> {
    if (!isUuid(conversationId)) return null;
    const row = await this.call<JsonRow | null>('set_conversation_status', {
      p_conversation_id: conversationId,
      p_status: status,
    });
    return row === null ? null : toConversation(row);
  }

  async rememberFact(customerId: string, key: string, value: unknown): Promise<CustomerProfile | null> {
    if (!isUuid(customerId)) return null;
    const row = await this.call<JsonRow | null>('remember_fact', {
      p_customer_id: customerId,
      p_key: key,
      p_value: value === undefined || value === null ? null : json(value),
    });
    return row === null ? null : toCustomer(row);
  }

  async setOptedOut(customerId: string, optedOut: boolean): Promise<CustomerProfile | null> {
    if (!isUuid(customerId)) return null;
    const row = await this.call<JsonRow | null>('set_opted_out', { p_customer_id: customerId, p_opted_out: optedOut });
    return row === null ? null : toCustomer(row);
  }

  async listConversations(input: {
    status?: ConversationStatus;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ConversationSummary>> {
    const row = await this.call('list_conversations', {
      p_status: input.status ?? null,
      p_cursor: input.cursor ?? null,
      p_limit: input.limit,
    });
    return { items: rows(row.items).map(toSummary), nextCursor: (row.next_cursor as string | null) ?? null };
  }

  async getConversationMessages(input: {
    conversationId: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<StoredMessage>> {
    if (!isUuid(input.conversationId)) return { items: [], nextCursor: null };
    const row = await this.call('get_conversation_messages', {
      p_conversation_id: input.conversationId,
      p_cursor: input.cursor ?? null,
      p_limit: input.limit,
    });
    return { items: rows(row.items).map(toMessage), nextCursor: (row.next_cursor as string | null) ?? null };
  }

  async getCustomer(ref: { id: string } | { phoneNumber: string } | { userId: string }): Promise<{
    customer: CustomerProfile;
    conversations: ConversationSummary[];
    memory: ConversationMemory | null;
  } | null> {
    if ('id' in ref && !isUuid(ref.id)) return null;
    const row = await this.call<JsonRow | null>('get_customer', {
      p_id: 'id' in ref ? ref.id : null,
      p_phone_number: 'phoneNumber' in ref ? ref.phoneNumber : null,
      p_user_id: 'userId' in ref ? ref.userId : null,
    });
    if (row === null) return null;
    return {
      customer: toCustomer(row.customer as JsonRow),
      conversations: rows(row.conversations).map(toSummary),
      memory: row.memory === null || row.memory === undefined ? null : toMemory(row.memory as JsonRow),
    };
  }

  async eraseCustomer(customerId: string): Promise<ErasureCounts> {
    if (!isUuid(customerId)) return { ...NO_ERASURE };
    const row = await this.call('erase_customer', { p_customer_id: customerId });
    return {
      customers: Number(row.customers),
      conversations: Number(row.conversations),
      messages: Number(row.messages),
      memories: Number(row.memories),
    };
  }

  async cleanupOldData(olderThan: Date, batchSize: number): Promise<CleanupCounts> {
    const row = await this.call('cleanup_old_data', { p_older_than: olderThan, p_batch_size: batchSize });
    return {
      messages: Number(row.messages),
      conversations: Number(row.conversations),
      memories: Number(row.memories),
      customers: Number(row.customers),
    };
  }

  async dbStats(): Promise<DbStats> {
    const row = await this.call('db_stats', {});
    const conversations = row.conversations as Record<string, unknown>;
    const messages = row.messages as Record<string, unknown>;
    return {
      customers: Number(row.customers),
      conversations: {
        active: Number(conversations.active),
        handoff: Number(conversations.handoff),
        closed: Number(conversations.closed),
      },
      messages: {
        inbound: Number(messages.inbound),
        outbound: Number(messages.outbound),
        unanswered: Number(messages.unanswered),
        failed: Number(messages.failed),
      },
      oldestMessageAt: row.oldest_message_at === null ? null : new Date(row.oldest_message_at as string),
    };
  }

  /** One try, no retries: the health check wants the truth now, within its own time limit. */
  async ping(): Promise<void> {
    await this.call('ping', {}, { ...this.retryPolicy, attempts: 1 });
  }
}
