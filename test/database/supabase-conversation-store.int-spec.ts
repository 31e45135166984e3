import { PgPoolDriver, StoreQueryError, StoreUnavailableError, SupabaseConversationStore } from '@mostrador/database';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPostgresTestDatabase, describeWithPostgres, type PostgresTestDatabase } from '../support/database.js';
import { type PostgrestFixture, startPostgrestFixture } from '../support/postgrest-fixture.js';
import { until } from '../support/until.js';
import { describeConversationStoreContract, inbound } from './conversation-store.contract.js';

/**
 * The Supabase adapter with the real supabase-js, against a local stand-in for the REST
 * gateway that calls the real functions in a real Postgres (test/support/postgrest-fixture.ts).
 * The README shows how to run the same contract against a real Supabase project.
 */
function supabaseStore(fixture: PostgrestFixture, key: string, logger?: ReturnType<typeof captureLogger>['logger']) {
  return new SupabaseConversationStore({
    url: fixture.url,
    serviceRoleKey: key,
    requestTimeoutMs: 5000,
    conversationIdleHours: 24,
    logger,
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
  });
}

describeWithPostgres('Supabase adapter', () => {
  describeConversationStoreContract('supabase', async () => {
    const database = await createPostgresTestDatabase();
    const fixture = await startPostgrestFixture(database.url);
    const owner = new PgPoolDriver({
      connectionString: database.url,
      max: 2,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 15_000,
    });
    const store = supabaseStore(fixture, fixture.serviceRoleKey);
    const anonStore = supabaseStore(fixture, fixture.anonKey);
    return {
      store,
      anonStore,
      sql: (query, params) => owner.query(query, params),
      async close() {
        await store.close();
        await anonStore.close();
        await fixture.close();
        await owner.close();
        await database.drop();
      },
    };
  });

  describe(`${SupabaseConversationStore.name} when the gateway or the database fails`, () => {
    let database: PostgresTestDatabase;
    let fixture: PostgrestFixture;
    const captured = captureLogger(testSettings({ LOG_LEVEL: 'debug' }));
    let store: SupabaseConversationStore;
    let owner: PgPoolDriver;

    beforeAll(async () => {
      database = await createPostgresTestDatabase();
      fixture = await startPostgrestFixture(database.url);
      store = supabaseStore(fixture, fixture.serviceRoleKey, captured.logger);
      owner = new PgPoolDriver({
        connectionString: database.url,
        max: 1,
        connectTimeoutMs: 5000,
        statementTimeoutMs: 5000,
      });
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await owner?.close();
      await fixture?.close();
      await database?.drop();
    }, 60_000);

    it.each([
      ['the connection drops before the call runs', 'drop-before', true],
      ['the gateway answers 503', 'gateway-503', true],
      ['the database connection is killed mid-call', 'kill-backend', true],
      // The call ran and committed; the answer was lost. The retry is a duplicate, and says so.
      ['the connection drops after the call ran', 'drop-after', false],
    ] as const)(
      'should retry when %s, storing the message once',
      async (_case, fault, isNew) => {
        const input = inbound();
        fixture.inject(fault);
        const callsBefore = fixture.calls.length;
        await expect(store.recordInboundMessage(input)).resolves.toMatchObject({ isNew });
        expect(fixture.calls.length - callsBefore).toBe(2);
        const [{ n }] = await owner.query<{ n: number }>(
          'select count(*)::int as n from public.messages where wa_message_id = $1',
          [input.waMessageId],
        );
        expect(n).toBe(1);
      },
      30_000,
    );

    it('should give up with StoreUnavailableError after 3 tries', async () => {
      fixture.inject('gateway-503', 3);
      const error = await store.findDueOutbound(10).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(error).toMatchObject({ operation: 'find_due_outbound', attempts: 3 });
    }, 30_000);

    it('should surface a validation error at once, with the SQLSTATE, never retried', async () => {
      const callsBefore = fixture.calls.length;
      const error = await store.recordInboundMessage(inbound({ customer: {} })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreQueryError);
      expect(error).toMatchObject({ kind: 'invalid_input', code: '22023' });
      expect(fixture.calls.length - callsBefore).toBe(1);
    }, 30_000);

    it('should refuse a key the gateway does not know, at once', async () => {
      const stranger = supabaseStore(fixture, 'not-a-key-of-this-project');
      const error = await stranger.ping().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreQueryError);
      expect((error as Error).message).toMatch(/Invalid API key/);
      await stranger.close();
    }, 30_000);

    it('should run a job on one instance at a time with a lease', async () => {
      const other = supabaseStore(fixture, fixture.serviceRoleKey);
      let release!: () => void;
      const holding = new Promise<void>((resolve) => (release = resolve));
      const first = store.runExclusive('contract-job', async () => {
        await holding;
        return 'first';
      });
      await until(
        async () =>
          (await owner.query(`select 1 from public.job_locks where name = 'contract-job'`)).length > 0
            ? true
            : undefined,
        'the first instance holding the lease',
      );
      const second = await other.runExclusive('contract-job', () => Promise.resolve('second'));
      expect(second).toEqual({ ran: false });
      release();
      await expect(first).resolves.toEqual({ ran: true, result: 'first' });
      await expect(other.runExclusive('contract-job', () => Promise.resolve('second'))).resolves.toEqual({
        ran: true,
        result: 'second',
      });
      await other.close();
    }, 30_000);
  });
});
