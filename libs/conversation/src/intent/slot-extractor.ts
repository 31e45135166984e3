import type { Audience, PriceOrder } from '../catalog/catalog-queries.js';
import { mexicanShoeSize } from '../catalog/shoe-sizes.js';
import type { Colour, DetectionSlots, IntentVocabulary } from './detection.js';
import { CUE_WORDS } from './keyword-cues.js';
import {
  AMOUNT_WORDS,
  AUDIENCE_WORDS,
  CHEAP_WORDS,
  CLOTHING_SIZES,
  CLOTHING_WORDS,
  COLOUR_WORDS,
  CURRENCY_WORDS,
  DEAR_WORDS,
  DISCOUNT_WORDS,
  FILLER_WORDS,
  FOLLOW_UP_OPENERS,
  KIND_ALTERNATIVES,
  KIND_NOUNS,
  KIND_WORDS,
  LANGUAGE_PRODUCT_SYNONYMS,
  NON_SIZE_UNITS,
  NUMBER_WORDS,
  ORDINAL_WORDS,
  PRICE_CEILING_AFTER,
  PRICE_CEILING_CUES,
  PRICE_FLOOR_AFTER,
  PRICE_FLOOR_CUES,
  PRODUCT_PHRASES,
  PRODUCT_SYNONYMS,
  PURPOSE_SYNONYMS,
  QUANTITY_UNITS,
  REFERENCE_WORDS,
  REQUEST_WORDS,
  STANDALONE_CLOTHING_SIZES,
  STOP_WORDS,
  STRONG_SIZE_CUES,
  US_SIZE_MARKERS,
} from './lexicon.js';
import { isTypoOf, stripEmoji, tokenize } from './text-normaliser.js';

/** The slots of one message, before the intent is known (`followUp` depends on it). */
export interface ExtractedSlots extends Omit<DetectionSlots, 'followUp' | 'topic'> {
  /** The message points back at something shown ("ese", "the other one", "el mismo"). */
  references: boolean;
  /** The message opens with a connector ("¿y en rojo?", "and in blue?"). */
  opensWithConnector: boolean;
  /** A product word is a kind of product the shop sells ("sandalias", "hoodie"). */
  namesKind: boolean;
}

/**
 * What a shopper says about a search besides the product itself: a price range, an order,
 * whose models, a deal. Read from the words alone (no shop vocabulary needed).
 */
export interface ShopperFilters {
  /** Price ceiling and floor ("menos de mil", "entre 500 y 800", "más de 2000"). */
  maxPrice?: number;
  minPrice?: number;
  /** "barato", "económicos" (cheapest first); "el más caro" (dearest first). */
  sort?: PriceOrder;
  /** "el más barato", "¿cuál es más caro?": one product, the first in that order. */
  pickOne?: boolean;
  /** "para mi hijo" → boys'; "de dama" → women's. Absent: not said. */
  audience?: Audience;
  /** Kinds any of which will do ("algo abrigador" → chamarra, sudadera). */
  anyOf?: readonly string[];
  /** Asks for a discount, a promotion or a wholesale price. */
  discount?: boolean;
  /**
   * The product words said as the thing wanted — after "unos", "¿tienen…", "busco…", with what
   * hangs on them ("unos sombreros de charro"): a search honours every one of them, while other
   * words it does not know are talk ("…va a entrar a la secundaria…").
   */
  named?: readonly string[];
  /**
   * Of `named`, those hung on the product by "de", "con", "para" ("sombreros de charro"): what
   * the product must be, so a word of them the catalogue does not know means it has none.
   */
  hung?: readonly string[];
  /** Materials or colours the customer rules out ("que no sea de piel"). */
  without?: readonly string[];
  /** Asks about what the shop showed before ("el mocasín que me enseñaron", "the boots you showed me"). */
  seen?: boolean;
  /** Several kinds asked for together, each with its words ("un cinto piteado y unas botas vaqueras"). */
  kinds?: readonly string[];
  /** A US shoe size the customer gave ("9 US", "size 9")… */
  usSize?: string;
  /** …as the Mexican size it is. */
  size?: string;
}

interface VocabularyEntry {
  name: string;
  tokens: string[];
}

/** Words that introduce a number that may be a size or a position ("del 27", "el 2"). */
const ARTICLE_CUES = new Set(['del', 'de', 'en', 'el', 'la', 'los', 'las', 'al']);
/** Words that introduce a position in a list ("opción 2", "#2"). */
const POSITION_CUES = new Set([
  'opcion',
  'option',
  'number',
  'numero',
  'num',
  'no',
  'modelo',
  'item',
  'el',
  'la',
  'the',
]);
/** "numero"/"no." introduce a shoe size when the number is one, a position when it is small. */
const NUMBER_CUES = new Set(['numero', 'num', 'no', 'number']);
/** Words after an ordinal word that make it something else ("la primera vez"). */
const NOT_A_POSITION_AFTER = new Set(['vez', 'time', 'compra', 'purchase', 'order', 'pedido', 'dia', 'day']);
/** Verbs that make the number after them a quantity ("quiero 3", "dame dos"). */
const QUANTITY_VERBS = new Set([
  'quiero',
  'quisiera',
  'dame',
  'deme',
  'denme',
  'necesito',
  'ocupo',
  'llevo',
  'llevare',
  'mandame',
  'mandeme',
  'apartame',
  'aparteme',
  'want',
  'need',
  'take',
  'give',
  'send',
  'order',
  'compro',
  'comprar',
  'buy',
  // "son 2 eh", "que sean 3": how many, said after the product.
  'son',
  'sean',
  'serian',
  'seran',
]);
/** Words before a size the customer wears ("soy M", "I'm a 27"). */
const SELF_SIZE_CUES = new Set(['soy', 'im', "i'm", 'am']);
/** Words that name a place in the shop, not a product. */
const PLACE_WORDS = new Set(
  'sucursal sucursales tienda tiendas store stores branch local parte zona rumbo cdmx df ciudad'.split(' '),
);

const SHOE_SIZE_MIN = 10;
const SHOE_SIZE_MAX = 35;
/** A bare number in this range, with nothing around it, is an adult shoe size (Mexican sizes, cm). */
const BARE_SIZE_MIN = 20;
const BARE_SIZE_MAX = 32;
const MAX_POSITION = 10;
/** A count before a product ("2 playeras") up to this many. */
const MAX_COUNT = 50;
/** A number after a price cue without "$", "pesos", "mil" or "k" is a price from this much ("hasta 800"). */
const MIN_BARE_PRICE = 100;

/**
 * Pulls sizes, colours, quantities, positions, stores, categories and the product words
 * out of a message. Stores and categories come from the shop's vocabulary, matched
 * without accents or case, singular or plural, with one typo allowed in long words.
 */
export class SlotExtractor {
  private readonly stores: VocabularyEntry[];
  private readonly categories: VocabularyEntry[];

  constructor(vocabulary: IntentVocabulary = {}) {
    this.stores = entries(vocabulary.stores ?? []);
    this.categories = entries(vocabulary.categories ?? []);
  }

  extract(given: readonly string[], language?: 'es' | 'en'): ExtractedSlots {
    // The catalogue's word for what the customer named ("chaqueta" → chamarra).
    const tokens = catalogueWords(given, language);
    const used = new Set<number>();
    const slots: ExtractedSlots = {
      productWords: [],
      references: tokens.some((token) => REFERENCE_WORDS.has(token)),
      opensWithConnector: tokens.length > 1 && FOLLOW_UP_OPENERS.has(tokens[0]),
      namesKind: false,
    };

    const store = findEntry(tokens, this.stores, used, true);
    if (store) slots.store = store;
    const category = findEntry(tokens, this.categories, new Set(), false);
    if (category) slots.category = category;

    // Prices, a US size and who it is for first: their numbers and words are neither sizes,
    // quantities nor product words.
    const shopper = readShopperFilters(tokens, used);
    if (shopper.size) slots.size = shopper.size;
    this.findSizesAndPositions(tokens, used, slots);
    this.findClothingLetterSize(tokens, used, slots);
    this.findQuantity(tokens, used, slots);
    this.findOrdinalWord(tokens, used, slots);
    this.findColour(tokens, used, slots);

    const productWords: string[] = [];
    tokens.forEach((token, index) => {
      if (used.has(index) || !isProductWord(token)) return;
      if (!productWords.includes(token)) productWords.push(token);
    });
    slots.productWords = productWords;
    slots.namesKind = slots.category !== undefined || productWords.some((word) => KIND_WORDS.has(word));
    return slots;
  }

  private findSizesAndPositions(tokens: readonly string[], used: Set<number>, slots: ExtractedSlots): void {
    for (let i = 0; i < tokens.length; i += 1) {
      if (used.has(i)) continue;
      const token = tokens[i];
      const next = tokens[i + 1];

      if (token.startsWith('#')) {
        const position = Number(token.slice(1));
        if (position >= 1 && position <= MAX_POSITION * 2) {
          slots.ordinal ??= position;
          used.add(i);
        }
        continue;
      }

      if (STRONG_SIZE_CUES.has(token) || NUMBER_CUES.has(token)) {
        // "talla del 27", "size 9", "talla M", "talla extra grande", "número 2" (a position).
        let j = i + 1;
        if (ARTICLE_CUES.has(tokens[j] ?? '') && tokens[j + 1] !== undefined) j += 1;
        const value = tokens[j];
        if (value === undefined) continue;
        if (isNumber(value)) {
          const number = Number(value);
          // "el número 2" is a position; "del número 5" is a size.
          const sizeOf = ['del', 'de', 'en'].includes(tokens[i - 1] ?? '');
          if (NUMBER_CUES.has(token) && !sizeOf && Number.isInteger(number) && number >= 1 && number <= MAX_POSITION) {
            slots.ordinal ??= number;
          } else if (isSizeNumber(number, 1, 60)) {
            slots.size ??= sizeLabel(number);
          } else {
            continue;
          }
          markRange(used, i, j);
          continue;
        }
        if (STRONG_SIZE_CUES.has(token)) {
          const clothing = clothingSize(tokens, j);
          if (clothing) {
            slots.size ??= clothing.label;
            markRange(used, i, j + clothing.length - 1);
          }
        }
        continue;
      }

      if (isNumber(token) && !used.has(i)) {
        const number = Number(token);
        const previous = tokens[i - 1];
        if (previous === '$' || NON_SIZE_UNITS.has(next ?? '') || QUANTITY_UNITS.has(next ?? '')) continue;
        if (next === 'cm' && isSizeNumber(number, SHOE_SIZE_MIN, SHOE_SIZE_MAX)) {
          slots.size ??= sizeLabel(number);
          markRange(used, i, i + 1);
          continue;
        }
        if (previous !== undefined && ARTICLE_CUES.has(previous)) {
          if (isSizeNumber(number, SHOE_SIZE_MIN + 2, SHOE_SIZE_MAX)) {
            slots.size ??= sizeLabel(number);
            used.add(i);
            continue;
          }
          if (POSITION_CUES.has(previous) && Number.isInteger(number) && number >= 1 && number <= MAX_POSITION) {
            slots.ordinal ??= number;
            used.add(i);
            continue;
          }
        }
        if (previous !== undefined && POSITION_CUES.has(previous) && Number.isInteger(number) && number >= 1) {
          if (number <= MAX_POSITION) {
            slots.ordinal ??= number;
            used.add(i);
          }
          continue;
        }
        if (isSizeNumber(number, BARE_SIZE_MIN, BARE_SIZE_MAX)) {
          slots.size ??= sizeLabel(number);
          used.add(i);
        }
        continue;
      }

      if (STANDALONE_CLOTHING_SIZES.has(token)) {
        slots.size ??= CLOTHING_SIZES.get(token);
        used.add(i);
      }
    }
  }

  /** "2 playeras M", "sudadera negra G", "¿y en M?": a clothing size without "talla". */
  private findClothingLetterSize(tokens: readonly string[], used: Set<number>, slots: ExtractedSlots): void {
    if (slots.size !== undefined) return;
    for (let i = 1; i < tokens.length; i += 1) {
      const label = CLOTHING_SIZES.get(tokens[i]);
      if (label === undefined || used.has(i)) continue;
      const previous = tokens[i - 1];
      const afterGarment =
        CLOTHING_WORDS.has(previous) || (colourOf(previous) !== undefined && CLOTHING_WORDS.has(tokens[i - 2] ?? ''));
      const afterEn = previous === 'en' && tokens[i].length <= 2;
      // "soy M", "I'm a L", "yo soy talla…": the customer's own size.
      const self = SELF_SIZE_CUES.has(previous) || (previous === 'a' && SELF_SIZE_CUES.has(tokens[i - 2] ?? ''));
      if (!afterGarment && !afterEn && !self) continue;
      slots.size = label;
      used.add(i);
      return;
    }
  }

  private findQuantity(tokens: readonly string[], used: Set<number>, slots: ExtractedSlots): void {
    for (let i = 0; i < tokens.length; i += 1) {
      if (used.has(i)) continue;
      const token = tokens[i];
      const next = tokens[i + 1] ?? '';
      const count = countOf(token);
      // "2 pares", "tres piezas", "un par de tenis" (one pair).
      if (count !== undefined && QUANTITY_UNITS.has(next)) {
        slots.quantity ??= count;
        markRange(used, i, i + 1);
        continue;
      }
      // "a couple of", "a pair of".
      if (token === 'a' && (next === 'couple' || next === 'pair')) {
        slots.quantity ??= next === 'couple' ? 2 : 1;
        markRange(used, i, i + 1);
        continue;
      }
      // "quiero 3", "dame dos", "I'll take two", "¿descuento por 3?" — "quiero un…" is an article, not a count.
      if ((QUANTITY_VERBS.has(token) || token === 'por') && count === undefined) {
        const value = countOf(tokens[i + 1] ?? '');
        const after = tokens[i + 2] ?? '';
        const article = tokens[i + 1] === 'un' || tokens[i + 1] === 'una';
        if (value !== undefined && !article && !used.has(i + 1) && !NON_SIZE_UNITS.has(after)) {
          slots.quantity ??= value;
          used.add(i + 1);
        }
        continue;
      }
      // "2 playeras", "dos tenis": a count before the product.
      const noun = tokens[i + 1];
      if (count !== undefined && count <= MAX_COUNT && !['un', 'una', 'uno'].includes(token) && noun !== undefined) {
        if (!used.has(i + 1) && isProductWord(noun)) {
          slots.quantity ??= count;
          used.add(i);
        }
      }
    }
    // A lone number answers a question the caller asked: how many, or which one.
    const meaningful = tokens.filter((token) => !FILLER_WORDS.has(token) && !STOP_WORDS.has(token) && token !== 'y');
    const only = meaningful.length === 1 ? meaningful[0] : undefined;
    if (only !== undefined && slots.quantity === undefined && slots.ordinal === undefined) {
      const value = countOf(only);
      if (value !== undefined && value >= 1 && value <= MAX_POSITION) {
        slots.quantity = value;
        slots.ordinal = value;
        tokens.forEach((token, index) => token === only && used.add(index));
      }
    }
  }

  private findOrdinalWord(tokens: readonly string[], used: Set<number>, slots: ExtractedSlots): void {
    const meaningful = tokens.filter((token) => !FILLER_WORDS.has(token)).length;
    for (let i = 0; i < tokens.length; i += 1) {
      const position = ORDINAL_WORDS.get(tokens[i]);
      if (position === undefined || used.has(i)) continue;
      const previous = tokens[i - 1] ?? '';
      const next = tokens[i + 1] ?? '';
      // "la primera vez" is not a position; "un segundo" is a moment.
      if (NOT_A_POSITION_AFTER.has(next) || previous === 'un' || previous === 'a') continue;
      const introduced = ['el', 'la', 'lo', 'los', 'las', 'the', 'al', 'del', 'that'].includes(previous);
      const followedByNoun = ['one', 'opcion', 'option', 'modelo', 'producto', 'item', 'par', 'uno', 'una'].includes(
        next,
      );
      if (introduced || followedByNoun || meaningful <= 3) {
        slots.ordinal ??= position;
        used.add(i);
        if (followedByNoun) used.add(i + 1);
      }
    }
  }

  private findColour(tokens: readonly string[], used: Set<number>, slots: ExtractedSlots): void {
    for (let i = 0; i < tokens.length; i += 1) {
      if (used.has(i)) continue;
      const colour = colourOf(tokens[i]);
      if (colour === undefined) continue;
      slots.colour ??= colour;
      used.add(i);
    }
  }
}

function entries(names: readonly string[]): VocabularyEntry[] {
  return names
    .map((name) => ({ name, tokens: tokenize(name) }))
    .filter((entry) => entry.tokens.length > 0)
    .sort((a, b) => b.tokens.length - a.tokens.length);
}

/** The first vocabulary entry whose words appear in order in the message (plural-insensitive, one typo). */
function findEntry(
  tokens: readonly string[],
  vocabulary: readonly VocabularyEntry[],
  used: Set<number>,
  consume: boolean,
): string | undefined {
  for (const entry of vocabulary) {
    let found = false;
    for (let start = 0; start + entry.tokens.length <= tokens.length; start += 1) {
      const matches = entry.tokens.every((word, offset) => sameWord(tokens[start + offset], word));
      if (!matches) continue;
      found = true;
      // "¿Tienen tienda en Guadalajara? ¿En qué parte está la de gdl?": every mention is the store.
      if (!consume) break;
      markRange(used, start, start + entry.tokens.length - 1);
    }
    if (found) return entry.name;
  }
  return undefined;
}

function sameWord(token: string, word: string): boolean {
  if (token === word || singular(token) === singular(word)) return true;
  return isTypoOf(token, word);
}

/** Spanish and English plural → singular, enough to compare vocabulary words ("botas" ~ "bota"). */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function markRange(used: Set<number>, from: number, to: number): void {
  for (let i = from; i <= to; i += 1) used.add(i);
}

function isNumber(token: string): boolean {
  return /^\d+(?:\.\d+)?$/.test(token);
}

/** Whole or half sizes only ("26.5" yes, "26.3" no). */
function isSizeNumber(number: number, min: number, max: number): boolean {
  return number >= min && number <= max && Number.isInteger(number * 2);
}

function sizeLabel(number: number): string {
  return String(number);
}

function clothingSize(tokens: readonly string[], at: number): { label: string; length: number } | undefined {
  const word = tokens[at];
  const after = tokens[at + 1];
  if (word === 'extra' && (after === 'grande' || after === 'large' || after === 'chica' || after === 'small')) {
    const labels: Record<string, string> = { grande: 'EG', large: 'XL', chica: 'XS', small: 'XS' };
    return { label: labels[after], length: 2 };
  }
  const label = word === undefined ? undefined : CLOTHING_SIZES.get(word);
  return label ? { label, length: 1 } : undefined;
}

function countOf(token: string): number | undefined {
  if (/^\d{1,3}$/.test(token)) {
    const value = Number(token);
    return value >= 1 ? value : undefined;
  }
  return NUMBER_WORDS.get(token);
}

function colourOf(token: string): Colour | undefined {
  const exact = COLOUR_WORDS.get(token);
  if (exact) return exact;
  if (token.length < 5 || isKnownWord(token) || NOT_COLOUR_TYPOS.has(token)) return undefined;
  for (const [form, colour] of COLOUR_WORDS) {
    if (isTypoOf(token, form)) return colour;
  }
  return undefined;
}

/** Real words one letter away from a colour ("banco" is not "blanco"). */
const NOT_COLOUR_TYPOS = new Set(['banco', 'bancos', 'verte', 'verse', 'while', 'morena', 'morenas', 'greet']);

/** Words the detector knows are never read as a misspelt colour. */
function isKnownWord(token: string): boolean {
  return STOP_WORDS.has(token) || REQUEST_WORDS.has(token) || CUE_WORDS.has(token) || FILLER_WORDS.has(token);
}

function isProductWord(token: string): boolean {
  if (token.length < 2 || token === '$' || token.startsWith('#') || isNumber(token)) return false;
  if (NUMBER_WORDS.has(token) || ORDINAL_WORDS.has(token) || COLOUR_WORDS.has(token)) return false;
  if (REFERENCE_WORDS.has(token) || FOLLOW_UP_OPENERS.has(token) || PLACE_WORDS.has(token)) return false;
  if (STRONG_SIZE_CUES.has(token) || QUANTITY_UNITS.has(token) || NON_SIZE_UNITS.has(token)) return false;
  if (/^(?:ja|je|ha|he|ji|jo)+$/.test(token)) return false;
  return !isKnownWord(token);
}

/** A customer's message read for the shopper's filters ({@link ShopperFilters}), as the extractor reads them. */
export function shopperFiltersOf(text: string, language?: 'es' | 'en'): ShopperFilters {
  return readShopperFilters(catalogueWords(tokenize(stripEmoji(text)), language), new Set());
}

/**
 * The tokens with the catalogue's words for what the customer named: two-word names first
 * ("running shoes" → tenis correr), then one-word synonyms ("chaqueta" → chamarra, "gym" →
 * entrenamiento).
 */
export function catalogueWords(tokens: readonly string[], language: 'es' | 'en' = 'es'): string[] {
  const out: string[] = [];
  const local = LANGUAGE_PRODUCT_SYNONYMS[language];
  for (let i = 0; i < tokens.length; i += 1) {
    const phrase = tokens[i + 1] === undefined ? undefined : PRODUCT_PHRASES.get(`${tokens[i]} ${tokens[i + 1]}`);
    if (phrase) {
      out.push(...phrase);
      i += 1;
    } else {
      out.push(local.get(tokens[i]) ?? PRODUCT_SYNONYMS.get(tokens[i]) ?? PURPOSE_SYNONYMS.get(tokens[i]) ?? tokens[i]);
    }
  }
  return out;
}

/** Price range, order, audience, alternatives, deals and a US size; marks the tokens it reads in `used`. */
function readShopperFilters(tokens: readonly string[], used: Set<number>): ShopperFilters {
  const filters: ShopperFilters = {};
  readAudience(tokens, used, filters);
  readPrices(tokens, used, filters);
  readUsSize(tokens, used, filters);
  readOrder(tokens, used, filters);
  if (tokens.some((token, i) => SEEN_VERBS.has(token) && SEEN_BY.has(tokens[i - 1] ?? ''))) filters.seen = true;
  const without = readExcluded(tokens, used);
  if (without.length > 0) filters.without = without;
  const { named, hung } = readNamed(tokens, used);
  // What it is for ("pa ir al gym") says which of the kind named: the search honours it too.
  tokens.forEach((token, i) => {
    if (!used.has(i) && PURPOSES.has(token) && named.length > 0 && !named.includes(token)) named.push(token);
  });
  if (named.length > 0) filters.named = named;
  if (hung.length > 0) filters.hung = hung;
  const kinds = readKinds(tokens, used);
  if (kinds.length > 1) filters.kinds = kinds;
  tokens.forEach((token, i) => {
    const kinds = KIND_ALTERNATIVES.get(token);
    if (kinds) {
      filters.anyOf ??= kinds;
      used.add(i);
    }
    if (DISCOUNT_WORDS.has(token)) filters.discount = true;
  });
  return filters;
}

/** Words after which the next product word names what is wanted ("unos…", "¿manejan…?", "busco…"). */
const NAMING_WORDS = new Set(
  `un una unos unas algun alguna algunos algunas some any tienen tienes tiene manejan manejas maneja venden vendes vende
   hay busco buscando buscamos busca quiero queria quisiera necesito necesita necesitan ocupo ocupa ocupan want need
   have sell carry for`.split(/\s+/),
);
/** Words that hang a product word on the one before ("sombreros de charro", "tenis para correr"). */
const LINKING_WORDS = new Set(['de', 'del', 'con', 'sin', 'para', 'of', 'with']);
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'the', 'a', 'an']);

/** The catalogue's words for what a product is for ("entrenamiento", "trabajo"). */
const PURPOSES = new Set(PURPOSE_SYNONYMS.values());

/** "para", as said in a hurry ("es pa un bautizo", "pal gym"). */
const PURPOSE_WORDS = new Set(['para', 'pa', 'pal', 'for']);

function readNamed(tokens: readonly string[], used: Set<number>): { named: string[]; hung: string[] } {
  const named: string[] = [];
  const hung: string[] = [];
  const productAt = (i: number) => i < tokens.length && !used.has(i) && isProductWord(tokens[i]);
  for (let i = 0; i < tokens.length; i += 1) {
    // "para una fiesta" is what the product is for, not the product.
    if (!NAMING_WORDS.has(tokens[i]) || PURPOSE_WORDS.has(tokens[i - 1] ?? '')) continue;
    let j = i + 1;
    if (ARTICLES.has(tokens[j] ?? '')) j += 1;
    let linked = false;
    // The product, then the words right after it or linked to it: "botas vaqueras", "trajes de baño".
    while (productAt(j)) {
      if (!named.includes(tokens[j])) named.push(tokens[j]);
      if (linked && !hung.includes(tokens[j])) hung.push(tokens[j]);
      // A colour between the product and what hangs on it: "unos tenis blancos de lona".
      while (COLOUR_WORDS.has(tokens[j + 1] ?? '')) j += 1;
      const link = tokens[j + 1] ?? '';
      const article = ARTICLES.has(tokens[j + 2] ?? '');
      // "para correr" says what it is for; "para una fiesta", what the customer will do.
      linked = LINKING_WORDS.has(link);
      if (!linked) j += 1;
      else if (link === 'para' && article) break;
      else j += article ? 3 : 2;
    }
  }
  return { named, hung };
}

/** What joins kinds asked for together. */
const AND_WORDS = new Set(['y', 'e', 'and', 'tambien', 'plus']);

/**
 * Kinds of product joined by "y" ("me falta un cinto piteado y unas botas vaqueras"), each with
 * its product words; none when the message names one kind ("tenis de bota").
 */
function readKinds(tokens: readonly string[], used: Set<number>): string[] {
  const kinds: string[][] = [];
  let joined = false;
  for (let i = 0; i < tokens.length; i += 1) {
    if (used.has(i)) continue;
    if (AND_WORDS.has(tokens[i])) joined = kinds.length > 0;
    if (!KIND_NOUNS.has(tokens[i])) continue;
    if (kinds.length > 0 && !joined) return [];
    const kind = [tokens[i]];
    // Its words: right after it, or hung on it ("tenis de lona", "botas de trabajo").
    for (;;) {
      const hung = LINKING_WORDS.has(tokens[i + 1] ?? '') ? 1 : 0;
      const at = i + 1 + hung;
      if (used.has(at) || !isProductWord(tokens[at] ?? '') || (!hung && KIND_NOUNS.has(tokens[at]))) break;
      kind.push(tokens[at]);
      i = at;
    }
    kinds.push(kind);
    joined = false;
  }
  const different = new Set(kinds.map(([kind]) => singular(kind))).size === kinds.length;
  return different ? kinds.map((kind) => kind.join(' ')) : [];
}

/** Verbs of having been shown a product, after who saw or showed it ("que me enseñaron", "you showed"). */
const SEEN_VERBS = new Set(
  'ensenaron ensenaste enseno mostraron mostraste mostro pasaron pasaste mandaron mandaste vi vimos showed shown saw'.split(
    ' ',
  ),
);
const SEEN_BY = new Set(['que', 'q', 'me', 'nos', 'ya', 'you', 'i', 'we']);

/** What rules a word out: "que no sea de piel", "no sean negros". */
const EXCLUDING = new Set(['sea', 'sean', 'tenga', 'tengan', 'quiero']);

/** The product words or colours after "no sea (de)…": never product words, marked in `used`. */
function readExcluded(tokens: readonly string[], used: Set<number>): string[] {
  const without: string[] = [];
  for (let i = 0; i + 2 < tokens.length; i += 1) {
    if (tokens[i] !== 'no' || !EXCLUDING.has(tokens[i + 1])) continue;
    const at = tokens[i + 2] === 'de' ? i + 3 : i + 2;
    const word = tokens[at];
    if (word === undefined || !(isProductWord(word) || COLOUR_WORDS.has(word))) continue;
    without.push(word);
    markRange(used, i, at);
  }
  return without;
}

/** English words that make the next one someone's ("my son"). */
const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'our', 'their', 'a', 'mi', 'mis', 'su', 'sus', 'tu', 'tus']);
/**
 * Audience words that are something else unless someone's: "son" is Spanish for "are"
 * ("¿cuáles son…?"), "mom fit" and "dad hat" are cuts, "un chavo" is any young man ("mi chavo" is a son).
 */
const POSSESSED_ONLY_AUDIENCE = new Set(['son', 'mom', 'dad', 'chavo', 'chavos', 'chavito', 'chavitos']);

function readAudience(tokens: readonly string[], used: Set<number>, filters: ShopperFilters): void {
  tokens.forEach((token, i) => {
    const audience = AUDIENCE_WORDS.get(token);
    if (audience === undefined) return;
    if (POSSESSED_ONLY_AUDIENCE.has(token) && !POSSESSIVES.has(tokens[i - 1] ?? '')) return;
    used.add(i);
    filters.audience = filters.audience === undefined ? audience : both(filters.audience, audience);
  });
  // "y para mí unos blancos": the customer themself, an adult (not "para mi hijo").
  if (filters.audience !== undefined) return;
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    const self = (tokens[i] === 'para' && tokens[i + 1] === 'mi') || (tokens[i] === 'for' && tokens[i + 1] === 'me');
    if (!self || AUDIENCE_WORDS.has(tokens[i + 2] ?? '')) continue;
    filters.audience = 'adults';
    markRange(used, i, i + 1);
    return;
  }
}

/** Two audiences named in one message: boys' and girls' are kids', men's and women's adults'. */
function both(a: Audience, b: Audience): Audience {
  if (a === b) return a;
  const kids: readonly Audience[] = ['kids', 'boys', 'girls'];
  if (kids.includes(a) && kids.includes(b)) return 'kids';
  if (!kids.includes(a) && !kids.includes(b)) return 'adults';
  return a;
}

/** An amount of money starting at `start`: "$800", "1,000", "1k", "mil", "dos mil quinientos", "800 pesos". */
interface Amount {
  value: number;
  /** Index of its last token. */
  end: number;
  /** Said as money ("$", "pesos", "mil", "k"), not a bare number. */
  money: boolean;
}

function amountAt(tokens: readonly string[], start: number): Amount | undefined {
  let i = start;
  let money = false;
  if (tokens[i] === '$') {
    money = true;
    i += 1;
  }
  const token = tokens[i] ?? '';
  const count = NUMBER_WORDS.get(token) ?? 0;
  let value: number;
  if (isNumber(token) || token === 'mil' || (count > 1 && tokens[i + 1] === 'mil')) {
    // "800", "1k", "2 mil", "mil", "dos mil", and the hundreds after a thousand ("mil quinientos").
    value = isNumber(token) ? Number(token) : token === 'mil' ? 1 : count;
    if (token !== 'mil') i += 1;
    if (token === 'mil' || tokens[i] === 'k' || tokens[i] === 'mil') {
      value *= 1000;
      money = true;
      i += 1;
      const rest = hundredsAt(tokens, i);
      value += rest.value;
      i += rest.length;
    }
  } else {
    const spelt = hundredsAt(tokens, i);
    if (spelt.length === 0) return undefined;
    value = spelt.value;
    i += spelt.length;
  }
  if (CURRENCY_WORDS.has(tokens[i] ?? '') || tokens[i] === '$') {
    money = true;
    i += 1;
  }
  return { value, end: i - 1, money };
}

/** "ochocientos", "ochocientos cincuenta" at `i`, and how many tokens it takes (0: none). */
function hundredsAt(tokens: readonly string[], i: number): { value: number; length: number } {
  const hundreds = AMOUNT_WORDS.get(tokens[i] ?? '') ?? 0;
  if (hundreds < 100) return { value: 0, length: 0 };
  const tens = AMOUNT_WORDS.get(tokens[i + 1] ?? '') ?? 0;
  return tens > 0 && tens < 100 ? { value: hundreds + tens, length: 2 } : { value: hundreds, length: 1 };
}

const phrases = (list: readonly string[]) => list.map((phrase) => phrase.split(' '));
const CEILING_BEFORE = phrases(PRICE_CEILING_CUES);
const FLOOR_BEFORE = phrases(PRICE_FLOOR_CUES);
const CEILING_AFTER = phrases(PRICE_CEILING_AFTER);
const FLOOR_AFTER = phrases(PRICE_FLOOR_AFTER);
/** Words allowed between a cue and its amount ("hasta unos 800", "menos de los 1000"). */
const APPROXIMATELY = new Set(['unos', 'como', 'los', 'las', 'aprox', 'about', 'around']);

/** Whether one of the phrases ends right before `index` (skipping "unos"), and where it starts. */
function phraseBefore(tokens: readonly string[], index: number, list: readonly string[][]): number | undefined {
  let end = index - 1;
  while (end >= 0 && APPROXIMATELY.has(tokens[end])) end -= 1;
  for (const phrase of list) {
    const start = end - phrase.length + 1;
    if (start >= 0 && phrase.every((word, k) => tokens[start + k] === word)) return start;
  }
  return undefined;
}

function phraseAfter(tokens: readonly string[], index: number, list: readonly string[][]): number | undefined {
  for (const phrase of list) {
    if (phrase.every((word, k) => tokens[index + 1 + k] === word)) return index + phrase.length;
  }
  return undefined;
}

function readPrices(tokens: readonly string[], used: Set<number>, filters: ShopperFilters): void {
  for (let i = 0; i < tokens.length; i += 1) {
    if (used.has(i)) continue;
    const amount = amountAt(tokens, i);
    if (!amount) continue;
    const plausible = amount.money || amount.value >= MIN_BARE_PRICE;
    // "entre 500 y 800", "de 500 a 800", "between 50 and 80".
    const joiner = tokens[amount.end + 1] ?? '';
    const second = ['y', 'a', 'and', 'to'].includes(joiner) ? amountAt(tokens, amount.end + 2) : undefined;
    const opener = tokens[i - 1] ?? '';
    if (second && ['entre', 'de', 'between', 'from'].includes(opener) && (plausible || second.money)) {
      filters.minPrice = Math.min(amount.value, second.value);
      filters.maxPrice = Math.max(amount.value, second.value);
      markRange(used, i - 1, second.end);
      i = second.end;
      continue;
    }
    if (!plausible) continue;
    const ceilingFrom = phraseBefore(tokens, i, CEILING_BEFORE);
    const floorFrom = phraseBefore(tokens, i, FLOOR_BEFORE);
    const ceilingTo = phraseAfter(tokens, amount.end, CEILING_AFTER);
    const floorTo = phraseAfter(tokens, amount.end, FLOOR_AFTER);
    if (ceilingTo !== undefined || (ceilingFrom !== undefined && floorTo === undefined)) {
      filters.maxPrice = amount.value;
      markRange(used, ceilingFrom ?? i, ceilingTo ?? amount.end);
    } else if (floorTo !== undefined || floorFrom !== undefined) {
      filters.minPrice = amount.value;
      markRange(used, floorFrom ?? i, floorTo ?? amount.end);
    } else {
      continue;
    }
    i = Math.max(i, ceilingTo ?? floorTo ?? amount.end);
  }
}

/** Cues that make the number after them a size: here, in a US size ("talla 9 US", "size 9"). */
const US_SIZE_CUES = new Set(['talla', 'size', 'sz', 'numero', 'calzo', 'calza', 'calzas', 'uso', 'del', 'de']);
/** A US adult shoe size is within these. */
const US_SIZE_MIN = 4;
const US_SIZE_MAX = 15;

/**
 * "talla 9 US", "9 americano", "US 9", "size 9" (English, about shoes), "calzo 9": a US shoe
 * size, as the Mexican size it is (women's when the customer said so; children's sizes are a
 * scale of their own and stay as said).
 */
function readUsSize(tokens: readonly string[], used: Set<number>, filters: ShopperFilters): void {
  const fit = filters.audience === 'women' || filters.audience === 'girls' ? 'women' : 'men';
  if (filters.audience === 'kids' || filters.audience === 'boys' || filters.audience === 'girls') return;
  const clothing = tokens.some((token) => CLOTHING_WORDS.has(token));
  for (let i = 0; i < tokens.length; i += 1) {
    if (used.has(i) || !isNumber(tokens[i])) continue;
    const number = Number(tokens[i]);
    if (!isSizeNumber(number, US_SIZE_MIN, US_SIZE_MAX)) continue;
    const previous = tokens[i - 1] ?? '';
    // "7 US", "US 7", "7 de USA", "7 en americano", "talla americana 7".
    const linked = ['de', 'en', 'talla', 'size'].includes(tokens[i + 1] ?? '') ? 2 : 1;
    const after = tokens[i + linked] ?? '';
    const marked =
      US_SIZE_MARKERS.has(previous) || US_SIZE_MARKERS.has(after) || US_SIZE_MARKERS.has(tokens[i - 2] ?? '');
    const english = (previous === 'size' || previous === 'sz') && !clothing;
    const calzo = ['calzo', 'calza', 'calzas'].includes(previous) || (previous === 'del' && tokens[i - 2] === 'calzo');
    if (!marked && !english && !calzo) continue;
    const size = mexicanShoeSize(number, fit);
    if (size === undefined) continue;
    filters.usSize = tokens[i];
    filters.size = size;
    let from = i;
    while (from > 0 && (US_SIZE_CUES.has(tokens[from - 1]) || US_SIZE_MARKERS.has(tokens[from - 1]))) from -= 1;
    markRange(used, from, US_SIZE_MARKERS.has(after) ? i + linked : i);
    return;
  }
}

/** "barato" (cheapest first), "el más caro" (dearest first); "el/la más…", "¿cuál es más…?" pick one. */
function readOrder(tokens: readonly string[], used: Set<number>, filters: ShopperFilters): void {
  const asksWhich = tokens.some((token) => ['cual', 'which'].includes(token));
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    const previous = tokens[i - 1] ?? '';
    const superlative = previous === 'mas' || previous === 'most';
    const cheap = CHEAP_WORDS.has(token);
    const dear = superlative && (DEAR_WORDS.has(token) || token === 'expensive');
    if (!cheap && !dear) continue;
    filters.sort = cheap ? 'price_asc' : 'price_desc';
    const singular = !/s$/.test(token) || token === 'cheapest' || token === 'cheaper';
    const article = ['el', 'la', 'the'].includes(superlative ? (tokens[i - 2] ?? '') : previous);
    const one = tokens[i + 1] === 'one';
    if (singular && (article || one || asksWhich) && (superlative || token.endsWith('est') || asksWhich))
      filters.pickOne = true;
    used.add(i);
    if (superlative) used.add(i - 1);
  }
}
