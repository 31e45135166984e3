/**
 * A call to a dependency refused before it was made: its circuit breaker is open
 * (BreakerOpenError), or its quota is spent (QuotaExceededError). Either way the dependency
 * never saw it; callers degrade the same way (a cached answer, the next provider, a 503).
 */
export abstract class CallRefusedError extends Error {
  constructor(
    /** The dependency (`inventory`, `llm:openrouter`, `whatsapp`, `database`). */
    readonly dependency: string,
    /** Milliseconds until a call may be let through again (0: now, or unknown). */
    readonly retryAfterMs: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The dependency's quota (RATE_LIMIT_EXTERNAL_APIS) is spent for now: the call was not made. */
export class QuotaExceededError extends CallRefusedError {
  constructor(
    dependency: string,
    /** Calls allowed per window. */
    readonly limit: number,
    readonly windowMs: number,
    retryAfterMs: number,
  ) {
    super(
      dependency,
      retryAfterMs,
      `${dependency} quota reached (${limit} calls per ${windowMs / 1000} s): next call in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
  }
}
