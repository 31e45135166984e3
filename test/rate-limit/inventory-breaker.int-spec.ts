import { standaloneCache } from '@mostrador/cache';
import { InventoryClient, InventoryError, InventoryUnavailableError } from '@mostrador/inventory';
import { BreakerOpenError, BreakerRegistry } from '@mostrador/rate-limit';
import { type CapturedLogger, captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';
import { until } from '../support/until.js';

const VOLUME = 5;
const RESET_MS = 500;
const TIMEOUT_MS = 300;
/** What a call refused by an open breaker may take: no network, only the client's own work. */
const AT_ONCE_MS = 50;

describe('the inventory behind its circuit breaker', () => {
  let sandbox: InventorySandbox;
  let client: InventoryClient;
  let breakers: BreakerRegistry;
  let logs: CapturedLogger;

  /** A client of the sandbox with a breaker registry of its own (the suite's small numbers), each call reaching the service. */
  function clientWith(env: Record<string, string> = {}): InventoryClient {
    const settings = testSettings({
      INVENTORY_WSDL_URL: sandbox.wsdlUrl,
      INVENTORY_TIMEOUT_MS: String(TIMEOUT_MS),
      CACHE_ENABLED: 'false',
      BREAKER_VOLUME_THRESHOLD: String(VOLUME),
      BREAKER_ERROR_THRESHOLD_PERCENT: '50',
      BREAKER_RESET_MS: String(RESET_MS),
      BREAKER_ROLLING_WINDOW_MS: '10000',
      LOG_LEVEL: 'info',
      ...env,
    });
    logs = captureLogger(settings);
    breakers = new BreakerRegistry(settings, logs.logger);
    client = new InventoryClient(settings, logs.logger, standaloneCache(settings, logs.logger), breakers);
    return client;
  }

  /** SOAP operation calls the sandbox has served since the test began. */
  async function soapCalls(): Promise<number> {
    const response = await sandbox.app.inject({ method: 'GET', url: '/sandbox/inventory/stats' });
    return response.json<{ total: number }>().total;
  }

  async function failureOf(call: Promise<unknown>): Promise<InventoryError> {
    try {
      await call;
    } catch (error) {
      expect(error).toBeInstanceOf(InventoryError);
      return error as InventoryError;
    }
    throw new Error('expected the call to fail');
  }

  /** The call's failure and how long it took. */
  async function timedFailure(call: () => Promise<unknown>): Promise<{ error: InventoryError; ms: number }> {
    const started = performance.now();
    const error = await failureOf(call());
    return { error, ms: performance.now() - started };
  }

  const breakerStates = () =>
    logs
      .lines()
      .filter((line) => line.event === 'breaker')
      .map((line) => line.state);

  /** Server faults on every call until the breaker opens; how many calls that took (each one made). */
  async function openWithServerFaults(): Promise<number> {
    await sandbox.setFaults({ errorPercent: 100 });
    let calls = 0;
    while (breakers.states().inventory?.state !== 'open') {
      expect(calls).toBeLessThan(VOLUME);
      expect(await failureOf(client.searchProducts({ query: `tenis ${calls}` }))).toMatchObject({
        side: 'Server',
        code: 'SERVICE_ERROR',
      });
      calls++;
    }
    return calls;
  }

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
  }, 120_000);
  beforeEach(async () => {
    await sandbox.app.inject({ method: 'DELETE', url: '/sandbox/inventory/stats' });
  }, 30_000);
  afterEach(async () => {
    client.onModuleDestroy();
    breakers.onModuleDestroy();
    await sandbox.resetFaults();
  }, 30_000);
  afterAll(() => sandbox.close(), 60_000);

  it('should stop calling a failing inventory after the volume threshold, and fail at once with InventoryUnavailableError (circuit-open)', async () => {
    clientWith();
    expect(await openWithServerFaults()).toBe(VOLUME);
    expect(await soapCalls()).toBe(VOLUME);

    for (let i = 0; i < 20; i++) {
      const { error, ms } = await timedFailure(() => client.searchProducts({ query: 'botas' }));
      expect(ms).toBeLessThan(AT_ONCE_MS);
      // What the assistant turns into "no puedo consultar el inventario ahora".
      expect(error).toBeInstanceOf(InventoryUnavailableError);
      expect(error).toMatchObject({ reason: 'circuit-open', operation: 'SearchProducts', retriable: true });
      expect(error.cause).toBeInstanceOf(BreakerOpenError);
    }
    expect(await soapCalls()).toBe(VOLUME);
    expect(breakers.states().inventory).toMatchObject({ state: 'open', failures: VOLUME, rejects: 20 });
    expect(breakerStates()).toEqual(['open']);
    const soapLines = logs.lines().filter((line) => line.event === 'soap_request');
    expect(soapLines.at(-1)).toMatchObject({ operation: 'SearchProducts', outcome: 'rejected' });
  }, 30_000);

  it('should let one probe through after the reset time once the inventory is back, close, and call it again', async () => {
    clientWith();
    await openWithServerFaults();
    const openedAt = performance.now();
    await sandbox.resetFaults();

    const found = await until(
      async () => {
        try {
          return await client.searchProducts({ query: 'tenis' });
        } catch (error) {
          expect(error).toMatchObject({ reason: 'circuit-open' });
          return undefined;
        }
      },
      'the breaker to let a call through',
      RESET_MS + 2000,
    );
    expect(found.length).toBeGreaterThan(0);
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(RESET_MS - 10);
    // Only the probe reached the service while it was open.
    expect(await soapCalls()).toBe(VOLUME + 1);
    expect(breakers.states().inventory.state).toBe('closed');
    expect(breakerStates()).toEqual(['open', 'half-open', 'closed']);

    for (let i = 0; i < 3; i++) await client.searchProducts({ query: 'playera' });
    expect(await soapCalls()).toBe(VOLUME + 4);
  }, 30_000);

  it('should stay open when the probe fails, for another reset time', async () => {
    clientWith();
    await openWithServerFaults();
    await until(
      () => (breakers.states().inventory.state === 'half-open' ? true : undefined),
      'half-open',
      RESET_MS + 2000,
    );
    expect(await failureOf(client.searchProducts({ query: 'tenis' }))).toMatchObject({ side: 'Server' });
    expect(breakers.states().inventory.state).toBe('open');
    expect(await failureOf(client.searchProducts({ query: 'tenis' }))).toMatchObject({ reason: 'circuit-open' });
    expect(await soapCalls()).toBe(VOLUME + 1);
  }, 30_000);

  it('should abort a slow call at its time limit, and count it as a timeout', async () => {
    clientWith();
    await client.ping();
    const connections = (await sandbox.status()).connections;
    await sandbox.setFaults({ latencyMs: 2000 });

    const { error, ms } = await timedFailure(() => client.searchProducts({ query: 'tenis' }));
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(ms).toBeLessThan(TIMEOUT_MS + 200);
    expect(error).toBeInstanceOf(InventoryUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout', retriable: true });
    expect(breakers.states().inventory).toMatchObject({ state: 'closed', failures: 1, timeouts: 1 });
    expect(logs.lines().at(-1)).toMatchObject({
      event: 'soap_request',
      operation: 'SearchProducts',
      outcome: 'timeout',
    });

    // The request was dropped, not left waiting for its answer: the next call needs a new connection.
    await sandbox.resetFaults();
    expect(await client.ping()).toMatchObject({ status: 'ok' });
    expect((await sandbox.status()).connections).toBe(connections + 1);
  }, 30_000);

  it('should open on timeouts too', async () => {
    clientWith();
    // The WSDL is loaded before the service slows down: its load is not a breaker call.
    await client.ping();
    await sandbox.setFaults({ latencyMs: 2000 });
    const slow = await Promise.all(
      Array.from({ length: VOLUME }, (_, i) => failureOf(client.searchProducts({ query: `tenis ${i}` }))),
    );
    for (const error of slow) expect(error).toMatchObject({ reason: 'timeout' });
    expect(breakers.states().inventory).toMatchObject({ state: 'open', timeouts: VOLUME });
    expect(await failureOf(client.searchProducts({ query: 'tenis' }))).toMatchObject({ reason: 'circuit-open' });
  }, 30_000);

  it('should open when the inventory refuses connections (down)', async () => {
    clientWith();
    // The WSDL is loaded while the service is up: its load is not a breaker call.
    await client.ping();
    await sandbox.setFaults({ down: true });

    const reasons: string[] = [];
    while (reasons.at(-1) !== 'circuit-open' && reasons.length <= VOLUME) {
      const error = await failureOf(client.ping());
      reasons.push((error as InventoryUnavailableError).reason);
    }
    // The ping that answered is in the window: VOLUME calls in it, VOLUME - 1 of them refused.
    expect(reasons).toEqual([...Array<string>(VOLUME - 1).fill('refused'), 'circuit-open']);
    expect(breakers.states().inventory.state).toBe('open');
  }, 30_000);

  it('should not count faults that answer the question (Client faults), however many', async () => {
    clientWith();
    for (let i = 0; i < VOLUME * 2; i++) {
      expect(await failureOf(client.searchProducts({ query: '  ' }))).toMatchObject({
        side: 'Client',
        code: 'INVALID_ARGUMENT',
      });
      expect(await client.getProduct('NOPE-0000-XXX')).toBeNull();
      expect(await failureOf(client.checkStock({ sku: 'TEN-0001-NEG', store: 'Atlantis' }))).toMatchObject({
        side: 'Client',
        code: 'UNKNOWN_STORE',
      });
    }
    expect(breakers.states().inventory).toMatchObject({ state: 'closed', failures: 0 });
    expect(await soapCalls()).toBe(VOLUME * 2 * 3);
  }, 30_000);

  it('should still serve a cached answer while open, and fail what is not cached', async () => {
    clientWith({ CACHE_ENABLED: 'true' });
    const cached = await client.searchProducts({ query: 'tenis negros' });
    // The answered search is in the window too: one failure fewer opens it.
    expect(await openWithServerFaults()).toBe(VOLUME - 1);

    expect(await client.searchProducts({ query: 'tenis negros' })).toEqual(cached);
    expect(await failureOf(client.searchProducts({ query: 'botas' }))).toMatchObject({ reason: 'circuit-open' });
    expect(await soapCalls()).toBe(VOLUME);
  }, 30_000);
});
