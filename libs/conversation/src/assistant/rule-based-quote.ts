import { formatMoney, type InventoryClient, type Product } from '@mostrador/inventory';
import { findProduct, searchCatalog } from '../catalog/catalog-queries.js';
import type { Language } from '../intent/detection.js';
import type { IntentDetector } from '../intent/intent-detector.js';
import { NUMBER_WORDS } from '../intent/lexicon.js';
import { foldAccents } from '../intent/text-normaliser.js';
import type { ShopProfile } from '../shop/shop-profile.js';
import type { AssistantCopy } from './assistant-copy.js';
import type { EngineState, QuoteState, StatePatch } from './engine-state.js';
import { ORDER_COPY } from './order-copy.js';
import type { Rendered } from './reply-renderer.js';
import type { Plan } from './rule-based-interpreter.js';

/**
 * Quotes: what some pieces cost before any order — "¿cuánto me sale una sudadera y una
 * gorra?", "¿3 de esas cuánto serían?", "¿y con envío?" after a quote. Each item's price ×
 * quantity and the sum, every price from the inventory in this turn, shipping from the shop
 * profile (free from its threshold) only when asked. The quote is kept in the state, so
 * "¿y si son 2 sudaderas?" or "¿y con envío?" next turn quote it again.
 */

export interface QuoteSection extends Rendered {
  intent: 'quote';
}

export interface QuoteInput {
  texts: readonly string[];
  plan: Plan;
  state: EngineState;
  language: Language;
  copy: AssistantCopy;
  inventory: InventoryClient;
  shop: ShopProfile;
  detector: IntentDetector;
}

interface Item {
  product: Product;
  quantity: number;
  /** Say the colour: the customer named it (or the quote is of that one product). */
  colour: boolean;
}

/** Words that ask what something costs. */
const PRICE_CUE =
  /\b(?:cuanto|cuantos|precio|precios|total|sale|salen|saldria|saldrian|seria|serian|cuesta|cuestan|costaria|costarian|cotiza|cotizacion|how\s+much|price|cost|costs|total)\b/;
/**
 * "¿con envío?", "incluyendo el envío", "with shipping", and delivery said as a condition
 * ("mandándolo a Toluca", "si me los envían", "a domicilio", "shipped to Puebla"): the total delivered.
 */
const WITH_SHIPPING = new RegExp(
  [
    String.raw`\b(?:con|incluyendo|incluido|incluye|mas)\s+(?:el\s+)?envio\b`,
    String.raw`\b(?:mand|envi)andol[oa]s?\b|\b(?:mand|envi)ando(?:me|nos|se|te)l[oa]s?\b`,
    String.raw`\bsi\s+(?:me\s+|nos\s+)?(?:l[oa]s?\s+)?(?:mand|envi)(?:an|as|a|aran|aras|arian|arias)\b`,
    String.raw`\ba\s+domicilio\b|\bpor\s+paqueteria\b`,
    String.raw`\b(?:mandar|enviar|mandan|envian)(?:me|nos)?(?:l[oa]s?)?\s+(?:a|hasta|para)\b`,
    String.raw`(?:\bwith|\bw\/|\bincluding)\s+(?:the\s+)?(?:shipping|delivery)\b|\bshipping\s+included\b`,
    String.raw`\b(?:shipped|delivered|sent|shipping)\s+to\b|\bif\s+you\s+(?:ship|send|deliver)\b`,
  ].join('|'),
);
/**
 * "y si le sumo…", "agrégale…", "¿y si también me llevo…?", "add…", "throw in…": more pieces
 * on top of what was quoted or discussed. What follows the cue is what is added.
 */
const ADD_CUE =
  /\b(?:(?:le|les|me)\s+)?(?:sumo|sumas|sumamos|sumara|sumaria|sumar|agrego|agregas|agregamos|agregara|agregaria|agregar|anado|anadimos|anadiera|anadir|aumento|meto|incluyo|incluyes|incluir|agregale|agregame|agregue|sumale|sumame|ponle|ponme|anadele|metele|tambien\s+(?:me\s+)?(?:llevo|llevara|llevaria|compro|comprara|quiero|quisiera)|ademas\s+(?:me\s+)?(?:llevo|llevara|compro|quiero)|add|adding|throw\s+in|also\s+(?:get|take|want|buy))\b/;
/**
 * "¿ya alcanzo meses sin intereses?", "¿aplica a msi?", "do I qualify for interest-free
 * instalments?": whether the total reaches the shop's instalments. The words of the question
 * (the verb of reaching too) name no product.
 */
const INSTALMENTS = new RegExp(
  [
    String.raw`(?:\b(?:ya\s+)?(?:alcanz|lleg|aplic|entr|calific)\w*\s+)?(?:(?:a|con|en|para)\s+)?(?:(?:los\s+)?meses\s+sin\s+intereses?|msi)\b`,
    String.raw`(?:\b(?:qualify|qualifies|get|reach|reaches|pay)\s+(?:for\s+|in\s+)?)?\binterest[\s-]free\s+(?:monthly\s+)?(?:instal?lments?|payments|months)\b`,
  ].join('|'),
  'g',
);
/** Where a delivery goes: the words after "mandarlo a…", "envío hasta…", "shipping to…". */
const DESTINATION =
  /\b(?:envi|mand|ship|deliver|sent)\w*\s+(?:\w+\s+){0,2}?(?:a|hasta|para|to)\s+((?:\p{L}+\s?){1,3})/u;
/** "si me llevo…", "si compro…", "if I get…": the pieces that follow are one each unless counted. */
const IF_I_BUY =
  /\b(?:si\s+(?:me\s+)?(?:llevo|compro|pido|agarro|llevara|comprara|pidiera)|if\s+i\s+(?:buy|get|take|order))\b/;
/** "solo la gorra": the items not named leave the quote. */
const ONLY = /\b(?:solo|solamente|nomas|nada\s+mas|only|just)\b/;
const NUMBER = String.raw`(\d{1,2}|un|una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|two|three|four|five|six|seven|eight|nine|ten)`;
/** A count for the things just discussed: "por los 3", "3 de esas", "si son 2", "for 4 of them". */
const COUNT_PATTERNS = [
  new RegExp(String.raw`\bpor\s+(?:(?:los|las|esos|esas|estos|estas)\s+)?${NUMBER}\b`),
  new RegExp(String.raw`\b${NUMBER}\s+de\s+(?:esos|esas|estos|estas|ellos|ellas|ese|esa|este|esta|los|las)\b`),
  new RegExp(
    String.raw`\b(?:son|serian|seria|fueran|fuera|sean|llevo|llevara|llevaria|llevamos|compro|compraria)\s+${NUMBER}\b`,
  ),
  new RegExp(String.raw`\b${NUMBER}\s+(?:piezas|pares|unidades|pzas|of\s+(?:them|those|these))\b`),
  new RegExp(String.raw`\bfor\s+${NUMBER}\b`),
];
/** A number that is a size or an amount, not a count. */
const NOT_A_COUNT_BEFORE = new Set(['talla', 'tallas', 'size', 'del', 'numero', 'no', 'calzo', 'mide', '$']);
const NOT_A_COUNT_AFTER = new Set(['pesos', 'mxn', 'cm', 'mil', 'k', 'dias', 'days']);
const MAX_COUNT = 50;
/** Products looked up for one quote. */
const MAX_ITEMS = 5;

/** The quote the turn asks for, or null when it asks for none. */
export async function answerQuote(input: QuoteInput): Promise<QuoteSection | null> {
  const said = fold(input.texts.join(' '));
  if (said === '') return null;
  // `search`, not `test`: the pattern is global (to cut every mention out below).
  const asksInstalments = said.search(INSTALMENTS) >= 0;
  const asksPrice = PRICE_CUE.test(said) || asksInstalments;
  const withShipping = WITH_SHIPPING.test(said);
  const instalments = asksInstalments || input.state.quote?.instalments === true;
  const added = await addedToRunningTotal(said, input);
  if (added) return render(added, { withShipping, instalments }, input);
  // After a quote, "¿y si fueran 3 mochilas?" or "¿y nomás las botas?" quote it again.
  if (!asksPrice && !withShipping && !input.state.quote) return null;

  // "si me llevo las botas y un cinturón, ¿alcanzo meses sin intereses?": the pieces are the
  // words around the question, one each.
  const hypothetical = asksInstalments || IF_I_BUY.test(said);
  const pieces = hypothetical ? said.replace(INSTALMENTS, ' ').replace(IF_I_BUY, ' ') : said;
  const items =
    (await severalItems(pieces, input, { asksPrice, withShipping, oneEach: hypothetical })) ??
    (await forWhatWasDiscussed(said, input, asksPrice));
  if (!items) return null;
  return render(items, { withShipping, instalments }, input);
}

/**
 * "una sudadera gris y una gorra", or after a quote "2 sudaderas y la gorra": each part of the
 * message that names a product, with its count. New products need a count each ("una", "2")
 * and a price asked; the products of the last quote are known by a word of their name.
 */
async function severalItems(
  said: string,
  input: QuoteInput,
  { asksPrice, withShipping, oneEach }: { asksPrice: boolean; withShipping: boolean; oneEach: boolean },
): Promise<Item[] | null> {
  const parts = said
    .split(/\s*(?:[,;+]|\by\b|\be\b|\band\b|\bplus\b)\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2 && !input.state.quote) return null;
  const previous = input.state.quote?.items ?? [];
  const found: {
    sku?: string;
    words: string[];
    colour?: string;
    count?: number;
    previous?: QuoteState['items'][number];
  }[] = [];
  for (const part of parts.slice(0, MAX_ITEMS + 2)) {
    const detection = await input.detector.detect(part);
    const words = detection.slots.productWords.filter((word) => !isCount(word));
    if (words.length === 0) continue;
    const known = previous.find((item) => words.some((word) => nameHas(item.name, word)));
    found.push({
      words,
      colour: detection.slots.colour,
      count: countIn(part) ?? (oneEach ? 1 : undefined),
      previous: known,
    });
  }
  if (found.length === 0) return null;

  // Quoted again: the last quote's items, with the counts said now (or delivered), or only some.
  const only = ONLY.test(said);
  const changes = withShipping || only || found.some((f) => f.count !== undefined);
  if (previous.length > 0 && changes && found.every((f) => f.previous)) {
    const items: Item[] = [];
    for (const item of previous) {
      const said = found.find((f) => f.previous === item);
      if (!said && only) continue;
      const product = await findProduct(input.inventory, item.sku);
      if (!product) return null;
      items.push({ product, quantity: said?.count ?? item.quantity, colour: previous.length === 1 });
    }
    return items.length > 0 ? items : null;
  }
  // New products: two or more (or one bought "if…"), each with a count, and a price asked.
  const fewest = oneEach ? 1 : 2;
  if (!asksPrice || found.length < fewest || found.some((f) => f.count === undefined || f.previous)) return null;
  const items: Item[] = [];
  for (const part of found.slice(0, MAX_ITEMS)) {
    const { products } = await searchCatalog(input.inventory, { query: part.words.join(' '), colour: part.colour });
    if (products.length === 0) return null;
    items.push({ product: products[0], quantity: part.count!, colour: part.colour !== undefined });
  }
  return items;
}

/**
 * "y si le sumo 2 gorras", "agrégale unos calcetines, ¿cuánto sería?": after a quote or a
 * product discussed, the pieces before (each with its count) and the ones added now (their
 * count, or one), summed. Null when nothing was quoted or discussed, or the added product is
 * not found.
 */
async function addedToRunningTotal(said: string, input: QuoteInput): Promise<Item[] | null> {
  const cue = ADD_CUE.exec(said);
  if (!cue) return null;
  const { state } = input;
  // The model shown in several colours counts as one product discussed ("3 mochilas…").
  const shown = state.shown ?? [];
  const oneModel = shown.length > 0 && new Set(shown.map((s) => s.name)).size === 1 ? shown[0].sku : undefined;
  const discussed = state.product ?? oneModel;
  const before: { sku: string; quantity: number }[] =
    state.quote?.items ?? (discussed !== undefined ? [{ sku: discussed, quantity: state.quantity ?? 1 }] : []);
  if (before.length === 0) return null;
  const rest = said.slice(cue.index + cue[0].length).trim();
  if (rest === '') return null;
  const detection = await input.detector.detect(rest);
  const words = detection.slots.productWords.filter((word) => !isCount(word) && !FILLER.has(word));
  if (words.length === 0 && !detection.slots.category) return null;
  const product = await addedProduct(words, detection.slots.colour, detection.slots.category, input);
  if (!product) return null;
  const count = countIn(rest) ?? 1;
  const items: Item[] = [];
  for (const item of before.slice(0, MAX_ITEMS)) {
    const found = await findProduct(input.inventory, item.sku);
    if (!found) return null;
    items.push({ product: found, quantity: item.quantity, colour: item.sku !== oneModel });
  }
  const same = items.find((item) => item.product.sku === product.sku);
  if (same) same.quantity += count;
  else items.push({ product, quantity: count, colour: detection.slots.colour !== undefined });
  return items;
}

/** Words around an added product that name no product ("paquetes", "pa la escuela"). */
const FILLER = new Set(['paquete', 'paquetes', 'par', 'pares', 'pieza', 'piezas', 'unos', 'unas', 'cuanto', 'seria']);

/** The product added: a search of all the words said, then of each alone, then of the category. */
async function addedProduct(
  words: string[],
  colour: string | undefined,
  category: string | undefined,
  input: QuoteInput,
): Promise<Product | undefined> {
  const queries = [words.join(' '), ...(words.length > 1 ? words : []), category ?? ''].filter((q) => q !== '');
  for (const query of queries.slice(0, 4)) {
    const { products, forOthers } = await searchCatalog(input.inventory, { query, colour });
    const found = products[0] ?? forOthers[0];
    if (found) return found;
  }
  return undefined;
}

/**
 * "¿3 de esas cuánto serían?", "¿cuánto sería por los 3?", "¿y con envío?": the product
 * discussed (or the model shown in several colours, at one price), or the last quote.
 */
async function forWhatWasDiscussed(said: string, input: QuoteInput, asksPrice: boolean): Promise<Item[] | null> {
  const { plan, state } = input;
  const count = countFor(said, plan);
  // "la bordada, ¿me la mandan a Puebla? ¿cuánto sería?": one model of those shown, by a word of its name.
  const model = WITH_SHIPPING.test(said) ? await shownModel(plan.product?.words ?? [], input) : undefined;
  if (model) return [{ product: model, quantity: count ?? 1, colour: false }];
  // A message that names products is a search (the catalogue answers it), not a quote of these;
  // the place it goes to ("shipping to Tijuana") names none.
  const place = new Set(DESTINATION.exec(said)?.[1].split(' ') ?? []);
  const named = plan.product?.words.filter((word) => !place.has(word)) ?? [];
  if (plan.product && named.length > 0 && !plan.product.followUp) return null;
  if (count === undefined || count < 2) {
    // No count: only "¿y con envío?" after a quote or about one product is a quote.
    if (!WITH_SHIPPING.test(said)) return null;
    if (state.quote) return requote(state.quote, input);
    if (!state.product) return null;
    const product = await findProduct(input.inventory, state.product);
    return product ? [{ product, quantity: state.quantity ?? 1, colour: true }] : null;
  }
  if (!asksPrice && !WITH_SHIPPING.test(said)) return null;
  // The catalogue answers "¿cuánto por 2?" about one product itself (with its stock).
  if (state.product !== undefined && plan.product?.quantity === count) return null;
  if (state.product !== undefined) {
    const product = await findProduct(input.inventory, state.product);
    return product ? [{ product, quantity: count, colour: true }] : null;
  }
  if (state.quote?.items.length === 1) {
    const product = await findProduct(input.inventory, state.quote.items[0].sku);
    return product ? [{ product, quantity: count, colour: true }] : null;
  }
  // Several colours of one model, one price: "3 de esas" is that model, whichever colour.
  const shown = (state.shown ?? []).slice(0, MAX_ITEMS * 2);
  if (shown.length === 0 || new Set(shown.map((s) => s.name)).size !== 1) return null;
  const products = (await Promise.all(shown.map((s) => findProduct(input.inventory, s.sku)))).filter(
    (p): p is Product => p !== null,
  );
  if (products.length === 0 || new Set(products.map((p) => p.price.amount)).size !== 1) return null;
  return [{ product: products[0], quantity: count, colour: products.length === 1 }];
}

/** The one model (at one price, in any colour) of those shown that the words name, among others shown. */
async function shownModel(words: readonly string[], input: QuoteInput): Promise<Product | undefined> {
  const shown = input.state.shown ?? [];
  const named = shown.filter((s) => words.some((word) => nameHas(s.name, word)));
  if (named.length === 0 || named.length === shown.length || new Set(named.map((s) => s.name)).size !== 1)
    return undefined;
  const products = (
    await Promise.all(named.slice(0, MAX_ITEMS).map((s) => findProduct(input.inventory, s.sku)))
  ).filter((p): p is Product => p !== null);
  return products.length > 0 && new Set(products.map((p) => p.price.amount)).size === 1 ? products[0] : undefined;
}

async function requote(quote: QuoteState, input: QuoteInput): Promise<Item[] | null> {
  const items: Item[] = [];
  for (const item of quote.items.slice(0, MAX_ITEMS)) {
    const product = await findProduct(input.inventory, item.sku);
    if (!product) return null;
    items.push({ product, quantity: item.quantity, colour: quote.items.length === 1 });
  }
  return items;
}

function render(
  items: Item[],
  { withShipping, instalments }: { withShipping: boolean; instalments: boolean },
  input: QuoteInput,
): QuoteSection {
  const copy = ORDER_COPY[input.language];
  const currency = items[0].product.price.currency;
  const price = (cents: number) => formatMoney({ amount: (cents / 100).toFixed(2), currency });
  const lines: string[] = [copy.quoteTitle];
  let subtotal = 0;
  for (const { product, quantity, colour } of items) {
    const unit = toCents(product.price.amount);
    subtotal += unit * quantity;
    const name = colour ? `${product.name} (${input.copy.colour(product.color)})` : product.name;
    lines.push(copy.quoteItem(name, copy.line(quantity, price(unit), price(unit * quantity))));
  }
  let total = subtotal;
  if (withShipping) {
    const shipping = shippingFor(subtotal, input.shop);
    const threshold = input.shop.orders?.freeShippingFrom;
    const from = threshold ? formatMoney({ amount: threshold, currency }) : null;
    lines.push(
      shipping === null
        ? copy.delivery(null)
        : shipping === 0
          ? copy.freeShipping(from)
          : copy.shippingCost(price(shipping), from),
    );
    total += shipping ?? 0;
  }
  lines.push(withShipping ? copy.totalDelivered(price(total)) : copy.total(price(total)));
  if (instalments) {
    const from = input.shop.orders?.installmentsFrom;
    // A profile without the figure: its payment policy, which may state it in words.
    lines.push(
      from
        ? copy.instalments(price(total), formatMoney({ amount: from, currency }), total >= toCents(from))
        : input.shop.payment[input.language],
    );
  }
  lines.push(copy.quoteNext(items.length));
  const state: StatePatch = {
    quote: {
      items: items.map((i) => ({ sku: i.product.sku, name: i.product.name, quantity: i.quantity })),
      ...(instalments && { instalments }),
    },
    // One product: an order started next is for that many.
    quantity: items.length === 1 ? items[0].quantity : undefined,
    ...(items.length === 1 && { product: items[0].product.sku }),
    ...(items.length > 1 && {
      shown: items.map((i) => ({ sku: i.product.sku, name: i.product.name })),
      product: undefined,
    }),
  };
  return { lines, state, intent: 'quote' };
}

/** Shipping for a subtotal in cents, from the shop profile; null when it states none. */
function shippingFor(subtotal: number, shop: ShopProfile): number | null {
  const orders = shop.orders;
  if (!orders?.shippingCost) return null;
  if (orders.freeShippingFrom && subtotal >= toCents(orders.freeShippingFrom)) return 0;
  return toCents(orders.shippingCost);
}

/** The count the message gives for what was discussed. */
function countFor(said: string, plan: Plan): number | undefined {
  for (const pattern of COUNT_PATTERNS) {
    const match = pattern.exec(said);
    const value = match ? numberOf(match[1]) : undefined;
    if (value !== undefined && value >= 1 && value <= MAX_COUNT) return value;
  }
  return plan.product?.quantity;
}

/** The count of one part of a message ("una sudadera", "2 sudaderas", "la gorra" is none). */
function countIn(part: string): number | undefined {
  const tokens = part.split(/\s+/);
  for (const [i, token] of tokens.entries()) {
    const value = numberOf(token);
    if (value === undefined || value > MAX_COUNT) continue;
    if (NOT_A_COUNT_BEFORE.has(tokens[i - 1] ?? '') || NOT_A_COUNT_AFTER.has(tokens[i + 1] ?? '')) continue;
    return value;
  }
  return undefined;
}

function isCount(word: string): boolean {
  return numberOf(word) !== undefined;
}

function numberOf(token: string): number | undefined {
  if (/^\d{1,2}$/.test(token)) return Number(token);
  return NUMBER_WORDS.get(token);
}

function fold(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/[¿?¡!.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function toCents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

/** Whether a product's name has a word the customer said, by its stem ("sudaderas" is "Sudadera"). */
export function nameHas(name: string, word: string): boolean {
  // Without a plural "s": "botas" is a "Bota" although its first five letters are not.
  const stem = (value: string) =>
    foldAccents(value)
      .toLowerCase()
      .replace(/(\p{L})\1/gu, '$1')
      .replace(/s$/, '')
      .slice(0, 5);
  if (word.length < 4) return false;
  const wanted = stem(word);
  return name.split(/\s+/).some((part) => part.length >= 4 && stem(part) === wanted);
}
