import type { StoredMessage, TurnContext } from '@mostrador/database';
import type { Intent, Language } from '../intent/detection.js';

/** One message of a reply. Sent in order; Meta's limits are checked by the WhatsApp client. */
export type ReplyPart =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; body: string; buttons: { id: string; title: string }[] }
  | { kind: 'list'; body: string; button: string; rows: { id: string; title: string; description?: string }[] };

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
  /** The intent answered, kept in the conversation memory. */
  intent: Intent | 'media' | 'interactive';
  language: Language;
  /** Engine state for the next turn (e.g. the products shown), kept in the memory. */
  context: Record<string, unknown>;
  action?: CustomerAction;
}

/**
 * Answers one turn. The rule-based assistant is the embedded default (and, later, the last
 * fallback behind the LLM providers).
 */
export abstract class AssistantEngine {
  abstract respond(input: AssistantInput): Promise<AssistantReply>;
}
