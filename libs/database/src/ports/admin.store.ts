import type {
  Conversation,
  ConversationMemory,
  ConversationStatus,
  ConversationSummary,
  CustomerProfile,
  ErasureCounts,
  Page,
  StoredMessage,
} from '../data-api.types.js';

export type CustomerRefQuery = { id: string } | { phoneNumber: string } | { userId: string };

export interface CustomerRecord {
  customer: CustomerProfile;
  conversations: ConversationSummary[];
  memory: ConversationMemory | null;
}

/** What the shop's people read and change through the admin API. */
export abstract class AdminStore {
  abstract listConversations(input: {
    status?: ConversationStatus;
    /** true: only conversations flagged for the shop (an order request waits); false: only the others. */
    attention?: boolean;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ConversationSummary>>;

  /** One conversation with who it is with; null for an unknown id. */
  abstract getConversation(conversationId: string): Promise<ConversationSummary | null>;

  abstract getConversationMessages(input: {
    conversationId: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<StoredMessage>>;

  /** By id, phone number or business-scoped user id. */
  abstract getCustomer(ref: CustomerRefQuery): Promise<CustomerRecord | null>;

  abstract setConversationStatus(conversationId: string, status: ConversationStatus): Promise<Conversation | null>;

  /**
   * Deletes everything about one person (profile, conversations, messages, memory) and
   * leaves a tombstone of their recent messages' ids (hashed), so Meta's retries of them
   * store nothing again.
   */
  abstract eraseCustomer(customerId: string): Promise<ErasureCounts>;
}
