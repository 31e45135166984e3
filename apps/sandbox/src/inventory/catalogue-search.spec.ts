import { readCatalogueFile } from './catalogue.js';
import { CatalogueSearch, fold, processTerm, stem, tokenize } from './catalogue-search.js';

const catalogue = readCatalogueFile();
const bySku = new Map(catalogue.products.map((p) => [p.sku, p]));
const search = new CatalogueSearch(catalogue.products, catalogue.categories);
const found = (text: string, category?: string) => search.search({ text, category }).map((sku) => bySku.get(sku)!);

describe(fold.name, () => {
  it.each([
    ['Camión', 'camion'],
    ['NIÑO', 'nino'],
    ['Pátzcuaro', 'patzcuaro'],
  ])('should fold %s to %s', (text, folded) => expect(fold(text)).toBe(folded));
});

describe(stem.name, () => {
  it.each([
    [['negro', 'negra', 'negros', 'negras'], 'negr'],
    [['pantalón', 'pantalones'], 'pantalon'],
    [['azul', 'azules'], 'azul'],
    [['verde', 'verdes'], 'verde'],
    [['gris', 'grises'], 'gris'],
    [['tenis'], 'tenis'],
    [['bota', 'botas'], 'bot'],
    [['niño', 'niña', 'niños'], 'nin'],
  ])('should bring %j to %s', (words, expected) => {
    for (const word of words) expect(stem(fold(word))).toBe(expected);
  });
});

describe(processTerm.name, () => {
  it('should drop stop-words and keep sizes as written', () => {
    expect(tokenize('tenis para niño talla 26.5').map(processTerm)).toEqual(['tenis', null, 'nin', null, '26.5']);
  });
});

describe(CatalogueSearch.name, () => {
  it.each(['camion', 'CAMIÓN', 'Camión', 'camiones'])('should find the fire-truck T-shirt for "%s"', (text) => {
    expect(found(text)[0].name).toBe('Playera Infantil Camión de Bomberos');
  });

  /** Every product matching `wanted` is ranked before every other one. */
  const rankedFirst = (
    results: { category: string; color: string }[],
    wanted: (p: { category: string; color: string }) => boolean,
  ) => {
    const flags = results.map(wanted);
    expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
    return flags.filter(Boolean).length;
  };

  it('should ignore case: "TENIS" ranks every sneaker first', () => {
    const sneakers = catalogue.products.filter((p) => p.category === 'Tenis').length;
    expect(rankedFirst(found('TENIS'), (p) => p.category === 'Tenis')).toBe(sneakers);
    expect(found('TENIS').map((p) => p.sku)).toEqual(found('tenis').map((p) => p.sku));
  });

  it('should rank black sneakers first for "tenis negros"', () => {
    const results = found('tenis negros');
    expect(rankedFirst(results, (p) => p.category === 'Tenis' && p.color === 'negro')).toBeGreaterThanOrEqual(10);
    expect(results.map((p) => p.sku)).toContain('TEN-0001-NEG');
  });

  it('should keep to products that come in the size given', () => {
    const results = found('tenis negros talla 27');
    expect(results.length).toBeGreaterThan(0);
    for (const product of results) expect(product.sizes).toContain('27');
  });

  it.each([
    ['sudaderra', 'Sudaderas'],
    ['chamar', 'Chamarras'],
    ['black sneakers', 'Tenis'],
    ['huarache artesanal', 'Huaraches'],
    ['bota vaquera dama', 'Botas'],
  ])('should find "%s" (typos, prefixes, English) in %s', (text, category) => {
    expect(found(text)[0].category).toBe(category);
  });

  it('should fall back to any of the words when no product has all of them', () => {
    const results = found('tenis xyzzy');
    expect(results.length).toBeGreaterThan(0);
    expect(results[0].category).toBe('Tenis');
  });

  it('should find nothing for words the catalogue does not have', () => {
    expect(found('xyzzy plugh')).toEqual([]);
  });

  it('should keep to a category when given one, and list it all for no words', () => {
    for (const product of found('negro', 'Botas')) expect(product.category).toBe('Botas');
    expect(found('', 'Botas')).toHaveLength(catalogue.products.filter((p) => p.category === 'Botas').length);
  });

  it('should put products in stock before sold-out ones among equal matches', () => {
    const results = found('tenis retro ochentero');
    expect(results.at(-1)?.sku).toBe('TEN-0013-ROJ');
  });
});
