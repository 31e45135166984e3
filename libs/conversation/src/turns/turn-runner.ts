/** Runs one turn of a conversation: answers every unanswered inbound message it has. */
export abstract class TurnRunner {
  /** Resolves when the turn is over; never throws for a turn that could not run. */
  abstract runTurn(conversationId: string): Promise<void>;
}
