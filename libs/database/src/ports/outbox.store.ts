import type {
  EnqueueOutboundInput,
  EnqueueOutboundResult,
  FinishOutboundInput,
  FinishOutboundResult,
  TakeOutboundInput,
  TakeOutboundResult,
} from '../data-api.types.js';

/**
 * The outbox: every message Mostrador sends is recorded here first (`queued`), then taken
 * for one attempt at a time, in order per conversation, and finished as sent, retried later
 * or failed. A message is never taken by two senders at once, and one whose attempt died
 * mid-request waits out its lease first (its status webhook may still prove it went out).
 */
export abstract class OutboxStore {
  abstract enqueueOutbound(input: EnqueueOutboundInput): Promise<EnqueueOutboundResult>;

  /** The conversation's oldest queued message, if it is due; skips (fails) those past their retry window. */
  abstract takeOutbound(input: TakeOutboundInput): Promise<TakeOutboundResult>;

  abstract finishOutbound(input: FinishOutboundInput): Promise<FinishOutboundResult>;

  /** Conversations whose oldest queued message is due now, oldest first: what the sweeper delivers. */
  abstract findDueOutbound(limit: number): Promise<string[]>;
}
