import { readCatalogueFile } from './catalogue.js';
import { InventoryFault, type InventoryFaultCode } from './inventory-fault.error.js';
import { DEFAULT_RESERVATION_TTL_SECONDS, InventoryService } from './inventory.service.js';
import { StockHolds } from './stock-holds.js';

const catalogue = readCatalogueFile();
const kairo = catalogue.products.find((p) => p.sku === 'TEN-0001-NEG')!;
/** Units of size 27 of the black Kairo sneakers in Centro, from the catalogue file itself. */
const centro27 = kairo.stock.CEN[kairo.sizes.indexOf('27')];

function faultOf(run: () => unknown): { code: InventoryFaultCode; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof InventoryFault) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an InventoryFault');
}

describe(StockHolds.name, () => {
  it('should count units held per SKU, store and size, and forget a hold once it expires', () => {
    let now = 1_000_000;
    const holds = new StockHolds({ now: () => now });
    const a = holds.add({ sku: 'A', storeId: 'CEN', size: '27', quantity: 2 }, 1000)!;
    holds.add({ sku: 'A', storeId: 'POL', size: '27', quantity: 1 }, 5000);
    expect(holds.held('A', 'CEN', '27')).toBe(2);
    expect(holds.held('A')).toBe(3);
    expect(holds.held('B')).toBe(0);
    now += 1000;
    expect(holds.held('A', 'CEN', '27')).toBe(0);
    expect(holds.release(a.id)).toBe(false);
    expect(holds.size).toBe(1);
  });

  it('should refuse a hold beyond maxHolds, and take one again once another is released', () => {
    const holds = new StockHolds({ maxHolds: 2 });
    const first = holds.add({ sku: 'A', storeId: 'CEN', size: 'M', quantity: 1 }, 60_000)!;
    holds.add({ sku: 'A', storeId: 'CEN', size: 'M', quantity: 1 }, 60_000);
    expect(holds.add({ sku: 'A', storeId: 'CEN', size: 'M', quantity: 1 }, 60_000)).toBeNull();
    expect(holds.release(first.id)).toBe(true);
    expect(holds.add({ sku: 'A', storeId: 'CEN', size: 'M', quantity: 1 }, 60_000)).not.toBeNull();
  });
});

describe(`${InventoryService.name} reservations`, () => {
  let now: number;
  let service: InventoryService;
  beforeEach(() => {
    now = Date.parse('2026-12-01T12:00:00Z');
    service = new InventoryService(catalogue, new StockHolds({ now: () => now }));
  });

  const centroUnits = (size = '27') => service.checkStock({ sku: 'TEN-0001-NEG', store: 'CEN', size }).store[0].units;

  it('should hold units for 30 minutes by default: CheckStock and unitsInStock leave them out', () => {
    const before = service.getProduct({ sku: 'TEN-0001-NEG' }).product.unitsInStock;
    const reservation = service.reserveStock({ sku: 'ten-0001-neg', size: '27.0', quantity: '2', store: 'centro' });
    expect(reservation).toEqual({
      reservationId: expect.stringMatching(/^RSV-/),
      sku: 'TEN-0001-NEG',
      size: '27',
      store: 'CEN',
      quantity: 2,
      expiresAt: new Date(now + DEFAULT_RESERVATION_TTL_SECONDS * 1000).toISOString(),
    });
    expect(centroUnits()).toBe(centro27 - 2);
    expect(service.getProduct({ sku: 'TEN-0001-NEG' }).product.unitsInStock).toBe(before - 2);
    now += DEFAULT_RESERVATION_TTL_SECONDS * 1000;
    expect(centroUnits()).toBe(centro27);
  });

  it('should free the units on release, once', () => {
    const { reservationId } = service.reserveStock({ sku: 'TEN-0001-NEG', size: '27', quantity: '1', store: 'CEN' });
    expect(service.releaseReservation({ reservationId })).toEqual({ released: true });
    expect(centroUnits()).toBe(centro27);
    expect(service.releaseReservation({ reservationId })).toEqual({ released: false });
  });

  it('should refuse more than the store has free with INSUFFICIENT_STOCK, counting the holds', () => {
    service.reserveStock({
      sku: 'TEN-0001-NEG',
      size: '27',
      quantity: String(centro27),
      store: 'CEN',
      ttlSeconds: '60',
    });
    expect(
      faultOf(() => service.reserveStock({ sku: 'TEN-0001-NEG', size: '27', quantity: '1', store: 'CEN' })),
    ).toEqual({
      code: 'INSUFFICIENT_STOCK',
      message: expect.stringContaining('Centro has 0 units'),
    });
    now += 60_000;
    expect(service.reserveStock({ sku: 'TEN-0001-NEG', size: '27', quantity: '1', store: 'CEN' }).quantity).toBe(1);
  });

  it('should take a one-size product without a size', () => {
    const one = catalogue.products.find((p) => p.sizes.length === 1 && (p.stock.CEN?.[0] ?? 0) > 0)!;
    expect(service.reserveStock({ sku: one.sku, quantity: '1', store: 'CEN' }).size).toBe(one.sizes[0]);
  });

  it.each<[string, Record<string, unknown>, InventoryFaultCode]>([
    ['no size for a product with several', { sku: 'TEN-0001-NEG', quantity: '1', store: 'CEN' }, 'INVALID_ARGUMENT'],
    ['a size not offered', { sku: 'TEN-0001-NEG', size: '40', quantity: '1', store: 'CEN' }, 'SIZE_NOT_OFFERED'],
    ['no store', { sku: 'TEN-0001-NEG', size: '27', quantity: '1' }, 'INVALID_ARGUMENT'],
    ['an unknown store', { sku: 'TEN-0001-NEG', size: '27', quantity: '1', store: 'Narnia' }, 'UNKNOWN_STORE'],
    ['no quantity', { sku: 'TEN-0001-NEG', size: '27', store: 'CEN' }, 'INVALID_ARGUMENT'],
    ['a quantity of 0', { sku: 'TEN-0001-NEG', size: '27', quantity: '0', store: 'CEN' }, 'INVALID_ARGUMENT'],
    [
      'a ttl of 0',
      { sku: 'TEN-0001-NEG', size: '27', quantity: '1', store: 'CEN', ttlSeconds: '0' },
      'INVALID_ARGUMENT',
    ],
    ['an unknown SKU', { sku: 'NOPE-0000-XXX', size: '27', quantity: '1', store: 'CEN' }, 'PRODUCT_NOT_FOUND'],
  ])('should refuse %s', (_case, args, code) => {
    expect(faultOf(() => service.reserveStock(args)).code).toBe(code);
    expect(centroUnits()).toBe(centro27);
  });

  it('should refuse a release without a reservation id', () => {
    expect(faultOf(() => service.releaseReservation({})).code).toBe('INVALID_ARGUMENT');
  });
});
