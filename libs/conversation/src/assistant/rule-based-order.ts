import type { TurnContext } from '@mostrador/database';
import type { InventoryClient, Product } from '@mostrador/inventory';
import { findProduct, searchCatalog, stockOf } from '../catalog/catalog-queries.js';
import { foldAccents } from '../intent/text-normaliser.js';
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
import { nameHas } from './rule-based-quote.js';

/** What the order conversation answers for a turn. */
export interface OrderSection extends Rendered {
  intent: string;
  action?: CustomerAction;
  /** Why a person should look (a handoff's reason). */
  reason?: string;
}

/** "lo quiero", "me lo llevo", "apártamelo", "quiero comprar", "I'll take it"… */
const WANTS_IT =
  /\b(?:(?:lo|la|los|las)\s+quiero|me\s+(?:lo|la|los|las)\s+llevo|ap[aá]rt(?:a|e(?!\s+de\b)|ame|amel[oa]s?|al[oa]s?|enmel[oa]s?)|quiero\s+(?:comprar|pedir|ordenar|apartar|encargar)(?:l[oa]s?)?|c[oó]mo\s+(?:l[oa]s?\s+)?compro|me\s+interesa\s+comprar|i(?:['’]ll| will)\s+take\s+(?:it|them)|i\s+want\s+(?:it|them|to\s+(?:buy|order))|buy\s+(?:it|this|them))\b/i;
/**
 * "I'll take the pink one", "I'd like the classic ones", "me llevo las negras": a product
 * picked by what it is (a colour, a word of its name), among those shown or of the model discussed.
 */
const WANTS_ONE =
  /\b(?:i(?:['’]ll|\s+will|['’]d|\s+would)\s+(?:take|get|buy|go\s+(?:for|with)|like)|i\s+want|(?:let\s+me\s+|i(?:['’]ll|\s+will)\s+)?(?:take|get))\s+(?:the|those|these|that|this)\s+(?:[\p{L}-]+\s+){0,3}(?:one|ones|pair|pairs)\b|\bme\s+llevo\s+(?:el|la|los|las)\s+\p{L}+/iu;
/** "si me llevo… ¿cuánto?", "si compro… ¿alcanzo meses?": an "if" (no accent) before a buying verb, asking about it. */
const IF_I_BUY =
  /(?<!\p{L})si\s+(?:me\s+)?(?:l[oa]s?\s+)?(?:llevo|compro|pido|quiero)\b(?=.*(?:\?|\bcu[aá]nto|\balcanz|\bmsi\b|\bmeses\b|\bsale\b|\bser[ií]a\b))/iu;
/**
 * Delivery asked for, on folded text (no accents): "a domicilio", "a mi casa", "envíamelo",
 * "me los pueden mandar", "mándenmelas", "por paquetería", "ship them", "home delivery".
 */
const DELIVERY = new RegExp(
  [
    String.raw`\ba\s+domicilio\b`,
    String.raw`\b(?:a|hasta)\s+(?:mi|su|tu|nuestra)\s+(?:casa|domicilio|oficina|trabajo|depa|departamento|direccion|colonia|ciudad|pueblo|rancho)\b`,
    String.raw`\b(?:mand|envi)(?:a|an|as|e|en|o|ar|ame|enme|anme)(?:me|nos|n)?(?:l[oa]s?)?\b`,
    String.raw`\bpaqueteria\b`,
    String.raw`\b(?:deliver(?:y|ed)?|ship(?:ping|ped)?|send\s+(?:it|them|those|these)|mail\s+(?:it|them))\b`,
  ].join('|'),
);
/**
 * "me los mandan", "¿me lo pueden enviar a Puebla?", "mándamelos", "ship them to…": delivery
 * of the product discussed, said as a request to send it (an order), not a question about
 * shipping in general ("¿hacen envíos?").
 */
const SEND_IT = new RegExp(
  [
    String.raw`\b(?:me|nos)\s+l[oa]s?\s+(?:(?:pued|podri|podr)\w*\s+|(?:va|van)\s+a\s+)?(?:mand|envi)\w*`,
    String.raw`\bl[oa]s?\s+(?:(?:pued|podri|podr)\w*\s+)?(?:mand|envi)\w*\s+(?:a|hasta|para)\b`,
    String.raw`\b(?:mand|envi)\w*(?:mel[oa]s?|nosl[oa]s?)\b`,
    String.raw`\b(?:mand|envi)arl[oa]s?\b`,
    String.raw`\b(?:ship|send|deliver|mail)\s+(?:it|them|those|these|one|a\s+pair)\b`,
  ].join('|'),
);
/**
 * Picking up at a store, said as what the customer will do: "la paso a recoger", "voy por
 * ellos a Polanco", "lo recojo en Centro", "I'll pick them up".
 */
const PICKUP = new RegExp(
  [
    String.raw`\b(?:paso|pasare|pasaria|pasamos|voy|vamos|ire|iria|vengo|vendre|vendria)\s+(?:a\s+)?(?:recoger(?:l[oa]s?)?|por\s+(?:el|ella|ellos|ellas|l[oa]s?|mi|mis|su|sus)\b)`,
    // "la paso a traer", "pasamos a traerlos": Mexican for coming by for it.
    String.raw`\b(?:paso|pasare|pasaria|pasamos|pasaremos)\s+a\s+traer(?:l[oa]s?)?\b`,
    String.raw`\b(?:l[oa]s?\s+)?(?:recojo|recogemos|recogeria|recogere)\b`,
    String.raw`\brecogerl[oa]s?\b`,
    String.raw`\bl[oa]s?\s+(?:\w+\s+)?(?:a\s+)?recoger\b`,
    String.raw`\b(?:en\s+)?(?:tienda|sucursal)\s+(?:l[oa]s?\s+)?recojo\b`,
    String.raw`\bpick\s+(?:(?:it|them|those|these)\s+)?up\b`,
    String.raw`\bcollect\s+(?:it|them)\b`,
  ].join('|'),
);
const YES =
  /^(?:s[ií]+|si+p?|sim[oó]n|claro|va|vale|dale|ok(?:ay|a)?|oki|sale|[oó]rale|[aá]ndale|confirm[oa]?|confirmad[oa]|confirmar|de\s+acuerdo|perfecto|est[aá]\s+bien|adelante|h[aá]gale|yes|yeah|yep|yup|sure|please\s+do|go\s+ahead|sounds\s+good|do\s+it|alright|all\s+right)\b/i;
/**
 * Words of a bare acknowledgement ("sí confirmo", "ok sí", "simón", "órale pues", "yes go ahead",
 * "sounds good"): a message made only of these answers the question the order last asked.
 */
const ACK_WORDS = new Set(
  (
    'si sip simon claro va vale dale ok okay oka oki okis okey okas sale orale andale arre jalo confirmo confirma confirmado ' +
    'confirmada confirmar de acuerdo una perfecto esta ta bien listo adelante hazlo hagale hagalo porfa porfis porfavor por favor xfa plis pls ' +
    'pues entonces asi eso exacto correcto bueno muy gracias yes yeah yep yup sure alright all right go ahead ' +
    'sounds good do it please perfect great correct fine thats that is right lets thanks'
  ).split(' '),
);
const NO = /^(?:no\b|mejor\s+no|cancel(?:a|ar|alo)?\b|ya\s+no\b|nel\b|no\s+gracias|nope\b)/i;
/** "ya pagué", "ya les transferí", "acabo de depositar", "te mando el comprobante", "I paid". */
const PAID = new RegExp(
  [
    String.raw`\bya\s+(?:te\s+|le\s+|les\s+|se\s+)?(?:lo\s+|la\s+)?(?:pagu[eé]|deposit[eé]|transfer[ií]|abon[eé]|liquid[eé])`,
    String.raw`\b(?:ya\s+)?(?:te\s+|les\s+)?(?:hice|realic[eé]|mand[eé]|envi[eé])\s+(?:la|el)\s+(?:transferencia|dep[oó]sito|pago)`,
    String.raw`\bacabo\s+de\s+(?:pagar|depositar|transferir|hacer\s+(?:la|el)\s+(?:transferencia|dep[oó]sito|pago))`,
    String.raw`\bya\s+(?:est[aá]|qued[oó])\s+(?:pagad[oa]|(?:hech[oa]\s+)?(?:el|la)\s+(?:pago|transferencia|dep[oó]sito))`,
    String.raw`\b(?:te|les)\s+(?:mando|env[ií]o|paso)\s+(?:el\s+)?comprobante`,
    String.raw`\bi(?:['’]ve|\s+have)?\s+(?:just\s+|already\s+)?(?:paid|transferred|sent\s+(?:the|you\s+the)\s+(?:money|payment|transfer))`,
    String.raw`\b(?:sent|made)\s+the\s+(?:payment|transfer)`,
    String.raw`\bpayment\s+(?:is\s+|was\s+)?(?:sent|done|made)`,
  ].join('|'),
  'i',
);

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
    // "me los mandan a domicilio", "la paso a recoger": with no order under way, a request to
    // send or to pick up the product discussed starts one (a question about shipping does not).
    if (steps.buy === undefined && draft === undefined && (steps.sendIt || steps.pickUp)) steps.buy = 'implied';
    // "me llevo la azul" with nothing shown names a product to find, not one to pick.
    if (steps.buy === 'picked' && !input.state.shown?.length && input.state.product === undefined) delete steps.buy;
    if (steps.buy) {
      // "va la café, la paso a traer": a colour said with the buying words picks that colour
      // of the product discussed.
      const byColour = (steps.buy === 'current' || steps.buy === 'implied') && steps.colour !== undefined;
      let sku =
        steps.buy === 'picked' || byColour
          ? await this.pickedProduct(input.state, steps)
          : steps.buy === 'current' || steps.buy === 'implied'
            ? (currentProduct(input.state, steps.ordinal) ?? quotedProduct(input.state))
            : steps.buy.sku;
      // "I need the black oxfords in 28, can you ship them?": the product named in the same message.
      if (!sku && (steps.buy === 'current' || steps.buy === 'implied') && input.state.product === undefined)
        sku = await this.namedProduct(steps);
      // Sending or picking up with nothing to send is a question about shipping or the stores.
      if (!sku && steps.buy === 'implied') return null;
      if (!sku) {
        const several = (input.state.shown?.length ?? 0) > 1;
        return { lines: [several ? copy.whichOfThese : copy.whichProduct], intent: 'order_start' };
      }
      // "2 playeras… me las llevo": the quantity asked about just before is the order's.
      const quantity =
        input.state.quantity !== undefined && input.state.quantity > 1
          ? input.state.quantity
          : quotedQuantity(input.state, sku);
      draft = { sku, quantity, size: steps.size ?? input.state.query?.size ?? rememberedSize(input.context) };
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
      ...summary(quoted.quote, input.copy, copy, this.shop.orders?.freeShippingFrom),
      intent: 'order_summary',
      state: { order: { ...draft, stage: 'confirm' } },
    };
  }

  /**
   * The product a message names while asking to buy it ("the black oxfords in 28"): a search
   * of its words (all of them, then each alone) that finds one model in one colour, in the
   * size said. Undefined when it stays unclear: the catalogue then answers the search.
   */
  private async namedProduct(steps: Steps): Promise<string | undefined> {
    const words = steps.words.filter((word) => !NOT_PRODUCT_WORD.test(foldAccents(word)));
    const queries = [words.join(' '), ...(words.length > 1 ? words : [])].filter((q) => q !== '').slice(0, 4);
    if (queries.length === 0 && steps.category) queries.push(steps.category);
    for (const query of queries) {
      const { products } = await searchCatalog(this.inventory, { query, colour: steps.colour });
      const fitting = products.filter((p) => steps.size === undefined || p.sizes.includes(steps.size));
      const models = new Set(fitting.map((p) => p.model));
      const colours = new Set(fitting.map((p) => p.color));
      if (fitting.length > 0 && models.size === 1 && colours.size === 1) return fitting[0].sku;
    }
    return undefined;
  }

  /**
   * The product "I'll take the pink one" or "the classic ones" means: of those shown (or the
   * one discussed), the one whose name has the words said, in the colour said — the model's
   * sibling in that colour when the one discussed is another. Undefined when it stays unclear.
   */
  private async pickedProduct(state: EngineState, steps: Steps): Promise<string | undefined> {
    if (steps.ordinal !== undefined) return currentProduct(state, steps.ordinal);
    const shown = state.shown ?? [];
    const matching = shown.filter((s) => steps.words.some((word) => nameHas(s.name, word)));
    // A word every product shown has ("tenis") picks none of them.
    const named = matching.length < shown.length ? matching : [];
    const candidates = named.length > 0 ? named.map((s) => s.sku) : shown.map((s) => s.sku);
    if (steps.colour !== undefined) {
      const discussed = state.product !== undefined && named.length === 0 ? [state.product] : [];
      const pool = [...new Set([...discussed, ...candidates])].slice(0, PICK_LOOKUPS);
      const products = (await Promise.all(pool.map((sku) => findProduct(this.inventory, sku)))).filter(
        (p): p is Product => p !== null,
      );
      const models = (list: Product[]) => new Set(list.map((p) => p.model)).size;
      const inColour = products.filter((p) => p.color === steps.colour);
      if (inColour.length > 0 && models(inColour) === 1) return inColour[0].sku;
      const siblings = [
        ...new Set(products.flatMap((p) => p.otherColors.filter((c) => c.color === steps.colour).map((c) => c.sku))),
      ];
      // The model discussed first: "the pink one" of the boots just priced.
      if (discussed.length > 0 && products[0]?.sku === discussed[0]) {
        const own = products[0].otherColors.find((c) => c.color === steps.colour);
        if (own) return own.sku;
      }
      if (siblings.length === 1) return siblings[0];
      return undefined;
    }
    if (named.length === 1) return named[0].sku;
    if (named.length > 1) return named.some((s) => s.sku === state.product) ? state.product : undefined;
    return currentProduct(state, undefined);
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
    // No one store has them all, but the stores together do: a delivery gathers them.
    const deliveryOnly = stores.length === 0 && (check?.units ?? 0) >= draft.quantity;
    if (stores.length === 0 && !deliveryOnly) {
      return {
        lines: [copy.noStockAnywhere(name, draft.size ?? '')],
        intent: 'order_no_stock',
        state: { order: undefined },
      };
    }
    const unit = money(product.price.amount, product.price.currency);
    const subtotal = money(times(product.price.amount, draft.quantity), product.price.currency);
    const price = draft.quantity === 1 ? unit : copy.line(draft.quantity, unit, subtotal);
    return {
      lines: [deliveryOnly ? copy.deliveryOnly(name, price, draft.quantity) : copy.askFulfilment(name, price)],
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
        if (other.intent === 'order_no_stock') return other;
        // Which stores do have it, said in the text as well as in the list.
        const check = await stockOf(this.inventory, { sku: product.sku, size: draft.size, quantity: draft.quantity });
        const having = (check?.stores ?? []).filter((s) => s.units >= draft.quantity).map((s) => s.storeName);
        return {
          ...other,
          intent: 'order_fulfilment',
          lines: [copy.noStockThere(name, store, draft.quantity, having), ...other.lines.slice(1)],
        };
      }
    }
  }
}

/** The summary to confirm: product, size, quantity × unit price, shipping or pick-up, total. */
function summary(quote: Quote, assistant: AssistantCopy, copy: OrderCopy, freeFrom: string | undefined): Rendered {
  const price = (value: string) => money(value, quote.currency);
  return {
    lines: [
      copy.summaryTitle,
      copy.item(quote.product.name, assistant.colour(quote.product.color), quote.size),
      copy.line(quote.quantity, price(quote.unitPrice), price(quote.subtotal)),
      quote.fulfilment.kind === 'pickup'
        ? copy.pickup(quote.fulfilment.store.name, quote.fulfilment.store.city)
        : quote.shipping !== null && Number(quote.shipping) === 0
          ? copy.freeShipping(freeFrom ? price(freeFrom) : null)
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
  /**
   * A product to buy: a SKU tapped, or (`current`) "the one we are talking about", or
   * (`implied`) the one the customer asks to send or will pick up.
   */
  buy?: { sku: string } | 'current' | 'picked' | 'implied';
  ordinal?: number;
  /** What picks the product (`picked`): a colour, words of its name. */
  colour?: string;
  category?: string;
  words: string[];
  size?: string;
  quantity?: number;
  fulfilment?: OrderDraft['fulfilment'];
  confirm: boolean;
  cancel: boolean;
  /** Asks to have the product sent ("me los mandan", "ship them"). */
  sendIt: boolean;
  /** Says they will pick it up ("la paso a recoger", "voy por ellos"). */
  pickUp: boolean;
  /** Only an acknowledgement ("sí", "órale", "sounds good"): it answers the question pending. */
  ack: boolean;
  /** Anything in the turn that answers an order question. */
  any: boolean;
}

/**
 * What the turn says about an order: taps on our order buttons, and the words and slots of
 * its texts. A bare yes or no answers the summary only (`stage` is the question last asked).
 */
function readSteps(asks: readonly Ask[], said: string, stage: OrderDraft['stage']): Steps {
  const steps: Steps = {
    confirm: false,
    cancel: false,
    any: false,
    words: [],
    sendIt: false,
    pickUp: false,
    ack: false,
  };
  const trimmed = said.trim();
  const folded = foldForRules(said);
  let tapped: OrderDraft['fulfilment'];
  let store: string | undefined;
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
          tapped = action.store === 'delivery' ? { kind: 'delivery' } : { kind: 'pickup', store: action.store };
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
      if (slots.store) store = slots.store;
      if (slots.ordinal !== undefined) steps.ordinal = slots.ordinal;
      if (slots.colour) steps.colour = slots.colour;
      if (slots.category) steps.category = slots.category;
      steps.words.push(...slots.productWords);
    }
  }
  // "si me llevo las dos, ¿cuánto sería?" asks what buying would cost ("sí me lo llevo" buys).
  const hypothetical = IF_I_BUY.test(said);
  if (steps.buy === undefined && !hypothetical && WANTS_ONE.test(said)) steps.buy = 'picked';
  if (steps.buy === undefined && !hypothetical && WANTS_IT.test(said)) steps.buy = 'current';
  steps.sendIt = SEND_IT.test(folded);
  // "¿mande?" is "pardon?", not "send it".
  const delivery = folded !== 'mande' ? lastMatch(DELIVERY, folded) : -1;
  const pickUp = lastMatch(PICKUP, folded);
  steps.pickUp = pickUp >= 0;
  // A tap decides; then what the customer says they will do, the later of the two winning
  // ("no puedo ir a recoger, mándenmelo"); a store named alone is where they pick it up.
  // A city with a store after a send verb ("mándenlos a Guadalajara") is where it goes.
  steps.fulfilment =
    tapped ?? (delivery > pickUp ? { kind: 'delivery' } : store !== undefined ? { kind: 'pickup', store } : undefined);
  // "siii", "daleee", "okk": a yes drawn out is still a yes.
  const drawnOut = squeezeRepeats(folded);
  steps.ack = stage !== undefined && (isBareAck(folded) || isBareAck(drawnOut));
  if (stage === 'confirm' && (YES.test(trimmed) || YES.test(drawnOut) || steps.ack)) steps.confirm = true;
  const answersSomething = steps.size !== undefined || steps.quantity !== undefined || steps.fulfilment !== undefined;
  if (stage !== undefined && NO.test(trimmed) && !answersSomething) steps.cancel = true;
  steps.any =
    steps.size !== undefined ||
    steps.quantity !== undefined ||
    steps.fulfilment !== undefined ||
    // "la paso a recoger" with no store named: which store is the next question.
    (stage !== undefined && steps.pickUp) ||
    steps.ack ||
    steps.confirm ||
    steps.cancel;
  return steps;
}

/** Lower case, no accents, punctuation as spaces: what the order phrases are written against. */
function foldForRules(text: string): string {
  return foldAccents(text)
    .replace(/[^\p{L}\p{N}'’\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where the last match of `pattern` in `text` starts; -1 when none. */
function lastMatch(pattern: RegExp, text: string): number {
  const global = new RegExp(pattern.source, 'g');
  let last = -1;
  for (const match of text.matchAll(global)) last = match.index;
  return last;
}

/** Letters typed over and over as one: "siiii" → "si", "daleee" → "dale", "okk" → "ok". */
function squeezeRepeats(folded: string): string {
  return folded.replace(/(\p{L})\1{2,}/gu, '$1').replace(/(\p{L})\1\b/gu, '$1');
}

/** A message made only of acknowledgement words ("ok sí", "simón", "yes go ahead"). */
function isBareAck(folded: string): boolean {
  const tokens = folded.replace(/['’]/g, '').split(' ').filter(Boolean);
  return tokens.length > 0 && tokens.length <= 6 && tokens.every((token) => ACK_WORDS.has(token));
}

/** The product of the last quote when it had one ("¿cuánto por 3?… va, me los mandan"). */
function quotedProduct(state: EngineState): string | undefined {
  return state.quote?.items.length === 1 ? state.quote.items[0].sku : undefined;
}

/** How many of `sku` the last quote was for (1 when it was not quoted). */
function quotedQuantity(state: EngineState, sku: string): number {
  return state.quote?.items.find((item) => item.sku === sku)?.quantity ?? 1;
}

/** Words of a buying or sending phrase, not of a product ("mandar", "recoger", "ship"). */
const NOT_PRODUCT_WORD =
  /^(?:mand|envi|recog|pas[oa]|paqueter|domicili|ship|send|deliver|pick|need|want|quiero|necesit|ocupo|compr|llev|buy|order|pedi)/;

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

/** Products looked up to tell which one "the pink one" is. */
const PICK_LOOKUPS = 6;

/** A price times a quantity, exact in cents. */
function times(amount: string, quantity: number): string {
  return ((Math.round(Number(amount) * 100) * quantity) / 100).toFixed(2);
}
