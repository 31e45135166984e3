import type { Category, Product, StockCheck } from '@mostrador/inventory';
import type { ShopProfile } from '../shop/shop-profile.js';
import type { ProductQuery } from './engine-state.js';
import { COPY } from './assistant-copy.js';
import type { ReplyPart } from './assistant-engine.js';
import {
  availabilityList,
  buttons,
  capabilitiesMenu,
  categoriesList,
  coloursList,
  compose,
  describeQuery,
  noDiscounts,
  noMatch,
  noSuchColour,
  pickedByPrice,
  priceList,
  productCard,
  productDetails,
  productList,
  shopInfoLines,
  stockAnswer,
  totalAnswer,
  totalOf,
  truncate,
} from './reply-renderer.js';

const es = COPY.es;
const en = COPY.en;

function product(sku: string, changes: Partial<Product> = {}): Product {
  return {
    sku,
    model: sku.slice(0, 8),
    name: `Tenis ${sku}`,
    description: 'Tenis de lona.',
    category: 'Tenis',
    brand: 'Cactus',
    gender: 'Unisex',
    color: 'negro',
    price: { amount: '1299.00', currency: 'MXN' },
    sizes: ['25', '26', '27'],
    unitsInStock: 10,
    otherColors: [],
    ...changes,
  };
}

function check(sku: string, perStore: number[], changes: Partial<StockCheck> = {}): StockCheck {
  const stores = [
    ['CEN', 'Centro', 'Ciudad de México'],
    ['MTY', 'Monterrey', 'Monterrey'],
  ];
  return {
    sku,
    name: `Tenis ${sku}`,
    color: 'negro',
    size: '27',
    quantity: 1,
    available: perStore.some((n) => n > 0),
    units: perStore.reduce((a, b) => a + b, 0),
    stores: perStore.map((units, i) => ({
      storeId: stores[i][0],
      storeName: stores[i][1],
      city: stores[i][2],
      units,
      available: units > 0,
      sizes: [],
    })),
    ...changes,
  };
}

const kairo = product('TEN-1-NEG', {
  name: 'Tenis Urbano Kairo',
  otherColors: [
    { sku: 'TEN-1-ROJ', color: 'rojo' },
    { sku: 'TEN-1-AZU', color: 'azul' },
  ],
});
const longName = 'Tenis para Correr Veloz Dama Edición Especial';
const twelve = Array.from({ length: 12 }, (_, i) => product(`TEN-${i + 1}`));

const shop: ShopProfile = {
  name: 'Paso Firme',
  description: { es: 'Zapatería.', en: 'Shoes.' },
  hours: { es: 'De 10 a 20.', en: '10 to 8.' },
  stores: [
    {
      id: 'CEN',
      name: 'Centro',
      city: 'CDMX',
      address: 'Madero 42',
      phone: '+52 55 1',
      hours: { es: 'Lun–sáb', en: 'Mon–Sat' },
    },
    { id: 'MTY', name: 'Monterrey', city: 'Monterrey', address: 'Morelos 1' },
  ],
  payment: { es: 'Tarjeta.', en: 'Card.' },
  shipping: { es: 'Envíos a todo México.', en: 'All of Mexico.' },
  returns: { es: '30 días.', en: '30 days.' },
  timezone: 'America/Mexico_City',
};

/** Every interactive part of a reply within WhatsApp's limits. */
function expectWithinLimits(part: ReplyPart | undefined): void {
  if (part?.kind === 'buttons') {
    expect(part.buttons.length).toBeLessThanOrEqual(3);
    for (const b of part.buttons) expect(b.title.length).toBeLessThanOrEqual(20);
  }
  if (part?.kind === 'list') {
    expect(part.rows.length).toBeLessThanOrEqual(10);
    expect(part.button.length).toBeLessThanOrEqual(20);
    for (const r of part.rows) {
      expect(r.title.length).toBeLessThanOrEqual(24);
      expect((r.description ?? '').length).toBeLessThanOrEqual(72);
    }
  }
}

describe('reply renderer', () => {
  describe(productCard.name, () => {
    it.each([
      ['a model in one colour', product('GOR-1'), ['Existencias', 'Lo quiero', 'Ver detalles']],
      ['a model in several colours', kairo, ['Existencias', 'Lo quiero', 'Otros colores']],
    ])('should show %s with its price, sizes and what to do next', (_, shown, titles) => {
      const card = productCard(shown, es);
      expect(card.lines).toEqual([`*${shown.name}* (Cactus) — negro`, '$1,299.00 MXN', 'Tallas: 25, 26, 27']);
      expect(card.interactive?.kind === 'buttons' && card.interactive.buttons.map((b) => b.title)).toEqual(titles);
      expect(card.interactive?.kind === 'buttons' && card.interactive.buttons[0].id).toBe(`m1:stock:${shown.sku}`);
      expect(card.state).toEqual({ product: shown.sku, shown: [{ sku: shown.sku, name: shown.name }] });
    });
  });

  describe(productDetails.name, () => {
    it('should put the description under the title and name the colours', () => {
      expect(productDetails(kairo, en).lines).toEqual([
        '*Tenis Urbano Kairo* (Cactus) — black',
        'Tenis de lona.',
        '$1,299.00 MXN',
        'Sizes: 25, 26, 27',
        'Tenis Urbano Kairo comes in: black, red, blue.',
      ]);
    });
  });

  describe(productList.name, () => {
    it.each([
      ['two products', twelve.slice(0, 2), 2, false],
      ['twelve products: the first ten, and how to narrow', twelve, 10, true],
    ])('should number %s with prices and offer them as list rows', (_, products, rows, more) => {
      const rendered = productList(products, es, 'tenis');
      expect(rendered.lines[0]).toBe(es.found(products.length, 'tenis'));
      expect(rendered.lines.slice(1, rows + 1)).toEqual(
        products.slice(0, rows).map((p, i) => `${i + 1}. ${p.name} — negro — $1,299.00 MXN`),
      );
      expect(rendered.lines.at(-1) === es.moreResults(10, 12)).toBe(more);
      expect(rendered.interactive?.kind === 'list' && rendered.interactive.rows.length).toBe(rows);
      expect(rendered.interactive?.kind === 'list' && rendered.interactive.rows[0]).toEqual({
        id: `m1:details:${products[0].sku}`,
        title: products[0].name,
        description: '$1,299.00 MXN · negro · 25, 26, 27',
      });
      expectWithinLimits(rendered.interactive);
      expect(rendered.state).toEqual({ shown: products.slice(0, rows).map((p) => ({ sku: p.sku, name: p.name })) });
      expect(rendered.state).toHaveProperty('product', undefined);
    });

    it('should cut a name longer than a row title, and keep it whole in the text', () => {
      const rendered = productList([product('A', { name: longName }), product('B')], es, 'tenis');
      const row = rendered.interactive?.kind === 'list' ? rendered.interactive.rows[0] : undefined;
      expect(row?.title).toBe(`${longName.slice(0, 23)}…`);
      expect(row?.title).toHaveLength(24);
      expect(rendered.lines[1]).toContain(longName);
    });
  });

  describe(priceList.name, () => {
    it.each([
      ['no product', [], [es.unknownProduct], undefined],
      ['one product: its card', [kairo], productCard(kairo, es).lines, productCard(kairo, es).state],
      [
        'several: one line each',
        twelve.slice(0, 2),
        ['1. Tenis TEN-1 — negro — $1,299.00 MXN', '2. Tenis TEN-2 — negro — $1,299.00 MXN'],
        {
          shown: [
            { sku: 'TEN-1', name: 'Tenis TEN-1' },
            { sku: 'TEN-2', name: 'Tenis TEN-2' },
          ],
        },
      ],
    ])('should price %s', (_, products, lines, state) => {
      const rendered = priceList(products, es);
      expect(rendered.lines).toEqual(lines);
      expect(rendered.state).toEqual(state);
    });
  });

  describe(stockAnswer.name, () => {
    it('should give the units of one product per store, with its price and buttons', () => {
      const rendered = stockAnswer([check('TEN-1', [4, 0])], es, { products: [twelve[0]] });
      expect(rendered.lines).toEqual([
        'Sí tenemos Tenis TEN-1 negro talla 27: 4 piezas en total.',
        '$1,299.00 MXN',
        '• Centro (Ciudad de México): 4 piezas',
        '• Monterrey (Monterrey): sin existencias',
      ]);
      expect(rendered.interactive?.kind === 'buttons' && rendered.interactive.buttons.map((b) => b.id)).toEqual([
        'm1:buy:TEN-1',
        'm1:details:TEN-1',
        'm1:colors:TEN-1',
      ]);
      expect(rendered.state).toEqual({ shown: [{ sku: 'TEN-1', name: 'Tenis TEN-1' }], product: 'TEN-1' });
    });

    it.each([
      ['none', [], [es.unknownProduct]],
      [
        'none in stock',
        [check('TEN-1', [0, 0])],
        ['Por ahora no tenemos Tenis TEN-1 negro talla 27 en ninguna tienda.'],
      ],
      [
        'a quantity no store has alone',
        [check('TEN-1', [1, 1], { available: false })],
        [
          'Sí tenemos Tenis TEN-1 negro talla 27: 2 piezas en total.',
          '• Centro (Ciudad de México): 1 pieza',
          '• Monterrey (Monterrey): 1 pieza',
          'Ninguna tienda tiene 2 piezas juntas.',
        ],
      ],
    ])('should answer %s', (_, checks, lines) => {
      expect(stockAnswer(checks, es, { quantity: 2 }).lines).toEqual(lines);
    });

    it('should keep the product when it checked several, and offer no buttons', () => {
      const rendered = stockAnswer([check('TEN-1', [1, 0]), check('TEN-2', [0, 2])], es);
      expect(rendered.interactive).toBeUndefined();
      expect(rendered.state).toEqual({
        shown: [
          { sku: 'TEN-1', name: 'Tenis TEN-1' },
          { sku: 'TEN-2', name: 'Tenis TEN-2' },
        ],
      });
      expect(rendered.state).not.toHaveProperty('product');
    });
  });

  describe(availabilityList.name, () => {
    const [a, b, c] = twelve;

    it('should say there is none when no product checked has stock, and remember what it checked', () => {
      const rendered = availabilityList(
        [
          { product: a, check: check(a.sku, [0, 0]) },
          { product: b, check: null },
        ],
        es,
        {
          what: 'tenis en talla 27',
          total: 2,
        },
      );
      expect(rendered.lines).toEqual(['Por ahora no tenemos tenis en talla 27 en ninguna tienda.']);
      expect(rendered.state?.shown?.map((s) => s.sku)).toEqual([a.sku, b.sku]);
    });

    it('should answer like a stock answer when one has stock', () => {
      const offers = [
        { product: a, check: check(a.sku, [0, 0]) },
        { product: b, check: check(b.sku, [0, 3]) },
      ];
      expect(availabilityList(offers, es, { what: 'tenis', total: 2 })).toEqual(
        stockAnswer([offers[1].check], es, { products: [b] }),
      );
    });

    it('should list those with stock, their units per store, and rows that open their stock', () => {
      const offers = [
        { product: a, check: check(a.sku, [2, 1]) },
        { product: b, check: check(b.sku, [0, 0]) },
        { product: c, check: check(c.sku, [0, 5]) },
      ];
      const rendered = availabilityList(offers, es, { what: 'tenis', total: 9 });
      expect(rendered.lines).toEqual([
        'Encontré 2 opciones de tenis:',
        '1. Tenis TEN-1 — negro — $1,299.00 MXN — 3 piezas (Centro 2, Monterrey 1)',
        '2. Tenis TEN-3 — negro — $1,299.00 MXN — 5 piezas (Monterrey 5)',
        es.moreResults(3, 9),
      ]);
      expect(rendered.interactive?.kind === 'list' && rendered.interactive.rows.map((r) => r.id)).toEqual([
        'm1:stock:TEN-1',
        'm1:stock:TEN-3',
      ]);
      expect(rendered.state).toEqual({
        shown: [
          { sku: a.sku, name: a.name },
          { sku: c.sku, name: c.name },
        ],
      });
      expect(rendered.state).toHaveProperty('product', undefined);
    });
  });

  describe(coloursList.name, () => {
    it.each([
      ['one colour: no list', product('GOR-1'), 'Tenis GOR-1 viene en: negro.', 0],
      ['three colours: a row each', kairo, 'Tenis Urbano Kairo viene en: negro, rojo, azul.', 3],
    ])('should name the colours of %s', (_, model, line, rows) => {
      const rendered = coloursList(model, es);
      expect(rendered.lines).toEqual([line]);
      expect(rendered.interactive?.kind === 'list' ? rendered.interactive.rows.length : 0).toBe(rows);
      expect(rendered.state).toEqual({ product: model.sku });
    });
  });

  describe(noSuchColour.name, () => {
    it('should say which colours the model comes in instead', () => {
      expect(noSuchColour(kairo, 'verde', en).lines).toEqual([
        "Tenis Urbano Kairo doesn't come in green; we have it in: black, red, blue.",
      ]);
    });
  });

  describe(noMatch.name, () => {
    it.each([
      [
        'nothing at all, without repeating the words',
        { words: ['trajes', 'de', 'astronauta'] },
        [],
        'No encontré eso en nuestro catálogo. ¿Quieres ver las categorías que manejamos?',
      ],
      [
        'nothing of a category for kids',
        { words: ['mire', 'fijese'], category: 'Tenis', audience: 'boys' as const, colour: 'rosa' },
        [],
        'No encontré Tenis para niño en color rosa en nuestro catálogo. ¿Quieres ver las categorías que manejamos?',
      ],
      [
        'nothing in that colour',
        { words: ['tenis'], category: 'Tenis', colour: 'verde' },
        [kairo, product('B', { color: 'rojo' })],
        'Tenemos Tenis, pero no en color verde. Tenis viene en: negro, rojo.',
      ],
      [
        'nothing in that colour, of words it does not repeat',
        { words: ['kairo'], colour: 'verde' },
        [kairo],
        'Sí lo tenemos, pero no en color verde. Viene en: negro.',
      ],
      [
        'nothing in that size',
        { words: ['tenis'], category: 'Tenis', colour: 'negro', size: '31' },
        [kairo, product('B', { color: 'rojo', sizes: ['30'] })],
        'Tenemos Tenis, pero no en talla 31. Tallas: 25, 26, 27',
      ],
      [
        'nothing under the ceiling, and the cheapest there is',
        { words: ['tenis'], category: 'Tenis', maxPrice: 500 },
        [kairo, product('B', { price: { amount: '649.00', currency: 'MXN' } })],
        'Tenemos Tenis, pero no de hasta $500. Lo más económico así cuesta $649.00 MXN.',
      ],
      [
        'nothing over the floor, and the dearest there is',
        { words: ['tenis'], minPrice: 2000 },
        [kairo, product('B', { price: { amount: '649.00', currency: 'MXN' } })],
        'Sí lo tenemos, pero no de más de $2,000. Lo de mayor precio así cuesta $1,299.00 MXN.',
      ],
    ])('should say there is %s', (_, query, found, line) => {
      const rendered = noMatch(query, found, es);
      expect(rendered.lines).toEqual([line]);
      expect(rendered.state).toEqual({ shown: [] });
    });
  });

  describe(categoriesList.name, () => {
    const categories: Category[] = Array.from({ length: 12 }, (_, i) => ({
      name: i === 0 ? 'Calzado de Seguridad Industrial' : `Categoría ${i}`,
      description: 'x'.repeat(100),
      productCount: i,
    }));

    it('should offer at most ten categories as rows, within the row limits', () => {
      const rendered = categoriesList(categories, es, { asList: true });
      expect(rendered.lines).toEqual([es.categoriesIntro]);
      expectWithinLimits(rendered.interactive);
      expect(rendered.interactive?.kind === 'list' && rendered.interactive.rows.length).toBe(10);
    });

    it('should name them all in the text when the reply already has an interactive part', () => {
      const rendered = categoriesList(categories.slice(1, 3), es, { asList: false });
      expect(rendered).toEqual({ lines: [es.categoriesIntro, 'Categoría 1, Categoría 2'] });
    });
  });

  describe(shopInfoLines.name, () => {
    it.each<[string, ('hours' | 'stores' | 'address' | 'payment' | 'general')[], string[]]>([
      ['the hours', ['hours'], ['*Horario*: De 10 a 20.']],
      [
        'the stores, once for stores and addresses',
        ['stores', 'address'],
        ['Tiendas Paso Firme:', '• Centro (CDMX): Madero 42, +52 55 1 — Lun–sáb', '• Monterrey (Monterrey): Morelos 1'],
      ],
      [
        'everything, each line once',
        ['general', 'hours', 'payment'],
        [
          'Zapatería.',
          '*Horario*: De 10 a 20.',
          'Tiendas Paso Firme:',
          '• Centro (CDMX): Madero 42, +52 55 1 — Lun–sáb',
          '• Monterrey (Monterrey): Morelos 1',
          '*Formas de pago*: Tarjeta.',
        ],
      ],
    ])('should give %s from the profile', (_, topics, lines) => {
      expect(shopInfoLines(shop, topics, 'es', es)).toEqual(lines);
    });
  });

  describe(capabilitiesMenu.name, () => {
    it('should offer three places to start', () => {
      const menu = capabilitiesMenu(en);
      expect(menu.lines).toEqual([en.capabilities]);
      expect(menu.interactive?.kind === 'buttons' && menu.interactive.buttons.map((b) => b.id)).toEqual([
        'm1:categories',
        'm1:info:stores',
        'm1:info:hours',
      ]);
    });
  });

  describe(describeQuery.name, () => {
    it.each<[ProductQuery, string]>([
      [{ words: ['tenis', 'kairo'] }, ''],
      [{ words: ['mire', 'escribo'], colour: 'negro' }, 'productos en color negro'],
      [{ words: [], category: 'Botas', colour: 'café', size: '27' }, 'Botas en color café en talla 27'],
      [{ words: ['correr'], category: 'Tenis', audience: 'girls', maxPrice: 1000 }, 'Tenis para niña de hasta $1,000'],
      [
        { words: [], category: 'Playeras', audience: 'adults', minPrice: 500, maxPrice: 800 },
        'Playeras entre $500 y $800',
      ],
    ])('should say %j as %j, from what it recognised only', (query, said) => {
      expect(describeQuery(query, es)).toBe(said);
    });
  });

  describe('totals', () => {
    const playera = product('PLA-1-NEG', { name: 'Playera Básica', price: { amount: '249.90', currency: 'MXN' } });

    it.each<[number, string]>([
      [2, '2 × $249.90 MXN = $499.80 MXN'],
      [3, '3 × $249.90 MXN = $749.70 MXN'],
      [7, '7 × $249.90 MXN = $1,749.30 MXN'],
    ])('should multiply in cents: %j pieces', (quantity, line) => {
      expect(totalOf(playera, quantity, es)).toBe(line);
    });

    it('should give the total and the stock of the size asked, and say when there are not that many', () => {
      const rendered = totalAnswer(playera, check(playera.sku, [1, 1], { name: 'Playera Básica', size: 'M' }), 3, es);
      expect(rendered.lines).toEqual([
        'Sí tenemos Playera Básica negro talla M: 2 piezas en total.',
        '3 × $249.90 MXN = $749.70 MXN',
        '• Centro (Ciudad de México): 1 pieza',
        '• Monterrey (Monterrey): 1 pieza',
        'Solo hay 2 piezas de esa talla entre todas las tiendas.',
      ]);
    });

    it('should give the total on the card when the product has no such size', () => {
      expect(totalAnswer(playera, null, 2, es).lines.slice(0, 2)).toEqual([
        '*Playera Básica* (Cactus) — negro',
        '2 × $249.90 MXN = $499.80 MXN',
      ]);
    });

    it('should put the total in each line of a list', () => {
      const other = product('PLA-2-NEG', { name: 'Playera Polo', price: { amount: '449.00', currency: 'MXN' } });
      const rendered = availabilityList(
        [
          { product: playera, check: check(playera.sku, [3, 0], { name: 'Playera Básica', size: 'M' }) },
          { product: other, check: check(other.sku, [0, 2], { name: 'Playera Polo', size: 'M' }) },
        ],
        es,
        { what: 'Playeras en talla M', total: 2, quantity: 2 },
      );
      expect(rendered.lines).toEqual([
        'Encontré 2 opciones de Playeras en talla M:',
        '1. Playera Básica — negro — 2 × $249.90 MXN = $499.80 MXN — 3 piezas (Centro 3)',
        '2. Playera Polo — negro — 2 × $449.00 MXN = $898.00 MXN — 2 piezas (Monterrey 2)',
      ]);
    });
  });

  describe(noDiscounts.name, () => {
    it('should invent no discount and offer a person', () => {
      const rendered = noDiscounts(es);
      expect(rendered.lines).toEqual([es.noDiscounts]);
      expect(rendered.lines.join(' ')).not.toMatch(/\d+ ?%|\$/);
      expect(rendered.interactive?.kind === 'buttons' && rendered.interactive.buttons.map((b) => b.id)).toEqual([
        'm1:agent',
      ]);
    });

    it('should keep the total it follows, and offer to buy that product', () => {
      const card = productCard(kairo, es);
      const rendered = noDiscounts(en, card);
      expect(rendered.lines).toEqual([...card.lines, en.noDiscounts]);
      expect(rendered.interactive?.kind === 'buttons' && rendered.interactive.buttons.map((b) => b.id)).toEqual([
        'm1:agent',
        `m1:buy:${kairo.sku}`,
      ]);
      expect(rendered.state).toEqual(card.state);
    });
  });

  describe(pickedByPrice.name, () => {
    it.each([
      ['price_asc', 'El más económico:'],
      ['price_desc', 'El de mayor precio:'],
    ] as const)('should say the card is the first by %s', (sort, line) => {
      const rendered = pickedByPrice(kairo, sort, es);
      expect(rendered.lines[0]).toBe(line);
      expect(rendered.lines[1]).toBe(productCard(kairo, es).lines[0]);
      expect(rendered.state).toEqual({ product: kairo.sku, shown: [{ sku: kairo.sku, name: kairo.name }] });
    });
  });

  describe(buttons.name, () => {
    it('should keep three buttons at most, each title within 20 characters', () => {
      const part = buttons('Elige', [
        { id: 'a', title: 'Uno' },
        { id: 'b', title: 'Un título demasiado largo' },
        { id: 'c', title: 'Tres' },
        { id: 'd', title: 'Cuatro' },
      ]);
      expect(part).toEqual({
        kind: 'buttons',
        body: 'Elige',
        buttons: [
          { id: 'a', title: 'Uno' },
          { id: 'b', title: 'Un título demasiado…' },
          { id: 'c', title: 'Tres' },
        ],
      });
      expectWithinLimits(part);
    });
  });

  describe(truncate.name, () => {
    it.each([
      ['corto', 5, 'corto'],
      ['largo', 4, 'lar…'],
    ])('should cut %j to %i characters as %j', (value, max, cut) => {
      expect(truncate(value, max)).toBe(cut);
    });
  });

  describe(compose.name, () => {
    const menu = buttons('Elige una opción:', [{ id: 'a', title: 'A' }]);
    const longLine = 'x'.repeat(1_010);

    it.each<[string, string[], ReplyPart | undefined, ReplyPart[]]>([
      ['nothing', [], undefined, []],
      ['blank lines', ['', '  '], undefined, []],
      ['text alone', ['Hola', '', 'Adiós'], undefined, [{ kind: 'text', text: 'Hola\nAdiós' }]],
      [
        'lines that fit as the body of the buttons',
        ['Hola'],
        menu,
        [{ kind: 'buttons', body: 'Hola\n\nElige una opción:', buttons: [{ id: 'a', title: 'A' }] }],
      ],
      [
        'a body over 1,024 characters: the text, then the buttons with their own body',
        [longLine, 'más'],
        menu,
        [
          { kind: 'text', text: `${longLine}\nmás` },
          { kind: 'buttons', body: 'Elige una opción:', buttons: [{ id: 'a', title: 'A' }] },
        ],
      ],
      [
        'a body over 1,024 characters and a list without one: a pointer to it',
        [longLine, longLine],
        { kind: 'list', body: '', button: 'Ver', rows: [] },
        [
          { kind: 'text', text: `${longLine}\n${longLine}` },
          { kind: 'list', body: '👇', button: 'Ver', rows: [] },
        ],
      ],
    ])('should send %s', (_, lines, interactive, parts) => {
      expect(compose(lines, interactive)).toEqual(parts);
    });

    it('should fill the body up to exactly 1,024 characters', () => {
      const line = 'y'.repeat(1_024 - '\n\nElige una opción:'.length);
      const parts = compose([line], menu);
      expect(parts).toHaveLength(1);
      expect(parts[0].kind === 'buttons' && parts[0].body.length).toBe(1_024);
    });
  });

  describe('purity', () => {
    it('should leave every input as it was', () => {
      const inputs = {
        products: structuredClone(twelve),
        model: structuredClone(kairo),
        checks: [check('TEN-1', [1, 2]), check('TEN-2', [0, 0])],
        lines: ['a', 'b'],
      };
      const before = structuredClone(inputs);
      productList(inputs.products, es, 'tenis');
      productDetails(inputs.model, es);
      coloursList(inputs.model, es);
      stockAnswer(inputs.checks, es, { products: inputs.products, quantity: 3 });
      availabilityList(
        inputs.checks.map((c, i) => ({ product: inputs.products[i], check: c })),
        es,
        { what: 'x', total: 5 },
      );
      compose(inputs.lines, productCard(inputs.model, es).interactive);
      expect(inputs).toEqual(before);
    });
  });
});
