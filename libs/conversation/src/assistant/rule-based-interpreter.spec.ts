import type { Detection, DetectionSlots, Intent, Language } from '../intent/detection.js';
import type { ShopperFilters } from '../intent/slot-extractor.js';
import { type Ask, EMPTY_PLAN, fold, normaliseSize, type Plan } from './rule-based-interpreter.js';

function detected(intent: Intent, slots: Partial<DetectionSlots> = {}, language: Language = 'es'): Ask {
  const detection: Detection = {
    intent,
    confidence: 1,
    language,
    slots: { productWords: [], followUp: false, ...slots },
    via: 'model',
  };
  return { kind: 'detected', detection };
}

/** The ask with what its text said about prices, order and whose models. */
function withFilters(ask: Ask, filters: ShopperFilters): Ask {
  return ask.kind === 'detected' ? { ...ask, filters } : ask;
}

const plan = (changes: Partial<Plan>): Plan => ({ ...EMPTY_PLAN, ...changes });
const search = { intent: 'product_search', followUp: false } as const;

describe(fold.name, () => {
  it.each<[string, Ask[], Plan]>([
    ['nothing', [], EMPTY_PLAN],
    ['a reaction', [{ kind: 'silent' }], EMPTY_PLAN],
    ['a photo', [{ kind: 'media' }], plan({ media: true })],
    ['a message it cannot read', [{ kind: 'unsupported' }], plan({ unsupported: true })],
    ['a greeting', [detected('greeting')], plan({ language: 'es', greeting: true })],
    ['thanks, in English', [detected('thanks_goodbye', {}, 'en')], plan({ language: 'en', thanks: true })],
    ['what it did not understand', [detected('other')], plan({ language: 'es', help: true })],
    ['categories', [detected('categories')], plan({ language: 'es', categories: true })],
    ['STOP', [detected('opt_out')], plan({ language: 'es', command: 'opt_out' })],
    ['START after STOP', [detected('opt_out'), detected('opt_in')], plan({ language: 'es', command: 'opt_in' })],
    [
      'the language of the last message',
      [detected('greeting'), detected('thanks_goodbye', {}, 'en')],
      plan({ language: 'en', greeting: true, thanks: true }),
    ],
    ['a shop question without a topic', [detected('shop_info')], plan({ language: 'es', topics: ['general'] })],
    [
      'each topic once, in the order asked',
      [
        detected('shop_info', { topic: 'hours' }),
        detected('shop_info', { topic: 'stores' }),
        detected('shop_info', { topic: 'hours' }),
      ],
      plan({ language: 'es', topics: ['hours', 'stores'] }),
    ],
    [
      'a product question',
      [detected('availability', { productWords: ['tenis'], colour: 'negro', size: '27', store: 'Polanco' })],
      plan({
        language: 'es',
        product: {
          intent: 'availability',
          words: ['tenis'],
          colour: 'negro',
          size: '27',
          store: 'Polanco',
          followUp: false,
        },
      }),
    ],
    [
      'a burst that refines the product, slot by slot',
      [
        detected('product_search', { productWords: ['tenis'] }),
        detected('product_search', { colour: 'negro', followUp: true }),
        detected('availability', { size: '27', followUp: true }),
      ],
      plan({
        language: 'es',
        product: { intent: 'availability', words: ['tenis'], colour: 'negro', size: '27', followUp: false },
      }),
    ],
    [
      'a burst that names a new product: its slots start over',
      [
        detected('price', { productWords: ['tenis'], colour: 'negro', size: '27', quantity: 2 }),
        detected('product_search', { productWords: ['botas'] }),
      ],
      // The more specific question stays; the quantity carries over, the colour and size do not.
      plan({ language: 'es', product: { intent: 'price', words: ['botas'], quantity: 2, followUp: false } }),
    ],
    [
      'a follow-up refined by a follow-up',
      [detected('price', { ordinal: 2, followUp: true }), detected('price', { colour: 'rojo', followUp: true })],
      plan({ language: 'es', product: { intent: 'price', words: [], colour: 'rojo', ordinal: 2, followUp: true } }),
    ],
    [
      'clothing sizes as the catalogue writes them',
      [detected('product_search', { productWords: ['playera'], size: 'xl' })],
      plan({ language: 'es', product: { ...search, words: ['playera'], size: 'EG' } }),
    ],
    [
      'a tap on a product',
      [{ kind: 'tap', action: { action: 'details', sku: 'TEN-1' } }],
      plan({ tap: { action: 'details', sku: 'TEN-1' } }),
    ],
    ['a tap on the categories', [{ kind: 'tap', action: { action: 'categories' } }], plan({ categories: true })],
    [
      'a tap on a shop topic',
      [{ kind: 'tap', action: { action: 'info', topic: 'hours' } }],
      plan({ topics: ['hours'] }),
    ],
    [
      'a tap on a topic the shop does not have',
      [{ kind: 'tap', action: { action: 'info', topic: 'weather' } }],
      EMPTY_PLAN,
    ],
    ['a tap to talk to a person', [{ kind: 'tap', action: { action: 'agent' } }], plan({ command: 'human_agent' })],
    [
      'a tap on the stock of a product: a question about that product',
      [{ kind: 'tap', action: { action: 'stock', sku: 'TEN-1' } }],
      plan({ product: { intent: 'availability', words: [], sku: 'TEN-1', followUp: true } }),
    ],
    [
      'a tap on the stock, then the store asked about it',
      [
        { kind: 'tap', action: { action: 'stock', sku: 'TEN-1' } },
        detected('availability', { store: 'Polanco', followUp: true }),
      ],
      plan({
        language: 'es',
        product: { intent: 'availability', words: [], sku: 'TEN-1', store: 'Polanco', followUp: true },
      }),
    ],
    [
      "a search with a shopper's filters",
      [
        withFilters(detected('price', { productWords: ['correr'] }), {
          maxPrice: 1000,
          audience: 'boys',
          sort: 'price_asc',
        }),
      ],
      plan({
        language: 'es',
        product: {
          intent: 'price',
          words: ['correr'],
          maxPrice: 1000,
          audience: 'boys',
          sort: 'price_asc',
          followUp: false,
        },
      }),
    ],
    [
      'filters that hold across the burst until said again',
      [
        withFilters(detected('product_search', { productWords: ['tenis'] }), { audience: 'girls', maxPrice: 800 }),
        withFilters(detected('product_search', { colour: 'rosa', followUp: true }), { maxPrice: 700 }),
      ],
      plan({
        language: 'es',
        product: { ...search, words: ['tenis'], colour: 'rosa', audience: 'girls', maxPrice: 700 },
      }),
    ],
    [
      'a search for a child, then "y para mí…" in the same burst: adults\' models',
      [
        withFilters(detected('product_search', { productWords: ['sandalias'] }), { audience: 'boys' }),
        withFilters(detected('product_search', { colour: 'azul', size: '26', followUp: true }), {
          audience: 'adults',
        }),
      ],
      plan({
        language: 'es',
        product: { ...search, words: ['sandalias'], colour: 'azul', size: '26', audience: 'adults' },
      }),
    ],
    [
      'a ceiling alone, which the model did not take for a product question',
      [withFilters(detected('other'), { maxPrice: 800 })],
      plan({ language: 'es', product: { intent: 'price', words: [], maxPrice: 800, followUp: true } }),
    ],
    [
      '"algo abrigador": any of two kinds',
      [withFilters(detected('other'), { anyOf: ['chamarra', 'sudadera'] })],
      plan({
        language: 'es',
        product: { ...search, words: [], anyOf: ['chamarra', 'sudadera'], followUp: true },
      }),
    ],
    [
      'a US size, with the Mexican size the slots read',
      [withFilters(detected('product_search', { productWords: ['tenis'], size: '27' }), { usSize: '9', size: '27' })],
      plan({ language: 'es', product: { ...search, words: ['tenis'], size: '27', usSize: '9' } }),
    ],
    [
      'a request for a deal',
      [withFilters(detected('price', { quantity: 3, followUp: true }), { discount: true })],
      plan({ language: 'es', product: { intent: 'price', words: [], quantity: 3, discount: true, followUp: true } }),
    ],
  ])('should fold %s', (_, asks, expected) => {
    expect(fold(asks)).toEqual(expected);
  });

  it('should leave the asks and the empty plan as they were', () => {
    const asks: Ask[] = [detected('shop_info', { topic: 'hours' }), detected('price', { productWords: ['tenis'] })];
    const before = structuredClone(asks);
    fold(asks);
    expect(asks).toEqual(before);
    expect(EMPTY_PLAN.topics).toEqual([]);
    expect(EMPTY_PLAN.product).toBeUndefined();
  });
});

describe(normaliseSize.name, () => {
  it.each([
    [undefined, undefined],
    ['27', '27'],
    ['26.5', '26.5'],
    ['m', 'M'],
    ['S', 'CH'],
    ['xs', 'CH'],
    ['L', 'G'],
    ['XL', 'EG'],
    ['XXL', 'EG'],
    ['ch', 'CH'],
  ])('should write %j as %j', (size, expected) => {
    expect(normaliseSize(size)).toBe(expected);
  });
});
