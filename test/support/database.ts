import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import {
  PgliteDriver,
  PgPoolDriver,
  runMigrations,
  SqlConversationStore,
  type RetryPolicy,
  type SqlDriver,
  type SqlExecutor,
} from '@mostrador/database';
import type { AppLogger } from '@mostrador/logging';
import pg from 'pg';

/**
 * Databases for suites, cheap to ask for: the migrations are applied once to a template
 * (a PGlite data directory tarball in the temp folder; a Postgres template database), and
 * each suite gets a fresh copy of it.
 */

const root = join(import.meta.dirname, '..', '..');
export const MIGRATIONS_DIR = join(root, 'supabase', 'migrations');

/** Changes whenever a migration file or the PGlite version does: a new template is built. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(
    readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  hash.update(pglite.version);
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file);
    hash.update(readFileSync(join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

const cacheDir = join(tmpdir(), 'mostrador-test-db');

/** Runs `build` in one process at a time (across Jest workers) unless `output` exists. */
async function buildOnce(output: string, build: () => Promise<void>): Promise<void> {
  mkdirSync(dirname(output), { recursive: true });
  const lock = `${output}.lock`;
  const deadline = Date.now() + 120_000;
  while (!existsSync(output)) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A builder that died leaves its lock behind.
      const stat = statSync(lock, { throwIfNoEntry: false });
      if (stat !== undefined && Date.now() - stat.mtimeMs > 90_000) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${output} to be built`, { cause: error });
      await sleep(200);
      continue;
    }
    closeSync(fd);
    try {
      if (!existsSync(output)) await build();
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** The migrated PGlite template, as a data directory tarball (built once per machine). */
export async function pgliteTemplate(): Promise<Blob> {
  const file = join(cacheDir, `pglite-${migrationsHash()}.tar`);
  await buildOnce(file, async () => {
    for (const old of readdirSync(cacheDir).filter((f) => /^pglite-[0-9a-f]+\.tar$/.test(f))) {
      rmSync(join(cacheDir, old), { force: true });
    }
    const driver = await PgliteDriver.open();
    try {
      await runMigrations(driver, MIGRATIONS_DIR);
      const tarball = await driver.pglite.dumpDataDir('none');
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
      renameSync(partial, file);
    } finally {
      await driver.close();
    }
  });
  return new Blob([readFileSync(file)]);
}

/** The migrated template as a data directory (for apps given DATA_DIR), extracted once. */
async function pgliteTemplateDir(): Promise<string> {
  const dir = join(cacheDir, `pglite-dir-${migrationsHash()}`);
  await buildOnce(join(dir, 'ready'), async () => {
    for (const old of readdirSync(cacheDir).filter(
      (f) => /^pglite-dir-[0-9a-f]+$/.test(f) && join(cacheDir, f) !== dir,
    )) {
      rmSync(join(cacheDir, old), { recursive: true, force: true });
    }
    const tarball = await pgliteTemplate();
    const db = await PGlite.create({ dataDir: join(dir, 'pglite'), loadDataDir: tarball });
    await db.close();
    writeFileSync(join(dir, 'ready'), '');
  });
  return join(dir, 'pglite');
}

export interface TestStoreOptions {
  logger?: AppLogger;
  conversationIdleHours?: number;
  retry?: RetryPolicy;
}

export interface TestStore {
  store: SqlConversationStore;
  driver: SqlDriver;
  /** Raw SQL on the same database as its owner (to look behind the data API, or move time). */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A migrated PGlite in memory, its own copy of the template (≈ 0.5 s). */
export async function createPgliteTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const driver = await PgliteDriver.open({ loadDataDir: await pgliteTemplate() });
  return storeOver(driver, options);
}

function storeOver(driver: SqlDriver, options: TestStoreOptions, onClose?: () => Promise<void>): TestStore {
  const store = new SqlConversationStore(driver, {
    conversationIdleHours: options.conversationIdleHours ?? 24,
    logger: options.logger,
    retry: options.retry,
  });
  return {
    store,
    driver,
    sql: (query, params) => driver.query(query, params),
    async close() {
      await store.close();
      await onClose?.();
    },
  };
}

export interface PgliteDataDir {
  /** The DATA_DIR to give the app: its `pglite` folder is a copy of the migrated template. */
  dataDir: string;
  env: { DATA_DIR: string };
  cleanup(): Promise<void>;
}

/** A DATA_DIR for an app booted from settings (in process or as a child process). */
export async function createPgliteDataDir(): Promise<PgliteDataDir> {
  const template = await pgliteTemplateDir();
  const dataDir = await mkdtemp(join(tmpdir(), 'mostrador-data-'));
  cpSync(template, join(dataDir, 'pglite'), { recursive: true });
  return { dataDir, env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

/** `TEST_DATABASE_URL` (a Postgres where databases may be created), or undefined: then skip, loudly. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** `describe` when Postgres is configured, otherwise `describe.skip` with a line saying why. */
export function describeWithPostgres(name: string, fn: (url: string) => void): void {
  if (TEST_DATABASE_URL === undefined) {
    process.stderr.write(
      `\n  SKIPPED "${name}": set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it\n\n`,
    );
    describe.skip(name, () => it('needs TEST_DATABASE_URL', () => undefined));
    return;
  }
  const url = TEST_DATABASE_URL;
  describe(name, () => fn(url));
}

function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(base: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Clones left by a run that died are dropped after this long. */
const STALE_CLONE_MS = 6 * 60 * 60 * 1000;

/**
 * The migrated Postgres template database, built once (for every worker and run) and rebuilt
 * when the migrations change. Nobody connects to it: CREATE DATABASE … TEMPLATE needs that.
 */
async function postgresTemplate(base: string): Promise<string> {
  const name = `mostrador_s2_template_${migrationsHash()}`;
  await withAdmin(base, async (admin) => {
    await admin.query('select pg_advisory_lock(7237, 1)');
    try {
      const { rows: existing } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like 'mostrador\\_s2\\_template\\_%' or datname like 'mostrador\\_%\\_building'",
      );
      if (existing.some((row) => row.datname === name)) return;
      for (const { datname } of existing) {
        await admin.query(`drop database if exists ${ident(datname)} with (force)`).catch(() => undefined);
      }
      const building = `mostrador_s2_template_building`;
      await admin.query(`create database ${ident(building)}`);
      const driver = new PgPoolDriver({
        connectionString: databaseUrl(base, building),
        max: 1,
        connectTimeoutMs: 5000,
        statementTimeoutMs: 60_000,
      });
      try {
        await runMigrations(driver, MIGRATIONS_DIR);
      } finally {
        await driver.close();
      }
      await admin.query(`alter database ${ident(building)} rename to ${ident(name)}`);
    } finally {
      await admin.query('select pg_advisory_unlock(7237, 1)');
    }
  });
  return name;
}

export interface PostgresTestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database cloned from the template (`CREATE DATABASE … TEMPLATE`, ≈ 0.2 s),
 * named `mostrador_<tag>_<time>_<random>`. Drop it in `afterAll`.
 */
export async function createPostgresTestDatabase(tag = 's2', base = TEST_DATABASE_URL): Promise<PostgresTestDatabase> {
  if (base === undefined) throw new Error('TEST_DATABASE_URL is not set');
  if (!/^[a-z0-9]{1,16}$/.test(tag)) throw new Error('tag: 1 to 16 lowercase letters or digits');
  const template = await postgresTemplate(base);
  const name = `mostrador_${tag}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdmin(base, async (admin) => {
    // Only this tag's clones, and only names this function makes.
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname ~ ('^mostrador_' || $1 || '_[0-9a-z]{8}_[0-9a-f]{6}$')`,
      [tag],
    );
    for (const { datname } of rows) {
      const created = parseInt(datname.split('_')[2], 36);
      if (created > Date.UTC(2024, 0, 1) && Date.now() - created > STALE_CLONE_MS) {
        await admin.query(`drop database if exists ${ident(datname)} with (force)`).catch(() => undefined);
      }
    }
    await admin.query(`create database ${ident(name)} template ${ident(template)}`);
  });
  return {
    name,
    url: databaseUrl(base, name),
    drop: () =>
      withAdmin(base, (admin) => admin.query(`drop database if exists ${ident(name)} with (force)`)).then(
        () => undefined,
      ),
  };
}

/** A migrated Postgres database of its own with a store over it (`pg` Pool); `close` drops it. */
export async function createPostgresTestStore(
  options: TestStoreOptions & { tag?: string; poolMax?: number } = {},
): Promise<TestStore & { database: PostgresTestDatabase }> {
  const database = await createPostgresTestDatabase(options.tag);
  const driver = new PgPoolDriver({
    connectionString: database.url,
    max: options.poolMax ?? 10,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 15_000,
  });
  return { ...storeOver(driver, options, () => database.drop()), database };
}

/**
 * The same driver, each statement run as `role` (Supabase's anon or authenticated): what a
 * leaked key could do through the data API. Every statement runs in its own transaction.
 */
export function driverAsRole(driver: SqlDriver, role: 'anon' | 'authenticated' | 'service_role'): SqlDriver {
  const asRole = <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
    driver.transaction(async (tx) => {
      await tx.exec(`set local role ${role}`);
      return fn(tx);
    });
  return {
    kind: driver.kind,
    query: (sql, params) => asRole((tx) => tx.query(sql, params)),
    exec: (sql) => asRole((tx) => tx.exec(sql)),
    transaction: (fn) => asRole(fn),
    withSession: (fn) => asRole(fn),
    classify: (error) => driver.classify(error),
    close: () => Promise.resolve(),
  };
}
