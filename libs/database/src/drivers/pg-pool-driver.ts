import pg from 'pg';
import type { Failure } from '../retry.js';
import { classifySqlError } from './classify-sql-error.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';

export interface PgPoolDriverOptions {
  connectionString: string;
  max: number;
  connectTimeoutMs: number;
  /** Server-side limit of one statement; the client gives up a second later. */
  statementTimeoutMs: number;
  applicationName?: string;
  /** An idle connection broke (the server restarted, the network dropped it). */
  onIdleError?: (error: Error) => void;
}

// bigint (int8) as a number, like PGlite: the counts we read fit in 2^53.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? Number : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

function executor(client: pg.PoolClient): SqlExecutor {
  return {
    async query<T>(sql: string, params: readonly unknown[] = [], prepareAs?: string) {
      const result = await client.query({ text: sql, values: params as unknown[], name: prepareAs });
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** A `pg` Pool (DATABASE_URL). A connection that failed is destroyed, never reused. */
export class PgPoolDriver implements SqlDriver {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;

  constructor(options: PgPoolDriverOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      query_timeout: options.statementTimeoutMs + 1000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: options.applicationName ?? 'mostrador',
      types,
    });
    // Without a listener an idle client's error would crash the process.
    this.pool.on('error', (error) => options.onIdleError?.(error));
  }

  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], prepareAs?: string): Promise<T[]> {
    return this.withSession((session) => session.query<T>(sql, params, prepareAs));
  }

  exec(sql: string): Promise<void> {
    return this.withSession((session) => session.exec(sql));
  }

  async withSession<T>(fn: (session: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // pg-pool removes its error listener from a checked-out client: a connection that drops
    // mid-query would emit an unhandled 'error' and end the process. The query fails anyway.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      return await fn(executor(client));
    } catch (error) {
      // A query error leaves the connection fine; anything else leaves it in doubt.
      if (this.classify(error).kind !== 'query') broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      await session.exec('begin');
      try {
        const result = await fn(session);
        await session.exec('commit');
        return result;
      } catch (error) {
        await session.exec('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  classify(error: unknown): Failure {
    return classifySqlError(error);
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
