/**
 * What the inventory answers, as plain objects. Prices are exact decimals in strings
 * ("1299.00"), never binary floats: the assistant quotes them and the shop charges them.
 */
export interface Money {
  /** Two decimals, no thousands separator: "1299.00". */
  amount: string;
  /** ISO 4217: "MXN". */
  currency: string;
}

export interface ColorVariant {
  sku: string;
  color: string;
}

/** One model in one colour: the unit with a SKU, a price and sizes. */
export interface Product {
  /** "TEN-0001-NEG". */
  sku: string;
  /** The model, shared by its colours: "TEN-0001". */
  model: string;
  name: string;
  description: string;
  category: string;
  brand: string;
  /** Hombre, Mujer, Unisex, Niño or Niña. */
  gender: string;
  /** Lower-case Spanish: "negro", "café". */
  color: string;
  price: Money;
  /** Shoe sizes in Mexican centimetres ("26.5"), clothing CH/M/G/EG, waist or age sizes, or "UNITALLA". */
  sizes: string[];
  /** Units across every store and size. */
  unitsInStock: number;
  /** The same model in other colours ("¿y en rojo?"). */
  otherColors: ColorVariant[];
}

export interface SizeStock {
  size: string;
  units: number;
}

export interface StoreStock {
  storeId: string;
  storeName: string;
  city: string;
  /** Units of the size asked for (or of every size). */
  units: number;
  /** This store alone has the quantity asked for. */
  available: boolean;
  /** Sizes with units in this store (only the size asked for, when one was). */
  sizes: SizeStock[];
}

export interface StockCheck {
  sku: string;
  name: string;
  color: string;
  /** The size asked for, as the catalogue writes it ("27", "CH"). */
  size?: string;
  /** The quantity asked for. */
  quantity: number;
  /** One store (the one asked for, if any) has the whole quantity. */
  available: boolean;
  /** Units across the stores listed. */
  units: number;
  stores: StoreStock[];
}

export interface Category {
  name: string;
  description: string;
  productCount: number;
}

export interface InventoryStatus {
  status: string;
  version: string;
  products: number;
  timestamp: string;
  /** Round trip of the Ping, ms. */
  latencyMs: number;
}

export interface SearchProductsQuery {
  /** Words to look for; accents, case, plural and gender do not matter. */
  query: string;
  /** A category name ("Tenis"); unknown ones are an InventoryFaultError (UNKNOWN_CATEGORY). */
  category?: string;
  /** 1 to 50; default 10. */
  maxResults?: number;
}

export interface CheckStockQuery {
  sku: string;
  /** Default 1. */
  quantity?: number;
  /** A store id or name ("POL", "Polanco"); all stores when absent. */
  store?: string;
  /** A size of the product ("27", "ch"); every size when absent. */
  size?: string;
}

export interface ReserveStockQuery {
  sku: string;
  /** Needed unless the product comes in one size. */
  size?: string;
  /** 1 to 1000. */
  quantity: number;
  /** A store id or name ("POL", "Polanco"): a hold is in one store. */
  store: string;
  /** How long the hold lasts unless released; the service's default (30 minutes in the sandbox) when absent. */
  ttlSeconds?: number;
}

/** Units the inventory holds for an order until released or `expiresAt`. */
export interface StockReservation {
  /** Pass it to `releaseReservation`. */
  reservationId: string;
  sku: string;
  size: string;
  /** The store's id. */
  storeId: string;
  quantity: number;
  expiresAt: Date;
}

/**
 * `reserved`: the units are held. `insufficient-stock`: the store has fewer units free
 * (the message says how many). `unsupported`: the shop's service offers no reservations
 * (its WSDL lacks ReserveStock/ReleaseReservation): record the order unreserved.
 */
export type ReserveStockResult =
  | { status: 'reserved'; reservation: StockReservation }
  | { status: 'insufficient-stock'; message: string }
  | { status: 'unsupported' };

/** `released`; `not-held`: no hold by that id (never made, released, or expired); `unsupported`: no reservations. */
export type ReleaseReservationResult = 'released' | 'not-held' | 'unsupported';

export interface CallOptions {
  /** Overrides INVENTORY_TIMEOUT_MS for this call. */
  timeoutMs?: number;
  /** Abandons the call (e.g. the turn's deadline). */
  signal?: AbortSignal;
}

/** "$1,299.00 MXN": for people, from the exact amount (no float on the way). */
export function formatMoney(money: Money): string {
  const [units, cents = '00'] = money.amount.split('.');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `$${grouped}.${cents.padEnd(2, '0')} ${money.currency}`;
}
