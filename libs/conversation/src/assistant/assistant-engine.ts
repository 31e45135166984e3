import type { StoredMessage, TurnContext } from '@mostrador/database';
import type { Language } from '../intent/detection.js';
import type { OutboundContent } from '../outbound/outbound-content.js';

/** One message of a reply: text, reply buttons or a list. Sent in order through the outbox. */
export type ReplyPart = Exclude<OutboundContent, { kind: 'template' }>;

/** What a turn changes about the customer or the conversation, besides replying. */
export type CustomerAction = 'opt_out' | 'opt_in' | 'handoff';

export interface AssistantInput {
  /** Conversation, customer, memory and recent messages, as loaded for this turn. */
  context: TurnContext;
  /** The unanswered inbound messages this turn answers, oldest first. */
  messages: StoredMessage[];
}

export interface AssistantReply {
  /** Empty: nothing to say (a reaction, a read receipt…). */
  parts: ReplyPart[];
  /**
   * What the turn was about, kept in the conversation memory and shown to the shop
   * (`greeting`, `availability`, `complaint`…): a label, not tied to one engine's vocabulary.
   */
  intent: string;
  language: Language;
  /** Engine state for the next turn (e.g. the products shown), kept in the memory. */
  context: Record<string, unknown>;
  action?: CustomerAction;
  /**
   * Facts the customer stated about themselves (name, sizes, preferences), to keep on their
   * profile across conversations. Applied to the customer the verified webhook names, never
   * to one an engine picks.
   */
  facts?: Record<string, string>;
}

/**
 * Answers one turn. The rule-based assistant is the embedded default (and, later, the last
 * fallback behind the LLM providers).
 */
export abstract class AssistantEngine {
  /**
   * Whether its replies read the conversation's earlier messages (`context.recentMessages`).
   * An engine that does not is given none: a turn loads no history that nobody reads.
   */
  readonly readsHistory: boolean = true;

  abstract respond(input: AssistantInput): Promise<AssistantReply>;
}
