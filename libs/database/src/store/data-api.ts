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
 * Deeper than this, a value is cut (its subtree replaced by a marker) rather than refused:
 * V8's JSON.stringify overflows its stack a few thousand levels down, and Postgres' jsonb
 * parser somewhat deeper. No payload Meta documents comes near it.
 */
export const MAX_JSON_DEPTH = 500;
export const TOO_DEEP = '[nested too deep to store]';

/** A copy of `root` with everything below `maxDepth` replaced by TOO_DEEP; iterative, so any depth will do. */
function cutDeepNesting(root: unknown, maxDepth: number): unknown {
  const out: Record<string | number, unknown> = {};
  const stack: { source: unknown; target: Record<string | number, unknown>; key: string | number; depth: number }[] = [
    { source: root, target: out, key: 'root', depth: 0 },
  ];
  while (stack.length > 0) {
    const { source, target, key, depth } = stack.pop()!;
    if (source === null || typeof source !== 'object' || source instanceof Date) {
      target[key] = source;
      continue;
    }
    if (depth >= maxDepth) {
      target[key] = TOO_DEEP;
      continue;
    }
    const copy: Record<string | number, unknown> = Array.isArray(source) ? ([] as never) : {};
    target[key] = copy;
    // Pushed last first, so properties are copied (and keep their order) first to last.
    const entries = Object.entries(source);
    for (let i = entries.length - 1; i >= 0; i--) {
      stack.push({ source: entries[i][1], target: copy, key: entries[i][0], depth: depth + 1 });
    }
  }
  return out.root;
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(cutDeepNesting(value, MAX_JSON_DEPTH));
  }
}

/**
 * A value as storable JSON text: NULs dropped and lone surrogates replaced over the text
 * (not by walking the value), and a value nested too deep cut at MAX_JSON_DEPTH, so a
 * message carrying either stores like any other.
 */
export function storableJson(value: unknown): string {
  const text = stringify(value);
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
