/**
 * The two ways a data API call fails, the same for every adapter:
 *
 * - `StoreUnavailableError`: the database could not be reached or did not answer in time,
 *   after the retries (connection refused or reset, timeouts, a closed PGlite, the REST
 *   gateway's 5xx). Nothing is wrong with the call; try later (the webhook answers 503, so
 *   Meta retries).
 * - `StoreQueryError`: the database answered with an error about this call (a bad
 *   argument, a constraint): trying again would fail the same way, so it is never retried.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(
    /** The data API function that was called. */
    readonly operation: string,
    /** How many tries were made (0: refused before trying, the database is not ready). */
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(
      attempts === 0
        ? `database unavailable: ${operation} not tried: ${describeCause(options.cause)}`
        : `database unavailable: ${operation} failed after ${attempts} ${attempts === 1 ? 'try' : 'tries'}: ${describeCause(options.cause)}`,
      options,
    );
  }
}

/** What a query error means for the caller (HTTP handlers map it to 400, 404 or 409). */
export type StoreQueryErrorKind = 'invalid_input' | 'not_found' | 'conflict' | 'forbidden' | 'other';

export class StoreQueryError extends Error {
  override readonly name = 'StoreQueryError';
  readonly kind: StoreQueryErrorKind;

  constructor(
    readonly operation: string,
    /** The SQLSTATE (or PostgREST's PGRST code) when the database gave one. */
    readonly code: string | null,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${operation}: ${message}`, options);
    this.kind = queryErrorKind(code);
  }
}

function queryErrorKind(code: string | null): StoreQueryErrorKind {
  if (code === null) return 'other';
  if (code === '23505' || code === '23P01') return 'conflict';
  if (code === 'P0002' || code === '23503' || code === 'PGRST202') return 'not_found';
  if (code === '42501' || code.startsWith('28') || code === 'PGRST301' || code === 'PGRST302') return 'forbidden';
  // 22xxx: data exceptions (bad values, casts); 23514: a check constraint.
  if (code.startsWith('22') || code === '23514' || code === '23502') return 'invalid_input';
  return 'other';
}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const detail = cause.message || cause.name;
    return typeof code === 'string' && code !== '' && !detail.includes(code) ? `${detail} (${code})` : detail;
  }
  if (typeof cause === 'object' && cause !== null && 'message' in cause) return String(cause.message);
  return String(cause);
}
