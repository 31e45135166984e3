import type { TurnContext } from '@mostrador/database';
import type { InventoryClient, Product } from '@mostrador/inventory';
import { findProduct, stockOf } from '../catalog/catalog-queries.js';
import type { Language } from '../intent/detection.js';
import { money, type OrderAsk, type OrderDesk, type OrderProblem, type Quote } from '../orders/order-desk.js';
import type { ShopProfile } from '../shop/shop-profile.js';
import type { AssistantCopy } from './assistant-copy.js';
import type { CustomerAction } from './assistant-engine.js';
import type { EngineState, OrderDraft } from './engine-state.js';
import { encodeAction } from './interactive-ids.js';
import { ORDER_COPY, type OrderCopy } from './order-copy.js';
import { buttons, list, type Rendered } from './reply-renderer.js';
import type { Ask } from './rule-based-interpreter.js';
import { normaliseSize } from './rule-based-interpreter.js';

/** What the order conversation answers for a turn. */
export interface OrderSection extends Rendered {
  intent: string;
  action?: CustomerAction;
  /** Why a person should look (a handoff's reason). */
  reason?: string;
}

/** "lo quiero", "me lo llevo", "apártamelo", "quiero comprar", "I'll take it"… */
const WANTS_IT =
  /\b(?:(?:lo|la|los|las)\s+quiero|me\s+(?:lo|la|los|las)\s+llevo|ap[aá]rt(?:a|e|ame|amel[oa]s?|al[oa]s?|enmel[oa]s?)|quiero\s+(?:comprar|pedir|ordenar|apartar|encargar)(?:l[oa]s?)?|c[oó]mo\s+(?:l[oa]s?\s+)?compro|me\s+interesa\s+comprar|i(?:'ll| will)\s+take\s+(?:it|them)|i\s+want\s+(?:it|them|to\s+(?:buy|order))|buy\s+(?:it|this|them))\b/i;
const DELIVERY =
  /\b(?:a\s+domicilio|env[ií](?:o|a|en|amelo|enmelo)|m[aá]nd(?:a|e|en)(?:melo|mela|nmelo)?|paqueter[ií]a|deliver(?:y|ed)?|ship(?:ping)?)\b/i;
const YES =
  /^(?:s[ií]+|si+p?|claro|va|dale|ok(?:ay)?|sale|confirm[oa]?|confirmar|de\s+acuerdo|perfecto|yes|yep|sure|please\s+do)\b/i;
const NO = /^(?:no\b|mejor\s+no|cancel(?:a|ar|alo)?\b|ya\s+no\b|nel\b|no\s+gracias|nope\b)/i;
/** "ya pagué", "ya hice la transferencia", "te mando el comprobante", "I paid". */
const PAID =
  /\b(?:ya\s+(?:pagu[eé]|deposit[eé]|transfer[ií]|hice\s+(?:la|el)\s+(?:transferencia|dep[oó]sito|pago))|(?:te|les)\s+(?:mando|envi[oó]|paso)\s+(?:el\s+)?comprobante|i(?:'ve)?\s+(?:already\s+)?paid|sent\s+the\s+(?:payment|transfer))\b/i;

/**
 * An order request, settled one question at a time: which product, which size, how many,
 * where (a store to pick up at, or delivery), then a summary with the total — every figure
 * from the inventory now, shipping from the shop profile — and, confirmed, the request
 * recorded for the shop. What is already known (a size said earlier, the product on screen,
 * the customer's remembered size) is not asked again.
 */
export class OrderConversation {
  constructor(
    private readonly desk: OrderDesk,
    private readonly shop: ShopProfile,
    private readonly inventory: InventoryClient,
  ) {}

  /**
   * The turn's answer when it is about ordering (a buy tap or phrase, a step of an order being
   * settled, a payment notice); null when it is not, and the draft is then left behind.
   */
  async respond(input: {
    asks: readonly Ask[];
    texts: readonly string[];
    state: EngineState;
    context: TurnContext;
    language: Language;
    copy: AssistantCopy;
    /** The turn's key: one order request per turn, whatever runs it again. */
    key: string;
  }): Promise<OrderSection | null> {
    const copy = ORDER_COPY[input.language];
    const said = input.texts.join(' ');
    if (PAID.test(said)) {
      return {
        lines: [copy.payment],
        intent: 'payment_notice',
        action: 'handoff',
        reason: 'payment',
        state: { order: undefined },
      };
    }
    let draft = input.state.order;
    const steps = readSteps(input.asks, said, draft?.stage);
    if (steps.buy) {
      const sku = steps.buy === 'current' ? currentProduct(input.state, steps.ordinal) : steps.buy.sku;
      if (!sku) {
        const several = (input.state.shown?.length ?? 0) > 1;
        return { lines: [several ? copy.whichOfThese : copy.whichProduct], intent: 'order_start' };
      }
      draft = { sku, quantity: 1, size: input.state.query?.size ?? rememberedSize(input.context) };
    }
    if (!draft) return null;
    if (!steps.buy && !steps.any) return null;
    if (steps.cancel) return { lines: [copy.cancelled], intent: 'order_cancelled', state: { order: undefined } };

    draft = {
      ...draft,
      ...(steps.size && { size: steps.size }),
      ...(steps.quantity && { quantity: steps.quantity }),
      ...(steps.fulfilment && { fulfilment: steps.fulfilment }),
    };
    const product = await findProduct(this.inventory, draft.sku);
    if (!product) return { lines: [input.copy.unknownProduct], intent: 'order_start', state: { order: undefined } };
    // A size remembered from before that this product does not come in is no answer: ask.
    if (!steps.size && draft.size !== undefined && !product.sizes.includes(draft.size))
      draft = { ...draft, size: undefined };
    const name = `*${product.name}* (${input.copy.colour(product.color)})`;

    // One question at a time: the size, then where, then the summary to confirm.
    if (draft.size === undefined && product.sizes.length > 1) return this.askSize(product, name, draft, copy);
    if (draft.size !== undefined && !product.sizes.includes(draft.size)) {
      const asked = draft.size;
      return {
        ...(await this.askSize(product, name, { ...draft, size: undefined }, copy)),
        lines: [copy.sizeNotOffered(name, asked, product.sizes)],
      };
    }
    if (!draft.fulfilment) return this.askFulfilment(product, name, draft, copy);

    const ask: OrderAsk = {
      sku: draft.sku,
      size: draft.size,
      quantity: draft.quantity,
      fulfilment:
        draft.fulfilment.kind === 'pickup' ? { kind: 'pickup', store: draft.fulfilment.store } : { kind: 'delivery' },
    };
    if (steps.confirm) {
      const placed = await this.desk.place(ask, { conversationId: input.context.conversation.id, key: input.key });
      if (!placed.ok) return this.problem(placed, product, name, draft, copy);
      const hold = placed.order.reservation;
      return {
        lines: [
          copy.placed(this.shop.name),
          hold ? copy.held(timeIn(hold.expiresAt, this.shop.timezone, input.language)) : copy.notHeld,
        ],
        intent: 'order_requested',
        state: { order: undefined, lastOrder: placed.order.id },
      };
    }
    const quoted = await this.desk.quote(ask);
    if (!quoted.ok) return this.problem(quoted, product, name, draft, copy);
    return {
      ...summary(quoted.quote, input.copy, copy),
      intent: 'order_summary',
      state: { order: { ...draft, stage: 'confirm' } },
    };
  }

  private async askSize(product: Product, name: string, draft: OrderDraft, copy: OrderCopy): Promise<OrderSection> {
    const check = await stockOf(this.inventory, { sku: product.sku });
    const inStock = product.sizes.filter((size) =>
      check?.stores.some((s) => s.sizes.some((z) => z.size === size && z.units > 0)),
    );
    const sizes = inStock.length > 0 ? inStock : product.sizes;
    return {
      lines: [copy.askSize(name, sizes)],
      interactive: list(
        copy.buttons.sizes,
        sizes
          .slice(0, 10)
          .map((size) => ({ id: encodeAction({ action: 'osize', size }), title: size, description: '' })),
      ),
      intent: 'order_size',
      state: { order: { ...draft, size: undefined, stage: 'size' } },
    };
  }

  private async askFulfilment(
    product: Product,
    name: string,
    draft: OrderDraft,
    copy: OrderCopy,
  ): Promise<OrderSection> {
    const check = await stockOf(this.inventory, { sku: product.sku, size: draft.size, quantity: draft.quantity });
    const stores = (check?.stores ?? []).filter((s) => s.units >= draft.quantity);
    if (stores.length === 0) {
      return {
        lines: [copy.noStockAnywhere(name, draft.size ?? '')],
        intent: 'order_no_stock',
        state: { order: undefined },
      };
    }
    return {
      lines: [copy.askFulfilment(name)],
      interactive: list(copy.buttons.where, [
        ...stores.slice(0, 9).map((s) => ({
          id: encodeAction({ action: 'ostore', store: s.storeId }),
          title: copy.pickupRow(s.storeName),
          description: copy.pickupRowDetail(s.units),
        })),
        {
          id: encodeAction({ action: 'ostore', store: 'delivery' }),
          title: copy.deliveryRow,
          description: copy.deliveryRowDetail,
        },
      ]),
      intent: 'order_fulfilment',
      state: { order: { ...draft, stage: 'fulfilment' } },
    };
  }

  /** What stops the quote, and the question that gets past it. */
  private async problem(
    problem: OrderProblem,
    product: Product,
    name: string,
    draft: OrderDraft,
    copy: OrderCopy,
  ): Promise<OrderSection> {
    switch (problem.problem) {
      case 'unknown-product':
        return { lines: [copy.whichProduct], intent: 'order_start', state: { order: undefined } };
      case 'size-needed':
      case 'size-not-offered':
        return this.askSize(product, name, { ...draft, size: undefined }, copy);
      case 'unknown-store':
        return {
          ...(await this.askFulfilment(product, name, { ...draft, fulfilment: undefined }, copy)),
          lines: [copy.unknownStore(this.shop.stores.map((s) => s.name).join(', '))],
        };
      case 'not-enough-stock': {
        const store =
          draft.fulfilment?.kind === 'pickup' ? (this.desk.store(draft.fulfilment.store)?.name ?? null) : null;
        const other = await this.askFulfilment(product, name, { ...draft, fulfilment: undefined }, copy);
        return { ...other, lines: [copy.noStockThere(name, store, draft.quantity), ...other.lines.slice(1)] };
      }
    }
  }
}

/** The summary to confirm: product, size, quantity × unit price, shipping or pick-up, total. */
function summary(quote: Quote, assistant: AssistantCopy, copy: OrderCopy): Rendered {
  const price = (value: string) => money(value, quote.currency);
  return {
    lines: [
      copy.summaryTitle,
      copy.item(quote.product.name, assistant.colour(quote.product.color), quote.size),
      copy.line(quote.quantity, price(quote.unitPrice), price(quote.subtotal)),
      quote.fulfilment.kind === 'pickup'
        ? copy.pickup(quote.fulfilment.store.name, quote.fulfilment.store.city)
        : copy.delivery(quote.shipping === null ? null : price(quote.shipping)),
      copy.total(price(quote.total)),
      copy.confirmQuestion,
    ],
    interactive: buttons('', [
      { id: encodeAction({ action: 'oconfirm' }), title: copy.buttons.confirm },
      { id: encodeAction({ action: 'ocancel' }), title: copy.buttons.cancel },
    ]),
  };
}

interface Steps {
  /** A product to buy: a SKU tapped, or (`current`) "the one we are talking about". */
  buy?: { sku: string } | 'current';
  ordinal?: number;
  size?: string;
  quantity?: number;
  fulfilment?: OrderDraft['fulfilment'];
  confirm: boolean;
  cancel: boolean;
  /** Anything in the turn that answers an order question. */
  any: boolean;
}

/**
 * What the turn says about an order: taps on our order buttons, and the words and slots of
 * its texts. A bare yes or no answers the summary only (`stage` is the question last asked).
 */
function readSteps(asks: readonly Ask[], said: string, stage: OrderDraft['stage']): Steps {
  const steps: Steps = { confirm: false, cancel: false, any: false };
  const trimmed = said.trim();
  for (const ask of asks) {
    if (ask.kind === 'tap') {
      const action = ask.action;
      switch (action.action) {
        case 'buy':
          steps.buy = { sku: action.sku };
          break;
        case 'osize':
          steps.size = action.size;
          break;
        case 'ostore':
          steps.fulfilment =
            action.store === 'delivery' ? { kind: 'delivery' } : { kind: 'pickup', store: action.store };
          break;
        case 'oconfirm':
          steps.confirm = true;
          break;
        case 'ocancel':
          steps.cancel = true;
          break;
        default:
          break;
      }
    }
    if (ask.kind === 'detected') {
      const { slots } = ask.detection;
      if (slots.size) steps.size = normaliseSize(slots.size);
      if (slots.quantity) steps.quantity = slots.quantity;
      if (slots.store) steps.fulfilment = { kind: 'pickup', store: slots.store };
      if (slots.ordinal !== undefined) steps.ordinal = slots.ordinal;
    }
  }
  if (steps.buy === undefined && WANTS_IT.test(said)) steps.buy = 'current';
  if (!steps.fulfilment && DELIVERY.test(said)) steps.fulfilment = { kind: 'delivery' };
  if (stage === 'confirm' && YES.test(trimmed)) steps.confirm = true;
  const answersSomething = steps.size !== undefined || steps.quantity !== undefined || steps.fulfilment !== undefined;
  if (stage !== undefined && NO.test(trimmed) && !answersSomething) steps.cancel = true;
  steps.any =
    steps.size !== undefined ||
    steps.quantity !== undefined ||
    steps.fulfilment !== undefined ||
    steps.confirm ||
    steps.cancel;
  return steps;
}

/** The product the customer means by "lo quiero": the one discussed, the one on screen, or the nth shown. */
function currentProduct(state: EngineState, ordinal: number | undefined): string | undefined {
  const shown = state.shown ?? [];
  if (ordinal !== undefined && shown.length > 0) return shown[ordinal === -1 ? shown.length - 1 : ordinal - 1]?.sku;
  return state.product ?? (shown.length === 1 ? shown[0].sku : undefined);
}

/** A size the customer told us before (a profile fact), as the catalogue writes it. */
function rememberedSize(context: TurnContext): string | undefined {
  const { facts } = context.customer;
  const size = facts.shoe_size ?? facts.clothing_size;
  return typeof size === 'string' || typeof size === 'number' ? normaliseSize(String(size)) : undefined;
}

function timeIn(at: Date, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-MX' : 'en-US', { timeStyle: 'short', timeZone }).format(at);
}
