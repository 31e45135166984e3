import { validateCronExpression } from 'cron';
import { z } from 'zod';
import { flag, integer, text, url } from '../env-value.js';
import { type BuildContext, defineNamespace } from '../namespace.js';

/** Which adapter serves the data API: chosen from which variables are set. */
export type DatabaseKind = 'pglite' | 'postgres' | 'supabase';

/** Meta retries a webhook for up to 7 days; the wamid dedupe must outlive that. */
export const MIN_RETENTION_DAYS = 7;

function cron(describe: string) {
  return text({ describe }).refine((value) => value === undefined || validateCronExpression(value).valid, {
    message: `must be ${describe}`,
  });
}

/** Both or neither: one without the other is a mistake worth stopping for. */
function supabaseOf(
  supabaseUrl: string | undefined,
  serviceRoleKey: string | undefined,
  context: BuildContext,
): { url: string; serviceRoleKey: string } | null {
  if (supabaseUrl !== undefined && serviceRoleKey === undefined) {
    context.problem('SUPABASE_SERVICE_ROLE_KEY', 'is required when SUPABASE_URL is set');
  }
  if (serviceRoleKey !== undefined && supabaseUrl === undefined) {
    context.problem('SUPABASE_URL', 'is required when SUPABASE_SERVICE_ROLE_KEY is set');
  }
  return supabaseUrl !== undefined && serviceRoleKey !== undefined ? { url: supabaseUrl, serviceRoleKey } : null;
}

export const databaseNamespace = defineNamespace({
  variables: z.object({
    DATA_DIR: text().describe(
      'Folder for local data; the embedded database (PGlite) lives in DATA_DIR/pglite. Default ./data.',
    ),
    DATABASE_URL: url(['postgres:', 'postgresql:']).describe(
      'A Postgres connection string (any Postgres 15+, Supabase pooler included). Unset: the embedded PGlite.',
    ),
    DATABASE_POOL_MAX: integer(2, 200).describe(
      'Most connections the Postgres pool opens (at least 2: a scheduled job holds one for its lock). Default 10.',
    ),
    DATABASE_CONNECT_TIMEOUT_MS: integer(100, 120_000).describe(
      'How long to wait for a database connection before the call counts as failed (and is retried). Default 5000.',
    ),
    DATABASE_STATEMENT_TIMEOUT_MS: integer(100, 600_000).describe(
      'Longest one data API call may run (Postgres statement_timeout; the Supabase request timeout). Default 15000.',
    ),
    SUPABASE_URL: url().describe(
      'Supabase project URL (https://<ref>.supabase.co). With SUPABASE_SERVICE_ROLE_KEY, the data API is called through supabase-js; it wins over DATABASE_URL.',
    ),
    SUPABASE_SERVICE_ROLE_KEY: text({ minLength: 20 }).describe(
      'Supabase service role key (secret; it bypasses row level security). Required with SUPABASE_URL.',
    ),
    DATABASE_MIGRATE_ON_START: flag().describe(
      'Apply pending supabase/migrations at start (PGlite and DATABASE_URL; never Supabase: use supabase db push). Default true.',
    ),
    DATABASE_MIGRATIONS_DIR: text().describe(
      'Folder of the migration files. Default supabase/migrations (found from the working directory up).',
    ),
    CONVERSATION_IDLE_HOURS: integer(1, 24 * 30).describe(
      'A conversation closes after this many hours without messages; the next message opens a new one. Default 24.',
    ),
    RETENTION_DAYS: integer(MIN_RETENTION_DAYS, 3650).describe(
      `Messages, conversations and customers with nothing newer are deleted after this many days. Default 30, at least ${MIN_RETENTION_DAYS} (Meta retries webhooks for 7 days).`,
    ),
    RETENTION_CRON: cron('a cron expression like "0 3 * * *"').describe(
      'When the retention cleanup runs (server time; one instance at a time). Default 0 3 * * * (daily at 03:00).',
    ),
    RETENTION_BATCH_SIZE: integer(1, 100_000).describe(
      'Rows per table the retention cleanup deletes per call (it calls until nothing is left). Default 1000.',
    ),
  }),
  build(env, context) {
    const supabase = supabaseOf(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, context);
    const kind: DatabaseKind = supabase ? 'supabase' : env.DATABASE_URL !== undefined ? 'postgres' : 'pglite';
    const dataDir = env.DATA_DIR ?? './data';
    return {
      kind,
      dataDir,
      pgliteDir: `${dataDir.replace(/\/+$/, '')}/pglite`,
      url: env.DATABASE_URL ?? null,
      supabase,
      poolMax: env.DATABASE_POOL_MAX ?? 10,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS ?? 5000,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000,
      migrateOnStart: env.DATABASE_MIGRATE_ON_START ?? true,
      migrationsDir: env.DATABASE_MIGRATIONS_DIR ?? null,
      conversationIdleHours: env.CONVERSATION_IDLE_HOURS ?? 24,
      retention: {
        days: env.RETENTION_DAYS ?? 30,
        cron: env.RETENTION_CRON ?? '0 3 * * *',
        batchSize: env.RETENTION_BATCH_SIZE ?? 1000,
      },
    };
  },
});
