/**
 * The shape of the held-out conversations (`held-out.ts`) that `npm run bench:conversations`
 * plays and scores. Every expectation is checked by a machine against the reply, the
 * catalogue (`apps/sandbox/src/inventory/catalogue.json`), the shop profile and the admin API;
 * a turn is right only when all of its expectations hold.
 */

/** The table's categories: one per conversation (a turn may name another). */
export const CATEGORIES = ['sale', 'budget', 'complaint', 'echo', 'sizes/memory', 'browsing', 'english'] as const;
export type BenchCategory = (typeof CATEGORIES)[number];

/**
 * What every product the reply names must satisfy (named by SKU in the reply or a tap id, or
 * by its exact catalogue name; a list row's title may be cut with "…"). A name stands for
 * every colour of its model unless its line names a colour.
 */
export interface ProductFilters {
  /** Catalogue categories ("Tenis", "Chamarras"). */
  category?: string[];
  /** Catalogue genders: Hombre, Mujer, Unisex, Niño, Niña. */
  gender?: string[];
  /** Catalogue colours, lower-case Spanish ("negro", "café"). */
  colour?: string[];
  /** A Mexican size the product must have units of (in `store` when given, else in any store). */
  size?: string;
  /** A store id (CEN, POL, GDL, MTY) for `size`. */
  store?: string;
  /** Inclusive price bounds, in pesos. */
  maxPrice?: number;
  minPrice?: number;
  /** Only these SKUs (or models, "TEN-0004"). */
  sku?: string[];
}

/** An order request the customer should have on `GET /admin/orders` after the turn. */
export interface ExpectedOrder {
  /** SKU or model ("TEN-0004") of the single item, or its product name. */
  sku?: string;
  name?: string;
  size?: string;
  quantity?: number;
  /** `delivery`, or the store id to pick up at. */
  fulfilment?: 'delivery' | 'CEN' | 'POL' | 'GDL' | 'MTY';
}

export interface Expectations {
  /**
   * Labels the turn's intent (the conversation memory's `lastIntent` after the turn) may
   * have; `*` matches any run of characters ("order_*"). Absent: any label.
   */
  intent?: string[];
  /**
   * What the turn does to the customer: `handoff` (the conversation goes to a person),
   * `opt_out` (the customer is opted out), `none` (neither), `any` (not checked). Default
   * `none`, unless `silent`.
   */
  action?: 'handoff' | 'opt_out' | 'none' | 'any';
  /** The assistant sends nothing for this turn. */
  silent?: boolean;
  /** Every product the reply names satisfies these. */
  products?: ProductFilters;
  /** At least / at most this many products (distinct SKUs, or models named without a colour). */
  minProducts?: number;
  maxProducts?: number;
  /** Product names (exact catalogue names) the reply must name. */
  names?: string[];
  /** Money figures (pesos) the reply must state, e.g. a total. */
  mustQuote?: number[];
  /** Patterns (case- and accent-insensitive) the reply must contain / must not contain. */
  mentions?: string[];
  avoids?: string[];
  /**
   * No 4 consecutive words of the customer's message appear in the reply, except inside a
   * product name the reply gives. Default true for typed messages.
   */
  noEcho?: boolean;
  /**
   * Words of the customer's the shop does not know (slang, brands it does not carry, filler):
   * the reply must not say them back, outside a product name.
   */
  echoWords?: string[];
  /** An order request stored in this turn (or `none`: no new one). Read through `GET /admin/orders`. */
  order?: ExpectedOrder | 'none';
  /** Facts on the customer's profile (`GET /admin/customers?phone=`), e.g. { name: 'Roberto', shoe_size: '28' }. */
  facts?: Record<string, string>;
  /**
   * The customer asked to have their number erased: reported (whether the customer's profile
   * on the admin API keeps the request), not scored.
   */
  erasureRequested?: boolean;
}

/**
 * One customer turn: a typed message, or a tap on a reply button or list row of the
 * previous reply (`tap`: words its title and description contain, case- and
 * accent-insensitive, e.g. "Pátzcuaro café"; or the row's position, 1-based).
 */
export interface BenchTurn {
  say?: string;
  tap?: string | { row: number };
  expect: Expectations;
  category?: BenchCategory;
  /** Why the turn is here, for whoever reads a failure. */
  note?: string;
}

export interface BenchConversation {
  id: string;
  category: BenchCategory;
  /** The WhatsApp profile name the customer writes with. */
  profileName: string;
  /**
   * A later conversation of the customer of conversation `later`: the same phone, after that
   * conversation was closed through `POST /admin/conversations/{id}/close`.
   */
  later?: string;
  turns: BenchTurn[];
}
