import { readFileSync } from 'node:fs';
import type { Expectations, ExpectedOrder, ProductFilters } from './types.js';

/**
 * How a reply is judged, as pure functions of the reply, the demo shop's catalogue
 * (`catalogue.json`) and shop profile (`shop-profile.json`), read from the files — never from
 * the engine under test — so any engine is scored by the same rules.
 */

export interface CatalogueProduct {
  sku: string;
  model: string;
  name: string;
  category: string;
  gender: string;
  color: string;
  price: string;
  sizes: string[];
  /** Units per store id, one per size in the order of `sizes`. */
  stock: Record<string, number[]>;
}

export interface Catalogue {
  stores: { id: string; name: string; city: string }[];
  products: CatalogueProduct[];
}

export function readCatalogue(path = 'apps/sandbox/src/inventory/catalogue.json'): Catalogue {
  return JSON.parse(readFileSync(path, 'utf8')) as Catalogue;
}

/** Every money figure the shop profile states (shipping cost, free-shipping amount, instalments…). */
export function profileAmounts(path = 'shop-profile.json'): number[] {
  const profile = readFileSync(path, 'utf8');
  const amounts = moneyFigures(profile).map((f) => f.value);
  for (const match of profile.matchAll(/"(?:shippingCost|freeShippingFrom)"\s*:\s*"(\d+(?:\.\d+)?)"/g))
    amounts.push(Number(match[1]));
  return [...new Set(amounts)];
}

// ---------------------------------------------------------------------------------------
// Reading a reply

/** What the Graph API stand-in recorded for one message the api sent. */
export interface SentMessage {
  wamid: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface Choice {
  kind: 'button' | 'row';
  id: string;
  title: string;
  description?: string;
  /** The message it belongs to (a tap quotes it). */
  wamid: string;
}

export interface ReadReply {
  /** Everything the customer reads, one line per line of text, button or row. */
  text: string;
  lines: { text: string; sku?: string; row?: boolean }[];
  choices: Choice[];
}

interface InteractivePayload {
  type?: string;
  header?: { text?: string };
  body?: { text?: string };
  footer?: { text?: string };
  action?: {
    button?: string;
    buttons?: { reply: { id: string; title: string } }[];
    sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
  };
}

const SKU = /\b[A-Z]{3}-\d{4}-[A-Z]{3}\b/g;

export function readReply(messages: SentMessage[]): ReadReply {
  const lines: ReadReply['lines'] = [];
  const choices: Choice[] = [];
  const addText = (value: string | undefined) => {
    for (const line of (value ?? '').split('\n')) if (line.trim() !== '') lines.push({ text: line });
  };
  for (const message of messages) {
    const payload = message.payload as { text?: { body?: string }; interactive?: InteractivePayload };
    addText(payload.text?.body);
    const interactive = payload.interactive;
    if (!interactive) continue;
    addText(interactive.header?.text);
    addText(interactive.body?.text);
    addText(interactive.footer?.text);
    for (const { reply } of interactive.action?.buttons ?? []) {
      choices.push({ kind: 'button', id: reply.id, title: reply.title, wamid: message.wamid });
      lines.push({ text: reply.title, sku: reply.id.match(SKU)?.[0] });
    }
    for (const section of interactive.action?.sections ?? []) {
      for (const row of section.rows) {
        choices.push({ kind: 'row', ...row, wamid: message.wamid });
        lines.push({
          text: [row.title, row.description].filter(Boolean).join(' — '),
          sku: row.id.match(SKU)?.[0],
          row: true,
        });
      }
    }
  }
  return { text: lines.map((l) => l.text).join('\n'), lines, choices };
}

/** Lower case, no accents, punctuation as spaces: how words are compared. */
export function normalise(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const words = (value: string) => normalise(value).split(' ').filter(Boolean);

// ---------------------------------------------------------------------------------------
// Products named

/** A product the reply names: the SKUs it may be (every colour of a model named without one). */
export interface Mention {
  label: string;
  skus: string[];
}

const COLOUR_WORDS: Record<string, string> = {};
for (const [colour, forms] of Object.entries({
  negro: ['negro', 'negra', 'negros', 'negras', 'black'],
  blanco: ['blanco', 'blanca', 'blancos', 'blancas', 'white'],
  rojo: ['rojo', 'roja', 'rojos', 'rojas', 'red'],
  azul: ['azul', 'azules', 'blue', 'navy'],
  verde: ['verde', 'verdes', 'green'],
  gris: ['gris', 'grises', 'grey', 'gray'],
  café: ['cafe', 'cafes', 'brown'],
  beige: ['beige', 'beiges'],
  rosa: ['rosa', 'rosas', 'rosado', 'rosada', 'pink'],
  amarillo: ['amarillo', 'amarilla', 'amarillos', 'amarillas', 'yellow'],
  morado: ['morado', 'morada', 'morados', 'moradas', 'purple'],
  naranja: ['naranja', 'naranjas', 'orange'],
})) {
  for (const form of forms) COLOUR_WORDS[form] = colour;
}

export class ProductIndex {
  readonly bySku = new Map<string, CatalogueProduct>();
  private readonly byName = new Map<string, CatalogueProduct[]>();
  /** Normalised names, longest first (a name inside a longer one is the longer one's). */
  private readonly names: string[];

  constructor(readonly catalogue: Catalogue) {
    for (const product of catalogue.products) {
      this.bySku.set(product.sku, product);
      const key = normalise(product.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), product]);
    }
    this.names = [...this.byName.keys()].sort((a, b) => b.length - a.length);
  }

  get productNames(): string[] {
    return this.names;
  }

  /** Products of a SKU or model code ("TEN-0004"). */
  ofCode(code: string): CatalogueProduct[] {
    const exact = this.bySku.get(code);
    if (exact) return [exact];
    return this.catalogue.products.filter((p) => p.model === code);
  }

  ofName(name: string): CatalogueProduct[] {
    return this.byName.get(normalise(name)) ?? [];
  }

  /** The products a reply names, line by line. */
  mentions(reply: ReadReply): Mention[] {
    const found: Mention[] = [];
    const seen = new Set<string>();
    const add = (label: string, skus: string[]) => {
      const key = [...skus].sort().join(',');
      if (skus.length === 0 || seen.has(key)) return;
      seen.add(key);
      found.push({ label, skus });
    };
    for (const line of reply.lines) {
      if (line.sku && this.bySku.has(line.sku)) {
        add(line.sku, [line.sku]);
        continue;
      }
      for (const sku of line.text.match(SKU) ?? []) if (this.bySku.has(sku)) add(sku, [sku]);
      const text = ` ${normalise(line.text)} `;
      const colours = new Set(
        text
          .split(' ')
          .map((w) => COLOUR_WORDS[w])
          .filter(Boolean),
      );
      const narrow = (products: CatalogueProduct[]) => {
        const coloured = products.filter((p) => colours.has(p.color));
        return (coloured.length > 0 ? coloured : products).map((p) => p.sku);
      };
      let rest = text;
      for (const name of this.names) {
        const at = rest.indexOf(` ${name} `);
        if (at === -1) continue;
        add(this.byName.get(name)![0].name, narrow(this.byName.get(name)!));
        rest = `${rest.slice(0, at)} | ${rest.slice(at + name.length + 2)}`;
      }
      // A list row's title cut at WhatsApp's 24 characters: "Tenis para Correr Velo…".
      const cut = line.row ? line.text.split(' — ')[0] : '';
      if (cut.endsWith('…')) {
        const prefix = normalise(cut.slice(0, -1));
        const whole = this.names.filter((n) => n.startsWith(prefix));
        if (whole.length > 0 && !whole.some((n) => text.includes(` ${n} `)))
          add(cut, narrow(whole.flatMap((n) => this.byName.get(n)!)));
      }
    }
    return found;
  }
}

/**
 * How many products the mentions name: the SKUs named one by one, plus each model named
 * without a colour none of whose SKUs is among them.
 */
export function productCount(mentions: Mention[]): number {
  const singles = new Set(mentions.filter((m) => m.skus.length === 1).map((m) => m.skus[0]));
  return singles.size + mentions.filter((m) => m.skus.length > 1 && !m.skus.some((s) => singles.has(s))).length;
}

export function unitsOf(product: CatalogueProduct, size?: string, store?: string): number {
  const at = size === undefined ? -1 : product.sizes.findIndex((s) => sameSize(s, size));
  if (size !== undefined && at === -1) return 0;
  return Object.entries(product.stock)
    .filter(([id]) => store === undefined || id === store)
    .reduce((sum, [, units]) => sum + (at === -1 ? units.reduce((a, b) => a + b, 0) : units[at]), 0);
}

export function sameSize(a: string, b: string): boolean {
  const x = a.trim().toUpperCase();
  const y = b.trim().toUpperCase();
  return x === y || (!Number.isNaN(Number(x)) && !Number.isNaN(Number(y)) && Number(x) === Number(y));
}

/** Why this product is outside the filters, or null. */
export function outsideFilters(product: CatalogueProduct, filters: ProductFilters): string | null {
  const price = Number(product.price);
  if (filters.category && !filters.category.includes(product.category)) return `category ${product.category}`;
  if (filters.gender && !filters.gender.includes(product.gender)) return `gender ${product.gender}`;
  if (filters.colour && !filters.colour.includes(product.color)) return `colour ${product.color}`;
  if (filters.maxPrice !== undefined && price > filters.maxPrice) return `price ${product.price} > ${filters.maxPrice}`;
  if (filters.minPrice !== undefined && price < filters.minPrice) return `price ${product.price} < ${filters.minPrice}`;
  if (filters.sku && !filters.sku.some((code) => product.sku === code || product.model === code))
    return `not ${filters.sku.join('/')}`;
  if (filters.size !== undefined && unitsOf(product, filters.size, filters.store) === 0)
    return `no units in size ${filters.size}${filters.store ? ` at ${filters.store}` : ''}`;
  return null;
}

// ---------------------------------------------------------------------------------------
// Figures

export interface Figure {
  value: number;
  raw: string;
}

/** "$1,299.00 MXN", "$149", "1299 pesos", "MXN 499.80", "10%". */
export function moneyFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  const taken: [number, number][] = [];
  const number = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
  const patterns = [
    new RegExp(String.raw`\$\s?${number}(?:\s?(?:MXN|M\.N\.|pesos))?`, 'gi'),
    new RegExp(String.raw`\b${number}\s?(?:MXN|pesos|varos|mxn)\b`, 'gi'),
    new RegExp(String.raw`\b(?:MXN)\s?${number}`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      figures.push({ value: Number(`${match[1].replace(/,/g, '')}.${match[2] ?? '0'}`), raw: match[0] });
    }
  }
  for (const match of text.matchAll(/\b(\d{1,3})\s?%/g)) figures.push({ value: Number.NaN, raw: match[0] });
  return figures;
}

const STORE_WORDS = String.raw`centro|polanco|guadalajara|monterrey|gdl|mty`;

/** "4 piezas", "3 disponibles", "Centro 4", "Polanco: 2", "2 en Polanco", "5 in stock". */
export function stockFigures(text: string): Figure[] {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const figures: Figure[] = [];
  const taken: number[] = [];
  const patterns = [
    /(?<![\d.,$])(\d+)\s*(?:piezas?|pzas?|unidades|unidad|pares|par|disponibles?|in stock|units?|pieces?|pairs?|left|available)\b/g,
    new RegExp(String.raw`\b(?:${STORE_WORDS})\b\s*(?:\([^)]*\))?\s*:?\s*(\d+)\b(?![.,:]?\d)`, 'g'),
    new RegExp(
      String.raw`(?<![\d.,$])\b(\d+)\s+(?:en|in|at)\s+(?:la\s+(?:tienda\s+)?(?:de\s+)?)?(?:${STORE_WORDS})\b`,
      'g',
    ),
  ];
  for (const pattern of patterns) {
    for (const match of plain.matchAll(pattern)) {
      const at = match.index + match[0].indexOf(match[1]);
      if (taken.includes(at)) continue;
      taken.push(at);
      figures.push({ value: Number(match[1]), raw: match[0].trim() });
    }
  }
  return figures;
}

/** Numbers the customer wrote (a budget, a quantity): the reply may say them back. */
export function customerNumbers(text: string): number[] {
  return [...text.replace(/(\d),(\d{3})\b/g, '$1$2').matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

const near = (a: number, b: number) => Math.abs(a - b) < 0.005;

/** Prices the products may be quoted at: each × 1–12, plus shipping; sums of a few of them. */
export function allowedMoney(products: CatalogueProduct[], extra: number[], shipping: number[]): number[] {
  const prices = [...new Set(products.map((p) => Number(p.price)))];
  const allowed = new Set<number>(extra);
  const totals: number[] = [];
  for (const price of prices) for (let q = 1; q <= 12; q++) totals.push(price * q);
  // Totals of an order of several products (up to 4 distinct prices, up to 5 of each).
  if (prices.length > 1 && prices.length <= 4) {
    const combos = (i: number, sum: number): void => {
      if (i === prices.length) {
        if (sum > 0) totals.push(sum);
        return;
      }
      for (let q = 0; q <= 5; q++) combos(i + 1, sum + prices[i] * q);
    };
    combos(0, 0);
  } else if (prices.length > 4) {
    totals.push(prices.reduce((a, b) => a + b, 0));
  }
  for (const total of totals) {
    allowed.add(Math.round(total * 100) / 100);
    for (const cost of shipping) allowed.add(Math.round((total + cost) * 100) / 100);
  }
  return [...allowed];
}

/** Units the reply may state: per store, per size, their totals (of `size` alone when given). */
export function allowedStock(products: CatalogueProduct[], size: string | undefined, held: Held): number[] {
  const allowed = new Set<number>([0]);
  for (const product of products) {
    const sizes = size !== undefined ? product.sizes.filter((s) => sameSize(s, size)) : product.sizes;
    const perSize = (store: string, s: string) => {
      const i = product.sizes.indexOf(s);
      return (product.stock[store]?.[i] ?? 0) - held(product.sku, s, store);
    };
    const stores = Object.keys(product.stock);
    for (const variant of [false, true]) {
      const units = (store: string, s: string) =>
        variant ? perSize(store, s) : (product.stock[store]?.[product.sizes.indexOf(s)] ?? 0);
      let grand = 0;
      for (const store of stores) {
        let storeTotal = 0;
        for (const s of sizes) {
          allowed.add(units(store, s));
          storeTotal += units(store, s);
        }
        allowed.add(storeTotal);
        grand += storeTotal;
      }
      for (const s of sizes) allowed.add(stores.reduce((sum, store) => sum + units(store, s), 0));
      allowed.add(grand);
    }
  }
  return [...allowed];
}

/** Units the run's own order requests hold (the inventory leaves them out of its answers). */
export type Held = (sku: string, size: string, store: string) => number;

// ---------------------------------------------------------------------------------------
// Echo

/** The first 4 consecutive words of `said` that the reply repeats outside a product name, or null. */
export function echoed(said: string, reply: string, productNames: string[]): string | null {
  const saidWords = words(said);
  if (saidWords.length < 4) return null;
  let text = ` ${normalise(reply)} `;
  for (const name of productNames) text = text.split(` ${name} `).join(' | ');
  for (let i = 0; i + 4 <= saidWords.length; i++) {
    const gram = saidWords.slice(i, i + 4).join(' ');
    if (text.includes(` ${gram} `)) return gram;
  }
  return null;
}

/** Whether the reply says this word (or words) outside the product names it gives. */
export function sayBack(word: string, reply: string, productNames: string[]): boolean {
  let text = ` ${normalise(reply)} `;
  for (const name of productNames) text = text.split(` ${name} `).join(' | ');
  return text.includes(` ${normalise(word)} `);
}

// ---------------------------------------------------------------------------------------
// Judging a turn

/** An order request as `GET /admin/orders` lists it. */
export interface AdminOrder {
  id: string;
  status: string;
  items: { sku: string; name: string; size: string | null; quantity: number; unitPrice: string }[];
  fulfilment: { kind: string; storeId?: string };
  reservation: { id: string } | null;
  customer: { phoneNumber: string | null };
}

export interface TurnFacts {
  expect: Expectations;
  /** What the customer typed (undefined for a tap). */
  said?: string;
  /** Every number the customer wrote in this conversation so far. */
  numbers: number[];
  reply: ReadReply;
  /** Products named by the conversation's earlier replies, newest first (what "¿cuántos hay?" is about). */
  earlier: CatalogueProduct[];
  intent: string | null;
  /** Whether the conversation was in handoff / the customer opted out, before and after the turn. */
  before: { handoff: boolean; optedOut: boolean };
  after: { handoff: boolean; optedOut: boolean };
  /** The customer's orders before and after the turn; a string when they could not be read. */
  ordersBefore: AdminOrder[] | string;
  ordersAfter: AdminOrder[] | string;
  facts: Record<string, unknown> | string;
  held: Held;
}

export interface Failure {
  /** The expectation that failed: intent, action, silent, products, money, stock, echo… */
  kind: string;
  detail: string;
}

export interface JudgeContext {
  index: ProductIndex;
  profileAmounts: number[];
  shippingCost: number;
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');

const matches = (pattern: string, text: string) => {
  const regex = new RegExp(pattern, 'iu');
  return regex.test(text) || regex.test(text.normalize('NFD').replace(/\p{M}/gu, ''));
};

export function judge(turn: TurnFacts, ctx: JudgeContext): Failure[] {
  const { expect, reply } = turn;
  const failures: Failure[] = [];
  const fail = (kind: string, detail: string) => failures.push({ kind, detail });
  const replied = reply.lines.length > 0;

  if (expect.silent) {
    if (replied) fail('silent', 'expected no reply');
  } else if (!replied) {
    fail('no-reply', 'nothing was sent');
  }

  const action = expect.action ?? (expect.silent ? undefined : 'none');
  const handedOff = !turn.before.handoff && turn.after.handoff;
  const optedOut = !turn.before.optedOut && turn.after.optedOut;
  if (action === 'handoff' && !turn.after.handoff) fail('action', 'expected a handoff to a person; none');
  if (action === 'opt_out' && !turn.after.optedOut)
    fail('action', 'expected an opt-out; the customer is not opted out');
  if (action === 'none' && (handedOff || optedOut))
    fail('action', `expected no handoff or opt-out; got ${handedOff ? 'a handoff' : 'an opt-out'}`);

  if (expect.intent && !expect.silent) {
    const label = turn.intent ?? '(none)';
    if (!expect.intent.some((p) => glob(p).test(label)))
      fail('intent', `intent ${label}, expected ${expect.intent.join(' | ')}`);
  }

  const mentions = ctx.index.mentions(reply);
  const named = (m: Mention) => m.skus.map((s) => ctx.index.bySku.get(s)!);

  if (expect.products) {
    for (const mention of mentions) {
      const reasons = named(mention).map((p) => outsideFilters(p, expect.products!));
      if (reasons.every((r) => r !== null)) fail('products', `${mention.label}: ${reasons[0]}`);
    }
  }
  const count = productCount(mentions);
  if (expect.minProducts !== undefined && count < expect.minProducts)
    fail('products', `${count} products named, expected at least ${expect.minProducts}`);
  if (expect.maxProducts !== undefined && count > expect.maxProducts)
    fail('products', `${count} products named, expected at most ${expect.maxProducts}`);
  for (const name of expect.names ?? []) {
    const wanted = new Set(ctx.index.ofName(name).map((p) => p.sku));
    if (!mentions.some((m) => m.skus.some((s) => wanted.has(s)))) fail('names', `does not name ${name}`);
  }

  // Figures: about the products this reply names, or else the ones the conversation is about.
  const about = mentions.length > 0 ? mentions.flatMap(named) : turn.earlier;
  const money = moneyFigures(reply.text);
  const moneyAllowed = allowedMoney(about, [...ctx.profileAmounts, ...turn.numbers], [ctx.shippingCost]);
  for (const figure of money) {
    if (Number.isNaN(figure.value)) fail('money', `${figure.raw}: a percentage no catalogue or policy states`);
    else if (!moneyAllowed.some((v) => near(v, figure.value)))
      fail('money', `${figure.raw} is no catalogue price (× quantity, + shipping) of the products named`);
  }
  for (const amount of expect.mustQuote ?? []) {
    if (!money.some((f) => near(f.value, amount))) fail('money', `does not state ${amount.toFixed(2)}`);
  }
  const stockAllowed = allowedStock(about, expect.products?.size, turn.held);
  for (const figure of stockFigures(reply.text)) {
    if (turn.numbers.includes(figure.value)) continue;
    if (!stockAllowed.includes(figure.value))
      fail(
        'stock',
        `"${figure.raw}" matches no catalogue units${expect.products?.size ? ` in size ${expect.products.size}` : ''} of the products named`,
      );
  }

  for (const pattern of expect.mentions ?? [])
    if (!matches(pattern, reply.text)) fail('mentions', `does not say /${pattern}/`);
  for (const pattern of expect.avoids ?? []) if (matches(pattern, reply.text)) fail('avoids', `says /${pattern}/`);

  if (turn.said !== undefined && expect.noEcho !== false && replied) {
    const echo = echoed(turn.said, reply.text, ctx.index.productNames);
    if (echo) fail('echo', `repeats the customer's words "${echo}"`);
  }
  const repeated = (expect.echoWords ?? []).filter((word) => sayBack(word, reply.text, ctx.index.productNames));
  if (repeated.length > 0) fail('echo', `says back the customer's ${repeated.map((w) => `"${w}"`).join(', ')}`);

  if (expect.order !== undefined) {
    if (typeof turn.ordersAfter === 'string') {
      fail('order', `orders not readable: ${turn.ordersAfter}`);
    } else if (typeof turn.ordersBefore === 'string') {
      fail('order', `orders not readable: ${turn.ordersBefore}`);
    } else {
      const known = new Set(turn.ordersBefore.map((o) => o.id));
      const added = turn.ordersAfter.filter((o) => !known.has(o.id));
      if (expect.order === 'none') {
        if (added.length > 0) fail('order', `expected no order request; ${added.length} stored`);
      } else if (added.length !== 1) {
        fail('order', `expected one order request stored; ${added.length}`);
      } else {
        const problem = orderProblem(added[0], expect.order, ctx.index);
        if (problem) fail('order', problem);
      }
    }
  }

  if (expect.facts) {
    if (typeof turn.facts === 'string') fail('facts', `profile not readable: ${turn.facts}`);
    else {
      for (const [key, value] of Object.entries(expect.facts)) {
        const have = turn.facts[key];
        const ok =
          (typeof have === 'string' || typeof have === 'number') &&
          (sameSize(String(have), value) || normalise(String(have)).includes(normalise(value)));
        if (!ok) fail('facts', `${key} is ${JSON.stringify(have ?? null)}, expected ${value}`);
      }
    }
  }
  return failures;
}

function orderProblem(order: AdminOrder, expected: ExpectedOrder, index: ProductIndex): string | null {
  if (order.items.length !== 1) return `${order.items.length} items, expected 1`;
  const [item] = order.items;
  if (expected.sku && !index.ofCode(expected.sku).some((p) => p.sku === item.sku))
    return `item ${item.sku}, expected ${expected.sku}`;
  if (expected.name && normalise(item.name) !== normalise(expected.name))
    return `item ${item.name}, expected ${expected.name}`;
  if (expected.size && !(item.size && sameSize(item.size, expected.size)))
    return `size ${item.size}, expected ${expected.size}`;
  if (expected.quantity && item.quantity !== expected.quantity)
    return `quantity ${item.quantity}, expected ${expected.quantity}`;
  const product = index.bySku.get(item.sku);
  if (product && !near(Number(item.unitPrice), Number(product.price)))
    return `unit price ${item.unitPrice}, the catalogue's ${product.price}`;
  if (expected.fulfilment === 'delivery' && order.fulfilment.kind !== 'delivery')
    return `fulfilment ${order.fulfilment.kind}, expected delivery`;
  if (expected.fulfilment && expected.fulfilment !== 'delivery' && order.fulfilment.storeId !== expected.fulfilment)
    return `fulfilment ${order.fulfilment.kind} ${order.fulfilment.storeId ?? ''}, expected pick-up at ${expected.fulfilment}`;
  return null;
}
