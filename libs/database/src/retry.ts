import { setTimeout as sleep } from 'node:timers/promises';
import { StoreQueryError, StoreUnavailableError } from './store-errors.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Retry n waits a random time up to min(maxDelayMs, baseDelayMs × 2^(n-1)) (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** At most 3 tries, 100 ms base: a blip is ridden out, an outage is reported in well under a second. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2000 };

/**
 * What one failure means. `transient`: worth another try (connection refused or reset,
 * timeouts, serialization failures, the gateway's 5xx). `unavailable`: the database is gone
 * for good in this process (a closed PGlite): report it now. `query`: the database answered
 * with an error about the call itself: surface it now.
 */
export type Failure =
  { kind: 'transient' } | { kind: 'unavailable' } | { kind: 'query'; code: string | null; message: string };

export interface RetryHooks {
  classify(error: unknown): Failure;
  /** Called before each retry's wait (for the log). */
  onRetry?(attempt: number, error: unknown, delayMs: number): void;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)));
}

/**
 * Runs `fn` until it succeeds, a failure is not transient, or the tries run out. Every
 * failure ends as a `StoreQueryError` or a `StoreUnavailableError`, whatever the driver threw.
 */
export async function withRetry<T>(
  operation: string,
  policy: RetryPolicy,
  hooks: RetryHooks,
  fn: (attempt: number) => Promise<T>,
): Promise<T> {
  const random = hooks.random ?? Math.random;
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const failure = hooks.classify(error);
      if (failure.kind === 'query')
        throw new StoreQueryError(operation, failure.code, failure.message, { cause: error });
      if (failure.kind === 'unavailable' || attempt >= policy.attempts) {
        throw new StoreUnavailableError(operation, attempt, { cause: error });
      }
      const delayMs = backoffDelay(policy, attempt, random);
      hooks.onRetry?.(attempt, error, delayMs);
      await wait(delayMs);
    }
  }
}
