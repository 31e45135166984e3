import type { SqlDriver } from '../drivers/sql-driver.js';
import type { ExclusiveRun } from '../job-lock.js';
import type { Failure } from '../retry.js';
import { StoreUnavailableError } from '../store-errors.js';
import { type Args, sqlValues } from './data-api.js';
import { RpcConversationStore, type StoreOptions } from './rpc-conversation-store.js';

/** Advisory lock keys are (namespace, key) pairs: this namespace is Mostrador's scheduled jobs. */
const JOB_LOCK_NAMESPACE = 0x6d6f73; // "mos"

/**
 * The data API over SQL: `select public.<fn>(p_a => $1, …)`, on PGlite or a `pg` Pool.
 * Named arguments, as the REST gateway sends them, so both adapters call the same thing.
 */
export class SqlConversationStore extends RpcConversationStore {
  readonly kind: 'pglite' | 'postgres';
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly driver: SqlDriver,
    options: StoreOptions,
  ) {
    super(options);
    this.kind = driver.kind;
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
