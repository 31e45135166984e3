import { readCatalogueFile } from './catalogue.js';
import { InventoryFault, type InventoryFaultCode } from './inventory-fault.error.js';
import { DEFAULT_MAX_RESULTS, InventoryService } from './inventory.service.js';

const catalogue = readCatalogueFile();
const service = new InventoryService(catalogue);

function faultOf(run: () => unknown): { code: InventoryFaultCode; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof InventoryFault) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected an InventoryFault');
}

describe(InventoryService.name, () => {
  describe('searchProducts', () => {
    it('should answer at most maxResults products (10 by default) and count every match', () => {
      const all = service.searchProducts({ query: 'tenis' });
      expect(all.product).toHaveLength(DEFAULT_MAX_RESULTS);
      expect(all.totalMatches).toBeGreaterThan(DEFAULT_MAX_RESULTS);
      const three = service.searchProducts({ query: 'tenis', maxResults: '3' });
      expect(three.product.map((p) => p.sku)).toEqual(all.product.slice(0, 3).map((p) => p.sku));
    });

    it('should carry a product whole: exact price, sizes as a list, stock and sibling colours', () => {
      const [kairo] = service.searchProducts({ query: 'tenis urbano kairo negro', maxResults: '1' }).product;
      expect(kairo).toMatchObject({
        sku: 'TEN-0001-NEG',
        model: 'TEN-0001',
        name: 'Tenis Urbano Kairo',
        category: 'Tenis',
        gender: 'Unisex',
        color: 'negro',
        price: '1299.00',
        currency: 'MXN',
        sizes: '22 22.5 23 23.5 24 24.5 25 25.5 26 26.5 27 27.5 28 28.5 29 30',
      });
      expect(kairo.otherColor.map((c) => c.color)).toEqual(['blanco', 'rojo', 'azul']);
      const stock = catalogue.products.find((p) => p.sku === 'TEN-0001-NEG')!.stock;
      expect(kairo.unitsInStock).toBe(
        Object.values(stock)
          .flat()
          .reduce((a, b) => a + b, 0),
      );
    });

    it('should answer an empty list when nothing matches', () => {
      expect(service.searchProducts({ query: 'xyzzy plugh' })).toEqual({ totalMatches: 0, product: [] });
    });

    it('should list a category for an empty query with a category (accents, case and number ignored)', () => {
      const boots = service.searchProducts({ query: '', category: 'bota', maxResults: '50' });
      expect(boots.totalMatches).toBe(catalogue.products.filter((p) => p.category === 'Botas').length);
      expect(service.searchProducts({ query: 'negro', category: 'CALCETÍN' }).product[0].category).toBe('Calcetines');
    });

    it.each([
      [{ query: '' }, 'INVALID_ARGUMENT', /query is empty/],
      [{ query: '   de la  ' }, 'INVALID_ARGUMENT', /query is empty/],
      [{}, 'INVALID_ARGUMENT', /query is empty/],
      [{ query: 'tenis', maxResults: '0' }, 'INVALID_ARGUMENT', /maxResults must be from 1 to 50/],
      [{ query: 'tenis', maxResults: '51' }, 'INVALID_ARGUMENT', /maxResults must be from 1 to 50/],
      [{ query: 'tenis', maxResults: 'diez' }, 'INVALID_ARGUMENT', /maxResults must be a whole number/],
      [{ query: 'x'.repeat(201) }, 'INVALID_ARGUMENT', /at most 200 characters/],
      [{ query: 'tenis', category: 'Electrónica' }, 'UNKNOWN_CATEGORY', /categories: Tenis, Botas/],
    ])('should answer %j with a %s fault that says what is right', (args, code, message) => {
      const fault = faultOf(() => service.searchProducts(args));
      expect(fault.code).toBe(code);
      expect(fault.message).toMatch(message);
    });
  });

  describe('getProduct', () => {
    it('should find a product by SKU, in any case', () => {
      expect(service.getProduct({ sku: 'ten-0001-roj' }).product).toMatchObject({ sku: 'TEN-0001-ROJ', color: 'rojo' });
    });

    it.each([
      [{ sku: 'NOPE-0000-XXX' }, 'PRODUCT_NOT_FOUND'],
      [{}, 'INVALID_ARGUMENT'],
      [{ sku: '  ' }, 'INVALID_ARGUMENT'],
    ])('should answer %j with %s', (args, code) => {
      expect(faultOf(() => service.getProduct(args)).code).toBe(code);
    });
  });

  describe('checkStock', () => {
    it('should give the units of one size per store, and whether one store has the quantity', () => {
      const stock = service.checkStock({ sku: 'TEN-0001-NEG', size: '27' });
      expect(stock).toMatchObject({ sku: 'TEN-0001-NEG', size: '27', quantity: 1, available: true, units: 7 });
      expect(stock.store.map((s) => [s.storeName, s.units, s.available])).toEqual([
        ['Centro', 4, true],
        ['Polanco', 2, true],
        ['Guadalajara', 0, false],
        ['Monterrey', 1, true],
      ]);
      expect(stock.store[0].sizeStock).toEqual([{ size: '27', units: 4 }]);
      expect(stock.store[2].sizeStock).toEqual([]);
    });

    it('should say unavailable when no single store has the whole quantity', () => {
      const stock = service.checkStock({ sku: 'TEN-0001-NEG', size: '27', quantity: '5' });
      expect(stock).toMatchObject({ available: false, units: 7 });
    });

    it('should keep to one store, by id or by name', () => {
      const red = service.checkStock({ sku: 'TEN-0001-ROJ', size: '27.0', store: 'guadalajara' });
      expect(red).toMatchObject({ size: '27', available: true, units: 3 });
      expect(red.store.map((s) => s.storeId)).toEqual(['GDL']);
      expect(service.checkStock({ sku: 'TEN-0001-ROJ', size: '27', store: 'CEN' }).available).toBe(false);
    });

    it('should give every size in stock per store when no size is asked', () => {
      const stock = service.checkStock({ sku: 'PLA-0001-NEG' });
      const product = catalogue.products.find((p) => p.sku === 'PLA-0001-NEG')!;
      for (const store of stock.store) {
        const expected = product.sizes
          .map((size, i) => ({ size, units: product.stock[store.storeId][i] }))
          .filter((s) => s.units > 0);
        expect(store.sizeStock).toEqual(expected);
      }
      expect(service.checkStock({ sku: 'PLA-0001-NEG', size: 'ch' }).size).toBe('CH');
    });

    it.each([
      [{ sku: 'TEN-0001-NEG', store: 'Cancún' }, 'UNKNOWN_STORE', /stores: CEN \(Centro, Ciudad de México\)/],
      [{ sku: 'TEN-0001-NEG', size: '31' }, 'SIZE_NOT_OFFERED', /does not come in size 31; sizes: 22, 22.5/],
      [{ sku: 'TEN-0001-NEG', quantity: '0' }, 'INVALID_ARGUMENT', /quantity must be from 1 to 1000/],
      [{ sku: 'NOPE-0000-XXX' }, 'PRODUCT_NOT_FOUND', /no product with SKU NOPE-0000-XXX/],
    ])('should answer %j with %s', (args, code, message) => {
      const fault = faultOf(() => service.checkStock(args));
      expect(fault).toEqual({ code, message: expect.stringMatching(message) });
    });
  });

  describe('listCategories', () => {
    it('should count every product in exactly one category', () => {
      const { category } = service.listCategories();
      expect(category.map((c) => c.name)).toEqual(catalogue.categories.map((c) => c.name));
      expect(category.reduce((sum, c) => sum + c.productCount, 0)).toBe(catalogue.products.length);
    });
  });

  describe('ping', () => {
    it('should say ok, its version and how many products it has', () => {
      expect(service.ping()).toMatchObject({ status: 'ok', version: '1.0', products: catalogue.products.length });
    });
  });
});
