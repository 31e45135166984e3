/** What a customer's message asks for. The rule-based assistant answers by intent. */
export const INTENTS = [
  'greeting',
  'product_search',
  'price',
  'availability',
  'product_details',
  'categories',
  'shop_info',
  'human_agent',
  'complaint',
  'thanks_goodbye',
  'opt_out',
  'opt_in',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

/**
 * Intents that change how the shop may talk to the customer: only ever from an explicit rule.
 * A complaint is one: it hands the conversation to a person and silences the assistant.
 */
export const COMMAND_INTENTS = ['opt_out', 'opt_in', 'human_agent', 'complaint'] as const satisfies readonly Intent[];
export type CommandIntent = (typeof COMMAND_INTENTS)[number];

/**
 * What a complaint is about, as the shop reads it beside the handoff: a late or lost delivery,
 * money back, a wrong charge, a damaged or wrong item, or anger with no more detail.
 */
export const COMPLAINT_REASONS = [
  'delivery',
  'refund',
  'billing',
  'damaged',
  'wrong_item',
  'frustration',
  'general',
] as const;
export type ComplaintReason = (typeof COMPLAINT_REASONS)[number];

/**
 * What customers say about themselves in passing ("me llamo Roberto, calzo del 28"), in their
 * words: the profile facts of the same names (sizes as the catalogue writes them).
 */
export interface CustomerFacts {
  name?: string;
  shoe_size?: string;
  clothing_size?: string;
}

/** The part of the shop profile a `shop_info` message asks about. */
export const SHOP_INFO_TOPICS = ['hours', 'address', 'stores', 'payment', 'shipping', 'returns'] as const;
export type ShopInfoTopic = (typeof SHOP_INFO_TOPICS)[number];

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Canonical colour names (Spanish, masculine singular); English and inflected forms map to them. */
export const COLOURS = [
  'negro',
  'blanco',
  'rojo',
  'azul',
  'verde',
  'gris',
  'café',
  'beige',
  'rosa',
  'amarillo',
  'morado',
  'naranja',
] as const;
export type Colour = (typeof COLOURS)[number];

export interface DetectionSlots {
  /**
   * The words that name what the customer wants, lower-case and without accents, with
   * stop-words, intent words, colours, sizes, quantities, stores and slang removed
   * ("¿tienen tenis negros talla 27?" → ['tenis']). Category words stay: they name the product.
   */
  productWords: string[];
  /** Shoe size as a decimal string ('27', '26.5', US '9') or a clothing size ('CH', 'M', 'G', 'EG', 'XS', 'S', 'L', 'XL', 'XXL'). */
  size?: string;
  colour?: Colour;
  quantity?: number;
  /** A store name exactly as given in the vocabulary. */
  store?: string;
  /** A category name exactly as given in the vocabulary. */
  category?: string;
  /** 1-based position in the list last shown ("el segundo" → 2); -1 for "the last one". */
  ordinal?: number;
  /**
   * The message refines the last products shown instead of starting over: it names no product
   * but a slot, a position or a reference ("¿y en rojo?", "el segundo", "¿cuánto cuesta ese?"),
   * or it opens with "y"/"and" ("¿y las botas?"). Slots given here replace the previous ones.
   */
  followUp: boolean;
  /** For `shop_info`: which part of the shop profile. */
  topic?: ShopInfoTopic;
  /** For `shop_info`: every part asked about, in the order asked, when more than one ("¿aceptan amex? ¿y mandan a Mérida?"). */
  topics?: ShopInfoTopic[];
  /** For `complaint`: what it is about. */
  reason?: ComplaintReason;
  /** For `opt_out`: the customer also asks the shop to delete their number or data. */
  erasure?: boolean;
}

export interface Detection {
  intent: Intent;
  /** 0–1: 1 for an explicit command; otherwise the share of the winning intent in the combined score. */
  confidence: number;
  language: Language;
  slots: DetectionSlots;
  /** What decided: an explicit command rule, the trained model with keyword cues, or the slots alone. */
  via: 'rule' | 'model' | 'slots';
  /** Name and sizes the customer stated about themselves in this message (their words are left out of the rest). */
  facts?: CustomerFacts;
}

/** Shop-specific words the detector matches against; passed in, never hard-coded. */
export interface IntentVocabulary {
  /** Store names as the shop writes them, e.g. ['Centro', 'Polanco', 'Guadalajara']. */
  stores?: readonly string[];
  /** Category names as the catalogue writes them, e.g. ['Tenis', 'Botas', 'Playeras']. */
  categories?: readonly string[];
}
