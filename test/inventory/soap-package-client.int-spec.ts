import { createClientAsync, type Client } from 'soap';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';

/** An operation of a `soap` client, by name: `<Operation>Async(args)` → [result, rawResponse, …]. */
type AsyncOperation = (args: object) => Promise<[unknown, string]>;

const catalogue = readCatalogueFile();

/**
 * A second, independent SOAP client (the `soap` package, not strong-soap) reads the
 * sandbox's WSDL and calls every operation: the service keeps to its WSDL, not to
 * strong-soap's ways.
 */
describe('the sandbox inventory service with the soap package as client', () => {
  let sandbox: InventorySandbox;
  let client: Client;
  const call = async (operation: string, args: object = {}) => {
    const [result] = await (client[`${operation}Async`] as AsyncOperation)(args);
    return result as Record<string, unknown>;
  };

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
    client = await createClientAsync(sandbox.wsdlUrl);
  }, 120_000);
  afterAll(() => sandbox?.close(), 60_000);

  it('should read the WSDL and see the seven operations', () => {
    const described = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(described.InventoryService.InventoryPort).sort()).toEqual([
      'CheckStock',
      'GetProduct',
      'ListCategories',
      'Ping',
      'ReleaseReservation',
      'ReserveStock',
      'SearchProducts',
    ]);
  });

  it('should call SearchProducts', async () => {
    const result = await call('SearchProducts', { query: 'tenis negros', maxResults: 3 });
    expect(result.totalMatches).toEqual(expect.any(Number));
    const products = result.product as Record<string, unknown>[];
    expect(products).toHaveLength(3);
    for (const product of products)
      expect(product).toMatchObject({ category: 'Tenis', color: 'negro', currency: 'MXN' });
  });

  it('should call SearchProducts with no match', async () => {
    expect(await call('SearchProducts', { query: 'xyzzy plugh' })).toEqual({ totalMatches: 0 });
  });

  it('should call GetProduct, prices as exact decimal strings', async () => {
    const { product } = await call('GetProduct', { sku: 'TEN-0001-NEG' });
    const entry = catalogue.products.find((p) => p.sku === 'TEN-0001-NEG')!;
    expect(product).toMatchObject({
      sku: 'TEN-0001-NEG',
      name: 'Tenis Urbano Kairo',
      price: '1299.00',
      sizes: entry.sizes.join(' '),
      otherColor: [
        { sku: 'TEN-0001-BLA', color: 'blanco' },
        { sku: 'TEN-0001-ROJ', color: 'rojo' },
        { sku: 'TEN-0001-AZU', color: 'azul' },
      ],
    });
  });

  it('should call CheckStock', async () => {
    const result = await call('CheckStock', { sku: 'TEN-0001-NEG', quantity: 1, size: '27' });
    expect(result).toMatchObject({ sku: 'TEN-0001-NEG', size: '27', available: true, units: 7 });
    expect((result.store as { storeName: string; units: number }[]).map((s) => [s.storeName, s.units])).toEqual([
      ['Centro', 4],
      ['Polanco', 2],
      ['Guadalajara', 0],
      ['Monterrey', 1],
    ]);
  });

  it('should call ListCategories', async () => {
    const { category } = await call('ListCategories');
    expect((category as { name: string }[]).map((c) => c.name)).toEqual(catalogue.categories.map((c) => c.name));
  });

  it('should call Ping', async () => {
    expect(await call('Ping')).toMatchObject({ status: 'ok', products: catalogue.products.length });
  });

  it('should receive faults as SOAP 1.1 faults with the detail the WSDL declares', async () => {
    await expect(call('CheckStock', { sku: 'TEN-0001-NEG', store: 'Cancún' })).rejects.toMatchObject({
      root: {
        Envelope: {
          Body: {
            Fault: {
              faultcode: 'soap:Client',
              detail: { InventoryFault: { code: 'UNKNOWN_STORE', message: expect.stringMatching(/Cancún/) } },
            },
          },
        },
      },
    });
  });
});
