import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Retry n waits a random time up to min(maxDelayMs, baseDelayMs × 2^(n-1)) (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: spreads the retries of many clients that failed
 * together, so they do not all come back at once (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"). `retry` counts from 1.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)));
}

/** Whether a failure is worth another try, and the least time to wait before it. */
export type RetryDecision = { retry: false } | { retry: true; minDelayMs?: number };

export interface RetryOptions {
  policy: RetryPolicy;
  /** Called with each failure; the attempt counts from 1. */
  decide(error: unknown, attempt: number): RetryDecision;
  /** Called before each retry's wait (for the log). */
  onRetry?(attempt: number, error: unknown, delayMs: number): void;
  /** No further try once this aborts (the last failure is thrown). */
  signal?: AbortSignal;
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Runs `fn` until it succeeds, a failure is not worth another try, the tries run out or the
 * signal aborts; then throws the last failure as it came.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  const { signal } = options;
  const wait = options.sleep ?? ((ms: number) => sleep(ms, undefined, signal && { signal }).catch(() => undefined));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const decision = options.decide(error, attempt);
      if (!decision.retry || attempt >= options.policy.attempts || signal?.aborted) throw error;
      const delayMs = (decision.minDelayMs ?? 0) + backoffDelay(options.policy, attempt, random);
      options.onRetry?.(attempt, error, delayMs);
      await wait(delayMs);
      if (signal?.aborted) throw error;
    }
  }
}
