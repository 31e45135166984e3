import type { Failure } from '../retry.js';

/**
 * SQLSTATEs worth another try: the connection broke (class 08), the server is shutting
 * down or starting (57P01–57P03), it ran out of connections or resources (class 53), the
 * statement timed out or waited too long for a lock (57014, 55P03), or the transaction lost
 * a race (40001 serialization failure, 40P01 deadlock). The data API is idempotent, so a
 * retry never duplicates.
 */
const TRANSIENT_STATES = new Set(['40001', '40P01', '55P03', '57014', '57P01', '57P02', '57P03', '57P05']);
const TRANSIENT_CLASSES = ['08', '53'];

/** Socket-level failures Node reports by code. */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** Failures `pg` reports only by message. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /connection ended/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /client has encountered a connection error/i,
  /not queryable/i,
  /server closed the connection unexpectedly/i,
];

/** This process closed its own database: no retry will bring it back. */
const CLOSED_MESSAGES = [/pglite is closed/i, /cannot use a pool after calling end/i, /client was closed/i];

export function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export function classifySqlError(error: unknown): Failure {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (isSqlState(code)) {
    if (TRANSIENT_STATES.has(code) || TRANSIENT_CLASSES.some((c) => code.startsWith(c))) return { kind: 'transient' };
    return { kind: 'query', code, message };
  }
  if (typeof code === 'string' && TRANSIENT_NODE_CODES.has(code)) return { kind: 'transient' };
  if (CLOSED_MESSAGES.some((pattern) => pattern.test(message))) return { kind: 'unavailable' };
  if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return { kind: 'transient' };
  // The WASM Postgres aborted: the instance is unusable.
  if (error instanceof WebAssembly.RuntimeError) return { kind: 'unavailable' };
  return { kind: 'query', code: null, message };
}
