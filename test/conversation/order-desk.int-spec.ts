import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { standaloneCache } from '@mostrador/cache';
import { loadShopProfile, OrderDesk } from '@mostrador/conversation';
import { InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { inbound, stored } from '../database/conversation-store.contract.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteTestStore, type TestStore } from '../support/database.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';

const catalogue = readCatalogueFile();
const shop = loadShopProfile('shop-profile.json');
const kairo = catalogue.products.find((p) => p.sku === 'TEN-0001-NEG')!;
/** Units of the black Kairo sneakers, size 27, in a store, from the catalogue file. */
const inStore = (store: string) => kairo.stock[store][kairo.sizes.indexOf('27')];

describe(OrderDesk.name, () => {
  let sandbox: InventorySandbox;
  let test: TestStore;
  const clients: InventoryClient[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mostrador-orders-'));

  const clientOf = (wsdlUrl: string) => {
    const settings = testSettings({ INVENTORY_WSDL_URL: wsdlUrl });
    const { logger } = captureLogger(settings);
    const client = new InventoryClient(
      settings,
      logger,
      standaloneCache(settings, logger),
      new BreakerRegistry(settings, logger),
    );
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
    test = await createPgliteTestStore();
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.onModuleDestroy();
    await test?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const conversation = async () => stored(await test.store.recordInboundMessage(inbound())).conversationId;
  const pickup = (store: string) => ({ kind: 'pickup' as const, store });

  describe('quote', () => {
    it('should total the inventory price by quantity, free to pick up, shipping below the free amount', async () => {
      const desk = new OrderDesk(clientOf(sandbox.wsdlUrl), test.store, shop);
      const price = Number(kairo.price);
      const atCentro = await desk.quote({ sku: kairo.sku, size: '27', quantity: 1, fulfilment: pickup('Centro') });
      expect(atCentro).toMatchObject({
        ok: true,
        quote: { unitPrice: kairo.price, subtotal: price.toFixed(2), shipping: '0.00', total: price.toFixed(2) },
      });
      const delivered = await desk.quote({ sku: kairo.sku, size: '27', quantity: 1, fulfilment: { kind: 'delivery' } });
      const shipping = price >= 1499 ? 0 : 149;
      expect(delivered).toMatchObject({
        ok: true,
        quote: { shipping: shipping.toFixed(2), total: (price + shipping).toFixed(2) },
      });
      const two = await desk.quote({ sku: kairo.sku, size: '27', quantity: 2, fulfilment: { kind: 'delivery' } });
      expect(two).toMatchObject({ ok: true, quote: { subtotal: (2 * price).toFixed(2) } });
    }, 30_000);

    it.each([
      ['no size', { size: undefined }, { problem: 'size-needed' }],
      ['a size it does not come in', { size: '40' }, { problem: 'size-not-offered' }],
      ['a store that is not the shop’s', { fulfilment: pickup('Narnia') }, { problem: 'unknown-store' }],
      ['more pieces than any store has', { quantity: 500 }, { problem: 'not-enough-stock' }],
    ])(
      'should say what stops %s',
      async (_case, change, problem) => {
        const desk = new OrderDesk(clientOf(sandbox.wsdlUrl), test.store, shop);
        const ask = { sku: kairo.sku, size: '27', quantity: 1, fulfilment: pickup('Centro'), ...change };
        await expect(desk.quote(ask)).resolves.toMatchObject({ ok: false, ...problem });
      },
      30_000,
    );
  });

  describe('place', () => {
    it('should record the request once per key, holding the units once', async () => {
      const inventory = clientOf(sandbox.wsdlUrl);
      const desk = new OrderDesk(inventory, test.store, shop);
      const store = 'POL';
      const free = async () => (await inventory.checkStock({ sku: kairo.sku, size: '27', store }))!.stores[0].units;
      const before = await free();
      expect(before).toBe(inStore(store));
      const conversationId = await conversation();
      const key = `turn:${randomUUID()}`;
      const ask = { sku: kairo.sku, size: '27', quantity: 1, fulfilment: pickup('Polanco') };
      const first = await desk.place(ask, { conversationId, key });
      const again = await desk.place(ask, { conversationId, key });
      expect(first).toMatchObject({ ok: true, isNew: true, reserved: true });
      expect(again).toMatchObject({ ok: true, isNew: false });
      if (!first.ok || !again.ok) throw new Error('expected both placed');
      expect(again.order.id).toBe(first.order.id);
      // One hold stands: the second call's was given back.
      expect(await free()).toBe(before - 1);
      expect(first.order).toMatchObject({
        status: 'requested',
        items: [{ sku: kairo.sku, size: '27', quantity: 1, unitPrice: kairo.price }],
        fulfilment: { kind: 'pickup', storeId: store, storeName: 'Polanco' },
        reservation: { id: expect.any(String), expiresAt: expect.any(Date) },
      });
      await inventory.releaseReservation(first.order.reservation!.id);
    }, 30_000);

    it('should record the request unreserved when the inventory offers no reservations', async () => {
      const wsdl = await (await fetch(sandbox.wsdlUrl)).text();
      const file = join(dir, 'without-reservations.wsdl');
      writeFileSync(
        file,
        wsdl
          .replace(/<wsdl:operation name="(?:ReserveStock|ReleaseReservation)">[\s\S]*?<\/wsdl:operation>/g, '')
          .replace(/<wsdl:message name="(?:ReserveStock|ReleaseReservation)\w*">[\s\S]*?<\/wsdl:message>/g, ''),
      );
      const desk = new OrderDesk(clientOf(pathToFileURL(file).href), test.store, shop);
      const placed = await desk.place(
        { sku: kairo.sku, size: '27', quantity: 1, fulfilment: { kind: 'delivery' } },
        { conversationId: await conversation(), key: `turn:${randomUUID()}` },
      );
      expect(placed).toMatchObject({ ok: true, isNew: true, reserved: false, order: { reservation: null } });
    }, 30_000);
  });
});
