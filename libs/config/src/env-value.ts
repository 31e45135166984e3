import { z } from 'zod';

/**
 * Parsers for one environment variable each. Environment values are strings (or absent);
 * an empty or blank value counts as absent, as it does in most `.env` tooling.
 * Every failure message says what the variable must be, never what it was: a secret's
 * value must not end up in a start-up error.
 */
type Raw = string | undefined;

const present = (raw: Raw): string | undefined => (raw === undefined || raw.trim() === '' ? undefined : raw.trim());

function parse<T>(describe: string, convert: (value: string) => T | undefined) {
  return (raw: Raw, ctx: z.RefinementCtx): T | undefined => {
    const value = present(raw);
    if (value === undefined) return undefined;
    const converted = convert(value);
    if (converted === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be ${describe}` });
      return z.NEVER;
    }
    return converted;
  };
}

const raw = () => z.string().optional();

export function integer(min: number, max: number) {
  return raw().transform(
    parse(`an integer from ${min} to ${max}`, (value) => {
      if (!/^-?\d+$/.test(value)) return undefined;
      const n = Number(value);
      return n >= min && n <= max ? n : undefined;
    }),
  );
}

export function oneOf<const T extends readonly string[]>(values: T) {
  return raw().transform(
    parse(`one of ${values.join(', ')}`, (value) =>
      (values as readonly string[]).includes(value) ? (value as T[number]) : undefined,
    ),
  );
}

export function flag() {
  return raw().transform(
    parse('true or false', (value) => {
      const v = value.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return undefined;
    }),
  );
}

export function url(protocols: readonly string[] = ['http:', 'https:']) {
  return raw().transform(
    parse(`a URL (${protocols.join(' or ')})`, (value) => {
      try {
        const parsed = new URL(value);
        return protocols.includes(parsed.protocol) ? value.replace(/\/+$/, '') : undefined;
      } catch {
        return undefined;
      }
    }),
  );
}

export function text(options: { minLength?: number; pattern?: RegExp; describe?: string } = {}) {
  const { minLength = 1, pattern, describe } = options;
  return raw().transform(
    parse(describe ?? `at least ${minLength} characters`, (value) =>
      value.length >= minLength && (!pattern || pattern.test(value)) ? value : undefined,
    ),
  );
}
