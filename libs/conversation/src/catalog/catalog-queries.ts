import {
  type Category,
  type InventoryClient,
  InventoryError,
  InventoryFaultError,
  type Product,
  type StockCheck,
} from '@mostrador/inventory';
import type { Language, ShopInfoTopic } from '../intent/detection.js';
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

export interface CatalogFilters {
  /** Words to look for (product names, kinds, brands). Empty: the category alone. */
  query?: string;
  /** A category name as the inventory lists it ("Tenis"). */
  category?: string;
  /** Lower-case Spanish colour as the catalogue writes it ("negro", "café"). */
  colour?: string;
  /** A size as the catalogue writes it ("27", "26.5", "CH", "M"). */
  size?: string;
  /** Price ceiling and floor, in the catalogue's currency. */
  maxPrice?: number;
  minPrice?: number;
}

export interface CatalogSearch {
  /** Matches of every filter, best first. */
  products: Product[];
  /** The inventory's matches before the colour, size and price filters (to tell "none in red" from "none at all"). */
  found: Product[];
}

/** How many of the inventory's best matches the filters look through. */
export const SEARCH_POOL = 30;

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

/** Products matching the filters: the inventory's search, then colour, size and price. */
export async function searchCatalog(
  inventory: InventoryClient,
  filters: CatalogFilters,
  options: { signal?: AbortSignal } = {},
): Promise<CatalogSearch> {
  const query = [filters.query?.trim(), filters.colour].filter(Boolean).join(' ') || filters.category || '';
  if (query === '') return { products: [], found: [] };
  const found = await ask(
    () =>
      inventory.searchProducts(
        { query, category: filters.category, maxResults: SEARCH_POOL },
        { signal: options.signal },
      ),
    // A category the inventory does not know finds nothing; it is not an outage.
    (fault) => (fault.code === 'UNKNOWN_CATEGORY' ? [] : undefined),
  );
  const products = found.filter(
    (p) =>
      (filters.colour === undefined || p.color === filters.colour) &&
      (filters.size === undefined || p.sizes.includes(filters.size)) &&
      (filters.maxPrice === undefined || price(p) <= filters.maxPrice) &&
      (filters.minPrice === undefined || price(p) >= filters.minPrice),
  );
  return { products, found };
}

/**
 * Whether the inventory finds anything at all for the words: its search falls back to
 * any-word matches, so a caller checks each word of a query on its own with this.
 */
export async function catalogHas(
  inventory: InventoryClient,
  query: string,
  options: { signal?: AbortSignal } = {},
): Promise<boolean> {
  const best = await ask(() => inventory.searchProducts({ query, maxResults: 1 }, { signal: options.signal }));
  return best.length > 0;
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

/** What the shop profile says about a topic, in the customer's language. */
export function shopInfo(shop: ShopProfile, topic: ShopInfoTopic | 'general', language: Language): string[] {
  const stores = () =>
    shop.stores.map(
      (s) =>
        `${s.name} (${s.city}): ${s.address}${s.phone ? `, ${s.phone}` : ''}${s.hours ? ` — ${s.hours[language]}` : ''}`,
    );
  switch (topic) {
    case 'hours':
      return [shop.hours[language]];
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
