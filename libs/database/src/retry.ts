import { retry, type RetryPolicy } from '@mostrador/retry';
import { StoreQueryError, StoreUnavailableError } from './store-errors.js';

export type { RetryPolicy };

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
  let attempts = 0;
  try {
    return await retry(
      (attempt) => {
        attempts = attempt;
        return fn(attempt);
      },
      {
        policy,
        decide: (error) => ({ retry: hooks.classify(error).kind === 'transient' }),
        onRetry: (attempt, error, delayMs) => hooks.onRetry?.(attempt, error, delayMs),
        random: hooks.random,
        sleep: hooks.sleep,
      },
    );
  } catch (error) {
    const failure = hooks.classify(error);
    if (failure.kind === 'query') throw new StoreQueryError(operation, failure.code, failure.message, { cause: error });
    throw new StoreUnavailableError(operation, attempts, { cause: error });
  }
}
