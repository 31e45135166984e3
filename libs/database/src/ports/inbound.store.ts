import type {
  InboundMessageInput,
  InboundMessageResult,
  StatusUpdateInput,
  StatusUpdateResult,
} from '../data-api.types.js';

/** What the webhook writes: every customer message once, every delivery status. */
export abstract class InboundStore {
  /** Upserts the customer, finds or opens the conversation, stores the message once. */
  abstract recordInboundMessage(input: InboundMessageInput): Promise<InboundMessageResult>;

  /**
   * Monotonic: sent < delivered < read | played; failed is terminal. A status for a wamid not
   * recorded yet is kept and applied when it is (found by `callbackData` when the send's
   * answer was lost).
   */
  abstract updateMessageStatus(input: StatusUpdateInput): Promise<StatusUpdateResult>;
}
