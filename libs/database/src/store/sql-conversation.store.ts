import type { SqlDriver } from '../drivers/sql-driver.js';
import type { ExclusiveRun } from '../job-lock.js';
import { MigrationChangedError, runMigrations } from '../migrations/migration-runner.js';
import type { Failure } from '../retry.js';
import { StoreUnavailableError } from '../store-errors.js';
import { ConversationStore, type StoreOptions } from './conversation-store.js';
import { type Args, sqlValues } from './data-api.js';

export interface SqlStoreOptions extends StoreOptions {
  /** Apply the pending migrations of this folder in `prepare()`; absent: the schema is someone else's job. */
  migrationsDir?: string;
}

/** Advisory lock keys are (namespace, key) pairs: this namespace is Mostrador's scheduled jobs. */
const JOB_LOCK_NAMESPACE = 0x6d6f73; // "mos"

/**
 * The data API over SQL: `select public.<fn>(p_a => $1, …)`, on PGlite or a `pg` Pool.
 * Named arguments, as the REST gateway sends them, so both adapters call the same thing.
 */
export class SqlConversationStore extends ConversationStore {
  readonly kind: 'pglite' | 'postgres';
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly driver: SqlDriver,
    private readonly sqlOptions: SqlStoreOptions,
  ) {
    super(sqlOptions);
    this.kind = driver.kind;
  }

  /**
   * Applies pending migrations (one runner at a time across instances). A database that
   * cannot be reached is `StoreUnavailableError` (worth trying again later); a migration that
   * fails or was edited after it was applied is thrown as it is (it needs a person).
   */
  async prepare(): Promise<void> {
    const dir = this.sqlOptions.migrationsDir;
    if (dir === undefined) return;
    try {
      const report = await runMigrations(this.driver, dir, this.options.logger);
      this.options.logger?.log(
        `migrations: ${report.applied.length} applied, ${report.upToDate} already up to date (${dir})`,
        'Database',
      );
    } catch (error) {
      if (error instanceof MigrationChangedError || this.classify(error).kind === 'query') throw error;
      throw new StoreUnavailableError('migrations', 1, { cause: error });
    }
  }

  protected async invoke(fn: string, args: Args): Promise<unknown> {
    const rows = await this.driver.query<{ result: unknown }>(
      this.statementFor(fn, args),
      sqlValues(fn, args),
      `mostrador_${fn}`,
    );
    return rows[0]?.result ?? null;
  }

  private statementFor(fn: string, args: Args): string {
    let statement = this.statements.get(fn);
    if (statement === undefined) {
      const named = Object.keys(args).map((name, i) => `${name} => $${i + 1}`);
      statement = `select public.${fn}(${named.join(', ')}) as result`;
      this.statements.set(fn, statement);
    }
    return statement;
  }

  protected classify(error: unknown): Failure {
    return this.driver.classify(error);
  }

  /** A session advisory lock, held on one connection while `fn` runs; Postgres frees it if we die. */
  protected async runLocked<T>(job: string, fn: () => Promise<T>): Promise<ExclusiveRun<T>> {
    let fnFailed = false;
    try {
      return await this.driver.withSession(async (session) => {
        const [row] = await session.query<{ locked: boolean }>(
          'select pg_try_advisory_lock($1::integer, hashtext($2)) as locked',
          [JOB_LOCK_NAMESPACE, job],
        );
        if (!row?.locked) return { ran: false } as const;
        try {
          fnFailed = true;
          const result = await fn();
          fnFailed = false;
          return { ran: true, result } as const;
        } finally {
          await session
            .query('select pg_advisory_unlock($1::integer, hashtext($2))', [JOB_LOCK_NAMESPACE, job])
            .catch(() => undefined);
        }
      });
    } catch (error) {
      if (fnFailed || this.classify(error).kind === 'query') throw error;
      throw new StoreUnavailableError(`runExclusive(${job})`, 1, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}
