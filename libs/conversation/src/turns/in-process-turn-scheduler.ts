import type { AppLogger } from '@mostrador/logging';
import { TurnScheduler } from '../turn-scheduler.js';
import type { TurnRunner } from './turn-runner.js';

export interface InProcessSchedulerOptions {
  /** A turn starts when the conversation has been quiet this long… */
  coalesceMs: number;
  /** …or this long after the first message of the burst, whichever comes first. */
  maxWaitMs: number;
  /** Turns running at once; further due turns wait in order. */
  concurrency: number;
}

interface ConversationState {
  /** Cancels the wait before the turn becomes due. */
  timer?: () => void;
  /** When the first message of the burst being waited on was scheduled. */
  burstStartedAt?: number;
  running: boolean;
  /** A message arrived while the turn ran: schedule again when it ends. */
  again: boolean;
  /** The turn was deferred (a newer message, perhaps taken by another instance, is in its quiet window): run it then. */
  retryAt?: number;
  queued: boolean;
}

/**
 * The embedded scheduler: timers in this process. One turn per conversation at a time here;
 * across processes the store's claim keeps it one. What it holds is lost with the process,
 * by design: the messages are stored, and the sweeper schedules them again.
 */
export class InProcessTurnScheduler extends TurnScheduler {
  private readonly states = new Map<string, ConversationState>();
  private readonly due: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly runner: TurnRunner,
    private readonly options: InProcessSchedulerOptions,
    private readonly logger: AppLogger,
  ) {
    super();
  }

  schedule(conversationId: string): void {
    if (this.stopped) return;
    const state = this.stateOf(conversationId);
    if (state.running) {
      state.again = true;
      return;
    }
    if (state.queued) return;
    const now = Date.now();
    state.burstStartedAt ??= now;
    const delay = Math.max(
      0,
      Math.min(now + this.options.coalesceMs, state.burstStartedAt + this.options.maxWaitMs) - now,
    );
    state.timer?.();
    state.timer = this.after(delay, () => this.becomeDue(conversationId));
  }

  /** True when a turn for the conversation is waiting or running here. */
  isPending(conversationId: string): boolean {
    return this.states.has(conversationId);
  }

  /** Turns waiting or running in this process (for metrics and tests). */
  get size(): number {
    return this.states.size;
  }

  /**
   * Stops taking turns and waits for the running ones to finish (bounded by the caller's
   * shutdown deadline). Turns still waiting are dropped: the sweeper finds them after restart.
   */
  async drain(): Promise<void> {
    this.stopped = true;
    for (const state of this.states.values()) state.timer?.();
    this.due.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private stateOf(conversationId: string): ConversationState {
    let state = this.states.get(conversationId);
    if (!state) {
      state = { running: false, again: false, queued: false };
      this.states.set(conversationId, state);
    }
    return state;
  }

  /**
   * Runs `fn` after `ms`; returns what cancels it. No wait at all (a zero quiet window) is the
   * next turn of the event loop, not a timer: Node makes a timer of 0 ms one of 1 ms at least.
   */
  private after(ms: number, fn: () => void): () => void {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }

  private becomeDue(conversationId: string): void {
    const state = this.stateOf(conversationId);
    state.timer = undefined;
    state.queued = true;
    this.due.push(conversationId);
    this.startDueTurns();
  }

  private startDueTurns(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.due.length > 0) {
      const conversationId = this.due.shift()!;
      const state = this.stateOf(conversationId);
      state.queued = false;
      state.running = true;
      state.burstStartedAt = undefined;
      const turn = this.runner
        .runTurn(conversationId)
        .then((deferral) => {
          if (deferral) state.retryAt = deferral.retryAt.getTime();
        })
        .catch((error: unknown) => {
          this.logger.error({ message: 'turn failed', conversationId, err: error }, undefined, 'TurnScheduler');
        })
        .finally(() => {
          this.running.delete(turn);
          state.running = false;
          const retryAt = state.retryAt;
          state.retryAt = undefined;
          if (state.again && !this.stopped) {
            state.again = false;
            this.schedule(conversationId);
          } else if (retryAt !== undefined && !this.stopped) {
            // The database's clock said when; bounded, so a skewed clock here costs a retry, not a stall.
            const delay = Math.min(Math.max(retryAt - Date.now(), 10), this.options.maxWaitMs);
            state.timer = this.after(delay, () => this.becomeDue(conversationId));
          } else if (!state.timer && !state.queued) {
            this.states.delete(conversationId);
          }
          this.startDueTurns();
        });
      this.running.add(turn);
    }
  }
}
