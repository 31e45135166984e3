import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { standaloneCache } from '@mostrador/cache';
import {
  InventoryClient,
  InventoryError,
  InventoryFaultError,
  InventoryMalformedResponseError,
  InventoryUnavailableError,
} from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { type CapturedLogger, captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';

const catalogue = readCatalogueFile();

describe(InventoryClient.name, () => {
  let sandbox: InventorySandbox;
  const clients: InventoryClient[] = [];
  let logs: CapturedLogger;

  /** A client of the sandbox (or of `env`'s service), closed after the suite. */
  function clientWith(env: Record<string, string> = {}): InventoryClient {
    // About the SOAP calls themselves: each one reaches the service (the cache has its own suite).
    const settings = testSettings({
      INVENTORY_WSDL_URL: sandbox.wsdlUrl,
      LOG_LEVEL: 'debug',
      CACHE_ENABLED: 'false',
      ...env,
    });
    logs = captureLogger(settings);
    const client = new InventoryClient(
      settings,
      logs.logger,
      standaloneCache(settings, logs.logger),
      new BreakerRegistry(settings, logs.logger),
    );
    clients.push(client);
    return client;
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

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
  }, 120_000);
  afterEach(() => sandbox.resetFaults(), 30_000);
  afterAll(async () => {
    for (const client of clients) client.onModuleDestroy();
    await sandbox.close();
  }, 60_000);

  describe('searchProducts', () => {
    let client: InventoryClient;
    beforeAll(() => {
      client = clientWith();
    });

    it.each(['camion', 'CAMIÓN', 'Camión'])(
      'should ignore accents and case: "%s" finds the camión T-shirt',
      async (query) => {
        const [first] = await client.searchProducts({ query });
        expect(first.name).toBe('Playera Infantil Camión de Bomberos');
      },
    );

    it('should find the same for "TENIS" as for "tenis", sneakers first', async () => {
      const upper = await client.searchProducts({ query: 'TENIS', maxResults: 20 });
      expect(upper.map((p) => p.sku)).toEqual(
        (await client.searchProducts({ query: 'tenis', maxResults: 20 })).map((p) => p.sku),
      );
      for (const product of upper) expect(product.category).toBe('Tenis');
    });

    it('should answer black sneakers in size 27 for "tenis negros talla 27", as plain objects with exact prices', async () => {
      const found = await client.searchProducts({ query: 'tenis negros talla 27' });
      expect(found.length).toBeGreaterThan(3);
      for (const product of found) {
        expect(product).toMatchObject({ color: 'negro', price: { currency: 'MXN' } });
        expect(product.sizes).toContain('27');
        expect(product.price.amount).toBe(catalogue.products.find((p) => p.sku === product.sku)!.price);
      }
      for (const product of found.slice(0, 3)) expect(product.category).toBe('Tenis');
      expect(found.map((p) => p.sku)).toContain('TEN-0001-NEG');
    });

    it('should keep to maxResults', async () => {
      expect(await client.searchProducts({ query: 'playera', maxResults: 3 })).toHaveLength(3);
    });

    it('should answer [] when nothing matches', async () => {
      expect(await client.searchProducts({ query: 'xyzzy plugh' })).toEqual([]);
    });

    it('should refuse an empty query with a client fault that says what to send', async () => {
      const error = await failureOf(client.searchProducts({ query: '  ' }));
      expect(error).toBeInstanceOf(InventoryFaultError);
      expect(error).toMatchObject({ side: 'Client', code: 'INVALID_ARGUMENT', retriable: false });
      expect(error.message).toMatch(/query is empty/);
    });

    it('should list a category for an empty query with a category', async () => {
      const boots = await client.searchProducts({ query: '', category: 'Botas', maxResults: 50 });
      expect(boots).toHaveLength(catalogue.products.filter((p) => p.category === 'Botas').length);
    });
  });

  describe('getProduct', () => {
    it('should give the whole product, with its other colours', async () => {
      const product = await clientWith().getProduct('TEN-0001-NEG');
      const entry = catalogue.products.find((p) => p.sku === 'TEN-0001-NEG')!;
      expect(product).toEqual({
        sku: 'TEN-0001-NEG',
        model: 'TEN-0001',
        name: 'Tenis Urbano Kairo',
        description: entry.description,
        category: 'Tenis',
        brand: 'Cactus Sport',
        gender: 'Unisex',
        color: 'negro',
        price: { amount: '1299.00', currency: 'MXN' },
        sizes: entry.sizes,
        unitsInStock: Object.values(entry.stock)
          .flat()
          .reduce((a, b) => a + b, 0),
        otherColors: [
          { sku: 'TEN-0001-BLA', color: 'blanco' },
          { sku: 'TEN-0001-ROJ', color: 'rojo' },
          { sku: 'TEN-0001-AZU', color: 'azul' },
        ],
      });
    });

    it('should answer null for an unknown SKU', async () => {
      expect(await clientWith().getProduct('NOPE-0000-XXX')).toBeNull();
    });
  });

  describe('checkStock', () => {
    it('should say in which stores size 27 of the black sneakers is', async () => {
      const stock = await clientWith().checkStock({ sku: 'TEN-0001-NEG', size: '27' });
      expect(stock).toMatchObject({ sku: 'TEN-0001-NEG', size: '27', quantity: 1, available: true, units: 7 });
      expect(stock!.stores.map((s) => [s.storeName, s.city, s.units])).toEqual([
        ['Centro', 'Ciudad de México', 4],
        ['Polanco', 'Ciudad de México', 2],
        ['Guadalajara', 'Guadalajara', 0],
        ['Monterrey', 'Monterrey', 1],
      ]);
    });

    it('should keep to one store and a quantity', async () => {
      const stock = await clientWith().checkStock({
        sku: 'TEN-0001-ROJ',
        size: '27',
        store: 'Guadalajara',
        quantity: 4,
      });
      expect(stock).toMatchObject({
        available: false,
        units: 3,
        stores: [{ storeId: 'GDL', units: 3, available: false }],
      });
    });

    it('should answer null for an unknown SKU and a fault for an unknown store or size', async () => {
      const client = clientWith();
      expect(await client.checkStock({ sku: 'NOPE-0000-XXX' })).toBeNull();
      expect(await failureOf(client.checkStock({ sku: 'TEN-0001-NEG', store: 'Cancún' }))).toMatchObject({
        code: 'UNKNOWN_STORE',
      });
      expect(await failureOf(client.checkStock({ sku: 'TEN-0001-NEG', size: '35' }))).toMatchObject({
        code: 'SIZE_NOT_OFFERED',
      });
    });
  });

  describe('listCategories and ping', () => {
    it('should list every category with its product count', async () => {
      const categories = await clientWith().listCategories();
      expect(categories.map((c) => c.name)).toEqual(catalogue.categories.map((c) => c.name));
      expect(categories.reduce((sum, c) => sum + c.productCount, 0)).toBe(catalogue.products.length);
    });

    it('should ping the service', async () => {
      expect(await clientWith().ping()).toMatchObject({
        status: 'ok',
        products: catalogue.products.length,
        latencyMs: expect.any(Number),
      });
    });
  });

  describe('with the network', () => {
    it('should keep one connection alive across calls', async () => {
      const client = clientWith();
      await client.ping();
      const before = (await sandbox.status()).connections;
      for (let i = 0; i < 20; i++) await client.searchProducts({ query: 'tenis' });
      expect((await sandbox.status()).connections - before).toBeLessThanOrEqual(1);
    });

    it('should log every call: operation, duration and outcome', async () => {
      const client = clientWith();
      await client.ping();
      await client.getProduct('NOPE-0000-XXX');
      await failureOf(client.searchProducts({ query: '' }));
      const soap = logs.lines().filter((line) => line.event === 'soap_request');
      expect(soap.map((line) => [line.operation, line.outcome])).toEqual([
        ['Ping', 'ok'],
        ['GetProduct', 'ok'],
        ['SearchProducts', 'fault'],
      ]);
      for (const line of soap) expect(line.durationMs).toEqual(expect.any(Number));
    });

    it('should send the calls to INVENTORY_ENDPOINT_URL instead of the WSDL address', async () => {
      const nobody = await closedPort();
      const client = clientWith({ INVENTORY_ENDPOINT_URL: `http://127.0.0.1:${nobody}/inventory` });
      expect(await failureOf(client.ping())).toMatchObject({ reason: 'refused' });
    });

    it('should load the WSDL from a file: URL', async () => {
      const wsdl = pathToFileURL(
        join(import.meta.dirname, '..', '..', 'apps', 'sandbox', 'src', 'inventory', 'inventory.wsdl'),
      );
      const client = clientWith({ INVENTORY_WSDL_URL: wsdl.href, INVENTORY_ENDPOINT_URL: sandbox.endpoint });
      expect(await client.ping()).toMatchObject({ status: 'ok' });
    });
  });

  describe('when the service fails', () => {
    it('should give up after the time limit: InventoryUnavailableError (timeout)', async () => {
      const client = clientWith({ INVENTORY_TIMEOUT_MS: '150' });
      await client.ping();
      await sandbox.setFaults({ latencyMs: 1000 });
      const error = await failureOf(client.searchProducts({ query: 'tenis' }));
      expect(error).toBeInstanceOf(InventoryUnavailableError);
      expect(error).toMatchObject({ reason: 'timeout', retriable: true });
      expect(logs.lines().at(-1)).toMatchObject({
        event: 'soap_request',
        operation: 'SearchProducts',
        outcome: 'timeout',
      });
    });

    it('should stop a call when its signal aborts', async () => {
      const client = clientWith();
      await client.ping();
      await sandbox.setFaults({ latencyMs: 1000 });
      const error = await failureOf(client.ping({ signal: AbortSignal.timeout(50) }));
      expect(error).toMatchObject({ reason: 'aborted' });
    });

    it('should map a SOAP Server fault to InventoryFaultError, retriable', async () => {
      const client = clientWith();
      await sandbox.setFaults({ errorPercent: 100 });
      const error = await failureOf(client.searchProducts({ query: 'tenis' }));
      expect(error).toBeInstanceOf(InventoryFaultError);
      expect(error).toMatchObject({ side: 'Server', code: 'SERVICE_ERROR', retriable: true });
    });

    it('should say connection refused when the service is down, and work again when it is back', async () => {
      const client = clientWith();
      await client.ping();
      await sandbox.setFaults({ down: true });
      const error = await failureOf(client.ping());
      expect(error).toBeInstanceOf(InventoryUnavailableError);
      expect(error).toMatchObject({ reason: 'refused' });
      await sandbox.setFaults({ down: false });
      expect(await client.ping()).toMatchObject({ status: 'ok' });
    });

    it('should refuse malformed XML with InventoryMalformedResponseError', async () => {
      const client = clientWith();
      await client.ping();
      await sandbox.setFaults({ payload: 'malformed' });
      const error = await failureOf(client.searchProducts({ query: 'tenis' }));
      expect(error).toBeInstanceOf(InventoryMalformedResponseError);
      expect(error.retriable).toBe(false);
    });

    describe('with an XXE payload', () => {
      const secret = `mostrador-xxe-canary-${process.pid}`;
      let dir: string;
      let file: string;
      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'mostrador-s3-xxe-'));
        file = join(dir, 'secret.txt');
        writeFileSync(file, secret);
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it('should really be sent: a DTD whose external entity points at the local file', async () => {
        await sandbox.setFaults({ payload: 'xxe', xxeFile: file });
        const answer = await fetch(`${sandbox.wsdlUrl}`);
        const text = await answer.text();
        expect(text).toContain(`<!ENTITY xxe SYSTEM "${pathToFileURL(file).href}">`);
        expect(text).toContain('&xxe;');
      });

      it.each([
        ['an operation', true],
        ['the WSDL', false],
      ])('should refuse it in %s without reading the file', async (_what, clientFirst) => {
        const client = clientWith();
        if (clientFirst) await client.ping();
        await sandbox.setFaults({ payload: 'xxe', xxeFile: file });
        const error = await failureOf(client.searchProducts({ query: 'tenis' }));
        expect(error).toBeInstanceOf(InventoryMalformedResponseError);
        expect(error.message).toMatch(/DTD/);
        expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain(secret);
        expect(JSON.stringify(logs.lines())).not.toContain(secret);
      });
    });
  });

  describe('when the WSDL cannot be loaded', () => {
    it('should fail the call, not the process, and load it on a later call once the service is back', async () => {
      const client = clientWith({ INVENTORY_RETRY_MS: '0' });
      await sandbox.setFaults({ payload: 'malformed' });
      expect(await failureOf(client.ping())).toBeInstanceOf(InventoryMalformedResponseError);
      await sandbox.resetFaults();
      expect(await client.ping()).toMatchObject({ status: 'ok' });
    });

    it('should fail at once for INVENTORY_RETRY_MS after a failed load, then try again', async () => {
      const client = clientWith({ INVENTORY_RETRY_MS: '60000' });
      await sandbox.setFaults({ down: true });
      const first = await failureOf(client.ping());
      await sandbox.setFaults({ down: false });
      expect(await failureOf(client.ping())).toBe(first);
    });

    it.each([
      ['an empty answer', 200, ''],
      ['an HTML error page', 502, '<html><body>Bad gateway</body></html>'],
      ['JSON', 200, '{"error":"nope"}'],
      ['a WSDL of another service', 200, '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"/>'],
    ])('should turn %s into a typed error', async (_what, status, body) => {
      const server = await serve(status, body);
      try {
        const client = clientWith({
          INVENTORY_WSDL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x?wsdl`,
        });
        expect(await failureOf(client.ping())).toBeInstanceOf(
          status === 200 ? InventoryMalformedResponseError : InventoryUnavailableError,
        );
      } finally {
        server.close();
      }
    });
  });
});

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = await serve(200, '');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that answers every request with `status` and `body`. */
async function serve(status: number, body: string): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(status, { 'Content-Type': 'text/xml' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
