import type { StoredMessage } from '@mostrador/database';
import {
  type ComplaintReason,
  type CustomerFacts,
  type Detection,
  type Language,
  SHOP_INFO_TOPICS,
  type ShopInfoTopic,
} from '../intent/detection.js';
import type { IntentDetector } from '../intent/intent-detector.js';
import { foldAccents } from '../intent/text-normaliser.js';
import { type ShopperFilters, shopperFiltersOf } from '../intent/slot-extractor.js';
import type { ProductQuery } from './engine-state.js';
import { decodeAction, type InteractiveAction } from './interactive-ids.js';

export type ProductIntent = 'product_search' | 'price' | 'availability' | 'product_details';

/** A question about products, with what the customer said about them (sizes as the catalogue writes them). */
export interface ProductAsk extends ProductQuery {
  intent: ProductIntent;
  quantity?: number;
  store?: string;
  /** 1-based position in the list last shown; -1 for the last one. */
  ordinal?: number;
  followUp: boolean;
  /** The product asked about by its SKU (a tap on *Existencias*). */
  sku?: string;
  /** "el más barato", "¿cuál es más caro?": one product, the first by price. */
  pickOne?: boolean;
  /** Asks for a discount or a deal. */
  discount?: boolean;
  /** The US size the customer gave; `size` is the Mexican one. */
  usSize?: string;
  /** Of `words`, those said as the thing wanted: a search honours them (see ShopperFilters). */
  named?: readonly string[];
  /** Of `named`, what the product must be (see ShopperFilters). */
  hung?: readonly string[];
  /** What the customer rules out ("que no sea de piel"). */
  without?: readonly string[];
  /** Asks about a product shown before (see ShopperFilters). */
  seen?: boolean;
  /** Several kinds asked for together, each with its words (see ShopperFilters). */
  kinds?: readonly string[];
}

/** A tap that leads to products; the others (info, categories, agent, stock) fold into the plan. */
export type ProductTap = Extract<InteractiveAction, { action: 'details' | 'colors' | 'category' }>;

/** What one message asks. */
export type Ask =
  /** `filters`: what the text says about prices, order and whose models (absent: nothing). */
  | { kind: 'detected'; detection: Detection; filters?: ShopperFilters; text?: string }
  | { kind: 'tap'; action: InteractiveAction }
  | { kind: 'media' }
  | { kind: 'unsupported' }
  | { kind: 'silent' };

/** The turn's messages, folded into one thing to answer. */
export interface Plan {
  readonly language?: Language;
  readonly command?: 'opt_out' | 'opt_in' | 'human_agent' | 'complaint';
  /** For a complaint: what it is about (the shop reads it beside the handoff). */
  readonly complaint?: ComplaintReason;
  /** For an opt-out: the customer also asked the shop to delete their number or data. */
  readonly erasure?: boolean;
  /** Name and sizes the customer stated about themselves, later messages winning. */
  readonly facts?: CustomerFacts;
  readonly greeting: boolean;
  readonly thanks: boolean;
  readonly help: boolean;
  readonly media: boolean;
  readonly unsupported: boolean;
  readonly categories: boolean;
  /** In the order asked, each once. */
  readonly topics: readonly (ShopInfoTopic | 'general')[];
  /** The one store the shop information is about ("¿dónde está la de Guadalajara?"), if named. */
  readonly infoStore?: string;
  /** The shop information asked follows up the last answer ("¿y el domingo?"): its store holds. */
  readonly infoFollowUp?: boolean;
  readonly product?: ProductAsk;
  readonly tap?: ProductTap;
}

export const EMPTY_PLAN: Plan = {
  greeting: false,
  thanks: false,
  help: false,
  media: false,
  unsupported: false,
  categories: false,
  topics: [],
};

/** When a burst asks about one product twice, the more specific question is the one to answer. */
const SPECIFICITY: Record<ProductIntent, number> = { product_search: 1, product_details: 2, price: 3, availability: 4 };

// Clothing sizes as customers say them → as the catalogue writes them (Mexican sizing).
const CLOTHING_SIZES: Record<string, string> = { XS: 'CH', S: 'CH', L: 'G', XL: 'EG', XXL: 'EG' };

/** What one message asks: a tap on one of our ids, a detection of its text, or media we cannot read. */
export async function interpret(message: StoredMessage, detector: IntentDetector): Promise<Ask> {
  const payload = (message.payload ?? {}) as Record<string, unknown>;
  switch (message.type) {
    case 'interactive':
    case 'button': {
      const id = tappedId(payload);
      const action = id ? decodeAction(id) : null;
      // An id that is not ours is read like any text: its title.
      if (action) return { kind: 'tap', action };
      break;
    }
    case 'reaction':
    case 'revoke':
    case 'system':
      return { kind: 'silent' };
    case 'request_welcome':
      return { kind: 'detected', detection: await detector.detect('hola') };
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
  if (!message.text || message.text.trim() === '') return { kind: message.type === 'text' ? 'silent' : 'unsupported' };
  const detection = await detector.detect(message.text);
  return {
    kind: 'detected',
    detection,
    filters: shopperFiltersOf(message.text, detection.language),
    text: message.text,
  };
}

/** Folds the turn's asks, in order, into one plan: later messages refine earlier ones. */
export function fold(asks: readonly Ask[]): Plan {
  return asks.reduce(foldAsk, EMPTY_PLAN);
}

function foldAsk(plan: Plan, ask: Ask): Plan {
  switch (ask.kind) {
    case 'silent':
      return plan;
    case 'media':
      return { ...plan, media: true };
    case 'unsupported':
      return { ...plan, unsupported: true };
    case 'tap':
      switch (ask.action.action) {
        case 'agent':
          return { ...plan, command: 'human_agent' };
        case 'info':
          // Only ids we sent reach here, so only topics we have; anything else asks nothing.
          return isShopTopic(ask.action.topic) ? withTopic(plan, ask.action.topic) : plan;
        case 'categories':
          return { ...plan, categories: true };
        case 'buy':
        case 'osize':
        case 'ostore':
        case 'oconfirm':
        case 'ocancel':
          // Steps of an order request: the order conversation reads them from the asks.
          return plan;
        case 'stock': {
          // Units of the product tapped, in the size and store the conversation is about.
          const incoming: ProductAsk = { intent: 'availability', words: [], sku: ask.action.sku, followUp: true };
          return { ...plan, product: plan.product ? refine(plan.product, incoming) : incoming };
        }
        default:
          return { ...plan, tap: ask.action };
      }
    case 'detected': {
      const { facts } = ask.detection;
      const stated = facts ? { facts: { ...plan.facts, ...facts } } : {};
      return foldDetection(
        { ...plan, language: ask.detection.language, ...stated },
        ask.detection,
        ask.filters ?? {},
        ask.text,
      );
    }
  }
}

function foldDetection(plan: Plan, detection: Detection, filters: ShopperFilters, text = ''): Plan {
  const { intent: detected, slots } = detection;
  const intent = audienceFollowUp(detection, filters, text) ? 'product_search' : shopperIntent(detected, filters);
  switch (intent) {
    case 'opt_out':
      return { ...plan, command: intent, ...(slots.erasure && { erasure: true }) };
    case 'complaint':
      return { ...plan, command: intent, complaint: slots.reason ?? 'general' };
    case 'opt_in':
    case 'human_agent':
      return { ...plan, command: intent };
    case 'greeting':
      return { ...plan, greeting: true };
    case 'thanks_goodbye':
      return { ...plan, thanks: true };
    case 'categories':
      return { ...plan, categories: true };
    case 'shop_info': {
      const topical = (slots.topics ?? [slots.topic ?? 'general']).reduce(withTopic, plan);
      if (slots.store) return { ...topical, infoStore: slots.store };
      return FOLLOW_UP_OPENING.test(foldAccents(text)) ? { ...topical, infoFollowUp: true } : topical;
    }
    case 'other':
      return { ...plan, help: true };
    case 'product_search':
    case 'price':
    case 'availability':
    case 'product_details': {
      const incoming: ProductAsk = {
        intent,
        words: slots.productWords,
        colour: slots.colour,
        // A US size said with the message is the size, as the Mexican one it is.
        size: filters.usSize !== undefined && filters.size !== undefined ? filters.size : normaliseSize(slots.size),
        category: slots.category,
        quantity: slots.quantity,
        store: slots.store,
        ordinal: slots.ordinal,
        followUp: slots.followUp || (detected !== intent && slots.productWords.length === 0),
        ...withoutUndefined({
          maxPrice: filters.maxPrice,
          minPrice: filters.minPrice,
          sort: filters.sort,
          pickOne: filters.pickOne,
          audience: filters.audience,
          anyOf: filters.anyOf,
          discount: filters.discount,
          usSize: filters.usSize,
          named: filters.named,
          hung: filters.hung,
          without: filters.without,
          seen: filters.seen,
          kinds: filters.kinds,
        }),
      };
      return { ...plan, product: plan.product ? refine(plan.product, incoming) : incoming };
    }
  }
}

/** Words that open a question following up the answer before ("¿y…?", "and…?"). */
const OPENER = String.raw`(?:y|e|and|what about|how about)`;

/** "¿Y el domingo?", "and on sundays?": a question that follows up the answer before. */
const FOLLOW_UP_OPENING = new RegExp(String.raw`^[\s¿¡]*${OPENER}\b`);

/** "¿Y para dama?", "de niño?", "and for men?": only whose, to see the last search for them. */
const AUDIENCE_ONLY = new RegExp(String.raw`^\s*${OPENER}?\s*(?:para|pa|for|de)\b`);

function audienceFollowUp({ intent, slots }: Detection, filters: ShopperFilters, text: string): boolean {
  if (filters.audience === undefined || slots.productWords.length > 0 || slots.category !== undefined) return false;
  if (!['other', 'categories', 'thanks_goodbye', 'greeting'].includes(intent)) return false;
  return AUDIENCE_ONLY.test(foldAccents(text).replace(/[¿?¡!.,]/g, ' '));
}

/**
 * "hasta 800", "¿cuál es el más barato?", "algo abrigador", "un cinto y unas botas, ¿qué tienes?",
 * "¿descuento por 3?": a price, an order, kinds or a deal ask about products even when the rest
 * of the message did not say so.
 */
function shopperIntent(intent: Detection['intent'], filters: ShopperFilters): Detection['intent'] {
  if (!['other', 'categories', 'thanks_goodbye'].includes(intent)) return intent;
  if (filters.anyOf || filters.kinds) return 'product_search';
  const priced = filters.maxPrice ?? filters.minPrice ?? filters.sort ?? filters.discount;
  return priced === undefined ? intent : 'price';
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Within one burst, a later message names a new product or refines the one asked about. */
function refine(current: ProductAsk, incoming: ProductAsk): ProductAsk {
  const newProduct = incoming.words.length > 0 && !incoming.followUp;
  return {
    intent: SPECIFICITY[incoming.intent] >= SPECIFICITY[current.intent] ? incoming.intent : current.intent,
    words: newProduct || current.words.length === 0 ? incoming.words : current.words,
    colour: incoming.colour ?? (newProduct ? undefined : current.colour),
    size: incoming.size ?? (newProduct ? undefined : current.size),
    category: incoming.category ?? (newProduct ? undefined : current.category),
    quantity: incoming.quantity ?? current.quantity,
    store: incoming.store ?? current.store,
    ordinal: incoming.ordinal ?? (newProduct ? undefined : current.ordinal),
    followUp: current.followUp && !newProduct,
    ...withoutUndefined({
      sku: incoming.sku ?? (newProduct ? undefined : current.sku),
      // Whose models and what price range hold across the burst until said again.
      audience: incoming.audience ?? current.audience,
      maxPrice: incoming.maxPrice ?? current.maxPrice,
      minPrice: incoming.minPrice ?? current.minPrice,
      sort: incoming.sort ?? current.sort,
      pickOne: incoming.pickOne ?? current.pickOne,
      anyOf: incoming.anyOf ?? (newProduct ? undefined : current.anyOf),
      discount: incoming.discount ?? current.discount,
      usSize: incoming.usSize ?? (incoming.size === undefined ? current.usSize : undefined),
      named: newProduct ? incoming.named : (incoming.named ?? current.named),
      hung: newProduct ? incoming.hung : (incoming.hung ?? current.hung),
      without: incoming.without ?? (newProduct ? undefined : current.without),
      seen: incoming.seen ?? current.seen,
      kinds: newProduct ? incoming.kinds : (incoming.kinds ?? current.kinds),
    }),
  };
}

function withTopic(plan: Plan, topic: ShopInfoTopic | 'general'): Plan {
  return plan.topics.includes(topic) ? plan : { ...plan, topics: [...plan.topics, topic] };
}

function isShopTopic(topic: string): topic is ShopInfoTopic | 'general' {
  return topic === 'general' || (SHOP_INFO_TOPICS as readonly string[]).includes(topic);
}

/** The id of a reply button or list row, or of a template's quick-reply button. */
function tappedId(payload: Record<string, unknown>): string | undefined {
  const interactive = payload.interactive as Record<string, Record<string, unknown> | undefined> | undefined;
  const id = interactive?.button_reply?.id ?? interactive?.list_reply?.id;
  if (typeof id === 'string') return id;
  const button = payload.button as Record<string, unknown> | undefined;
  return typeof button?.payload === 'string' ? button.payload : undefined;
}

/** A size as the catalogue writes it: clothing sizes in Mexican sizing, letters upper-case. */
export function normaliseSize(size: string | undefined): string | undefined {
  if (size === undefined) return undefined;
  const upper = size.toUpperCase();
  return CLOTHING_SIZES[upper] ?? (/^[A-Z]+$/.test(upper) ? upper : size);
}
