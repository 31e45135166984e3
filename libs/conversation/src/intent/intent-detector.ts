import { Nlp } from '@nlpjs/nlp';
import { LangEn } from '@nlpjs/lang-en';
import { LangEs } from '@nlpjs/lang-es';
import { boundNlpCaches, NLP_CACHE_LIMITS, type NlpCacheLimits, type NlpCacheSizes } from './bounded-nlp-caches.js';
import { matchCommand } from './command-rules.js';
import { extractCustomerFacts } from './customer-facts.js';
import {
  COMMAND_INTENTS,
  INTENTS,
  LANGUAGES,
  type Detection,
  type DetectionSlots,
  type Intent,
  type IntentVocabulary,
  type Language,
} from './detection.js';
import { INTENT_CORPUS, type IntentCorpus } from './intent-corpus.js';
import { findCues, type Cues } from './keyword-cues.js';
import { LanguageGuesser } from './language-guesser.js';
import { ORDINAL_WORDS } from './lexicon.js';
import { SlotExtractor, type ExtractedSlots } from './slot-extractor.js';
import { replaceEmoji, stripEmoji, tokenize } from './text-normaliser.js';

/** How much one keyword cue counts next to the model's probability (which sums to 1). */
const CUE_WEIGHT = 0.45;
/** Below this combined score nothing is sure enough; the slots decide, or it is `other`. */
const MIN_SCORE = 0.4;
/** Without any keyword cue, a model this unsure is guessing: the message is about something else. */
const UNSURE_MODEL_SCORE = 0.55;
/** WhatsApp allows 4,096 characters; the intent of a message is in its first few hundred. */
const MAX_TEXT_LENGTH = 1_000;

const PRODUCT_INTENTS: ReadonlySet<Intent> = new Set(['product_search', 'price', 'availability', 'product_details']);
const COMMANDS: ReadonlySet<Intent> = new Set(COMMAND_INTENTS);
const COURTESY_INTENTS: ReadonlySet<Intent> = new Set(['greeting', 'thanks_goodbye']);

/**
 * Intent and slots of a customer's message, Spanish or English, for the rule-based
 * assistant. Explicit commands (opt-out, opt-in, human agent) come from rules and win;
 * everything else from an NLP.js model trained at start on the corpus in the repo,
 * combined with keyword cues, and with the slots as the last word ("negros talla 27" is a
 * product search). Train once with `create()`, then call `detect()` per message.
 */
export class IntentDetector {
  private constructor(
    private readonly nlp: Nlp,
    private slots: SlotExtractor,
    private readonly languages: LanguageGuesser,
    /** How long training took, in milliseconds. */
    readonly trainingMs: number,
    /** What NLP.js's caches hold now, by language (they are bounded). */
    readonly cacheSizes: () => Record<Language, NlpCacheSizes>,
  ) {}

  /**
   * Trains the model (0.2 s on this machine) and returns a ready detector. `vocabulary`
   * carries the shop's store and category names; `corpus` defaults to the one in the repo.
   */
  static async create(
    vocabulary: IntentVocabulary = {},
    corpus: IntentCorpus = INTENT_CORPUS,
    cacheLimits: NlpCacheLimits = NLP_CACHE_LIMITS,
  ): Promise<IntentDetector> {
    const started = performance.now();
    const nlp = new Nlp({
      languages: [...LANGUAGES],
      autoSave: false,
      autoLoad: false,
      calculateSentiment: false,
      nlu: { log: false },
    });
    nlp.use(LangEs);
    nlp.use(LangEn);
    const cacheSizes = boundNlpCaches(nlp, cacheLimits);
    for (const language of LANGUAGES) {
      for (const intent of INTENTS) {
        for (const utterance of corpus[language][intent]) {
          const tokens = tokenize(replaceEmoji(utterance, language));
          // NLP.js warns on the console about an utterance with no words ("?"): nothing to learn there.
          if (tokens.length > 0) nlp.addDocument(language, modelText(tokens), intent);
        }
      }
    }
    await nlp.train();
    return new IntentDetector(
      nlp,
      new SlotExtractor(vocabulary),
      new LanguageGuesser(corpus),
      performance.now() - started,
      cacheSizes,
    );
  }

  /**
   * Replaces the store and category names, without training again: the categories may come
   * from the inventory once it answers, after the detector was created.
   */
  useVocabulary(vocabulary: IntentVocabulary): void {
    this.slots = new SlotExtractor(vocabulary);
  }

  /** Asynchronous only because NLP.js is; about 0.1 ms of CPU per message. */
  async detect(text: string): Promise<Detection> {
    const raw = text.slice(0, MAX_TEXT_LENGTH);
    const language = this.languages.guess(tokenize(stripEmoji(raw)));
    // "Me llamo Roberto, calzo del 28" tells us about the customer, and asks for nothing by itself.
    const stated = extractCustomerFacts(raw);
    const facts = Object.keys(stated.facts).length > 0 ? { facts: stated.facts } : {};
    const tokens = tokenize(replaceEmoji(stated.rest, language));
    const extracted = this.slots.extract(tokens, language);

    const joined = tokens.join(' ');
    const command = matchCommand(joined, tokens);
    if (command) {
      // A command names no product; whatever else the message says waits for the next one.
      const slots = {
        ...finishSlots(extracted, command.intent, undefined),
        productWords: [],
        ...(command.reason && { reason: command.reason }),
        ...(command.erasure && { erasure: true }),
      };
      return { intent: command.intent, confidence: 1, language, slots, via: 'rule', ...facts };
    }

    const cues = findCues(tokens);
    const modelScores =
      tokens.length === 0 ? new Map<Intent, number>() : await this.classify(language, modelText(tokens));
    const { intent, confidence, via } = decide(modelScores, cues, extracted, BESIDES.test(joined));
    const slots = finishSlots(extracted, intent, cues);
    // "Busco tenis, calzo del 27": the size they wear is the size they ask for.
    if (PRODUCT_INTENTS.has(intent) && slots.size === undefined) {
      const size = stated.facts.shoe_size ?? stated.facts.clothing_size;
      if (size !== undefined) slots.size = size;
    }
    return { intent, confidence, language, slots, via, ...facts };
  }

  private async classify(language: Language, text: string): Promise<Map<Intent, number>> {
    const result = await this.nlp.classify(language, text);
    const scores = new Map<Intent, number>();
    for (const { intent, score } of result.classifications) {
      if (isIntent(intent) && score > 0) scores.set(intent, score);
    }
    return scores;
  }
}

/**
 * The model sees the same tokens the rules see, so "holaaa", "26½" and emoji read alike in
 * training and use; positions ("el segundo", "#2") are slots, and left to the rules: "precio
 * del segundo" asks a price.
 */
function modelText(tokens: readonly string[]): string {
  return tokens.filter((token) => !ORDINAL_WORDS.has(token) && !token.startsWith('#')).join(' ');
}

function isIntent(name: string): name is Intent {
  return (INTENTS as readonly string[]).includes(name);
}

function hasProductSignal(slots: ExtractedSlots): boolean {
  return (
    slots.productWords.length > 0 ||
    slots.size !== undefined ||
    slots.colour !== undefined ||
    slots.category !== undefined ||
    slots.ordinal !== undefined
  );
}

/** "Aparte de zapatos, ¿qué venden?": the kind named is the one not asked about. */
const BESIDES = /(?<=^| )(?:aparte de|ademas de|fuera de|besides|other than|apart from|except)(?= |$)/;

function decide(
  model: ReadonlyMap<Intent, number>,
  found: Cues,
  slots: ExtractedSlots,
  besides: boolean,
): Pick<Detection, 'intent' | 'confidence' | 'via'> {
  const productSignal = hasProductSignal(slots);
  const slotSignal =
    slots.size !== undefined ||
    slots.colour !== undefined ||
    slots.category !== undefined ||
    slots.ordinal !== undefined;
  const noProductWords = slots.productWords.length === 0;
  const cues = new Map(found.scores);
  // "Hola, ¿tienen tenis?" and "gracias, ¿y el segundo?" ask something: the courtesy is not the point.
  if ([...cues.keys()].some((intent) => !COURTESY_INTENTS.has(intent))) {
    for (const intent of COURTESY_INTENTS) cues.delete(intent);
  }

  // A bare position or slot with no request word ("el 2", "¿y en rojo?", "and in blue?",
  // "¿y las botas?") refines what was shown; the model has too little to go on.
  if (cues.size === 0 && (noProductWords || slots.opensWithConnector)) {
    if (slots.ordinal !== undefined && noProductWords) {
      return { intent: 'product_details', confidence: 0.7, via: 'slots' };
    }
    if (slots.store !== undefined) return { intent: 'availability', confidence: 0.7, via: 'slots' };
    if (slots.colour || slots.size || slots.quantity || !noProductWords) {
      return { intent: 'product_search', confidence: 0.7, via: 'slots' };
    }
  }
  // "¿Tienen los tenis en la sucursal Polanco?" asks for stock in one of the stores, not for the stores;
  // so does "which stores have them in 26?" about what was shown.
  const refersToShown =
    (slots.references || noProductWords) && (slots.size !== undefined || slots.colour !== undefined);
  if (found.topic === 'stores' && productSignal && (slots.store !== undefined || refersToShown)) {
    return { intent: 'availability', confidence: 0.8, via: 'model' };
  }
  // "¿En qué sucursal hay?": which of the stores has what was shown is its stock.
  if (found.topic === 'stores' && (cues.get('availability') ?? 0) >= 1 && noProductWords) {
    return { intent: 'availability', confidence: 0.8, via: 'model' };
  }
  // "Zapatos para una boda el sábado": the day says when, the product is what is asked.
  if (found.daysOnly && (slots.category !== undefined || !noProductWords)) cues.delete('shop_info');

  const combined = new Map<Intent, number>();
  for (const intent of INTENTS) {
    // A command changes what the shop may send: the model alone never gives one when the
    // message also talks about products (the rules already had their say).
    const fromModel = COMMANDS.has(intent) && productSignal ? 0 : (model.get(intent) ?? 0);
    const score = fromModel + CUE_WEIGHT * (cues.get(intent) ?? 0);
    if (score > 0) combined.set(intent, score);
  }
  const total = [...combined.values()].reduce((sum, score) => sum + score, 0);
  // A full cue ("precio", "horario", "de qué material") names what is asked; the model
  // chooses among the intents the words name, and only decides alone when none do.
  let named = [...combined].filter(([intent]) => (cues.get(intent) ?? 0) >= 1);
  // "¿Cuánto cuestan y en qué tienda hay?": the stock answer states the price as well.
  if (named.some(([intent]) => intent === 'availability') && named.some(([intent]) => intent === 'price')) {
    named = named.filter(([intent]) => intent !== 'price');
  }
  // "¿Por qué zona queda la de Monterrey?": where a store is, with no product, is no stock question.
  if ((found.topic === 'address' || found.topic === 'hours') && slots.store !== undefined && !productSignal) {
    return { intent: 'shop_info', confidence: 0.8, via: 'model' };
  }
  // "¿Me lo mandan? ¿Cuánto cobran?" about no product: the shipping answer states what it costs.
  if (found.topic === 'shipping' && !productSignal && named.some(([intent]) => intent === 'shop_info')) {
    named = named.filter(([intent]) => intent !== 'price');
  }
  const [best, bestScore] = argmax(named.length > 0 ? named : [...combined]);
  const confidence = total > 0 ? Math.min(1, bestScore / total) : 0;

  // The model saw shop information in a message with a size or a colour and no word of a shop
  // topic ("do you have them in size 9?"), or a day beside a product: it is about products.
  if (best === 'shop_info' && productSignal && (!found.topic || (found.daysOnly && !cues.has('shop_info')))) {
    return { intent: slots.store ? 'availability' : 'product_search', confidence: 0.6, via: 'slots' };
  }
  // "Holaa, ahora quiero sandalias", "hey do you guys have flip flops?": a kind of product the
  // shop sells, said with a greeting or a thank-you, is what the message is about.
  if (slots.namesKind && COURTESY_INTENTS.has(best)) {
    return { intent: slots.store ? 'availability' : 'product_search', confidence: 0.6, via: 'slots' };
  }
  // "My son needs sandals, what do you have?", "¿qué tipo de tenis manejan?": a kind the shop sells
  // named in a catalogue question asks for that kind.
  if (best === 'categories' && slots.namesKind && !besides) {
    return { intent: slots.store ? 'availability' : 'product_search', confidence: 0.6, via: 'slots' };
  }
  // "¿Y de piel qué tienen?" after a search: a connector and a product word refine it; only a
  // weak catalogue cue ("qué tienen") made it look like a question about the categories.
  if (best === 'categories' && slots.opensWithConnector && !noProductWords && (cues.get('categories') ?? 0) < 1) {
    return { intent: 'product_search', confidence: 0.6, via: 'slots' };
  }
  // The model saw a greeting, a thank-you or a catalogue question in a message that names a
  // product, and no word of the message says so: it is a product search.
  if (productSignal && !cues.has(best) && (COURTESY_INTENTS.has(best) || best === 'categories')) {
    return { intent: slots.store ? 'availability' : 'product_search', confidence: 0.6, via: 'slots' };
  }
  if (slotSignal && (bestScore < MIN_SCORE || best === 'other')) {
    return {
      intent: slots.ordinal && noProductWords ? 'product_details' : 'product_search',
      confidence: 0.6,
      via: 'slots',
    };
  }
  // No word the model knows and no cue: the unknown words are most likely a product's name.
  if (model.size === 0 && cues.size === 0) {
    return noProductWords
      ? { intent: 'other', confidence: 1, via: 'model' }
      : { intent: 'product_search', confidence: 0.5, via: 'slots' };
  }
  // With no word the model knows, the cues alone decide ("okey", "gracias bro").
  const minimum = model.size === 0 ? 0 : MIN_SCORE;
  if (bestScore <= minimum || (cues.size === 0 && bestScore < UNSURE_MODEL_SCORE && !slotSignal)) {
    return { intent: 'other', confidence: 1 - Math.min(1, bestScore), via: 'model' };
  }
  // Looking for a product in one store is asking for its stock there; so is its price there
  // ("¿cuánto el oxford y hay en Polanco?"): the stock answer states the price as well.
  if ((best === 'product_search' || best === 'price') && slots.store !== undefined) {
    return { intent: 'availability', confidence, via: 'model' };
  }
  return { intent: best, confidence, via: 'model' };
}

function argmax(scores: ReadonlyArray<readonly [Intent, number]>): readonly [Intent, number] {
  let best: readonly [Intent, number] = ['other', 0];
  for (const entry of scores) if (entry[1] > best[1]) best = entry;
  return best;
}

function finishSlots(extracted: ExtractedSlots, intent: Intent, cues: Cues | undefined): DetectionSlots {
  const { references, opensWithConnector, namesKind: _namesKind, ...slots } = extracted;
  const refinesSlot =
    slots.ordinal !== undefined ||
    slots.colour !== undefined ||
    slots.size !== undefined ||
    slots.store !== undefined ||
    slots.quantity !== undefined;
  const followUp =
    PRODUCT_INTENTS.has(intent) &&
    (opensWithConnector ||
      (slots.productWords.length === 0 &&
        slots.category === undefined &&
        (refinesSlot || references || intent !== 'product_search')));
  return {
    ...slots,
    followUp,
    ...(intent === 'shop_info' && cues?.topic ? { topic: cues.topic } : {}),
    ...(intent === 'shop_info' && cues && cues.topics.length > 1 ? { topics: cues.topics } : {}),
  };
}
