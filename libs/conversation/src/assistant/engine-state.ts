import type { Audience, PriceOrder } from '../catalog/catalog-queries.js';
import type { Language } from '../intent/detection.js';

/** A product the customer was shown. Names only: prices and stock are always fetched again. */
export interface ShownProduct {
  sku: string;
  name: string;
}

/**
 * A search the customer may refine next turn ("¿y en talla 26?"). Its filters hold for the
 * turns after it (a tap on a product, "¿cuántos hay en Polanco?") until the customer changes them.
 */
export interface ProductQuery {
  words: string[];
  colour?: string;
  size?: string;
  category?: string;
  /** Price ceiling and floor, in the catalogue's currency. */
  maxPrice?: number;
  minPrice?: number;
  /** Whose models (absent: adults'). */
  audience?: Audience;
  sort?: PriceOrder;
  /** Kinds any of which will do ("algo abrigador"). */
  anyOf?: readonly string[];
}

/**
 * What an engine remembers between turns (the conversation memory's `context`). Both engines
 * keep this shape, so either can answer a tap or a follow-up to what the other showed.
 */
export interface EngineState {
  language?: Language;
  /** The products last listed, in the order shown ("el segundo"). */
  shown?: ShownProduct[];
  /** The product the conversation is about ("¿y en rojo?", "¿cuánto cuesta?"). */
  product?: string;
  /** The last search, to refine. */
  query?: ProductQuery;
  /** An order request being settled, one question at a time. */
  order?: OrderDraft;
  /** The last order request placed in this conversation. */
  lastOrder?: string;
  /** How many pieces the last question about a product was for ("2 playeras…"): an order started next takes it. */
  quantity?: number;
  /** The store the last answer about the shop was about, for "¿y el domingo?" after its hours. */
  infoStore?: string;
  /** The last quote given (items and quantities), for "¿y con envío?" or "¿y si son 2?" after it. */
  quote?: QuoteState;
}

/** A quote of one or more products, by SKU: prices are always fetched again. */
export interface QuoteState {
  items: { sku: string; name: string; quantity: number }[];
  /** Asked whether it reaches interest-free instalments: "¿y nomás las botas?" is asked the same. */
  instalments?: boolean;
}

/**
 * What one answer changes in the state, applied as `{ ...state, ...patch }`: a key that is
 * present replaces the old value — `product: undefined` forgets the product (a list shows
 * several) — and an absent key leaves it as it was.
 */
export type StatePatch = Partial<EngineState>;

/** What an order request has settled so far. */
export interface OrderDraft {
  sku: string;
  /** As the catalogue writes it. */
  size?: string;
  quantity: number;
  fulfilment?: { kind: 'pickup'; store: string } | { kind: 'delivery' };
  /** The question last asked (what a bare "sí" or "no" answers). */
  stage?: 'size' | 'fulfilment' | 'confirm';
}
