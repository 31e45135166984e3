import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InventoryClient, InventoryHealthIndicator, InventoryUnavailableError } from '@mostrador/inventory';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';
import { until } from '../support/until.js';

describe('the api and the inventory', () => {
  let sandbox: InventorySandbox;
  let api: NestFastifyApplication;
  // The api's embedded database, away from ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'mostrador_s3_api_'));

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
    // The shop's inventory is down before the api starts.
    await sandbox.setFaults({ down: true });
    const settings = testSettings({
      DATA_DIR: dataDir,
      INVENTORY_WSDL_URL: sandbox.wsdlUrl,
      INVENTORY_RETRY_MS: '100',
      // Each probe a fresh check: the test watches the inventory come back.
      HEALTH_CACHE_MS: '0',
    });
    api = await createApiApp(settings, captureLogger(settings).logger);
    await api.init();
    await api.getHttpAdapter().getInstance().ready();
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('should start and serve while the inventory is down', async () => {
    expect((await api.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    await expect(api.get(InventoryClient).searchProducts({ query: 'tenis' })).rejects.toBeInstanceOf(
      InventoryUnavailableError,
    );
  }, 30_000);

  it('should stay ready (200) with the inventory reported degraded', async () => {
    const response = await api.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'degraded',
      info: { database: { status: 'up' }, inventory: { status: 'degraded' } },
    });
  }, 30_000);

  it('should report the inventory degraded, not down: the api still answers without it', async () => {
    const health = await api.get(InventoryHealthIndicator).isHealthy();
    expect(health).toEqual({ inventory: { status: 'degraded', message: expect.stringMatching(/refused/) } });
    const critical = await api.get(InventoryHealthIndicator).isHealthy('inventory', { critical: true });
    expect(critical.inventory.status).toBe('down');
  }, 30_000);

  it('should work once the inventory is up, without a restart', async () => {
    await sandbox.setFaults({ down: false });
    const found = await until(
      () =>
        api
          .get(InventoryClient)
          .searchProducts({ query: 'tenis negros' })
          .catch(() => undefined),
      'a search that succeeds',
    );
    expect(found.length).toBeGreaterThan(0);
    expect(await api.get(InventoryHealthIndicator).isHealthy()).toEqual({
      inventory: { status: 'up', latencyMs: expect.any(Number), products: expect.any(Number), version: '1.0' },
    });
    const ready = await api.inject({ method: 'GET', url: '/health/ready' });
    // WhatsApp has no Graph API to reach here: the check stays degraded for that, not the inventory.
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ info: { inventory: { status: 'up' } } });
  }, 30_000);
});
