import { createServer } from 'node:http';
import SwaggerParser from '@apidevtools/swagger-parser';
import { standaloneCache } from '@mostrador/cache';
import { InventoryClient, InventoryFaultError } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';

type OpenApiDocument = Parameters<typeof SwaggerParser.validate>[0] & {
  paths: Record<string, Record<string, { summary?: string }>>;
};

describe('the sandbox inventory faults routes', () => {
  let sandbox: InventorySandbox;
  beforeAll(async () => {
    sandbox = await startInventorySandbox();
  }, 120_000);
  afterAll(() => sandbox?.close(), 60_000);

  it('should say where the SOAP service is and which faults it applies', async () => {
    expect(await sandbox.status()).toEqual({
      wsdlUrl: sandbox.wsdlUrl,
      endpoint: sandbox.endpoint,
      listening: true,
      connections: expect.any(Number),
      products: expect.any(Number),
      faults: { latencyMs: 0, jitterMs: 0, errorPercent: 0, down: false, payload: 'valid', xxeFile: '/etc/passwd' },
    });
    expect(sandbox.wsdlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/inventory\?wsdl$/);
  }, 30_000);

  it('should change only the faults given, and clear them all on DELETE', async () => {
    const changed = await sandbox.setFaults({ latencyMs: 20, jitterMs: 5 });
    expect(changed.faults).toMatchObject({ latencyMs: 20, jitterMs: 5, errorPercent: 0 });
    expect((await sandbox.setFaults({ errorPercent: 50 })).faults).toMatchObject({ latencyMs: 20, errorPercent: 50 });
    expect((await sandbox.resetFaults()).faults).toMatchObject({ latencyMs: 0, errorPercent: 0 });
  }, 30_000);

  it('should close the port while down and open the same one after', async () => {
    const down = await sandbox.setFaults({ down: true });
    expect(down).toMatchObject({ listening: false, wsdlUrl: sandbox.wsdlUrl });
    await expect(fetch(sandbox.wsdlUrl)).rejects.toThrow();
    await sandbox.setFaults({ down: false });
    expect((await fetch(sandbox.wsdlUrl)).status).toBe(200);
  }, 30_000);

  it('should answer 409 and stay down when another process took its port meanwhile', async () => {
    await sandbox.setFaults({ down: true });
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(new URL(sandbox.endpoint).port), '127.0.0.1', resolve));
    try {
      const response = await sandbox.app.inject({
        method: 'POST',
        url: '/sandbox/inventory/faults',
        payload: { down: false },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().message).toMatch(/is taken by another process/);
      expect(await sandbox.status()).toMatchObject({ listening: false, faults: { down: true } });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect((await sandbox.resetFaults()).listening).toBe(true);
  }, 30_000);

  it.each([
    [{ latencyMs: -5 }, /latencyMs/],
    [{ errorPercent: 150 }, /errorPercent/],
    [{ payload: 'garbage' }, /payload/],
    [{ xxeFile: 'etc/passwd' }, /xxeFile: must be an absolute path/],
    [{ nonsense: 1 }, /nonsense/],
  ])(
    'should refuse %j with 400 saying what is wrong, changing nothing',
    async (patch, message) => {
      const response = await sandbox.app.inject({ method: 'POST', url: '/sandbox/inventory/faults', payload: patch });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      });
      expect((await sandbox.status()).faults).toMatchObject({ latencyMs: 0, errorPercent: 0, payload: 'valid' });
    },
    30_000,
  );

  it('should serve the WSDL with its address at the host the client used', async () => {
    const local = sandbox.wsdlUrl.replace('127.0.0.1', 'localhost');
    const text = await (await fetch(local)).text();
    expect(text).toContain(`<soap:address location="${sandbox.endpoint.replace('127.0.0.1', 'localhost')}"/>`);
  }, 30_000);

  it('should answer what is not SOAP plainly', async () => {
    expect((await fetch(sandbox.endpoint.replace('/inventory', '/elsewhere'))).status).toBe(404);
    const garbage = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: 'hola',
    });
    expect(garbage.status).toBe(500);
    const text = await garbage.text();
    expect(text).toContain('<faultcode>soap:Client</faultcode>');
    expect(text).not.toMatch(/\s+at \S+ \(/);
  }, 30_000);

  it('should document its routes in Swagger, each with a summary', async () => {
    const response = await sandbox.app.inject({ method: 'GET', url: '/docs/json' });
    const document = response.json<OpenApiDocument>();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    const faults = document.paths['/sandbox/inventory/faults'];
    expect(Object.keys(faults).sort()).toEqual(['delete', 'get', 'post']);
    for (const operation of Object.values(faults)) expect(operation.summary).toMatch(/\S/);
  }, 30_000);
});

describe('the sandbox process', () => {
  let sandbox: AppProcess | undefined;
  let client: InventoryClient | undefined;
  afterEach(async () => {
    client?.onModuleDestroy();
    await sandbox?.stop();
    sandbox = client = undefined;
  }, 60_000);

  /** The SOAP service's WSDL URL, from the line the process logs when it opens the port. */
  async function wsdlUrlOf(app: AppProcess): Promise<string> {
    const line = await app.waitForLine(
      (l) => typeof l.message === 'string' && l.message.startsWith('inventory SOAP service at'),
    );
    return `${/at (\S+) /.exec(line.message as string)![1]}?wsdl`;
  }

  function clientOf(wsdlUrl: string): InventoryClient {
    // About what the sandbox serves: every call reaches it.
    const settings = testSettings({ INVENTORY_WSDL_URL: wsdlUrl, CACHE_ENABLED: 'false' });
    const { logger } = captureLogger(settings);
    return (client = new InventoryClient(
      settings,
      logger,
      standaloneCache(settings, logger),
      new BreakerRegistry(settings, logger),
    ));
  }

  it('should serve the bundled WSDL and catalogue from dist', async () => {
    sandbox = await startAppProcess('sandbox', { SANDBOX_INVENTORY_PORT: '0' });
    const found = await clientOf(await wsdlUrlOf(sandbox)).searchProducts({ query: 'tenis negros talla 27' });
    expect(found.map((p) => p.sku)).toContain('TEN-0001-NEG');
  }, 120_000);

  it('should take its faults from the environment', async () => {
    sandbox = await startAppProcess('sandbox', { SANDBOX_INVENTORY_PORT: '0', SANDBOX_INVENTORY_ERROR_PERCENT: '100' });
    const inventory = clientOf(await wsdlUrlOf(sandbox));
    await expect(inventory.ping()).rejects.toBeInstanceOf(InventoryFaultError);
    await fetch(`${sandbox.url}/sandbox/inventory/faults`, { method: 'DELETE' });
    expect(await inventory.ping()).toMatchObject({ status: 'ok' });
  }, 120_000);
});
