import type { Failure } from '../retry.js';

/** What a migration or a data API call needs from a connection. */
export interface SqlExecutor {
  /**
   * One statement with `$n` parameters; rows as objects. `prepareAs` names a prepared
   * statement the driver may keep per connection (the same name must always mean the same text).
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], prepareAs?: string): Promise<T[]>;
  /** Several statements, no parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

/**
 * The tiny interface the SQL adapter runs on: PGlite in process, or a `pg` Pool. Both give
 * values back the same way: timestamps as `Date`, bigint counts as numbers, jsonb as objects.
 */
export interface SqlDriver extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction on one connection: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `fn` on one connection held for its duration (for session state: advisory locks). */
  withSession<T>(fn: (session: SqlExecutor) => Promise<T>): Promise<T>;
  /** What an error this driver threw means: retry, give up as unavailable, or surface. */
  classify(error: unknown): Failure;
  close(): Promise<void>;
}
