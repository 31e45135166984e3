import type { Settings } from '@mostrador/config';
import type { AppLogger } from '@mostrador/logging';
import { PgPoolDriver } from './drivers/pg-pool-driver.js';
import { PgliteDriver } from './drivers/pglite-driver.js';
import { findMigrationsDir } from './migrations/migration-runner.js';
import type { RetryPolicy } from './retry.js';
import type { ConversationStore } from './store/conversation-store.js';
import { SqlConversationStore } from './store/sql-conversation.store.js';
import { SupabaseConversationStore } from './store/supabase-conversation.store.js';

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

function migrationsDirOf(settings: DatabaseSettings): string | undefined {
  if (!settings.migrateOnStart) return undefined;
  const dir = settings.migrationsDir ?? findMigrationsDir();
  if (dir === null) {
    throw new Error('no supabase/migrations folder found from the working directory up: set DATABASE_MIGRATIONS_DIR');
  }
  return dir;
}

/**
 * The adapter the settings choose: SUPABASE_URL + key → Supabase; else DATABASE_URL →
 * Postgres; else PGlite in DATA_DIR/pglite. Nothing is asked of the database yet (a Postgres
 * that is down does not stop this): `prepare()` applies the migrations (unless
 * DATABASE_MIGRATE_ON_START=false; never against Supabase). The start log says which.
 */
export async function createConversationStore(
  settings: DatabaseSettings,
  logger?: AppLogger,
  retry?: RetryPolicy,
): Promise<ConversationStore> {
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
      const migrationsDir = migrationsDirOf(settings);
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
      return new SqlConversationStore(driver, { ...options, migrationsDir });
    }
    case 'pglite': {
      const migrationsDir = migrationsDirOf(settings);
      logger?.log(`database: PGlite (embedded) in ${settings.pgliteDir}`, 'Database');
      const driver = await PgliteDriver.open({ dataDir: settings.pgliteDir });
      return new SqlConversationStore(driver, { ...options, migrationsDir });
    }
  }
}

/** `createConversationStore` and `prepare()`, for tools and tests: a ready store, or the reason there is none. */
export async function openConversationStore(
  settings: DatabaseSettings,
  logger?: AppLogger,
  retry?: RetryPolicy,
): Promise<ConversationStore> {
  const store = await createConversationStore(settings, logger, retry);
  try {
    await store.prepare();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
