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

/** Parameter values for `pg` and PGlite: jsonb as its JSON text (a bare string is valid JSON too). */
export function sqlValues(operation: string, args: Args): unknown[] {
  return Object.entries(args).map(([name, value]) => {
    if (value instanceof JsonArg)
      return value.value === undefined || value.value === null ? null : JSON.stringify(value.value);
    if (value instanceof Date) return checkedDate(operation, name, value);
    return value;
  });
}

/** The JSON body PostgREST expects: named arguments, jsonb as JSON. */
export function jsonArgs(operation: string, args: Args): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([name, value]) => {
      if (value instanceof JsonArg) return [name, value.value === undefined ? null : value.value];
      if (value instanceof Date) return [name, checkedDate(operation, name, value)];
      return [name, value];
    }),
  );
}
