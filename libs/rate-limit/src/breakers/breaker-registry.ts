import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { CallRefusedError } from '../call-refused.error.js';
import { ExternalQuota } from '../limiter/external-quota.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One breaker as `states()` shows it. Counts are since the breaker was made (the process started). */
export interface BreakerSnapshot {
  state: BreakerState;
  /** Calls that failed and counted toward opening (timeouts included). */
  failures: number;
  /** Calls that answered, and failures the caller said were not the dependency's (an answer such as "not found"). */
  successes: number;
  /** Calls refused without being made, while open. */
  rejects: number;
  /** Calls stopped at their time limit. */
  timeouts: number;
  /** When it last opened (ISO time), while open or half-open. */
  openedAt?: string;
  /** When it lets one probe call through (ISO time), while open. */
  nextAttemptAt?: string;
}

export interface BreakerCallOptions {
  /** The call's time limit: past it, its AbortSignal is aborted and it fails with BreakerTimeoutError. */
  timeoutMs: number;
  /** The caller's own signal (a deadline of its own); a call it abandoned does not count against the dependency. */
  signal?: AbortSignal;
  /**
   * Whether a failure is the dependency's fault. Default: every failure. Return false for
   * failures that are answers (a SOAP fault "product not found"): they do not count toward
   * opening the breaker.
   */
  countsAsFailure?: (error: unknown) => boolean;
}

/** The named breaker is open: the call was not made. `retryAfterMs`: until it lets a probe through (0: probing now). */
export class BreakerOpenError extends CallRefusedError {
  constructor(
    /** The breaker's name (the dependency: `inventory`, `llm:openrouter`, …). */
    readonly breaker: string,
    retryAfterMs: number,
  ) {
    super(
      breaker,
      retryAfterMs,
      `${breaker} is unavailable: its circuit breaker is open (next try in ${Math.ceil(retryAfterMs / 1000)} s)`,
    );
  }
}

/** The call took longer than its time limit; its AbortSignal was aborted. */
export class BreakerTimeoutError extends Error {
  constructor(
    readonly breaker: string,
    readonly timeoutMs: number,
  ) {
    super(`${breaker} did not answer within ${timeoutMs} ms`);
    this.name = 'BreakerTimeoutError';
  }
}

/** One call as the breaker's action receives it. */
interface PendingCall extends BreakerCallOptions {
  name: string;
  work: (signal: AbortSignal) => Promise<unknown>;
}

interface Entry {
  breaker: CircuitBreaker<[PendingCall], unknown>;
  counts: Pick<BreakerSnapshot, 'failures' | 'successes' | 'rejects' | 'timeouts'>;
  openedAt?: number;
}

/**
 * One circuit breaker (opossum) per dependency, made on its first call and named after it:
 * `inventory`, `llm:<provider>`, `whatsapp`, `database`. BREAKER_* settings apply to all.
 *
 * `run(name, work, { timeoutMs })` calls `work` through the named breaker with a time limit
 * and an AbortSignal of its own. The limit is kept here rather than with opossum's `timeout`:
 * opossum aborts on timeout through one AbortController per breaker (its `abortController`
 * option), so one slow call would abort every call in flight, and the controller would stay
 * aborted for the calls after it until the breaker half-opens. A call past its limit fails
 * with BreakerTimeoutError (counted as a failure and a timeout) and its signal is aborted, so
 * the work really stops. While a breaker is open, calls fail at once with BreakerOpenError.
 *
 * With BREAKER_ENABLED=false, calls run straight through, with the same limit and signal.
 *
 * Every dependency call passes here by name, so this is also where a dependency's quota
 * (ExternalQuota, RATE_LIMIT_EXTERNAL_APIS) is applied: before the breaker, so a call refused
 * for its quota (QuotaExceededError) never counts against the dependency.
 */
@Injectable()
export class BreakerRegistry implements OnModuleDestroy {
  private readonly settings: AppConfig['breakers'];
  private readonly entries = new Map<string, Entry>();
  private shutDown = false;

  constructor(
    config: AppConfig,
    private readonly logger: AppLogger,
    @Optional() private readonly quota?: ExternalQuota,
  ) {
    this.settings = config.breakers;
  }

  /**
   * `work`'s result, through the named breaker; BreakerOpenError, QuotaExceededError,
   * BreakerTimeoutError or work's own error otherwise.
   */
  async run<T>(name: string, work: (signal: AbortSignal) => Promise<T>, options: BreakerCallOptions): Promise<T> {
    // Only a dependency with a quota waits a tick for it: the others' work starts at once, as it always did.
    if (this.quota?.limits(name)) await this.quota.acquire(name, options.signal);
    const call: PendingCall = { ...options, name, work };
    // During shutdown the breakers are gone, but calls still in flight deserve their answers.
    if (!this.settings.enabled || this.shutDown) return withTimeLimit(call) as Promise<T>;
    const entry = this.entry(name);
    try {
      return (await entry.breaker.fire(call)) as T;
    } catch (error) {
      if (
        error instanceof Error &&
        CircuitBreaker.isOurError(error) &&
        'code' in error &&
        error.code === 'EOPENBREAKER'
      ) {
        throw new BreakerOpenError(name, this.openFor(name) ?? 0);
      }
      throw error;
    }
  }

  /** Milliseconds the named breaker stays open (refusing every call); undefined when it lets calls through. */
  openFor(name: string): number | undefined {
    const entry = this.entries.get(name);
    if (!entry?.breaker.opened || entry.openedAt === undefined) return undefined;
    return Math.max(0, entry.openedAt + this.settings.resetTimeout - Date.now());
  }

  /** Every breaker made so far, by name. */
  states(): Record<string, BreakerSnapshot> {
    const states: Record<string, BreakerSnapshot> = {};
    for (const [name, entry] of this.entries) {
      const state = stateOf(entry.breaker);
      states[name] = {
        state,
        ...entry.counts,
        ...(state !== 'closed' && entry.openedAt !== undefined && { openedAt: new Date(entry.openedAt).toISOString() }),
        ...(state === 'open' &&
          entry.openedAt !== undefined && {
            nextAttemptAt: new Date(entry.openedAt + this.settings.resetTimeout).toISOString(),
          }),
      };
    }
    return states;
  }

  /** Stops every breaker's timers (opossum's would keep reset timers and rolling windows going). */
  onModuleDestroy(): void {
    this.shutDown = true;
    for (const entry of this.entries.values()) entry.breaker.shutdown();
    this.entries.clear();
  }

  private entry(name: string): Entry {
    const existing = this.entries.get(name);
    if (existing) return existing;
    const breaker = new CircuitBreaker(withTimeLimit, {
      name,
      // The limit is per call (withTimeLimit): opossum's own would be one per breaker.
      timeout: false,
      resetTimeout: this.settings.resetTimeout,
      rollingCountTimeout: this.settings.rollingCountTimeout,
      volumeThreshold: this.settings.volumeThreshold,
      // opossum opens above the percentage; BREAKER_ERROR_THRESHOLD_PERCENT promises at it.
      errorThresholdPercentage: this.settings.errorThresholdPercentage - 1e-9,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // opossum passes the call's arguments after the error (the typings show only the error).
      errorFilter: (error: unknown, call?: PendingCall) =>
        !(error instanceof BreakerTimeoutError) &&
        (call?.signal?.aborted === true || call?.countsAsFailure?.(error) === false),
    });
    const entry: Entry = { breaker, counts: { failures: 0, successes: 0, rejects: 0, timeouts: 0 } };
    breaker.on('success', () => entry.counts.successes++);
    breaker.on('reject', () => entry.counts.rejects++);
    breaker.on('failure', (error) => {
      entry.counts.failures++;
      if (error instanceof BreakerTimeoutError) entry.counts.timeouts++;
    });
    breaker.on('open', () => {
      entry.openedAt = Date.now();
      this.logState(name, 'open', 'warn', { retryAfterMs: this.settings.resetTimeout });
    });
    breaker.on('halfOpen', () => this.logState(name, 'half-open', 'info'));
    breaker.on('close', () => {
      entry.openedAt = undefined;
      this.logState(name, 'closed', 'info');
    });
    this.entries.set(name, entry);
    return entry;
  }

  private logState(name: string, state: BreakerState, level: 'warn' | 'info', fields: object = {}): void {
    const message = {
      open: `${name} breaker open: calls fail at once for ${this.settings.resetTimeout} ms`,
      'half-open': `${name} breaker half-open: the next call probes ${name}`,
      closed: `${name} breaker closed: ${name} answers again`,
    }[state];
    this.logger.logEvent(level, message, { event: 'breaker', context: 'Breaker', name, state, ...fields });
  }
}

function stateOf(breaker: CircuitBreaker): BreakerState {
  if (breaker.opened) return 'open';
  return breaker.halfOpen ? 'half-open' : 'closed';
}

/** Runs the call with its own AbortSignal, aborted (and the call failed) at its time limit. */
async function withTimeLimit(call: PendingCall): Promise<unknown> {
  const limit = new AbortController();
  const signal = call.signal ? AbortSignal.any([limit.signal, call.signal]) : limit.signal;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new BreakerTimeoutError(call.name, call.timeoutMs);
      limit.abort(error);
      reject(error);
    }, call.timeoutMs);
  });
  try {
    return await Promise.race([call.work(signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
