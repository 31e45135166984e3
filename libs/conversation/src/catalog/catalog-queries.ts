import {
  type Category,
  type InventoryClient,
  InventoryError,
  InventoryFaultError,
  type Product,
  type StockCheck,
} from '@mostrador/inventory';
import type { Language, ShopInfoTopic } from '../intent/detection.js';
import { foldAccents } from '../intent/text-normaliser.js';
import type { ShopProfile } from '../shop/shop-profile.js';

/**
 * What both assistants may ask the shop's systems, as plain functions: the rule-based
 * assistant calls them from its plan, the LLM calls them as tools. Every price and stock
 * figure a reply states comes from one of these calls in the same turn.
 */

/** The inventory could not answer (unreachable, timed out, answered nonsense): say so, quote nothing. */
export class CatalogUnavailableError extends Error {
  override readonly name = 'CatalogUnavailableError';
}

/**
 * Who a product is for, by the catalogue's own `gender` column: adults (Hombre, Mujer, Unisex),
 * kids (Niño, Niña), or one of them (men and women include Unisex).
 */
export const AUDIENCES = ['adults', 'kids', 'men', 'women', 'boys', 'girls'] as const;
export type Audience = (typeof AUDIENCES)[number];

const GENDERS_FOR: Record<Audience, readonly string[]> = {
  adults: ['hombre', 'mujer', 'unisex'],
  kids: ['nino', 'nina'],
  men: ['hombre', 'unisex'],
  women: ['mujer', 'unisex'],
  boys: ['nino'],
  girls: ['nina'],
};

/** The word the inventory's search knows for an audience (adults: none, they are most of it). */
const AUDIENCE_KEYWORD: Record<Audience, string | undefined> = {
  adults: undefined,
  kids: 'infantil',
  men: 'hombre',
  women: 'mujer',
  boys: 'niño',
  girls: 'niña',
};

/** Whether a product of this catalogue gender ("Niña", "Unisex") is for the audience. */
export function isFor(gender: string, audience: Audience): boolean {
  return GENDERS_FOR[audience].includes(foldAccents(gender));
}

export type PriceOrder = 'price_asc' | 'price_desc';

export interface CatalogFilters {
  /** Words to look for (product names, kinds, brands). Empty: the category alone. */
  query?: string;
  /** A category name as the inventory lists it ("Tenis"). */
  category?: string;
  /**
   * Kinds any of which will do ("something warm": chamarra, sudadera): each is searched with
   * the words and the results are merged.
   */
  anyOf?: readonly string[];
  /** Lower-case Spanish colour as the catalogue writes it ("negro", "café"). */
  colour?: string;
  /** A size as the catalogue writes it ("27", "26.5", "CH", "M"). */
  size?: string;
  /** Price ceiling and floor, in the catalogue's currency. */
  maxPrice?: number;
  minPrice?: number;
  /** Whose models (absent: everyone's). */
  audience?: Audience;
  /** By price instead of by relevance. */
  sort?: PriceOrder;
  /** Words none of whose products will do: a material or colour ruled out ("que no sea de piel"). */
  without?: readonly string[];
}

export interface CatalogSearch {
  /** Matches of every filter, best first (or by price when sorted). */
  products: Product[];
  /**
   * The inventory's matches for the audience before the colour, size and price filters (to
   * tell "none in red" from "none at all"); every match when none is for the audience.
   */
  found: Product[];
  /** When nothing is for the audience: the matches of every other filter, for someone else. */
  forOthers: Product[];
}

/** How many of the inventory's best matches the filters look through. */
export const SEARCH_POOL = 30;
/** With a price filter or order the cheapest may rank low: look through as many as the inventory gives. */
export const PRICED_SEARCH_POOL = 50;

/**
 * Every inventory call passes here: a failure to reach it becomes CatalogUnavailableError;
 * `onFault` may turn an expected SOAP fault into an answer.
 */
async function ask<T>(fn: () => Promise<T>, onFault?: (fault: InventoryFaultError) => T | undefined): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof InventoryFaultError && onFault) {
      const handled = onFault(error);
      if (handled !== undefined) return handled;
    }
    if (error instanceof InventoryError) throw new CatalogUnavailableError(error.message, { cause: error });
    throw error;
  }
}

const price = (product: Product) => Number(product.price.amount);

/** Products matching the filters: the inventory's search, then audience, colour, size and price, then the order. */
export async function searchCatalog(
  inventory: InventoryClient,
  filters: CatalogFilters,
  options: { signal?: AbortSignal } = {},
): Promise<CatalogSearch> {
  const words = [filters.query?.trim(), filters.colour].filter(Boolean).join(' ');
  const kinds = filters.anyOf?.length ? filters.anyOf : [''];
  const queries = kinds
    .map((kind) => [words, kind].filter(Boolean).join(' ') || filters.category || '')
    .filter((query) => query !== '');
  if (queries.length === 0) return { products: [], found: [], forOthers: [] };
  const priced = filters.maxPrice !== undefined || filters.minPrice !== undefined || filters.sort !== undefined;
  const maxResults = priced ? PRICED_SEARCH_POOL : SEARCH_POOL;
  const lookUp = (query: string) =>
    ask(
      () => inventory.searchProducts({ query, category: filters.category, maxResults }, { signal: options.signal }),
      // A category the inventory does not know finds nothing; it is not an outage.
      (fault) => (fault.code === 'UNKNOWN_CATEGORY' ? [] : undefined),
    );
  const { audience } = filters;
  const whose = audience && AUDIENCE_KEYWORD[audience];
  const answers = await Promise.all(
    queries.map(async (query) => {
      if (!audience || !whose) return lookUp(query);
      // The inventory indexes whose a product is ("niña", "mujer"): asked along, those rank
      // first. When its answer mixes in others, it matched some words only: ask plainly.
      // (Its stemming folds "niño" and "niña" together: kids' models are a match for either.)
      const theirs = await lookUp(`${query} ${whose}`);
      const family = audience === 'boys' || audience === 'girls' ? 'kids' : audience;
      return theirs.length > 0 && theirs.every((p) => isFor(p.gender, family)) ? theirs : lookUp(query);
    }),
  );
  // Each kind's own products ("huaraches", "cinturón piteado"), not what has a word like it
  // (a jogger's "cintura").
  const ofKind = (answer: Product[], kind: string) => {
    const words = stemsOf(kind);
    const theirs = answer.filter((p) => hasEvery(`${p.category} ${p.name}`, words));
    return theirs.length > 0 ? theirs : answer;
  };
  const all = unique(interleaved(answers.map((answer, i) => ofKind(answer, kinds[i]))));
  const forAudience = audience === undefined ? all : all.filter((p) => isFor(p.gender, audience));
  const ruledOut = (filters.without ?? []).map(stemOf);
  const matching = (p: Product) =>
    !ruledOut.some((stem) => wordsOf(`${p.name} ${p.description} ${p.color}`).includes(stem)) &&
    (filters.colour === undefined || p.color === filters.colour) &&
    (filters.size === undefined || p.sizes.includes(filters.size)) &&
    (filters.maxPrice === undefined || price(p) <= filters.maxPrice) &&
    (filters.minPrice === undefined || price(p) >= filters.minPrice);
  const products = ordered(byWholeName(forAudience.filter(matching), filters.query), filters.sort);
  const forOthers =
    products.length === 0 ? ordered(byWholeName(all.filter(matching), filters.query), filters.sort) : [];
  return { products, found: forAudience.length > 0 ? forAudience : all, forOthers };
}

/**
 * "Chamarra acolchada": the inventory also returns what has one of the words (another jacket,
 * a padded insole); when some products' names have every word, those are the ones meant.
 */
function byWholeName(products: Product[], query: string | undefined): Product[] {
  const named = namedByEvery(products, query ?? '');
  return named.length > 0 ? named : products;
}

/** The products whose names have every word of a query of several (in any gender or number). */
export function namedByEvery(products: Product[], query: string): Product[] {
  const words = stemsOf(query);
  return words.length < 2 ? [] : products.filter((p) => hasEvery(p.name, words));
}

/** Whether the text has every one of the stems, whole or as the start of a word. */
function hasEvery(text: string, stems: string[]): boolean {
  const own = wordsOf(text);
  return stems.every((w) => own.some((n) => n === w || (w.length >= 4 && n.startsWith(w))));
}

function stemsOf(query: string): string[] {
  return query
    .split(/\s+/)
    .filter((word) => word.length > 2)
    .map(stemOf);
}

/** The stems of a text's words. */
function wordsOf(text: string): string[] {
  return foldAccents(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(stemOf);
}

/** A word without accents, case, or the ending of its number and gender ("Acolchadas" → "acolchad"). */
function stemOf(word: string): string {
  let w = foldAccents(word);
  if (w.length > 4 && /(?:[aeo]s|es)$/.test(w)) w = w.replace(/e?s$/, '');
  if (w.length > 3 && /[aeo]$/.test(w)) w = w.slice(0, -1);
  return w;
}

function ordered(products: Product[], sort: PriceOrder | undefined): Product[] {
  if (sort === undefined) return products;
  // Array.prototype.sort is stable: equal prices keep the inventory's relevance order.
  return [...products].sort((a, b) => (sort === 'price_asc' ? price(a) - price(b) : price(b) - price(a)));
}

/** The best of each answer first, then the second best of each…: alternatives take turns. */
function interleaved(answers: Product[][]): Product[] {
  const longest = Math.max(0, ...answers.map((answer) => answer.length));
  return Array.from({ length: longest }, (_, i) => answers.flatMap((answer) => answer.slice(i, i + 1))).flat();
}

function unique(products: Product[]): Product[] {
  return [...new Map(products.map((p) => [p.sku, p] as const)).values()];
}

/**
 * The SKUs the inventory finds for one word (its best matches): a search for several words
 * falls back to any-word matches, so a caller intersects these to tell whether the words go
 * together ("tenis" and "correr" do; "traje" and "baño" find things apart, never together).
 */
export async function catalogMatches(
  inventory: InventoryClient,
  word: string,
  options: { signal?: AbortSignal } = {},
): Promise<Set<string>> {
  const best = await ask(() =>
    inventory.searchProducts({ query: word, maxResults: PRICED_SEARCH_POOL }, { signal: options.signal }),
  );
  return new Set(best.map((p) => p.sku));
}

export function findProduct(
  inventory: InventoryClient,
  sku: string,
  options: { signal?: AbortSignal } = {},
): Promise<Product | null> {
  return ask(() => inventory.getProduct(sku, { signal: options.signal }));
}

/**
 * Units per store of one product (in a size, a store, for a quantity). Null for a size the
 * product does not come in or a store the inventory does not know: an answer, not an outage.
 */
export function stockOf(
  inventory: InventoryClient,
  query: { sku: string; size?: string; quantity?: number; store?: string },
  options: { signal?: AbortSignal } = {},
): Promise<StockCheck | null> {
  return ask(
    () => inventory.checkStock(query, { signal: options.signal }),
    (fault) => (fault.code === 'SIZE_NOT_OFFERED' || fault.code === 'UNKNOWN_STORE' ? null : undefined),
  );
}

export function listCategories(
  inventory: InventoryClient,
  options: { signal?: AbortSignal } = {},
): Promise<Category[]> {
  return ask(() => inventory.listCategories({ signal: options.signal }));
}

/**
 * What the shop profile says about a topic, in the customer's language; about one store when
 * `store` names one of them ("¿dónde está la de Guadalajara?", "Polanco's hours"): its address,
 * and its own hours when it has them.
 */
export function shopInfo(
  shop: ShopProfile,
  topic: ShopInfoTopic | 'general',
  language: Language,
  store?: string,
): string[] {
  const one = store === undefined ? undefined : shop.stores.find((s) => foldAccents(s.name) === foldAccents(store));
  const stores = () =>
    (one ? [one] : shop.stores).map(
      (s) =>
        `${s.name} (${s.city}): ${s.address}${s.phone ? `, ${s.phone}` : ''}${s.hours ? ` — ${s.hours[language]}` : ''}`,
    );
  switch (topic) {
    case 'hours':
      return one?.hours ? [`${one.name}: ${one.hours[language]}`] : [shop.hours[language]];
    case 'address':
    case 'stores':
      return stores();
    case 'payment':
      return [shop.payment[language]];
    case 'shipping':
      return [shop.shipping[language]];
    case 'returns':
      return [shop.returns[language]];
    case 'general':
      return [shop.description[language], shop.hours[language], ...stores()];
  }
}
