import type { Settings } from '@mostrador/config';
import type { AppLogger } from '@mostrador/logging';
import { PgPoolDriver } from './drivers/pg-pool-driver.js';
import { PgliteDriver } from './drivers/pglite-driver.js';
import type { SqlDriver } from './drivers/sql-driver.js';
import { findMigrationsDir, runMigrations } from './migrations/migration-runner.js';
import type { RetryPolicy } from './retry.js';
import type { RpcConversationStore } from './store/rpc-conversation-store.js';
import { SqlConversationStore } from './store/sql-conversation.store.js';
import { SupabaseConversationStore } from './store/supabase-conversation.store.js';
import { StoreUnavailableError } from './store-errors.js';

export type DatabaseSettings = Settings['database'];

/** `postgres://user@host:5432/db`, never the password. */
function describeUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function migrationsDirOf(settings: DatabaseSettings): string {
  const dir = settings.migrationsDir ?? findMigrationsDir();
  if (dir === null) {
    throw new Error('no supabase/migrations folder found from the working directory up: set DATABASE_MIGRATIONS_DIR');
  }
  return dir;
}

/** Applies pending migrations; a database that cannot be reached stops the start with that reason. */
async function migrate(driver: SqlDriver, settings: DatabaseSettings, logger?: AppLogger): Promise<void> {
  const dir = migrationsDirOf(settings);
  try {
    const report = await runMigrations(driver, dir, logger);
    logger?.log(
      `migrations: ${report.applied.length} applied, ${report.upToDate} already up to date (${dir})`,
      'Database',
    );
  } catch (error) {
    if (driver.classify(error).kind === 'query') throw error;
    throw new StoreUnavailableError('migrations', 1, { cause: error });
  }
}

/**
 * The adapter the settings choose, ready to use: SUPABASE_URL + key → Supabase; else
 * DATABASE_URL → Postgres; else PGlite in DATA_DIR/pglite. Migrations run first (unless
 * DATABASE_MIGRATE_ON_START=false), never against Supabase. The start log says which.
 */
export async function openConversationStore(
  settings: DatabaseSettings,
  logger?: AppLogger,
  retry?: RetryPolicy,
): Promise<RpcConversationStore> {
  const options = { conversationIdleHours: settings.conversationIdleHours, logger, retry };
  switch (settings.kind) {
    case 'supabase': {
      const supabase = settings.supabase!;
      logger?.log(`database: Supabase at ${supabase.url} (supabase-js, service role)`, 'Database');
      if (settings.migrateOnStart) {
        logger?.log('migrations are not run against Supabase: apply them with `supabase db push`', 'Database');
      }
      return new SupabaseConversationStore({
        ...options,
        url: supabase.url,
        serviceRoleKey: supabase.serviceRoleKey,
        requestTimeoutMs: settings.statementTimeoutMs,
      });
    }
    case 'postgres': {
      const driver = new PgPoolDriver({
        connectionString: settings.url!,
        max: settings.poolMax,
        connectTimeoutMs: settings.connectTimeoutMs,
        statementTimeoutMs: settings.statementTimeoutMs,
        onIdleError: (error) => {
          logger?.warn(`an idle database connection failed: ${error.message}`, 'Database');
        },
      });
      logger?.log(`database: Postgres at ${describeUrl(settings.url!)} (pool of ${settings.poolMax})`, 'Database');
      return openSql(driver, settings, options, logger);
    }
    case 'pglite': {
      logger?.log(`database: PGlite (embedded) in ${settings.pgliteDir}`, 'Database');
      const driver = await PgliteDriver.open({ dataDir: settings.pgliteDir });
      return openSql(driver, settings, options, logger);
    }
  }
}

async function openSql(
  driver: SqlDriver,
  settings: DatabaseSettings,
  options: ConstructorParameters<typeof SqlConversationStore>[1],
  logger?: AppLogger,
): Promise<SqlConversationStore> {
  try {
    if (settings.migrateOnStart) await migrate(driver, settings, logger);
    return new SqlConversationStore(driver, options);
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
