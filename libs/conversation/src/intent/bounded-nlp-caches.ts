import type { Nlp } from '@nlpjs/nlp';
import { LRUCache } from 'lru-cache';
import { LANGUAGES, type Language } from './detection.js';

/** NLP.js's tokenizer (`@nlpjs/core` Tokenizer): the parts its cache wraps. */
interface NlpTokenizer {
  tokenize(text: string, normalize?: unknown): string[];
  normalize(text: string, normalize?: unknown): string;
  innerTokenize(text: string, normalize?: unknown): string[];
}

/** NLP.js's stemmer (`@nlpjs/core` BaseStemmer): `stemWord` memoises into `cache`. */
interface NlpStemmer {
  stemWord(word: string): string;
  cache: Record<string, string>;
}

export interface NlpCacheLimits {
  /** Texts whose tokens are kept (each language apart). */
  texts: number;
  /** Words whose stems are kept (each language apart). */
  words: number;
  /** How long a text's tokens are kept: NLP.js's own choice, an hour. */
  ttlMs: number;
}

export const NLP_CACHE_LIMITS: NlpCacheLimits = { texts: 5_000, words: 20_000, ttlMs: 3_600_000 };

export interface NlpCacheSizes {
  texts: number;
  words: number;
}

function isTokenizer(part: unknown): part is NlpTokenizer {
  return typeof (part as NlpTokenizer | undefined)?.innerTokenize === 'function';
}

function isStemmer(part: unknown): part is NlpStemmer {
  return typeof (part as NlpStemmer | undefined)?.stemWord === 'function';
}

/**
 * NLP.js memoises, per language, the tokens of every text it classifies (for an hour, with
 * no limit on how many: every message of every customer) and the stem of every word it
 * meets (forever), in `@nlpjs/core`'s src/tokenizer.js and src/base-stemmer.js. This swaps
 * both for LRU caches bounded by entries, the texts' with the same hour, so memory stays
 * flat however many customers write. Returns what they hold, by language.
 */
export function boundNlpCaches(
  nlp: Nlp,
  limits: NlpCacheLimits = NLP_CACHE_LIMITS,
): () => Record<Language, NlpCacheSizes> {
  const caches = LANGUAGES.map((language) => {
    const tokenizer = nlp.container.get(`tokenizer-${language}`);
    const stemmer = nlp.container.get(`stemmer-${language}`);
    if (!isTokenizer(tokenizer) || !isStemmer(stemmer)) {
      throw new Error(`NLP.js has no tokenizer or stemmer for ${language}: its caches cannot be bounded`);
    }
    const texts = new LRUCache<string, string[]>({ max: limits.texts, ttl: limits.ttlMs });
    // Keyed as NLP.js keys it: by the text and whether normalising was asked for.
    tokenizer.tokenize = (text, normalize) => {
      const key = `${normalize ? 'n' : 'r'}${text}`;
      let tokens = texts.get(key);
      if (tokens === undefined) {
        tokens = tokenizer.innerTokenize(tokenizer.normalize(text, normalize), normalize);
        texts.set(key, tokens);
      }
      return tokens;
    };
    const words = new LRUCache<string, string>({ max: limits.words });
    const stemWord = stemmer.stemWord.bind(stemmer);
    stemmer.stemWord = (word) => {
      let stem = words.get(word);
      if (stem === undefined) {
        // Its own memo is emptied on every miss: it never holds more than one word.
        stemmer.cache = {};
        stem = stemWord(word);
        words.set(word, stem);
      }
      return stem;
    };
    return [language, { texts, words }] as const;
  });
  return () =>
    Object.fromEntries(
      caches.map(([language, { texts, words }]) => [language, { texts: texts.size, words: words.size }]),
    ) as Record<Language, NlpCacheSizes>;
}
