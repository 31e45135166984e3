import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppLogger } from '@mostrador/logging';
import type { SqlDriver, SqlExecutor } from '../drivers/sql-driver.js';
import { migrationFingerprint, splitStatements } from './sql-statements.js';

export interface MigrationFile {
  /** The timestamp prefix: `20261128030000`. */
  version: string;
  /** The rest of the file name: `schema`. */
  name: string;
  fileName: string;
  content: string;
}

export interface MigrationReport {
  applied: string[];
  /** Files already applied (and unchanged). */
  upToDate: number;
}

/** An applied migration file was edited: the database no longer matches the files. */
export class MigrationChangedError extends Error {
  override readonly name = 'MigrationChangedError';

  constructor(readonly files: string[]) {
    super(
      `applied migration ${files.length === 1 ? 'file' : 'files'} changed: ${files.join(', ')}. ` +
        'An applied migration must never be edited: restore it and add a new migration for the change.',
    );
  }
}

/** The Supabase CLI's file names: `<version>_<name>.sql`. */
const MIGRATION_FILE = /^(\d+)_(.+)\.sql$/;

// The Supabase CLI's own history table (pkg/migration/history.go), so that `supabase db push`
// and this runner see the same applied versions.
const HISTORY_DDL = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
  alter table supabase_migrations.schema_migrations add column if not exists statements text[];
  alter table supabase_migrations.schema_migrations add column if not exists name text;
`;

/** One runner at a time across instances starting together. */
const LOCK = `select pg_advisory_xact_lock(${0x6d6f73}, hashtext('migrations'))`;

export function readMigrationFiles(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .map((fileName) => ({ fileName, match: MIGRATION_FILE.exec(fileName) }))
    .filter((f): f is { fileName: string; match: RegExpExecArray } => f.match !== null)
    .map(({ fileName, match }) => ({
      version: match[1],
      name: match[2],
      fileName,
      content: readFileSync(join(dir, fileName), 'utf8'),
    }))
    .sort((a, b) => a.version.length - b.version.length || a.version.localeCompare(b.version));
}

/** `supabase/migrations`, looked for from `start` up (the app may run from a subfolder or dist/). */
export function findMigrationsDir(start: string = process.cwd()): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'supabase', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

interface AppliedRow {
  version: string;
  name: string | null;
  statements: string[] | null;
}

async function appliedVersions(tx: SqlExecutor): Promise<AppliedRow[]> {
  return tx.query<AppliedRow>(
    'select version, name, statements from supabase_migrations.schema_migrations order by version',
  );
}

/**
 * Applies the pending migration files in version order, each in its own transaction, and
 * records each in `supabase_migrations.schema_migrations`. Refuses to apply anything when an
 * applied file has changed since.
 */
export async function runMigrations(driver: SqlDriver, dir: string, logger?: AppLogger): Promise<MigrationReport> {
  const files = readMigrationFiles(dir);
  const applied = await driver.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.exec(HISTORY_DDL);
    return appliedVersions(tx);
  });

  const byVersion = new Map(applied.map((row) => [row.version, row]));
  const changed = files
    .filter((file) => {
      const statements = byVersion.get(file.version)?.statements;
      return statements != null && migrationFingerprint(statements.join('')) !== migrationFingerprint(file.content);
    })
    .map((file) => file.fileName);
  if (changed.length > 0) throw new MigrationChangedError(changed);

  const local = new Set(files.map((file) => file.version));
  const unknown = applied.filter((row) => !local.has(row.version)).map((row) => row.version);
  if (unknown.length > 0) {
    logger?.warn(
      `the database has migrations this version does not know: ${unknown.join(', ')} (a newer release applied them?)`,
      'Migrations',
    );
  }

  const report: MigrationReport = { applied: [], upToDate: files.length };
  for (const file of files.filter((f) => !byVersion.has(f.version))) {
    const started = performance.now();
    const ran = await driver.transaction(async (tx) => {
      await tx.query(LOCK);
      const [row] = await tx.query('select 1 from supabase_migrations.schema_migrations where version = $1', [
        file.version,
      ]);
      // Another instance applied it while this one waited for the lock.
      if (row !== undefined) return false;
      await tx.exec(file.content);
      await tx.query(
        'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
        [file.version, file.name, splitStatements(file.content)],
      );
      return true;
    });
    if (ran) {
      report.applied.push(file.fileName);
      report.upToDate--;
      logger?.log(`applied ${file.fileName} in ${Math.round(performance.now() - started)} ms`, 'Migrations');
    }
  }
  return report;
}
