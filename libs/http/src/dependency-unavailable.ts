import { ServiceUnavailableException } from '@nestjs/common';

/**
 * What a call refused for now says about itself: which dependency refused it and when a call
 * may go through again. libs/rate-limit's CallRefusedError (an open circuit breaker, a spent
 * quota) has this shape; the exception filter answers any such refusal that reaches it, itself
 * or as the cause of another error, with 503 and Retry-After.
 */
export interface Refusal {
  readonly dependency: string;
  /** Milliseconds until a call may be let through again (0: now, or unknown). */
  readonly retryAfterMs: number;
}

function isRefusal(error: unknown): error is Error & Refusal {
  return (
    error instanceof Error &&
    typeof (error as Partial<Refusal>).dependency === 'string' &&
    Number.isFinite((error as Partial<Refusal>).retryAfterMs)
  );
}

/** The refusal `error` is, or was caused by. */
export function refusalIn(error: unknown): Refusal | undefined {
  if (isRefusal(error)) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return isRefusal(cause) ? cause : undefined;
}

/** 503 with `Retry-After`: the route's dependency is unavailable right now. */
export class DependencyUnavailableException extends ServiceUnavailableException {
  /** Whole seconds (RFC 9110 §10.2.3), and never 0: a client would retry at once. */
  readonly retryAfterSeconds: number;

  constructor(refusal: Refusal) {
    const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    super(`${refusal.dependency} is unavailable right now; try again in ${seconds} s`);
    this.retryAfterSeconds = seconds;
  }
}
