import { createServer } from 'node:net';
import { once } from 'node:events';
import { PgPoolDriver, SqlConversationStore, StoreQueryError, StoreUnavailableError } from '@mostrador/database';
import pg from 'pg';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPostgresTestStore, describeWithPostgres, driverAsRole, type TestStore } from '../support/database.js';
import { until } from '../support/until.js';
import { describeConversationStoreContract, inbound } from './conversation-store.contract.js';

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describeWithPostgres('Postgres adapter', () => {
  describeConversationStoreContract('postgres', async () => {
    const test = await createPostgresTestStore();
    return {
      store: test.store,
      anonStore: new SqlConversationStore(driverAsRole(test.driver, 'anon'), { conversationIdleHours: 24 }),
      sql: (query, params) => test.sql(query, params),
      close: () => test.close(),
    };
  });

  describe(`${SqlConversationStore.name} on Postgres when things go wrong`, () => {
    let test: TestStore & { database: { url: string } };
    const captured = captureLogger(testSettings({ LOG_LEVEL: 'debug' }));

    beforeAll(async () => {
      test = await createPostgresTestStore({ logger: captured.logger });
    }, 120_000);
    afterAll(() => test?.close(), 60_000);

    const retries = (operation: string) =>
      captured
        .lines()
        .filter(
          (line) => line.event === 'database_operation' && line.operation === operation && line.outcome === 'retry',
        );

    it('should retry a call whose connection is killed mid-call, storing the message once', async () => {
      const blocker = new pg.Client({ connectionString: test.database.url });
      await blocker.connect();
      try {
        // Hold the customers table so that the call waits inside the function…
        await blocker.query('begin');
        await blocker.query('lock table public.user_profiles in exclusive mode');
        const input = inbound();
        const call = test.store.recordInboundMessage(input);
        // (Watched from another session: a transaction sees pg_stat_activity frozen.)
        const pid = await until(async () => {
          const rows = await test.sql<{ pid: number }>(
            `select pid from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and query like '%record_inbound_message%'`,
          );
          return rows[0]?.pid;
        }, 'the call waiting on the lock');
        // …then kill its connection, as a failover or a restart would, and let go.
        await blocker.query('select pg_terminate_backend($1)', [pid]);
        await blocker.query('rollback');
        await expect(call).resolves.toMatchObject({ isNew: true });
        expect(
          (
            await test.sql<{ n: number }>('select count(*)::int as n from public.messages where wa_message_id = $1', [
              input.waMessageId,
            ])
          )[0].n,
        ).toBe(1);
        expect(retries('record_inbound_message')).toEqual([
          expect.objectContaining({ attempt: 1, adapter: 'postgres', error: expect.stringMatching(/terminat/i) }),
        ]);
      } finally {
        await blocker.end();
      }
    }, 30_000);

    it('should surface a validation error at once, never retried', async () => {
      const before = retries('record_inbound_message').length;
      await expect(test.store.recordInboundMessage(inbound({ customer: {} }))).rejects.toMatchObject({
        name: 'StoreQueryError',
        kind: 'invalid_input',
        code: '22023',
      });
      expect(retries('record_inbound_message')).toHaveLength(before);
    }, 30_000);

    it('should give up with StoreUnavailableError after 3 tries when a statement times out each time', async () => {
      const captured = captureLogger(testSettings({ LOG_LEVEL: 'debug' }));
      const { logger } = captured;
      const lines = () => captured.lines();
      const driver = new PgPoolDriver({
        connectionString: test.database.url,
        max: 2,
        connectTimeoutMs: 2000,
        statementTimeoutMs: 150,
      });
      const store = new SqlConversationStore(driver, {
        conversationIdleHours: 24,
        logger,
        retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      });
      const blocker = new pg.Client({ connectionString: test.database.url });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('lock table public.user_profiles in exclusive mode');
        const error = await store.recordInboundMessage(inbound()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(error).toMatchObject({ operation: 'record_inbound_message', attempts: 3 });
        expect((error as Error).message).toMatch(/statement timeout/);
        expect(lines().filter((line) => line.outcome === 'retry')).toHaveLength(2);
      } finally {
        await blocker.query('rollback');
        await blocker.end();
        await store.close();
      }
    }, 30_000);

    it('should give up with StoreUnavailableError after 3 tries when the server refuses connections', async () => {
      const captured = captureLogger(testSettings({ LOG_LEVEL: 'debug' }));
      const { logger } = captured;
      const lines = () => captured.lines();
      const driver = new PgPoolDriver({
        connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/nowhere`,
        max: 2,
        connectTimeoutMs: 1000,
        statementTimeoutMs: 1000,
      });
      const store = new SqlConversationStore(driver, { conversationIdleHours: 24, logger });
      try {
        const error = await store.findDueOutbound(10).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(error).not.toBeInstanceOf(StoreQueryError);
        expect((error as StoreUnavailableError).attempts).toBe(3);
        expect((error as Error).message).toMatch(/ECONNREFUSED/);
        expect(
          lines()
            .filter((line) => line.outcome === 'retry')
            .map((line) => line.attempt),
        ).toEqual([1, 2]);
        expect(lines().filter((line) => line.outcome === 'error')).toHaveLength(1);
      } finally {
        await store.close();
      }
    }, 30_000);

    it('should run a job on one instance at a time', async () => {
      const other = new SqlConversationStore(
        new PgPoolDriver({
          connectionString: test.database.url,
          max: 2,
          connectTimeoutMs: 2000,
          statementTimeoutMs: 5000,
        }),
        { conversationIdleHours: 24 },
      );
      try {
        let release!: () => void;
        const holding = new Promise<void>((resolve) => (release = resolve));
        const first = test.store.runExclusive('contract-job', () => holding.then(() => 'first'));
        // The first instance holds the lock once its session asked for it. (pg_locks lists
        // every database's locks: another suite's or another run's are not this one's.)
        await until(async () => {
          const { length } = await test.sql(
            `select 1 from pg_locks
              where locktype = 'advisory' and granted
                and database = (select oid from pg_database where datname = current_database())`,
          );
          return length > 0 ? true : undefined;
        }, 'the first instance holding the job lock');
        await expect(other.runExclusive('contract-job', () => Promise.resolve('second'))).resolves.toEqual({
          ran: false,
        });
        release();
        await expect(first).resolves.toEqual({ ran: true, result: 'first' });
        await expect(other.runExclusive('contract-job', () => Promise.resolve('second'))).resolves.toEqual({
          ran: true,
          result: 'second',
        });
      } finally {
        await other.close();
      }
    }, 30_000);
  });
});
