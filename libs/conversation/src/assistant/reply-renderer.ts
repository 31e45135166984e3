import { type Category, formatMoney, type Money, type Product, type StockCheck } from '@mostrador/inventory';
import { LIMITS } from '@mostrador/whatsapp';
import { shopInfo } from '../catalog/catalog-queries.js';
import type { Language, ShopInfoTopic } from '../intent/detection.js';
import type { ShopProfile } from '../shop/shop-profile.js';
import type { AssistantCopy } from './assistant-copy.js';
import type { ReplyPart } from './assistant-engine.js';
import type { ProductQuery, ShownProduct, StatePatch } from './engine-state.js';
import { encodeAction } from './interactive-ids.js';

/**
 * Replies from what the catalogue queries returned, for both engines: pure functions of the
 * products, stock checks or categories, the copy of the customer's language and nothing
 * else, so a figure in a reply is always one the caller fetched. Interactive parts keep
 * WhatsApp's limits (LIMITS) and carry an empty body: `compose` puts the lines there.
 */

export interface Rendered {
  lines: string[];
  interactive?: ReplyPart;
  /** What the customer now sees, for the next turn ("el segundo", "¿y en rojo?"); the caller applies it. */
  state?: StatePatch;
}

/** One product found, with its stock check (null: the size or store asked for does not apply). */
export interface StockOffer {
  product: Product;
  check: StockCheck | null;
}

/** One product: name, colour, price, sizes, and what to do next. */
export function productCard(product: Product, copy: AssistantCopy): Rendered {
  // WhatsApp allows three buttons: stock, buying it, and the other colours (or the details).
  const choices = [
    { id: encodeAction({ action: 'stock', sku: product.sku }), title: copy.buttons.stock },
    { id: encodeAction({ action: 'buy', sku: product.sku }), title: copy.buttons.buy },
    product.otherColors.length > 0
      ? { id: encodeAction({ action: 'colors', sku: product.sku }), title: copy.buttons.colors }
      : { id: encodeAction({ action: 'details', sku: product.sku }), title: copy.buttons.details },
  ];
  return {
    lines: [
      `*${product.name}* (${product.brand}) — ${copy.colour(product.color)}`,
      formatMoney(product.price),
      copy.sizes(product.sizes.join(', ')),
    ],
    interactive: buttons(copy.chooseButton, choices),
    state: { product: product.sku, shown: [shownOf(product)] },
  };
}

/** The card with the description under the title and, for a model in several colours, which. */
export function productDetails(product: Product, copy: AssistantCopy): Rendered {
  const card = productCard(product, copy);
  const colours = product.otherColors.length > 0 ? [copy.colorsOf(product.name, coloursOf(product, copy))] : [];
  return {
    ...card,
    lines: [...card.lines.slice(0, 1), product.description, ...card.lines.slice(1), ...colours],
  };
}

/** Several products: a numbered text with prices, and a list to pick one (the first rows WhatsApp allows). */
export function productList(products: Product[], copy: AssistantCopy, what: string): Rendered {
  const shown = products.slice(0, LIMITS.listRows);
  const lines = [
    copy.found(products.length, what),
    ...shown.map((p, i) => `${i + 1}. ${p.name} — ${copy.colour(p.color)} — ${formatMoney(p.price)}`),
  ];
  if (products.length > shown.length) lines.push(copy.moreResults(shown.length, products.length));
  return {
    lines,
    interactive: list(
      copy.listButton,
      shown.map((p) => ({
        id: encodeAction({ action: 'details', sku: p.sku }),
        title: p.name,
        description: `${formatMoney(p.price)} · ${copy.colour(p.color)} · ${sizeRange(p.sizes)}`,
      })),
    ),
    state: { shown: shown.map(shownOf), product: undefined },
  };
}

/** The price of each product: one gets its card, several a numbered text. */
export function priceList(products: Product[], copy: AssistantCopy): Rendered {
  if (products.length === 0) return { lines: [copy.unknownProduct] };
  if (products.length === 1) return productCard(products[0], copy);
  return {
    lines: products.map((p, i) => `${i + 1}. ${p.name} — ${copy.colour(p.color)} — ${formatMoney(p.price)}`),
    state: { shown: products.map(shownOf) },
  };
}

/**
 * Units per store of each product checked (with its price when the product is given), and
 * whether one store has the quantity asked for.
 */
export function stockAnswer(
  checks: StockCheck[],
  copy: AssistantCopy,
  options: { quantity?: number; products?: Product[] } = {},
): Rendered {
  if (checks.length === 0) return { lines: [copy.unknownProduct] };
  const quantity = options.quantity ?? 1;
  const lines = checks.flatMap((check) => {
    const product = options.products?.find((p) => p.sku === check.sku);
    const what = `${check.name} ${copy.colour(check.color)}${check.size ? ` ${copy.size} ${check.size}` : ''}`;
    return [
      check.units > 0 ? copy.availableSummary(what, check.units) : copy.noStockAnywhere(what),
      ...(product ? [quantity > 1 ? totalOf(product, quantity, copy) : formatMoney(product.price)] : []),
      ...(check.units > 0 ? check.stores.map((s) => copy.stockLine(s.storeName, s.city, s.units)) : []),
      ...(check.units > 0 && check.units < quantity ? [copy.onlyUnits(check.units)] : []),
      ...(check.units >= quantity && quantity > 1 && !check.available ? [copy.quantityNotInOneStore(quantity)] : []),
    ];
  });
  const [first] = checks;
  if (checks.length > 1) return { lines, state: { shown: checks.map(shownOf) } };
  return {
    lines,
    interactive: buttons(copy.chooseButton, [
      { id: encodeAction({ action: 'buy', sku: first.sku }), title: copy.buttons.buy },
      { id: encodeAction({ action: 'details', sku: first.sku }), title: copy.buttons.details },
      { id: encodeAction({ action: 'colors', sku: first.sku }), title: copy.buttons.colors },
    ]),
    state: { shown: [shownOf(first)], product: first.sku },
  };
}

/**
 * Of the products checked, those with stock, with the figures and a list to pick one.
 * `total` is how many matched in all (only the best are checked).
 */
export function availabilityList(
  offers: StockOffer[],
  copy: AssistantCopy,
  options: { what: string; total: number; quantity?: number },
): Rendered {
  const available = offers.filter((o): o is { product: Product; check: StockCheck } => (o.check?.units ?? 0) > 0);
  const quantity = options.quantity ?? 1;
  if (available.length === 0)
    return { lines: [copy.noStockAnywhere(options.what)], state: { shown: offers.map((o) => shownOf(o.product)) } };
  if (available.length === 1) {
    const [{ product, check }] = available;
    return stockAnswer([check], copy, { quantity: options.quantity, products: [product] });
  }
  const stores = (check: StockCheck) => check.stores.filter((s) => s.units > 0).map((s) => `${s.storeName} ${s.units}`);
  return {
    lines: [
      copy.found(available.length, options.what),
      ...available.map(({ product, check }, i) => {
        const price = quantity > 1 ? totalOf(product, quantity, copy) : formatMoney(product.price);
        return `${i + 1}. ${product.name} — ${copy.colour(product.color)} — ${price} — ${copy.unitsAt(
          check.units,
          stores(check),
        )}`;
      }),
      ...(options.total > offers.length ? [copy.moreResults(offers.length, options.total)] : []),
    ],
    interactive: list(
      copy.listButton,
      available.map(({ product, check }) => ({
        id: encodeAction({ action: 'stock', sku: product.sku }),
        title: product.name,
        description: `${formatMoney(product.price)} · ${copy.colour(product.color)} · ${copy.unitsAt(check.units, [])}`,
      })),
    ),
    state: { shown: available.map(({ product }) => shownOf(product)), product: undefined },
  };
}

/** The colours a model comes in, each a row that opens that colour's card. */
export function coloursList(product: Product, copy: AssistantCopy): Rendered {
  const variants = [{ sku: product.sku, color: product.color }, ...product.otherColors];
  return {
    lines: [copy.colorsOf(product.name, coloursOf(product, copy))],
    ...(variants.length > 1 && {
      interactive: list(
        copy.listButton,
        variants.map((v) => ({
          id: encodeAction({ action: 'details', sku: v.sku }),
          title: product.name,
          description: copy.colour(v.color),
        })),
      ),
    }),
    state: { product: product.sku },
  };
}

/** The model does not come in the colour asked for: the ones it does. */
export function noSuchColour(product: Product, colour: string, copy: AssistantCopy): Rendered {
  return { lines: [copy.noOtherColour(product.name, copy.colour(colour), coloursOf(product, copy))] };
}

/**
 * A search that matched nothing. `found` is what the words alone found: when the colour, size
 * or price range filtered it all out, say which and what there is instead. What was searched
 * is described by what was recognised, never by the customer's words.
 */
export function noMatch(query: ProductQuery, found: Product[], copy: AssistantCopy): Rendered {
  const state = { shown: [] };
  if (found.length === 0) {
    return {
      lines: [copy.notFound(describeQuery(query, copy))],
      interactive: buttons(copy.chooseButton, [
        { id: encodeAction({ action: 'categories' }), title: copy.buttons.categories },
      ]),
      state,
    };
  }
  const base = describeQuery(
    { ...query, colour: undefined, size: undefined, maxPrice: undefined, minPrice: undefined },
    copy,
  );
  const byColour = query.colour ? found.filter((p) => p.color === query.colour) : found;
  if (query.colour !== undefined && byColour.length === 0) {
    const colours = unique(found.map((p) => copy.colour(p.color))).join(', ');
    const alternatives = base ? copy.colorsOf(base, colours) : copy.comesIn(colours);
    return {
      lines: [copy.notFoundWithFilter(base, `${copy.pieces.color} ${copy.colour(query.colour)}`, alternatives)],
      state,
    };
  }
  const size = query.size;
  const bySize = size === undefined ? byColour : byColour.filter((p) => p.sizes.includes(size));
  if (size !== undefined && bySize.length === 0) {
    const sizes = copy.sizes(unique(byColour.flatMap((p) => p.sizes)).join(', '));
    return { lines: [copy.notFoundWithFilter(base, `${copy.pieces.size} ${size}`, sizes)], state };
  }
  // The price range left nothing: what the nearest there is costs.
  const byPrice = [...bySize].sort((a, b) => Number(a.price.amount) - Number(b.price.amount));
  const alternative =
    query.maxPrice !== undefined
      ? copy.cheapestIs(formatMoney(byPrice[0].price))
      : copy.dearestIs(formatMoney(byPrice[byPrice.length - 1].price));
  return { lines: [copy.notFoundWithFilter(base, priceRangeOf(query, copy), alternative)], state };
}

/** The total of `quantity` of a product at its price: "2 × $249.90 MXN = $499.80 MXN". */
export function totalOf(product: Product, quantity: number, copy: AssistantCopy): string {
  return copy.total(quantity, formatMoney(product.price), formatMoney(times(product.price, quantity)));
}

/** Exact in cents: prices are decimal strings, and `0.1 * 3` is not `0.3`. */
function times(price: Money, quantity: number): Money {
  const cents = Math.round(Number(price.amount) * 100) * quantity;
  return { amount: (cents / 100).toFixed(2), currency: price.currency };
}

/** What `quantity` of one product costs, and how many of the size asked there are (null: no such size). */
export function totalAnswer(
  product: Product,
  check: StockCheck | null,
  quantity: number,
  copy: AssistantCopy,
): Rendered {
  if (check) return stockAnswer([check], copy, { quantity, products: [product] });
  const card = productCard(product, copy);
  return { ...card, lines: [card.lines[0], totalOf(product, quantity, copy), ...card.lines.slice(2)] };
}

/** No discount is listed (the shop profile states none): say so, quote nothing new, and offer a person. */
export function noDiscounts(copy: AssistantCopy, before?: Rendered): Rendered {
  return {
    lines: [...(before?.lines ?? []), copy.noDiscounts],
    interactive: buttons(copy.chooseButton, [
      { id: encodeAction({ action: 'agent' }), title: copy.buttons.agent },
      ...(before?.state?.product
        ? [{ id: encodeAction({ action: 'buy', sku: before.state.product }), title: copy.buttons.buy }]
        : []),
    ]),
    ...(before?.state && { state: before.state }),
  };
}

/** The one product first by price ("el más barato"), as a card under a line that says so. */
export function pickedByPrice(product: Product, sort: 'price_asc' | 'price_desc', copy: AssistantCopy): Rendered {
  const card = productCard(product, copy);
  return { ...card, lines: [sort === 'price_asc' ? copy.cheapestPick : copy.dearestPick, ...card.lines] };
}

/** The categories, as a list to pick one, or as text when the reply already has an interactive part. */
export function categoriesList(categories: Category[], copy: AssistantCopy, options: { asList: boolean }): Rendered {
  if (!options.asList) return { lines: [copy.categoriesIntro, categories.map((c) => c.name).join(', ')] };
  return {
    lines: [copy.categoriesIntro],
    interactive: list(
      copy.buttons.categories,
      categories.map((c) => ({
        id: encodeAction({ action: 'category', name: c.name }),
        title: c.name,
        description: `${copy.categoryRow(c.productCount)} · ${c.description}`,
      })),
    ),
  };
}

/** What the shop profile says about each topic asked, titled, each line once. */
export function shopInfoLines(
  shop: ShopProfile,
  topics: Iterable<ShopInfoTopic | 'general'>,
  language: Language,
  copy: AssistantCopy,
  store?: string,
): string[] {
  const titled = (title: string, topic: ShopInfoTopic) =>
    `*${title}*: ${shopInfo(shop, topic, language, store).join(' ')}`;
  const stores = () => {
    const lines = shopInfo(shop, 'stores', language, store).map((s) => `• ${s}`);
    // One store asked about: its line alone, without the list's introduction.
    return lines.length === 1 && store !== undefined ? lines : [copy.storesIntro(shop.name), ...lines];
  };
  const lines = [...topics].flatMap((topic) => {
    switch (topic) {
      case 'hours':
        return [titled(copy.hoursTitle, 'hours')];
      case 'address':
      case 'stores':
        return stores();
      case 'payment':
        return [titled(copy.paymentTitle, 'payment')];
      case 'shipping':
        return [titled(copy.shippingTitle, 'shipping')];
      case 'returns':
        return [titled(copy.returnsTitle, 'returns')];
      case 'general':
        return [shop.description[language], titled(copy.hoursTitle, 'hours'), ...stores()];
    }
  });
  return unique(lines);
}

/** What the assistant can do, with the three places to start. */
export function capabilitiesMenu(copy: AssistantCopy): Rendered {
  return {
    lines: [copy.capabilities],
    interactive: buttons('', [
      { id: encodeAction({ action: 'categories' }), title: copy.buttons.categories },
      { id: encodeAction({ action: 'info', topic: 'stores' }), title: copy.buttons.stores },
      { id: encodeAction({ action: 'info', topic: 'hours' }), title: copy.buttons.hours },
    ]),
  };
}

/**
 * A search as the assistant understood it — "tenis para niño en color negro en talla 27 de
 * hasta $1,000" — from what it recognised (the category, whose, colour, size, price range),
 * never from the customer's own words; empty when nothing was recognised.
 */
export function describeQuery(query: ProductQuery, copy: AssistantCopy): string {
  const filters = [
    query.audience && query.audience !== 'adults' && copy.audience(query.audience),
    query.colour && `${copy.pieces.color} ${copy.colour(query.colour)}`,
    query.size && `${copy.pieces.size} ${query.size}`,
    priceRangeOf(query, copy),
  ].filter(Boolean);
  const kind = query.category ?? (filters.length > 0 ? copy.products : '');
  return [kind, ...filters].filter(Boolean).join(' ');
}

function priceRangeOf(query: ProductQuery, copy: AssistantCopy): string {
  const amount = (value: number | undefined) => (value === undefined ? undefined : `$${value.toLocaleString('en-US')}`);
  return copy.priceRange(amount(query.minPrice), amount(query.maxPrice));
}

/** Cut to `max` characters, with an ellipsis when something was cut. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export function text(value: string): ReplyPart {
  return { kind: 'text', text: value };
}

/** Reply buttons: WhatsApp takes at most 3, each title at most 20 characters. */
export function buttons(body: string, choices: { id: string; title: string }[]): ReplyPart {
  return {
    kind: 'buttons',
    body,
    buttons: choices.slice(0, LIMITS.buttons).map((c) => ({ id: c.id, title: truncate(c.title, LIMITS.buttonTitle) })),
  };
}

/** A list message: WhatsApp takes at most 10 rows, titles of 24 and descriptions of 72 characters. */
export function list(button: string, rows: { id: string; title: string; description: string }[]): ReplyPart {
  return {
    kind: 'list',
    body: '',
    button: truncate(button, LIMITS.listButton),
    rows: rows.slice(0, LIMITS.listRows).map((r) => ({
      id: r.id,
      title: truncate(r.title, LIMITS.rowTitle),
      description: truncate(r.description, LIMITS.rowDescription),
    })),
  };
}

/**
 * The lines as one message; an interactive part carries them as its body when they fit
 * (one message on the customer's phone), otherwise it follows the text.
 */
export function compose(lines: readonly string[], interactive: ReplyPart | undefined): ReplyPart[] {
  const body = lines.filter((l) => l.trim() !== '').join('\n');
  if (!interactive) return body ? [text(body)] : [];
  if (interactive.kind === 'text') return [text([body, interactive.text].filter(Boolean).join('\n'))];
  const own = interactive.body;
  const merged = [body, own].filter(Boolean).join('\n\n');
  if (merged && merged.length <= LIMITS.interactiveBody) return [{ ...interactive, body: merged }];
  return [...(body ? [text(body)] : []), { ...interactive, body: own || '👇' }];
}

function shownOf(item: { sku: string; name: string }): ShownProduct {
  return { sku: item.sku, name: item.name };
}

function coloursOf(product: Product, copy: AssistantCopy): string {
  return [product.color, ...product.otherColors.map((c) => c.color)].map((c) => copy.colour(c)).join(', ');
}

function sizeRange(sizes: string[]): string {
  return sizes.length <= 3 ? sizes.join(', ') : `${sizes[0]}–${sizes[sizes.length - 1]}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
