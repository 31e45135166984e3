/** What a turn that could not run yet asks of its scheduler. */
export interface TurnDeferral {
  /**
   * `quiet-window`: a newer message of the conversation is inside its quiet window; `busy`:
   * another turn holds the conversation (it may not have seen the newest message).
   */
  reason: 'quiet-window' | 'busy';
  /** Run the turn again then. */
  retryAt: Date;
}

/** Runs one turn of a conversation: answers every unanswered inbound message it has. */
export abstract class TurnRunner {
  /**
   * Resolves when the turn is over, or with a deferral when it must run later; never throws for
   * a turn that could not run.
   */
  abstract runTurn(conversationId: string): Promise<TurnDeferral | void>;
}
