import type {
  ClaimInput,
  ClaimResult,
  CompleteTurnInput,
  CompleteTurnResult,
  Conversation,
  ConversationMemory,
  ConversationStatus,
  CustomerProfile,
  MarkAnsweredInput,
  MemoryInput,
  TurnContext,
} from '../data-api.types.js';

/** What the turn worker and its sweeper read and write. */
export abstract class TurnStore {
  /** Takes the conversation for one turn (one at a time, across instances). */
  abstract claimUnanswered(input: ClaimInput): Promise<ClaimResult>;

  /** Extends a live claim (the turn's heartbeat); false when the token no longer holds it. */
  abstract renewClaim(conversationId: string, claimToken: string, leaseSeconds: number): Promise<boolean>;

  /** Marks the messages answered and releases the claim (if the token still holds it). */
  abstract markAnswered(input: MarkAnsweredInput): Promise<{ answered: number }>;

  /**
   * The end of a turn in one transaction: its reply recorded in the outbox, the memory saved,
   * the messages marked answered and the claim released — all of it, or (on a failure) none.
   */
  abstract completeTurn(input: CompleteTurnInput): Promise<CompleteTurnResult>;

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

  abstract setOptedOut(customerId: string, optedOut: boolean): Promise<CustomerProfile | null>;

  /** Sets (or, with `value` null, removes) one remembered fact about a customer (kept across conversations). */
  abstract rememberFact(customerId: string, key: string, value: unknown): Promise<CustomerProfile | null>;

  /**
   * Records that the customer asked the shop to delete their number and data (the first time
   * stays). Erases nothing: a person at the shop decides, through the admin API.
   */
  abstract requestErasure(customerId: string): Promise<CustomerProfile | null>;

  /**
   * The memory of the customer's previous conversation on the same business number, for a
   * conversation that has none yet (what was shown before it closed); null when there is none.
   */
  abstract getPreviousMemory(conversationId: string): Promise<ConversationMemory | null>;
}
