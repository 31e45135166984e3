import { z } from 'zod';
import { type CatalogueFile, type CatalogueProduct, readCatalogueFile, type Store } from './catalogue.js';
import { CatalogueSearch, fold, stem } from './catalogue-search.js';
import { InventoryFault } from './inventory-fault.error.js';
import { StockHolds } from './stock-holds.js';

export const SERVICE_VERSION = '1.0';
export const DEFAULT_MAX_RESULTS = 10;
export const MAX_RESULTS_LIMIT = 50;
/** A reservation holds its units this long unless the caller says otherwise. */
export const DEFAULT_RESERVATION_TTL_SECONDS = 30 * 60;
export const MAX_RESERVATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The SOAP messages as plain objects, field for field as the WSDL names them. */
export interface ProductMessage {
  sku: string;
  model: string;
  name: string;
  description: string;
  category: string;
  brand: string;
  gender: string;
  color: string;
  price: string;
  currency: string;
  /** An xsd:list: the sizes separated by spaces. */
  sizes: string;
  unitsInStock: number;
  otherColor: { sku: string; color: string }[];
}

export interface SearchProductsMessage {
  totalMatches: number;
  product: ProductMessage[];
}

export interface StoreStockMessage {
  storeId: string;
  storeName: string;
  city: string;
  units: number;
  available: boolean;
  sizeStock: { size: string; units: number }[];
}

export interface CheckStockMessage {
  sku: string;
  name: string;
  color: string;
  size?: string;
  quantity: number;
  available: boolean;
  units: number;
  store: StoreStockMessage[];
}

export interface ReserveStockMessage {
  reservationId: string;
  sku: string;
  size: string;
  store: string;
  quantity: number;
  /** xsd:dateTime, UTC. */
  expiresAt: string;
}

export interface PingMessage {
  status: string;
  version: string;
  products: number;
  timestamp: string;
}

// SOAP arguments arrive as text (or absent, or an empty element): parse them here.
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const optionalInteger = (name: string, min: number, max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^-?\d+$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(
        z.number().min(min, `${name} must be from ${min} to ${max}`).max(max, `${name} must be from ${min} to ${max}`),
      )
      .optional(),
  );

const searchArgs = z.object({
  query: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? '')
    .pipe(z.string().max(200, 'query must be at most 200 characters')),
  category: optionalText,
  maxResults: optionalInteger('maxResults', 1, MAX_RESULTS_LIMIT),
});
const skuArgs = z.object({
  sku: optionalText.pipe(z.string({ error: 'sku is required' }).max(40, 'sku must be at most 40 characters')),
});
const stockArgs = skuArgs.extend({
  quantity: optionalInteger('quantity', 1, 1000),
  store: optionalText,
  size: optionalText,
});

const reserveArgs = skuArgs.extend({
  size: optionalText,
  quantity: optionalInteger('quantity', 1, 1000).pipe(z.number({ error: 'quantity is required' })),
  store: optionalText.pipe(z.string({ error: 'store is required: a hold is in one store' })),
  ttlSeconds: optionalInteger('ttlSeconds', 1, MAX_RESERVATION_TTL_SECONDS),
});
const releaseArgs = z.object({
  reservationId: optionalText.pipe(z.string({ error: 'reservationId is required' }).max(100)),
});

function parseArgs<T extends z.ZodType>(schema: T, args: unknown): z.output<T> {
  const result = schema.safeParse(args ?? {});
  if (!result.success)
    throw new InventoryFault('INVALID_ARGUMENT', result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/** "27.0" → "27", "ch" → "CH", "unitalla" → "UNITALLA": sizes as the catalogue writes them. */
function normaliseSize(size: string): string {
  const text = size.trim().toUpperCase().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(text) ? String(Number(text)) : text;
}

/**
 * The shop's inventory: what the SOAP operations answer, from the catalogue file. Every
 * bad argument is an InventoryFault with a message that says what would have been right.
 */
export class InventoryService {
  private readonly bySku: ReadonlyMap<string, CatalogueProduct>;
  private readonly byModel: ReadonlyMap<string, CatalogueProduct[]>;
  private readonly search: CatalogueSearch;

  constructor(
    private readonly catalogue: CatalogueFile = readCatalogueFile(),
    /** Units held by reservations: not available to CheckStock (nor counted in unitsInStock) while held. */
    private readonly holds: StockHolds = new StockHolds(),
  ) {
    this.bySku = new Map(catalogue.products.map((p) => [p.sku, p]));
    const byModel = new Map<string, CatalogueProduct[]>();
    for (const product of catalogue.products)
      byModel.set(product.model, [...(byModel.get(product.model) ?? []), product]);
    this.byModel = byModel;
    this.search = new CatalogueSearch(catalogue.products, catalogue.categories);
  }

  get productCount(): number {
    return this.catalogue.products.length;
  }

  get stores(): readonly Store[] {
    return this.catalogue.stores;
  }

  searchProducts(args: unknown): SearchProductsMessage {
    const { query, category, maxResults = DEFAULT_MAX_RESULTS } = parseArgs(searchArgs, args);
    const categoryName = category === undefined ? undefined : this.resolveCategory(category);
    if (CatalogueSearch.isBlank(query) && categoryName === undefined) {
      // An empty list would read as "the shop has nothing": say the question was incomplete.
      throw new InventoryFault(
        'INVALID_ARGUMENT',
        'query is empty: give words to search for (e.g. "tenis negros"), or a category to list',
      );
    }
    const skus = this.search.search({ text: query, category: categoryName });
    return {
      totalMatches: skus.length,
      product: skus.slice(0, maxResults).map((sku) => this.toMessage(this.bySku.get(sku)!)),
    };
  }

  getProduct(args: unknown): { product: ProductMessage } {
    const { sku } = parseArgs(skuArgs, args);
    return { product: this.toMessage(this.product(sku)) };
  }

  checkStock(args: unknown): CheckStockMessage {
    const { sku, quantity = 1, store, size } = parseArgs(stockArgs, args);
    const product = this.product(sku);
    const stores = store === undefined ? this.catalogue.stores : [this.resolveStore(store)];
    let sizeIndexes = product.sizes.map((_, i) => i);
    let wantedSize: string | undefined;
    if (size !== undefined) {
      wantedSize = normaliseSize(size);
      const index = product.sizes.indexOf(wantedSize);
      if (index === -1) {
        throw new InventoryFault(
          'SIZE_NOT_OFFERED',
          `${product.name} (${product.sku}) does not come in size ${size}; sizes: ${product.sizes.join(', ')}`,
        );
      }
      sizeIndexes = [index];
    }
    const perStore = stores.map((s): StoreStockMessage => {
      const sizeStock = sizeIndexes
        .map((i) => ({ size: product.sizes[i], units: this.unitsFree(product, s.id, i) }))
        .filter((entry) => entry.units > 0);
      const total = sizeStock.reduce((sum, entry) => sum + entry.units, 0);
      return { storeId: s.id, storeName: s.name, city: s.city, units: total, available: total >= quantity, sizeStock };
    });
    return {
      sku: product.sku,
      name: product.name,
      color: product.color,
      ...(wantedSize === undefined ? {} : { size: wantedSize }),
      quantity,
      // A customer buys in one store: available when one store has the whole quantity.
      available: perStore.some((s) => s.available),
      units: perStore.reduce((sum, s) => sum + s.units, 0),
      store: perStore,
    };
  }

  /**
   * Holds `quantity` units of one size of a SKU in one store, for `ttlSeconds` (30 minutes by
   * default): CheckStock does not count them until the hold is released or expires. A size is
   * needed unless the product comes in one. Fault INSUFFICIENT_STOCK when the store has fewer
   * units free.
   */
  reserveStock(args: unknown): ReserveStockMessage {
    const { sku, size, quantity, store, ttlSeconds = DEFAULT_RESERVATION_TTL_SECONDS } = parseArgs(reserveArgs, args);
    const product = this.product(sku);
    const where = this.resolveStore(store);
    let index = 0;
    if (size !== undefined) {
      index = product.sizes.indexOf(normaliseSize(size));
      if (index === -1) {
        throw new InventoryFault(
          'SIZE_NOT_OFFERED',
          `${product.name} (${product.sku}) does not come in size ${size}; sizes: ${product.sizes.join(', ')}`,
        );
      }
    } else if (product.sizes.length > 1) {
      throw new InventoryFault(
        'INVALID_ARGUMENT',
        `size is required: ${product.name} (${product.sku}) comes in ${product.sizes.join(', ')}`,
      );
    }
    const free = this.unitsFree(product, where.id, index);
    if (free < quantity) {
      throw new InventoryFault(
        'INSUFFICIENT_STOCK',
        `${where.name} has ${free} unit${free === 1 ? '' : 's'} of ${product.name} (${product.sku}) size ${product.sizes[index]} free; ${quantity} asked for`,
      );
    }
    const hold = this.holds.add(
      { sku: product.sku, storeId: where.id, size: product.sizes[index], quantity },
      ttlSeconds * 1000,
    );
    if (!hold) throw new InventoryFault('SERVICE_ERROR', 'too many reservations held at once; try again later');
    return {
      reservationId: hold.id,
      sku: hold.sku,
      size: hold.size,
      store: hold.storeId,
      quantity: hold.quantity,
      expiresAt: new Date(hold.expiresAt).toISOString(),
    };
  }

  /** Ends a hold: its units are free again. `released` is false for one that is not held (unknown, released, expired). */
  releaseReservation(args: unknown): { released: boolean } {
    const { reservationId } = parseArgs(releaseArgs, args);
    return { released: this.holds.release(reservationId) };
  }

  listCategories(): { category: { name: string; description: string; productCount: number }[] } {
    return {
      category: this.catalogue.categories.map((c) => ({
        name: c.name,
        description: c.description,
        productCount: this.catalogue.products.filter((p) => p.category === c.name).length,
      })),
    };
  }

  ping(): PingMessage {
    return {
      status: 'ok',
      version: SERVICE_VERSION,
      products: this.catalogue.products.length,
      timestamp: new Date().toISOString(),
    };
  }

  /** Units of one size in one store that no reservation holds. */
  private unitsFree(product: CatalogueProduct, storeId: string, sizeIndex: number): number {
    const units = product.stock[storeId]?.[sizeIndex] ?? 0;
    return Math.max(0, units - this.holds.held(product.sku, storeId, product.sizes[sizeIndex]));
  }

  private product(sku: string): CatalogueProduct {
    const product = this.bySku.get(sku.toUpperCase());
    if (!product) throw new InventoryFault('PRODUCT_NOT_FOUND', `no product with SKU ${sku}`);
    return product;
  }

  /** A store by id or by name, accents and case ignored ("polanco", "GDL"). */
  private resolveStore(given: string): Store {
    const wanted = fold(given);
    const store = this.catalogue.stores.find((s) => fold(s.id) === wanted || fold(s.name) === wanted);
    if (!store) {
      const known = this.catalogue.stores.map((s) => `${s.id} (${s.name}, ${s.city})`).join(', ');
      throw new InventoryFault('UNKNOWN_STORE', `no store "${given}"; stores: ${known}`);
    }
    return store;
  }

  /** A category by name, accents, case and number ignored ("tenis", "Chamarra", "calcetín"). */
  private resolveCategory(given: string): string {
    const wanted = stem(fold(given.trim()));
    const category = this.catalogue.categories.find((c) => stem(fold(c.name)) === wanted);
    if (!category) {
      throw new InventoryFault(
        'UNKNOWN_CATEGORY',
        `no category "${given}"; categories: ${this.catalogue.categories.map((c) => c.name).join(', ')}`,
      );
    }
    return category.name;
  }

  private toMessage(product: CatalogueProduct): ProductMessage {
    return {
      sku: product.sku,
      model: product.model,
      name: product.name,
      description: product.description,
      category: product.category,
      brand: product.brand,
      gender: product.gender,
      color: product.color,
      price: product.price,
      currency: this.catalogue.currency,
      sizes: product.sizes.join(' '),
      unitsInStock:
        Object.values(product.stock).reduce((sum, units) => sum + units.reduce((a, b) => a + b, 0), 0) -
        this.holds.held(product.sku),
      otherColor: (this.byModel.get(product.model) ?? [])
        .filter((sibling) => sibling.sku !== product.sku)
        .map((sibling) => ({ sku: sibling.sku, color: sibling.color })),
    };
  }
}
