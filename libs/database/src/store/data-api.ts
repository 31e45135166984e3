import { StoreQueryError } from '../store-errors.js';

/** A jsonb argument: sent as JSON text to Postgres, as a JSON value to the REST gateway. */
export class JsonArg {
  constructor(readonly value: unknown) {}
}

export function json(value: unknown): JsonArg {
  return new JsonArg(value);
}

export type ArgValue = string | number | boolean | null | Date | readonly string[] | JsonArg;

/** Named arguments of one data API function (`p_…`, as in the migration). */
export type Args = Readonly<Record<string, ArgValue>>;

function checkedDate(operation: string, name: string, value: Date): string {
  if (Number.isNaN(value.getTime())) {
    throw new StoreQueryError(operation, '22007', `${name.replace(/^p_/, '')} must be a valid date`);
  }
  return value.toISOString();
}

/**
 * Postgres cannot hold U+0000 in text or jsonb, and its JSON parser refuses a lone UTF-16
 * surrogate: a message carrying either would fail to store on every retry. The NUL goes, a
 * lone surrogate becomes U+FFFD; the rest of the value is kept as it came.
 */
export function storableText(value: string): string {
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return wellFormed.includes('\0') ? wellFormed.replaceAll('\0', '') : wellFormed;
}

// In JSON text, `\\` is an escaped backslash (kept as it is) and `\u0000` / `\udXXX` the escapes
// JSON.stringify writes for a NUL and for a lone surrogate (a paired one is written as is).
const UNSTORABLE_ESCAPE = /\\(?:\\|u(0000|d[89a-f][0-9a-f]{2}))/gi;

/**
 * A value as storable JSON text. Iterative over the text, not recursive over the value: a
 * message nested thousands deep stores like any other.
 */
export function storableJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes('\\u')) return text;
  return text.replace(UNSTORABLE_ESCAPE, (escape: string, code: string | undefined) => {
    if (code === undefined) return escape;
    return code === '0000' ? '' : '\\ufffd';
  });
}

/** Parameter values for `pg` and PGlite: jsonb as its JSON text (a bare string is valid JSON too). */
export function sqlValues(operation: string, args: Args): unknown[] {
  return Object.entries(args).map(([name, value]) => {
    if (value instanceof JsonArg)
      return value.value === undefined || value.value === null ? null : storableJson(value.value);
    if (value instanceof Date) return checkedDate(operation, name, value);
    if (typeof value === 'string') return storableText(value);
    return value;
  });
}

/** The JSON body PostgREST expects: named arguments, jsonb as JSON. */
export function jsonArgs(operation: string, args: Args): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([name, value]) => {
      if (value instanceof JsonArg)
        return [name, value.value === undefined || value.value === null ? null : JSON.parse(storableJson(value.value))];
      if (value instanceof Date) return [name, checkedDate(operation, name, value)];
      if (typeof value === 'string') return [name, storableText(value)];
      return [name, value];
    }),
  );
}
