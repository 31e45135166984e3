import type { Colour, DetectionSlots, IntentVocabulary } from './detection.js';
import { CUE_WORDS } from './keyword-cues.js';
import {
  CLOTHING_SIZES,
  COLOUR_WORDS,
  FILLER_WORDS,
  FOLLOW_UP_OPENERS,
  NON_SIZE_UNITS,
  NUMBER_WORDS,
  ORDINAL_WORDS,
  QUANTITY_UNITS,
  REFERENCE_WORDS,
  REQUEST_WORDS,
  STANDALONE_CLOTHING_SIZES,
  STOP_WORDS,
  STRONG_SIZE_CUES,
} from './lexicon.js';
import { isTypoOf, tokenize } from './text-normaliser.js';

/** The slots of one message, before the intent is known (`followUp` depends on it). */
export interface ExtractedSlots extends Omit<DetectionSlots, 'followUp' | 'topic'> {
  /** The message points back at something shown ("ese", "the other one", "el mismo"). */
  references: boolean;
  /** The message opens with a connector ("¿y en rojo?", "and in blue?"). */
  opensWithConnector: boolean;
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
]);
/** Words that name a place in the shop, not a product. */
const PLACE_WORDS = new Set(['sucursal', 'sucursales', 'tienda', 'tiendas', 'store', 'stores', 'branch', 'local']);

const SHOE_SIZE_MIN = 10;
const SHOE_SIZE_MAX = 35;
/** A bare number in this range, with nothing around it, is an adult shoe size (Mexican sizes, cm). */
const BARE_SIZE_MIN = 20;
const BARE_SIZE_MAX = 32;
const MAX_POSITION = 10;

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

  extract(tokens: readonly string[]): ExtractedSlots {
    const used = new Set<number>();
    const slots: ExtractedSlots = {
      productWords: [],
      references: tokens.some((token) => REFERENCE_WORDS.has(token)),
      opensWithConnector: tokens.length > 1 && FOLLOW_UP_OPENERS.has(tokens[0]),
    };

    const store = findEntry(tokens, this.stores, used, true);
    if (store) slots.store = store;
    const category = findEntry(tokens, this.categories, new Set(), false);
    if (category) slots.category = category;

    this.findSizesAndPositions(tokens, used, slots);
    this.findQuantity(tokens, used, slots);
    this.findOrdinalWord(tokens, used, slots);
    this.findColour(tokens, used, slots);

    const productWords: string[] = [];
    tokens.forEach((token, index) => {
      if (used.has(index) || !isProductWord(token)) return;
      if (!productWords.includes(token)) productWords.push(token);
    });
    slots.productWords = productWords;
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
      // "quiero 3", "dame dos", "I'll take two" — "quiero un…" is an article, not a count.
      if (QUANTITY_VERBS.has(token) && count === undefined) {
        const value = countOf(tokens[i + 1] ?? '');
        if (value !== undefined && tokens[i + 1] !== 'un' && tokens[i + 1] !== 'una' && !used.has(i + 1)) {
          slots.quantity ??= value;
          used.add(i + 1);
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
    for (let start = 0; start + entry.tokens.length <= tokens.length; start += 1) {
      const matches = entry.tokens.every((word, offset) => sameWord(tokens[start + offset], word));
      if (!matches) continue;
      if (consume) markRange(used, start, start + entry.tokens.length - 1);
      return entry.name;
    }
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
