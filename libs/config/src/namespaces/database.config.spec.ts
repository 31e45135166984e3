import { ConfigError, parseSettings } from '@mostrador/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('database settings', () => {
  it('should default to PGlite in ./data/pglite, migrating at start, with 30 days of retention at 03:00', () => {
    expect(parseSettings({}).database).toEqual({
      kind: 'pglite',
      dataDir: './data',
      pgliteDir: './data/pglite',
      url: null,
      supabase: null,
      poolMax: 10,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 15_000,
      migrateOnStart: true,
      migrationsDir: null,
      conversationIdleHours: 24,
      retention: { days: 30, cron: '0 3 * * *', batchSize: 1000 },
    });
  });

  it.each([
    [{ DATA_DIR: '/var/lib/mostrador/' }, 'pglite'],
    [{ DATABASE_URL: 'postgres://app:secret@db:5432/mostrador' }, 'postgres'],
    [
      {
        DATABASE_URL: 'postgresql://db/mostrador',
        SUPABASE_URL: 'https://abc.supabase.co',
        SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-0123456789',
      },
      'supabase',
    ],
  ])('should pick the adapter from what is set (%j → %s)', (env, kind) => {
    expect(parseSettings(env).database.kind).toBe(kind);
  });

  it('should put PGlite under DATA_DIR', () => {
    expect(parseSettings({ DATA_DIR: '/var/lib/mostrador/' }).database.pgliteDir).toBe('/var/lib/mostrador/pglite');
  });

  it.each([
    [{ SUPABASE_URL: 'https://abc.supabase.co' }, 'SUPABASE_SERVICE_ROLE_KEY is required when SUPABASE_URL is set'],
    [
      { SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-0123456789' },
      'SUPABASE_URL is required when SUPABASE_SERVICE_ROLE_KEY is set',
    ],
    [{ RETENTION_DAYS: '6' }, 'RETENTION_DAYS must be an integer from 7 to 3650'],
    [{ RETENTION_CRON: 'every night' }, 'RETENTION_CRON must be a cron expression like "0 3 * * *"'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL must be a URL (postgres: or postgresql:)'],
    [{ DATABASE_POOL_MAX: '1' }, 'DATABASE_POOL_MAX must be an integer from 2 to 200'],
    [{ CONVERSATION_IDLE_HOURS: '0' }, 'CONVERSATION_IDLE_HOURS must be an integer from 1 to 720'],
    [{ DATABASE_MIGRATE_ON_START: 'sometimes' }, 'DATABASE_MIGRATE_ON_START must be true or false'],
  ])('should refuse %j', (env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });
});
