import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { standaloneCache } from '@mostrador/cache';
import { InventoryClient, InventoryFaultError, type StockReservation } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';
import { until } from '../support/until.js';

const catalogue = readCatalogueFile();
const kairo = catalogue.products.find((p) => p.sku === 'TEN-0001-NEG')!;
/** Units of one size of the black Kairo sneakers in Centro, read from the catalogue file. */
const inCentro = (size: string) => kairo.stock.CEN[kairo.sizes.indexOf(size)];

/** The WSDL a shop's service without reservations would serve: the same, minus those two operations. */
function withoutReservations(wsdl: string): string {
  return wsdl
    .replace(/<wsdl:operation name="(?:ReserveStock|ReleaseReservation)">[\s\S]*?<\/wsdl:operation>/g, '')
    .replace(/<wsdl:message name="(?:ReserveStock|ReleaseReservation)\w*">[\s\S]*?<\/wsdl:message>/g, '');
}

describe(`${InventoryClient.name} reservations`, () => {
  let sandbox: InventorySandbox;
  const clients: InventoryClient[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mostrador-wsdl-'));

  function clientOf(wsdlUrl: string): InventoryClient {
    // Reservations, not time limits, are under test: a loaded machine may take the sandbox past 3 s.
    // About what the service answers: every figure from it, none from the cache.
    const settings = testSettings({
      INVENTORY_WSDL_URL: wsdlUrl,
      INVENTORY_TIMEOUT_MS: '20000',
      CACHE_ENABLED: 'false',
    });
    const { logger } = captureLogger(settings);
    const client = new InventoryClient(
      settings,
      logger,
      standaloneCache(settings, logger),
      new BreakerRegistry(settings, logger),
    );
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.onModuleDestroy();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  describe('a service that offers them (the sandbox)', () => {
    let client: InventoryClient;
    beforeAll(() => {
      client = clientOf(sandbox.wsdlUrl);
    });

    const unitsInCentro = async (size: string) =>
      (await client.checkStock({ sku: 'TEN-0001-NEG', store: 'CEN', size }))!.stores[0].units;

    async function reserve(size: string, quantity: number, ttlSeconds?: number): Promise<StockReservation> {
      const result = await client.reserveStock({ sku: 'TEN-0001-NEG', size, quantity, store: 'Centro', ttlSeconds });
      if (result.status !== 'reserved') throw new Error(`expected a reservation, got ${JSON.stringify(result)}`);
      return result.reservation;
    }

    it('should say that it supports reservations', async () => {
      await expect(client.supportsReservations()).resolves.toBe(true);
    }, 30_000);

    it('should hold the units (CheckStock leaves them out) until released', async () => {
      const started = Date.now();
      const reservation = await reserve('27', 2);
      expect(reservation).toEqual({
        reservationId: expect.stringMatching(/^RSV-/),
        sku: 'TEN-0001-NEG',
        size: '27',
        storeId: 'CEN',
        quantity: 2,
        expiresAt: expect.any(Date),
      });
      // 30 minutes by default.
      expect(reservation.expiresAt.getTime() - started).toBeGreaterThanOrEqual(1_799_000);
      expect(reservation.expiresAt.getTime() - started).toBeLessThanOrEqual(1_800_000 + 30_000);
      expect(await unitsInCentro('27')).toBe(inCentro('27') - 2);
      await expect(client.releaseReservation(reservation.reservationId)).resolves.toBe('released');
      expect(await unitsInCentro('27')).toBe(inCentro('27'));
      await expect(client.releaseReservation(reservation.reservationId)).resolves.toBe('not-held');
    }, 30_000);

    it('should answer insufficient-stock when the store has fewer units free, counting the holds', async () => {
      const all = await reserve('28', inCentro('28'));
      const result = await client.reserveStock({ sku: 'TEN-0001-NEG', size: '28', quantity: 1, store: 'CEN' });
      expect(result).toEqual({ status: 'insufficient-stock', message: expect.stringContaining('Centro has 0 units') });
      await client.releaseReservation(all.reservationId);
      expect(await unitsInCentro('28')).toBe(inCentro('28'));
    }, 30_000);

    it('should let a hold expire by itself', async () => {
      await reserve('26.5', 1, 1);
      expect(await unitsInCentro('26.5')).toBe(inCentro('26.5') - 1);
      await until(
        async () => ((await unitsInCentro('26.5')) === inCentro('26.5') ? true : undefined),
        'the hold to expire',
        10_000,
      );
    }, 30_000);

    it('should throw the faults of a bad request', async () => {
      const noSize = client.reserveStock({ sku: 'TEN-0001-NEG', quantity: 1, store: 'CEN' });
      await expect(noSize).rejects.toBeInstanceOf(InventoryFaultError);
      await expect(noSize).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', side: 'Client' });
      await expect(
        client.reserveStock({ sku: 'TEN-0001-NEG', size: '27', quantity: 1, store: 'Narnia' }),
      ).rejects.toMatchObject({ code: 'UNKNOWN_STORE' });
    }, 30_000);
  });

  describe('a service that does not offer them', () => {
    let client: InventoryClient;
    beforeAll(async () => {
      const wsdl = await (await fetch(sandbox.wsdlUrl)).text();
      const stripped = withoutReservations(wsdl);
      expect(stripped).not.toMatch(/<wsdl:(operation|message) name="(ReserveStock|ReleaseReservation)/);
      const file = join(dir, 'inventory-without-reservations.wsdl');
      writeFileSync(file, stripped);
      client = clientOf(pathToFileURL(file).href);
    }, 30_000);

    it('should say so, answer unsupported, and serve every other operation', async () => {
      await expect(client.supportsReservations()).resolves.toBe(false);
      const before = (await client.checkStock({ sku: 'TEN-0001-NEG', store: 'CEN', size: '27' }))!.stores[0].units;
      await expect(
        client.reserveStock({ sku: 'TEN-0001-NEG', size: '27', quantity: 1, store: 'CEN' }),
      ).resolves.toEqual({ status: 'unsupported' });
      await expect(client.releaseReservation('RSV-x')).resolves.toBe('unsupported');
      expect((await client.checkStock({ sku: 'TEN-0001-NEG', store: 'CEN', size: '27' }))!.stores[0].units).toBe(
        before,
      );
      expect((await client.searchProducts({ query: 'tenis negros' })).length).toBeGreaterThan(0);
    }, 30_000);
  });
});
