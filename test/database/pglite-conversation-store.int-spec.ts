import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDriver, SqlConversationStore, StoreUnavailableError } from '@mostrador/database';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteTestStore, driverAsRole } from '../support/database.js';
import { describeConversationStoreContract, inbound } from './conversation-store.contract.js';

describeConversationStoreContract('pglite', async () => {
  const test = await createPgliteTestStore();
  return {
    store: test.store,
    anonStore: new SqlConversationStore(driverAsRole(test.driver, 'anon'), { conversationIdleHours: 24 }),
    sql: (query, params) => test.sql(query, params),
    close: () => test.close(),
  };
});

describe(`${SqlConversationStore.name} on PGlite when the database is gone`, () => {
  it('should throw StoreUnavailableError at once, without retrying a closed PGlite', async () => {
    const captured = captureLogger(testSettings({ LOG_LEVEL: 'debug' }));
    const { logger } = captured;
    const lines = () => captured.lines();
    const test = await createPgliteTestStore({ logger });
    await test.driver.close();
    const started = performance.now();
    await expect(test.store.recordInboundMessage(inbound())).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(lines().filter((line) => line.event === 'database_operation' && line.outcome === 'retry')).toEqual([]);
    await expect(test.store.ping()).rejects.toThrow(/database unavailable: ping failed after 1 try: PGlite is closed/);
  }, 60_000);
});

describe(PgliteDriver.name, () => {
  it('should refuse a data directory another live process holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mostrador-lock-'));
    try {
      // The parent of this test process is alive for as long as the test runs.
      await writeFile(join(dir, 'pglite.lock'), String(process.ppid));
      await expect(PgliteDriver.open({ dataDir: join(dir, 'pglite') })).rejects.toThrow(
        new RegExp(`in use by process ${process.ppid}: PGlite serves one process`),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
