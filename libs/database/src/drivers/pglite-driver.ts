import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Failure } from '../retry.js';
import { classifySqlError } from './classify-sql-error.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';

export interface PgliteDriverOptions {
  /** Folder of the database files; absent: in memory. */
  dataDir?: string;
  /** A data directory tarball to start from (`dumpDataDir()`), e.g. a migrated template. */
  loadDataDir?: Blob;
}

// bigint (int8) as a number, the same as the `pg` driver.
const parsers = { 20: (value: string) => Number(value) };

/**
 * PGlite: Postgres compiled to WASM, in this process. One connection: calls queue behind
 * each other, which makes every function call trivially serialised. Only one process may
 * open a data directory: a lock file next to it says who has it.
 */
export class PgliteDriver implements SqlDriver {
  readonly kind = 'pglite';

  private constructor(
    private readonly db: PGlite,
    private readonly lockFile: string | null,
  ) {}

  static async open(options: PgliteDriverOptions = {}): Promise<PgliteDriver> {
    const lockFile = options.dataDir === undefined ? null : acquireDirectoryLock(options.dataDir);
    try {
      if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
      // Imported here: an api on Postgres or Supabase never loads PGlite (its WASM and JS cost megabytes).
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers });
      return new PgliteDriver(db, lockFile);
    } catch (error) {
      if (lockFile !== null) releaseDirectoryLock(lockFile);
      throw error;
    }
  }

  /** The instance itself, for test helpers that clone or dump it. */
  get pglite(): PGlite {
    return this.db;
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      fn({
        query: async <R>(sql: string, params: readonly unknown[] = []) =>
          (await tx.query<R>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  withSession<T>(fn: (session: SqlExecutor) => Promise<T>): Promise<T> {
    return fn(this);
  }

  classify(error: unknown): Failure {
    return classifySqlError(error);
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      if (this.lockFile !== null) releaseDirectoryLock(this.lockFile);
    }
  }
}

/**
 * Two processes writing one PGlite directory corrupt it: the second start must fail, and
 * say why. A lock left by a process that died is taken over.
 */
function acquireDirectoryLock(dataDir: string): string {
  const lockFile = `${dataDir.replace(/\/+$/, '')}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lockFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `the PGlite database in ${dataDir} is in use by process ${holder}: PGlite serves one process; set DATA_DIR to another folder, or DATABASE_URL to share a Postgres`,
          { cause: error },
        );
      }
      if (holder === process.pid) {
        throw new Error(`the PGlite database in ${dataDir} is already open in this process`, { cause: error });
      }
      unlinkSync(lockFile);
    }
  }
  throw new Error(`could not lock the PGlite database in ${dataDir}`);
}

function releaseDirectoryLock(lockFile: string): void {
  try {
    if (Number(readFileSync(lockFile, 'utf8').trim()) === process.pid) unlinkSync(lockFile);
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
