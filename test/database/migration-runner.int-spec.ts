import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MigrationChangedError,
  PgPoolDriver,
  readMigrationFiles,
  runMigrations,
  type SqlDriver,
} from '@mostrador/database';
import pg from 'pg';
import { createPgliteTestStore, describeWithPostgres, MIGRATIONS_DIR, type TestStore } from '../support/database.js';

const FILES = readMigrationFiles(MIGRATIONS_DIR).map((file) => file.fileName);
const [SCHEMA, DATA_API] = FILES;

/** A copy of the migrations folder that a test may change. */
async function migrationsCopy(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mostrador-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function history(driver: SqlDriver) {
  return driver.query<{ version: string; name: string; statements: string[] }>(
    'select version, name, statements from supabase_migrations.schema_migrations order by version',
  );
}

describe(`${runMigrations.name} on PGlite`, () => {
  let test: TestStore;
  let copy: Awaited<ReturnType<typeof migrationsCopy>>;

  // A fresh PGlite runs every migration in WebAssembly: over a minute on a loaded 2-core machine.
  beforeEach(async () => {
    test = await createPgliteTestStore();
    copy = await migrationsCopy();
  }, 180_000);
  afterEach(async () => {
    await test?.close();
    await copy?.cleanup();
  }, 30_000);

  it('should find nothing to do on a migrated database', async () => {
    await expect(runMigrations(test.driver, copy.dir)).resolves.toEqual({ applied: [], upToDate: FILES.length });
  }, 30_000);

  it('should apply a new file, record it as the Supabase CLI does, and not apply it twice', async () => {
    writeFileSync(
      join(copy.dir, '20991231000000_extra.sql'),
      'create table public.extra (id int);\n-- a note\ninsert into public.extra values (1);\n',
    );
    await expect(runMigrations(test.driver, copy.dir)).resolves.toEqual({
      applied: ['20991231000000_extra.sql'],
      upToDate: FILES.length,
    });
    expect(await test.sql('select id from public.extra')).toEqual([{ id: 1 }]);
    expect((await history(test.driver)).at(-1)).toEqual({
      version: '20991231000000',
      name: 'extra',
      statements: ['create table public.extra (id int)', '-- a note\ninsert into public.extra values (1)'],
    });
    await expect(runMigrations(test.driver, copy.dir)).resolves.toEqual({ applied: [], upToDate: FILES.length + 1 });
  }, 30_000);

  it('should refuse to go on when an applied file changed, applying nothing', async () => {
    appendFileSync(
      join(copy.dir, DATA_API),
      '\ncreate function public.sneaky() returns int language sql as $$ select 1 $$;\n',
    );
    writeFileSync(join(copy.dir, '20991231000000_extra.sql'), 'create table public.extra (id int);');
    const error = await runMigrations(test.driver, copy.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChangedError);
    expect((error as MigrationChangedError).files).toEqual([DATA_API]);
    expect((error as Error).message).toMatch(/must never be edited/);
    expect(await test.sql(`select 1 from pg_tables where tablename = 'extra'`)).toEqual([]);
  }, 30_000);

  it('should not count blank lines or trailing semicolons as a change', async () => {
    const path = join(copy.dir, SCHEMA);
    writeFileSync(path, `\n\n${readFileSync(path, 'utf8').replace(/;\n/g, ';;\n\n')}\n`);
    await expect(runMigrations(test.driver, copy.dir)).resolves.toEqual({ applied: [], upToDate: FILES.length });
  }, 30_000);

  it('should roll a failing file back whole and record nothing, naming the error', async () => {
    writeFileSync(
      join(copy.dir, '20991231000000_broken.sql'),
      'create table public.half (id int);\nselect * from public.no_such_table;\n',
    );
    await expect(runMigrations(test.driver, copy.dir)).rejects.toThrow(/no_such_table/);
    expect(await test.sql(`select 1 from pg_tables where tablename = 'half'`)).toEqual([]);
    expect((await history(test.driver)).map((row) => row.version)).not.toContain('20991231000000');
  }, 30_000);
});

describeWithPostgres(`${runMigrations.name} on Postgres`, (base) => {
  // Unique across runs at once (two `npm test`), not only across time.
  const name = `mostrador_s2_migrate_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = (() => {
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(() => admin(`create database ${name}`), 60_000);
  afterAll(() => admin(`drop database if exists ${name} with (force)`), 60_000);

  it('should migrate an empty database once, even when several instances start together', async () => {
    const drivers = Array.from(
      { length: 3 },
      () => new PgPoolDriver({ connectionString: url, max: 2, connectTimeoutMs: 5000, statementTimeoutMs: 60_000 }),
    );
    try {
      const reports = await Promise.all(drivers.map((driver) => runMigrations(driver, MIGRATIONS_DIR)));
      expect(reports.flatMap((report) => report.applied).sort()).toEqual(FILES);
      const rows = await history(drivers[0]);
      expect(rows.map((row) => `${row.version}_${row.name}.sql`)).toEqual(FILES);
      // The history keeps each file's statements (Supabase CLI's column), so a changed file is caught.
      const files = readMigrationFiles(MIGRATIONS_DIR);
      rows.forEach((row, i) => {
        expect(row.statements.length).toBeGreaterThan(0);
        expect(row.statements.filter((statement) => !files[i].content.includes(statement.trim()))).toEqual([]);
      });
    } finally {
      await Promise.all(drivers.map((driver) => driver.close()));
    }
  }, 60_000);

  it('should accept a file the Supabase CLI recorded with its own statement split', async () => {
    const driver = new PgPoolDriver({
      connectionString: url,
      max: 1,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 60_000,
    });
    try {
      // As if `supabase db push` had applied it: the whole file as one statement.
      const content = readFileSync(join(MIGRATIONS_DIR, DATA_API), 'utf8');
      await driver.query('update supabase_migrations.schema_migrations set statements = $1 where version = $2', [
        [content.trim()],
        DATA_API.split('_')[0],
      ]);
      await expect(runMigrations(driver, MIGRATIONS_DIR)).resolves.toEqual({ applied: [], upToDate: FILES.length });
    } finally {
      await driver.close();
    }
  }, 30_000);
});
