/**
 * Where the webhook hands a conversation that has a new inbound message. The scheduler
 * decides when its turn runs (bursts coalesce into one turn) and runs at most one turn per
 * conversation at a time. Scheduling is fire-and-forget and must never throw into the
 * webhook: the message is already stored, and the sweeper picks up anything a scheduler
 * lost.
 */
export abstract class TurnScheduler {
  abstract schedule(conversationId: string): void;

  /** True while a turn of the conversation waits or runs (for tests and tools, not the hot path). */
  abstract isPending(conversationId: string): boolean | Promise<boolean>;

  /**
   * Shutdown: takes no more turns and resolves once the running ones are over (bounded by
   * the caller's shutdown deadline). Turns still waiting are left to the sweeper.
   */
  abstract drain(): Promise<void>;
}
