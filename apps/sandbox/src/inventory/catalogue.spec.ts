import { catalogueFileSchema, readCatalogueFile } from './catalogue.js';

const catalogue = readCatalogueFile();
const bySku = new Map(catalogue.products.map((p) => [p.sku, p]));
const units = (sku: string, size: string) => {
  const product = bySku.get(sku)!;
  const index = product.sizes.indexOf(size);
  return Object.fromEntries(catalogue.stores.map((s) => [s.name, product.stock[s.id][index]]));
};

describe('the demo catalogue', () => {
  it('should have about 300 products of a Mexican clothing and shoe shop, priced in MXN', () => {
    expect(catalogue.products.length).toBeGreaterThanOrEqual(280);
    expect(catalogue.products.length).toBeLessThanOrEqual(340);
    expect(catalogue.currency).toBe('MXN');
    expect(catalogue.categories.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Tenis', 'Botas', 'Huaraches', 'Playeras', 'Jeans', 'Chamarras', 'Gorras']),
    );
  });

  it('should name the four stores the shop profile names', () => {
    expect(catalogue.stores).toEqual([
      { id: 'CEN', name: 'Centro', city: 'Ciudad de México' },
      { id: 'POL', name: 'Polanco', city: 'Ciudad de México' },
      { id: 'GDL', name: 'Guadalajara', city: 'Guadalajara' },
      { id: 'MTY', name: 'Monterrey', city: 'Monterrey' },
    ]);
  });

  it('should write Spanish with its accents', () => {
    const accented = catalogue.products.filter((p) => /[áéíóúñ]/i.test(`${p.name} ${p.description}`));
    expect(accented.length).toBeGreaterThan(catalogue.products.length / 3);
    expect(bySku.get('PLA-0006-ROJ')?.name).toBe('Playera Infantil Camión de Bomberos');
  });

  it('should carry prices as exact decimal strings', () => {
    for (const product of catalogue.products) expect(product.price).toMatch(/^\d+\.\d{2}$/);
    expect(new Set(catalogue.products.map((p) => p.price.slice(-3)))).toEqual(new Set(['.00', '.90', '.50']));
  });

  it('should use Mexican shoe sizes in centimetres with halves, and CH/M/G/EG for clothing', () => {
    expect(bySku.get('TEN-0001-NEG')?.sizes).toEqual(expect.arrayContaining(['22', '26.5', '27', '27.5', '30']));
    expect(bySku.get('PLA-0001-NEG')?.sizes).toEqual(['CH', 'M', 'G', 'EG']);
    expect(bySku.get('GOR-0001-NEG')?.sizes).toEqual(['UNITALLA']);
  });

  it('should have black sneakers in size 27 in some stores and none in Guadalajara, and a red sibling only there', () => {
    expect(units('TEN-0001-NEG', '27')).toEqual({ Centro: 4, Polanco: 2, Guadalajara: 0, Monterrey: 1 });
    expect(units('TEN-0001-ROJ', '27')).toEqual({ Centro: 0, Polanco: 0, Guadalajara: 3, Monterrey: 0 });
  });

  it('should offer red variants of several models', () => {
    const redModels = new Set(catalogue.products.filter((p) => p.color === 'rojo').map((p) => p.model));
    expect(redModels.size).toBeGreaterThanOrEqual(15);
  });

  it('should have some products sold out everywhere', () => {
    const soldOut = catalogue.products.filter((p) => Object.values(p.stock).every((u) => u.every((n) => n === 0)));
    expect(soldOut.map((p) => p.sku)).toEqual(expect.arrayContaining(['TEN-0013-ROJ', 'BOT-0007-AMA']));
  });

  it.each([
    ['a duplicate SKU', (c: typeof catalogue) => c.products.push({ ...c.products[0] }), /duplicate SKU/],
    [
      'a float price',
      (c: typeof catalogue) => Object.assign(c.products[0], { price: 1299.5 }),
      /products\.0\.price: .*expected string/,
    ],
    ['stock not per size', (c: typeof catalogue) => c.products[0].stock.CEN.pop(), /one number per size/],
    ['an unknown store', (c: typeof catalogue) => (c.products[0].stock.XXX = [1]), /unknown store XXX/],
  ])('should refuse a catalogue with %s', (_name, spoil, message) => {
    const copy = structuredClone(catalogue);
    spoil(copy);
    const result = catalogueFileSchema.safeParse(copy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')).toMatch(message);
  });
});
