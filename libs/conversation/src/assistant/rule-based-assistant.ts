import type { StoredMessage } from '@mostrador/database';
import {
  formatMoney,
  type InventoryClient,
  InventoryError,
  InventoryFaultError,
  type Product,
  type StockCheck,
} from '@mostrador/inventory';
import { LIMITS } from '@mostrador/whatsapp';
import type { Detection, Intent, Language, ShopInfoTopic } from '../intent/detection.js';
import type { IntentDetector } from '../intent/intent-detector.js';
import type { ShopProfile } from '../shop/shop-profile.js';
import { type AssistantCopy, COPY } from './assistant-copy.js';
import { AssistantEngine, type AssistantInput, type AssistantReply, type ReplyPart } from './assistant-engine.js';
import { decodeAction, encodeAction, type InteractiveAction } from './interactive-ids.js';

/** What the engine remembers between turns (the conversation memory's `context`). */
export interface EngineState {
  language?: Language;
  /** The products last listed, in the order shown ("el segundo"). Names only: prices and stock are always fetched again. */
  shown?: { sku: string; name: string }[];
  /** The product the conversation is about ("¿y en rojo?", "¿cuánto cuesta?"). */
  product?: string;
  /** The last search, to refine ("¿y en talla 26?"). */
  query?: ProductQuery;
}

interface ProductQuery {
  words: string[];
  colour?: string;
  size?: string;
  category?: string;
}

type ProductIntent = 'product_search' | 'price' | 'availability' | 'product_details';
const PRODUCT_INTENTS: readonly Intent[] = ['product_search', 'price', 'availability', 'product_details'];
const SPECIFICITY: Record<ProductIntent, number> = { product_search: 1, product_details: 2, price: 3, availability: 4 };

interface ProductAsk extends ProductQuery {
  intent: ProductIntent;
  quantity?: number;
  store?: string;
  ordinal?: number;
  followUp: boolean;
}

/** A tap that leads to products; the others (info, categories, agent) fold into the plan. */
type ProductTap = Extract<InteractiveAction, { action: 'details' | 'stock' | 'colors' | 'category' }>;

type Ask =
  | { kind: 'detected'; detection: Detection }
  | { kind: 'tap'; action: InteractiveAction }
  | { kind: 'media' }
  | { kind: 'unsupported' }
  | { kind: 'silent' };

/** The turn's messages, folded into one thing to answer. */
interface Plan {
  language?: Language;
  command?: 'opt_out' | 'opt_in' | 'human_agent';
  greeting: boolean;
  thanks: boolean;
  help: boolean;
  media: boolean;
  unsupported: boolean;
  categories: boolean;
  topics: Set<ShopInfoTopic | 'general'>;
  product?: ProductAsk;
  tap?: ProductTap;
}

const SEARCH_POOL = 30;
const STOCK_CHECKS = 3;
/** Products whose stock one answer checks (one CheckStock each): the best matches. */
const STOCK_LIST = 5;

// Clothing sizes as customers say them → as the catalogue writes them (Mexican sizing).
const CLOTHING_SIZES: Record<string, string> = { XS: 'CH', S: 'CH', L: 'G', XL: 'EG', XXL: 'EG' };

/** Thrown inside a turn when the inventory cannot answer: the reply says so honestly. */
class InventoryDown extends Error {}

/**
 * The embedded assistant: intent detection, then only facts from the inventory (fetched in
 * this turn) and the shop profile. It never states a price, a stock figure or a shop fact
 * it was not given.
 */
export class RuleBasedAssistant extends AssistantEngine {
  constructor(
    private readonly detector: IntentDetector,
    private readonly inventory: InventoryClient,
    private readonly shop: ShopProfile,
  ) {
    super();
  }

  async respond({ context, messages }: AssistantInput): Promise<AssistantReply> {
    const state = (context.memory.context ?? {}) as EngineState;
    const asks: Ask[] = [];
    for (const message of messages) asks.push(await this.interpret(message));
    const plan = fold(asks);
    const language = plan.language ?? state.language ?? (context.customer.language === 'en' ? 'en' : 'es');
    const copy = COPY[language];
    const next: EngineState = { ...state, language };

    if (plan.command === 'opt_out') return this.reply([text(copy.optedOut)], 'opt_out', language, next, 'opt_out');
    if (plan.command === 'human_agent')
      return this.reply([text(copy.handoff)], 'human_agent', language, next, 'handoff');

    const lines: string[] = [];
    let interactive: ReplyPart | undefined;
    let intent: AssistantReply['intent'] = 'other';

    if (plan.command === 'opt_in') {
      lines.push(copy.optedIn);
      intent = 'opt_in';
    }
    if (plan.greeting) {
      lines.push(copy.greeting(firstName(context.customer.displayName), this.shop.name));
      intent = intent === 'other' ? 'greeting' : intent;
    }

    try {
      if (plan.tap) {
        const answer = await this.answerTap(plan.tap, copy, next);
        lines.push(...answer.lines);
        interactive = answer.interactive ?? interactive;
        intent = 'interactive';
      }
      if (plan.product) {
        const answer = await this.answerProduct(plan.product, copy, next);
        lines.push(...answer.lines);
        interactive = answer.interactive ?? interactive;
        intent = plan.product.intent;
      }
      if (plan.categories) {
        const answer = await this.answerCategories(copy, interactive === undefined);
        lines.push(...answer.lines);
        interactive = answer.interactive ?? interactive;
        intent = plan.product ? intent : 'categories';
      }
    } catch (error) {
      if (!(error instanceof InventoryDown)) throw error;
      lines.push(copy.inventoryDown);
      intent = plan.product?.intent ?? 'product_search';
    }

    if (plan.topics.size > 0) {
      lines.push(...this.answerShopInfo(plan.topics, language, copy));
      if (!plan.product && !plan.tap) intent = 'shop_info';
    }
    if (plan.media && lines.length === 0) {
      lines.push(copy.media);
      intent = 'media';
    }
    if (plan.unsupported && lines.length === 0) {
      lines.push(copy.unsupported);
      intent = 'media';
    }
    if (plan.thanks) {
      lines.push(copy.thanks);
      if (intent === 'other') intent = 'thanks_goodbye';
    }
    const asked = plan.product || plan.tap || plan.categories || plan.topics.size > 0 || plan.media || plan.unsupported;
    if (!asked && !plan.thanks && plan.command !== 'opt_in' && (plan.greeting || plan.help)) {
      lines.push(copy.capabilities);
      interactive ??= {
        kind: 'buttons',
        body: '',
        buttons: [
          { id: encodeAction({ action: 'categories' }), title: copy.buttons.categories },
          { id: encodeAction({ action: 'info', topic: 'stores' }), title: copy.buttons.stores },
          { id: encodeAction({ action: 'info', topic: 'hours' }), title: copy.buttons.hours },
        ],
      };
    }

    return this.reply(
      compose(lines, interactive),
      intent,
      language,
      next,
      plan.command === 'opt_in' ? 'opt_in' : undefined,
    );
  }

  private reply(
    parts: ReplyPart[],
    intent: AssistantReply['intent'],
    language: Language,
    state: EngineState,
    action?: AssistantReply['action'],
  ): AssistantReply {
    return { parts, intent, language, context: state as Record<string, unknown>, ...(action && { action }) };
  }

  private async interpret(message: StoredMessage): Promise<Ask> {
    const payload = (message.payload ?? {}) as Record<string, unknown>;
    switch (message.type) {
      case 'interactive':
      case 'button': {
        const id = tappedId(payload);
        const action = id ? decodeAction(id) : null;
        if (action) return { kind: 'tap', action };
        break;
      }
      case 'reaction':
      case 'revoke':
      case 'system':
        return { kind: 'silent' };
      case 'request_welcome':
        return { kind: 'detected', detection: await this.detector.detect('hola') };
      case 'image':
      case 'video':
      case 'audio':
      case 'sticker':
      case 'document':
      case 'location':
      case 'contacts':
        // A caption is read like any text; a bare photo or voice note is not understood.
        if (message.text && message.type !== 'location' && message.type !== 'contacts') break;
        return { kind: 'media' };
      case 'unsupported':
        return { kind: 'unsupported' };
      default:
        break;
    }
    if (!message.text || message.text.trim() === '')
      return { kind: message.type === 'text' ? 'silent' : 'unsupported' };
    return { kind: 'detected', detection: await this.detector.detect(message.text) };
  }

  private async answerTap(
    tap: ProductTap,
    copy: AssistantCopy,
    state: EngineState,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    switch (tap.action) {
      case 'details':
        return this.describeProduct(tap.sku, copy, state);
      case 'stock':
        return this.stockOf([tap.sku], {}, copy, state);
      case 'colors': {
        const product = await this.call(() => this.inventory.getProduct(tap.sku));
        if (!product) return { lines: [copy.unknownProduct] };
        state.product = product.sku;
        return this.listColours(product, copy);
      }
      case 'category':
        return this.search({ intent: 'product_search', words: [], category: tap.name, followUp: false }, copy, state);
    }
  }

  private async answerProduct(
    ask: ProductAsk,
    copy: AssistantCopy,
    state: EngineState,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const size = normaliseSize(ask.size);
    // "el segundo": a product from the list last shown.
    if (ask.ordinal !== undefined && ask.words.length === 0 && state.shown && state.shown.length > 0) {
      const index = ask.ordinal === -1 ? state.shown.length - 1 : ask.ordinal - 1;
      const picked = state.shown[index];
      if (picked) return this.answerAbout([picked.sku], { ...ask, size }, copy, state);
    }
    if (ask.words.length === 0 && !ask.category && ask.followUp) {
      // "¿y en rojo?" about one product: its sibling in that colour.
      if (ask.colour && state.product) {
        const product = await this.call(() => this.inventory.getProduct(state.product!));
        if (product) return this.otherColour(product, ask.colour, { ...ask, size }, copy, state);
      }
      // "¿cuánto cuesta?", "¿hay en mi talla?" about what was just discussed.
      if (!ask.colour && state.product && (ask.intent !== 'product_search' || size)) {
        return this.answerAbout([state.product], { ...ask, size }, copy, state);
      }
      if (state.query) {
        return this.search(
          {
            ...ask,
            words: state.query.words,
            category: state.query.category,
            colour: ask.colour ?? state.query.colour,
            size: size ?? state.query.size,
          },
          copy,
          state,
        );
      }
      if (ask.intent !== 'product_search' && state.shown && state.shown.length > 0) {
        return this.answerAbout(
          state.shown.map((s) => s.sku),
          { ...ask, size },
          copy,
          state,
        );
      }
    }
    if (ask.words.length === 0 && !ask.category) return { lines: [copy.askWhatProduct] };
    return this.search({ ...ask, size }, copy, state);
  }

  /** Price, stock or details of products already identified. */
  private answerAbout(
    skus: string[],
    ask: ProductAsk,
    copy: AssistantCopy,
    state: EngineState,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    switch (ask.intent) {
      case 'availability':
        return this.stockOf(skus, ask, copy, state);
      case 'price':
        return this.prices(skus, copy, state);
      case 'product_details':
      case 'product_search':
        return this.describeProduct(skus[0], copy, state);
    }
  }

  private async search(
    ask: ProductAsk,
    copy: AssistantCopy,
    state: EngineState,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const query = [...ask.words, ...(ask.colour ? [ask.colour] : [])].join(' ') || ask.category || '';
    const found = await this.call(() =>
      this.inventory.searchProducts({ query, category: ask.category, maxResults: SEARCH_POOL }),
    );
    state.query = { words: ask.words, colour: ask.colour, size: ask.size, category: ask.category };
    const what = describeQuery(ask, copy);
    const relevant = (await this.everyWordKnown(ask.words)) ? found : [];
    const byColour = ask.colour ? relevant.filter((p) => p.color === ask.colour) : relevant;
    const matches = ask.size ? byColour.filter((p) => p.sizes.includes(ask.size!)) : byColour;

    if (matches.length === 0) {
      state.shown = [];
      if (relevant.length === 0) {
        return {
          lines: [copy.notFound(what)],
          interactive: buttons(copy.chooseButton, [
            { id: encodeAction({ action: 'categories' }), title: copy.buttons.categories },
          ]),
        };
      }
      const base = describeQuery({ ...ask, colour: undefined, size: undefined }, copy);
      const wrongColour = ask.colour !== undefined && byColour.length === 0;
      const alternatives = wrongColour
        ? copy.colorsOf(base, unique(relevant.map((p) => copy.colour(p.color))).join(', '))
        : copy.sizes(unique(byColour.flatMap((p) => p.sizes)).join(', '));
      const filter = wrongColour
        ? `${copy.pieces.color} ${copy.colour(ask.colour!)}`
        : `${copy.pieces.size} ${ask.size}`;
      return { lines: [copy.notFoundWithFilter(base, filter, alternatives)] };
    }

    // A size (or "¿tienen…?") asks whether there is one to buy: answer with stock.
    if (ask.size || ask.intent === 'availability')
      return this.inStock(matches.slice(0, STOCK_LIST), ask, what, copy, state, matches.length);
    if (matches.length === 1) return this.card(matches[0], copy, state);
    return this.list(matches, what, copy, state);
  }

  /** Of the products found, those with stock (in the size and store asked for), with the figures. */
  private async inStock(
    products: Product[],
    ask: ProductAsk,
    what: string,
    copy: AssistantCopy,
    state: EngineState,
    /** How many matched in all (only the best are checked). */
    total: number,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const checks = await Promise.all(products.map((p) => this.stockCheck(p.sku, ask)));
    const available = products
      .map((product, i) => ({ product, check: checks[i] }))
      .filter((pair): pair is { product: Product; check: StockCheck } => (pair.check?.units ?? 0) > 0);
    if (available.length === 0) {
      state.shown = products.map((p) => ({ sku: p.sku, name: p.name }));
      return { lines: [copy.noStockAnywhere(what)] };
    }
    if (available.length === 1)
      return this.stockOf([available[0].product.sku], ask, copy, state, [available[0].product]);
    state.shown = available.map(({ product }) => ({ sku: product.sku, name: product.name }));
    state.product = undefined;
    return {
      lines: [
        copy.found(available.length, what),
        ...available.map(
          ({ product, check }, i) =>
            `${i + 1}. ${product.name} — ${copy.colour(product.color)} — ${formatMoney(product.price)} — ${copy.unitsAt(
              check.units,
              check.stores.filter((s) => s.units > 0).map((s) => `${s.storeName} ${s.units}`),
            )}`,
        ),
        ...(total > products.length ? [copy.moreResults(products.length, total)] : []),
      ],
      interactive: {
        kind: 'list',
        body: '',
        button: copy.listButton,
        rows: available.map(({ product, check }) => ({
          id: encodeAction({ action: 'stock', sku: product.sku }),
          title: truncate(product.name, LIMITS.rowTitle),
          description: truncate(
            `${formatMoney(product.price)} · ${copy.colour(product.color)} · ${copy.unitsAt(check.units, [])}`,
            LIMITS.rowDescription,
          ),
        })),
      },
    };
  }

  /**
   * The inventory's search falls back to any-word matches ("trajes de astronauta" finds a
   * shoe to wear with a suit): with several words, each must find something on its own.
   */
  private async everyWordKnown(words: string[]): Promise<boolean> {
    if (words.length < 2) return true;
    const hits = await Promise.all(
      words.map((word) => this.call(() => this.inventory.searchProducts({ query: word, maxResults: 1 }))),
    );
    return hits.every((found) => found.length > 0);
  }

  private stockCheck(sku: string, ask: Partial<ProductAsk>): Promise<StockCheck | null> {
    return this.call(
      () => this.inventory.checkStock({ sku, size: ask.size, quantity: ask.quantity, store: ask.store }),
      // A size the product does not come in, or a store the inventory does not know, is an answer.
      (fault) => (fault.code === 'SIZE_NOT_OFFERED' || fault.code === 'UNKNOWN_STORE' ? null : undefined),
    );
  }

  /** Several products: a numbered text with prices, and a list to pick one. */
  private list(
    products: Product[],
    what: string,
    copy: AssistantCopy,
    state: EngineState,
  ): { lines: string[]; interactive: ReplyPart } {
    const shown = products.slice(0, LIMITS.listRows);
    state.shown = shown.map((p) => ({ sku: p.sku, name: p.name }));
    state.product = undefined;
    const lines = [
      copy.found(products.length, what),
      ...shown.map((p, i) => `${i + 1}. ${p.name} — ${copy.colour(p.color)} — ${formatMoney(p.price)}`),
    ];
    if (products.length > shown.length) lines.push(copy.moreResults(shown.length, products.length));
    return {
      lines,
      interactive: {
        kind: 'list',
        body: '',
        button: copy.listButton,
        rows: shown.map((p) => ({
          id: encodeAction({ action: 'details', sku: p.sku }),
          title: truncate(p.name, LIMITS.rowTitle),
          description: truncate(
            `${formatMoney(p.price)} · ${copy.colour(p.color)} · ${sizeRange(p.sizes)}`,
            LIMITS.rowDescription,
          ),
        })),
      },
    };
  }

  /** One product: name, colour, price, sizes, and what to do next. */
  private card(product: Product, copy: AssistantCopy, state: EngineState): { lines: string[]; interactive: ReplyPart } {
    state.product = product.sku;
    state.shown = [{ sku: product.sku, name: product.name }];
    const lines = [
      `*${product.name}* (${product.brand}) — ${copy.colour(product.color)}`,
      formatMoney(product.price),
      copy.sizes(product.sizes.join(', ')),
    ];
    const choices = [
      { id: encodeAction({ action: 'stock', sku: product.sku }), title: copy.buttons.stock },
      { id: encodeAction({ action: 'details', sku: product.sku }), title: copy.buttons.details },
    ];
    if (product.otherColors.length > 0)
      choices.push({ id: encodeAction({ action: 'colors', sku: product.sku }), title: copy.buttons.colors });
    return { lines, interactive: buttons(copy.chooseButton, choices) };
  }

  private async describeProduct(
    sku: string,
    copy: AssistantCopy,
    state: EngineState,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const product = await this.call(() => this.inventory.getProduct(sku));
    if (!product) return { lines: [copy.unknownProduct] };
    const card = this.card(product, copy, state);
    const colours =
      product.otherColors.length > 0
        ? [
            copy.colorsOf(
              product.name,
              [product.color, ...product.otherColors.map((c) => c.color)].map((c) => copy.colour(c)).join(', '),
            ),
          ]
        : [];
    return {
      lines: [...card.lines.slice(0, 1), product.description, ...card.lines.slice(1), ...colours],
      interactive: card.interactive,
    };
  }

  private async prices(
    skus: string[],
    copy: AssistantCopy,
    state: EngineState,
    known: Product[] = [],
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const products: Product[] = [];
    for (const sku of skus.slice(0, LIMITS.listRows)) {
      const product = known.find((p) => p.sku === sku) ?? (await this.call(() => this.inventory.getProduct(sku)));
      if (product) products.push(product);
    }
    if (products.length === 0) return { lines: [copy.unknownProduct] };
    if (products.length === 1) return this.card(products[0], copy, state);
    state.shown = products.map((p) => ({ sku: p.sku, name: p.name }));
    return { lines: products.map((p, i) => `${i + 1}. ${p.name} — ${copy.colour(p.color)} — ${formatMoney(p.price)}`) };
  }

  /** Stock per store of up to three products (of the size and store asked for). */
  private async stockOf(
    skus: string[],
    ask: Partial<ProductAsk>,
    copy: AssistantCopy,
    state: EngineState,
    known: Product[] = [],
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const lines: string[] = [];
    const checked: StockCheck[] = [];
    for (const check of await Promise.all(skus.slice(0, STOCK_CHECKS).map((sku) => this.stockCheck(sku, ask)))) {
      if (check) checked.push(check);
    }
    if (checked.length === 0) return { lines: [copy.unknownProduct] };
    for (const check of checked) {
      const product = known.find((p) => p.sku === check.sku);
      const what = `${check.name} ${copy.colour(check.color)}${check.size ? ` ${copy.size} ${check.size}` : ''}`;
      lines.push(check.units > 0 ? copy.availableSummary(what, check.units) : copy.noStockAnywhere(what));
      if (product) lines.push(formatMoney(product.price));
      if (check.units > 0) lines.push(...check.stores.map((s) => copy.stockLine(s.storeName, s.city, s.units)));
      if (check.units > 0 && (ask.quantity ?? 1) > 1 && !check.available)
        lines.push(copy.quantityNotInOneStore(ask.quantity!));
    }
    state.shown = checked.map((c) => ({ sku: c.sku, name: c.name }));
    state.product = checked.length === 1 ? checked[0].sku : state.product;
    const first = checked[0];
    return {
      lines,
      interactive:
        checked.length === 1
          ? buttons(copy.chooseButton, [
              { id: encodeAction({ action: 'details', sku: first.sku }), title: copy.buttons.details },
              { id: encodeAction({ action: 'colors', sku: first.sku }), title: copy.buttons.colors },
            ])
          : undefined,
    };
  }

  private async otherColour(
    product: Product,
    colour: string,
    ask: ProductAsk,
    copy: AssistantCopy,
    state: EngineState,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    if (product.color === colour) return this.answerAbout([product.sku], ask, copy, state);
    const sibling = product.otherColors.find((c) => c.color === colour);
    if (!sibling) {
      const colours = [product.color, ...product.otherColors.map((c) => c.color)].map((c) => copy.colour(c)).join(', ');
      return { lines: [copy.noOtherColour(product.name, copy.colour(colour), colours)] };
    }
    const intent = ask.intent === 'product_search' ? 'product_details' : ask.intent;
    return this.answerAbout([sibling.sku], { ...ask, intent }, copy, state);
  }

  private listColours(product: Product, copy: AssistantCopy): { lines: string[]; interactive?: ReplyPart } {
    const variants = [{ sku: product.sku, color: product.color }, ...product.otherColors];
    return {
      lines: [copy.colorsOf(product.name, variants.map((v) => copy.colour(v.color)).join(', '))],
      interactive:
        variants.length > 1
          ? {
              kind: 'list',
              body: '',
              button: copy.listButton,
              rows: variants.slice(0, LIMITS.listRows).map((v) => ({
                id: encodeAction({ action: 'details', sku: v.sku }),
                title: truncate(`${product.name}`, LIMITS.rowTitle),
                description: truncate(copy.colour(v.color), LIMITS.rowDescription),
              })),
            }
          : undefined,
    };
  }

  private async answerCategories(
    copy: AssistantCopy,
    withList: boolean,
  ): Promise<{ lines: string[]; interactive?: ReplyPart }> {
    const categories = await this.call(() => this.inventory.listCategories());
    const lines = [copy.categoriesIntro, categories.map((c) => c.name).join(', ')];
    if (!withList) return { lines };
    return {
      lines: [copy.categoriesIntro],
      interactive: {
        kind: 'list',
        body: '',
        button: copy.buttons.categories,
        rows: categories.slice(0, LIMITS.listRows).map((c) => ({
          id: encodeAction({ action: 'category', name: c.name }),
          title: truncate(c.name, LIMITS.rowTitle),
          description: truncate(`${copy.categoryRow(c.productCount)} · ${c.description}`, LIMITS.rowDescription),
        })),
      },
    };
  }

  private answerShopInfo(topics: Set<ShopInfoTopic | 'general'>, language: Language, copy: AssistantCopy): string[] {
    const shop = this.shop;
    const lines: string[] = [];
    const stores = () => [
      copy.storesIntro(shop.name),
      ...shop.stores.map(
        (s) =>
          `• ${s.name} (${s.city}): ${s.address}${s.phone ? `, ${s.phone}` : ''}${s.hours ? ` — ${s.hours[language]}` : ''}`,
      ),
    ];
    for (const topic of topics) {
      switch (topic) {
        case 'hours':
          lines.push(`*${copy.hoursTitle}*: ${shop.hours[language]}`);
          break;
        case 'address':
        case 'stores':
          lines.push(...stores());
          break;
        case 'payment':
          lines.push(`*${copy.paymentTitle}*: ${shop.payment[language]}`);
          break;
        case 'shipping':
          lines.push(`*${copy.shippingTitle}*: ${shop.shipping[language]}`);
          break;
        case 'returns':
          lines.push(`*${copy.returnsTitle}*: ${shop.returns[language]}`);
          break;
        case 'general':
          lines.push(shop.description[language], `*${copy.hoursTitle}*: ${shop.hours[language]}`, ...stores());
          break;
      }
    }
    return unique(lines);
  }

  /**
   * Every inventory call passes here: a failure to reach it becomes the honest "cannot
   * check right now"; `onFault` may turn an expected SOAP fault into an answer (null).
   */
  private async call<T>(fn: () => Promise<T>, onFault?: (fault: InventoryFaultError) => T | undefined): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof InventoryFaultError && onFault) {
        const handled = onFault(error);
        if (handled !== undefined) return handled;
      }
      if (error instanceof InventoryError) throw new InventoryDown(error.message, { cause: error });
      throw error;
    }
  }
}

/** Folds the turn's messages, in order, into one plan: later messages refine earlier ones. */
function fold(asks: Ask[]): Plan {
  const plan: Plan = {
    greeting: false,
    thanks: false,
    help: false,
    media: false,
    unsupported: false,
    categories: false,
    topics: new Set(),
  };
  for (const ask of asks) {
    switch (ask.kind) {
      case 'silent':
        break;
      case 'media':
        plan.media = true;
        break;
      case 'unsupported':
        plan.unsupported = true;
        break;
      case 'tap':
        if (ask.action.action === 'agent') plan.command = 'human_agent';
        else if (ask.action.action === 'info') plan.topics.add(ask.action.topic as ShopInfoTopic);
        else if (ask.action.action === 'categories') plan.categories = true;
        else plan.tap = ask.action;
        break;
      case 'detected':
        foldDetection(plan, ask.detection);
        break;
    }
  }
  return plan;
}

function foldDetection(plan: Plan, detection: Detection): void {
  plan.language = detection.language;
  const { intent, slots } = detection;
  switch (intent) {
    case 'opt_out':
    case 'opt_in':
    case 'human_agent':
      plan.command = intent;
      return;
    case 'greeting':
      plan.greeting = true;
      return;
    case 'thanks_goodbye':
      plan.thanks = true;
      return;
    case 'categories':
      plan.categories = true;
      return;
    case 'shop_info':
      plan.topics.add(slots.topic ?? 'general');
      return;
    case 'other':
      plan.help = true;
      return;
    case 'product_search':
    case 'price':
    case 'availability':
    case 'product_details':
      break;
  }
  if (!PRODUCT_INTENTS.includes(intent)) return;
  const incoming: ProductAsk = {
    intent,
    words: slots.productWords,
    colour: slots.colour,
    size: slots.size,
    category: slots.category,
    quantity: slots.quantity,
    store: slots.store,
    ordinal: slots.ordinal,
    followUp: slots.followUp,
  };
  const current = plan.product;
  if (!current) {
    plan.product = incoming;
    return;
  }
  // Within one burst, a later message names a new product or refines the one asked about.
  const newProduct = incoming.words.length > 0 && !incoming.followUp;
  plan.product = {
    intent: SPECIFICITY[incoming.intent] >= SPECIFICITY[current.intent] ? incoming.intent : current.intent,
    words: newProduct || current.words.length === 0 ? incoming.words : current.words,
    colour: incoming.colour ?? (newProduct ? undefined : current.colour),
    size: incoming.size ?? (newProduct ? undefined : current.size),
    category: incoming.category ?? (newProduct ? undefined : current.category),
    quantity: incoming.quantity ?? current.quantity,
    store: incoming.store ?? current.store,
    ordinal: incoming.ordinal ?? (newProduct ? undefined : current.ordinal),
    followUp: current.followUp && !newProduct,
  };
}

function tappedId(payload: Record<string, unknown>): string | undefined {
  const interactive = payload.interactive as Record<string, Record<string, unknown> | undefined> | undefined;
  const id = interactive?.button_reply?.id ?? interactive?.list_reply?.id;
  if (typeof id === 'string') return id;
  const button = payload.button as Record<string, unknown> | undefined;
  return typeof button?.payload === 'string' ? button.payload : undefined;
}

function normaliseSize(size: string | undefined): string | undefined {
  if (size === undefined) return undefined;
  const upper = size.toUpperCase();
  return CLOTHING_SIZES[upper] ?? (/^[A-Z]+$/.test(upper) ? upper : size);
}

function describeQuery(ask: ProductQuery, copy: AssistantCopy): string {
  const words = ask.words.length > 0 ? ask.words.join(' ') : (ask.category ?? '');
  return [
    words,
    ask.colour && `${copy.pieces.color} ${copy.colour(ask.colour)}`,
    ask.size && `${copy.pieces.size} ${ask.size}`,
  ]
    .filter(Boolean)
    .join(' ');
}

function firstName(displayName: string | null): string | null {
  const first = displayName?.trim().split(/\s+/)[0];
  return first ? first : null;
}

function sizeRange(sizes: string[]): string {
  return sizes.length <= 3 ? sizes.join(', ') : `${sizes[0]}–${sizes[sizes.length - 1]}`;
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function text(value: string): ReplyPart {
  return { kind: 'text', text: value };
}

function buttons(body: string, choices: { id: string; title: string }[]): ReplyPart {
  return {
    kind: 'buttons',
    body,
    buttons: choices.slice(0, LIMITS.buttons).map((c) => ({ id: c.id, title: truncate(c.title, LIMITS.buttonTitle) })),
  };
}

/**
 * The lines as one message; an interactive part carries them as its body when they fit
 * (one message on the customer's phone), otherwise it follows the text.
 */
function compose(lines: string[], interactive: ReplyPart | undefined): ReplyPart[] {
  const body = lines.filter((l) => l.trim() !== '').join('\n');
  if (!interactive) return body ? [text(body)] : [];
  if (interactive.kind === 'text') return [text([body, interactive.text].filter(Boolean).join('\n'))];
  const own = interactive.body;
  const merged = [body, own].filter(Boolean).join('\n\n');
  if (merged && merged.length <= LIMITS.interactiveBody) return [{ ...interactive, body: merged }];
  return [...(body ? [text(body)] : []), { ...interactive, body: own || '👇' }];
}
