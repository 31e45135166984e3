import { PgPoolDriver, SupabaseConversationStore } from '@mostrador/database';
import { describeConversationStoreContract } from './conversation-store.contract.js';

/**
 * The contract against a real Supabase project, when one is named (see the README,
 * "Persistence"): a throwaway project with the migrations pushed (`supabase db push`).
 *
 *   TEST_SUPABASE_URL              https://<ref>.supabase.co
 *   TEST_SUPABASE_SERVICE_ROLE_KEY the project's service role key
 *   TEST_SUPABASE_ANON_KEY         the project's anon key (the suite proves it reaches nothing)
 *   TEST_SUPABASE_DB_URL           the project's Postgres connection string (to move time)
 */
const env = {
  url: process.env.TEST_SUPABASE_URL,
  serviceRoleKey: process.env.TEST_SUPABASE_SERVICE_ROLE_KEY,
  anonKey: process.env.TEST_SUPABASE_ANON_KEY,
  dbUrl: process.env.TEST_SUPABASE_DB_URL,
};

if (env.url && env.serviceRoleKey && env.anonKey && env.dbUrl) {
  const { url, serviceRoleKey, anonKey, dbUrl } = env;
  describeConversationStoreContract('supabase', () => {
    const options = { url, requestTimeoutMs: 15_000, conversationIdleHours: 24 };
    const store = new SupabaseConversationStore({ ...options, serviceRoleKey });
    const anonStore = new SupabaseConversationStore({ ...options, serviceRoleKey: anonKey });
    const owner = new PgPoolDriver({
      connectionString: dbUrl,
      max: 2,
      connectTimeoutMs: 10_000,
      statementTimeoutMs: 30_000,
    });
    return Promise.resolve({
      store,
      anonStore,
      sql: (query: string, params?: unknown[]) => owner.query(query, params),
      async close() {
        await store.close();
        await anonStore.close();
        await owner.close();
      },
    });
  });
} else {
  // No Supabase project is reachable from this machine or CI (no internet): the same contract
  // runs on supabase-js against the PostgREST stand-in (supabase-conversation-store.int-spec.ts).
  const name = 'ConversationStore contract: a real Supabase project';
  process.stderr.write(
    `\n  SKIPPED "${name}": set TEST_SUPABASE_URL, TEST_SUPABASE_SERVICE_ROLE_KEY, TEST_SUPABASE_ANON_KEY and TEST_SUPABASE_DB_URL to run it\n\n`,
  );
  describe.skip(name, () => {
    it('needs a real Supabase project', () => undefined);
  });
}
