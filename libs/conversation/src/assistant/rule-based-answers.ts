import type { InventoryClient, Product } from '@mostrador/inventory';
import { LIMITS } from '@mostrador/whatsapp';
import {
  type Audience,
  catalogMatches,
  findProduct,
  listCategories,
  namedByEvery,
  type PriceOrder,
  searchCatalog,
  stockOf,
} from '../catalog/catalog-queries.js';
import type { CustomerFacts } from '../intent/detection.js';
import { CLOTHING_WORDS } from '../intent/lexicon.js';
import { SlotExtractor } from '../intent/slot-extractor.js';
import { foldAccents } from '../intent/text-normaliser.js';
import type { AssistantCopy } from './assistant-copy.js';
import type { EngineState, ProductQuery, ShownProduct, StatePatch } from './engine-state.js';
import {
  availabilityList,
  categoriesList,
  coloursList,
  describeQuery,
  noDiscounts,
  noMatch,
  noSuchColour,
  pickedByPrice,
  priceList,
  productCard,
  productDetails,
  productList,
  type Rendered,
  stockAnswer,
  totalAnswer,
} from './reply-renderer.js';
import type { ProductAsk, ProductTap } from './rule-based-interpreter.js';

/**
 * The rule-based assistant's answers that need the inventory: from what the plan asks and
 * the state of the last turn, which catalogue queries to make, then the renderer. The state
 * is only read; each answer says in `state` what it changes. A catalogue that cannot answer
 * throws CatalogUnavailableError, for the turn to say so.
 */

export interface AnswerContext {
  inventory: InventoryClient;
  copy: AssistantCopy;
  /**
   * The customer's own sizes (said this turn or remembered from before), as the catalogue
   * writes them: a search for themselves that names no size looks in theirs.
   */
  sizes?: OwnSizes;
}

export interface OwnSizes {
  shoe?: string;
  clothing?: string;
}

/** The customer's sizes: said in this turn, else remembered on their profile (facts `shoe_size`, `clothing_size`). */
export function ownSizes(remembered: Readonly<Record<string, unknown>>, said: CustomerFacts = {}): OwnSizes {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  return withoutUndefined({
    shoe: said.shoe_size ?? text(remembered.shoe_size),
    clothing: said.clothing_size ?? text(remembered.clothing_size),
  });
}

/** Products whose stock one answer about given products checks (one CheckStock each). */
const STOCK_CHECKS = 3;
/** Products of a search whose stock one answer checks: the best matches. */
const STOCK_LIST = 5;
/** From this many product words a message is a sentence, not a product name: unknown words in it are talk. */
const CHATTY_WORDS = 3;

export async function answerTap(tap: ProductTap, ctx: AnswerContext): Promise<Rendered> {
  switch (tap.action) {
    case 'details':
      return describe(tap.sku, ctx);
    case 'colors': {
      const product = await findProduct(ctx.inventory, tap.sku);
      return product ? coloursList(product, ctx.copy) : { lines: [ctx.copy.unknownProduct] };
    }
    case 'category':
      return search({ intent: 'product_search', words: [], category: tap.name, followUp: false }, ctx);
  }
}

export async function answerProduct(given: ProductAsk, state: EngineState, ctx: AnswerContext): Promise<Rendered> {
  const said = onTheLine(await withoutTalk(given, ctx), state.query);
  const ask = withKeptFilters(asSaidForClothing(said, state.query), state.query);
  const answer = await answerAsk(ask, state, ctx);
  // "size 9": say which Mexican size was looked up, for the customer to correct.
  if (ask.usSize === undefined || ask.size === undefined) return answer;
  return { ...answer, lines: [ctx.copy.usSize(ask.usSize, ask.size), ...answer.lines] };
}

/**
 * "Las botas en café" after the western boots (alone or beside a belt): the line shown, not
 * every boot — the words said are some of those of a kind searched last.
 */
function onTheLine(ask: ProductAsk, query: ProductQuery | undefined): ProductAsk {
  if (!query || ask.followUp || ask.words.length === 0 || ask.kinds || ask.anyOf) return ask;
  const lines = query.anyOf?.length ? query.anyOf.map((kind) => kind.split(' ')) : [query.words];
  const said = ask.words.map(wordStem);
  const line = lines.find(
    (words) => words.length > said.length && said.every((w) => words.some((word) => wordStem(word) === w)),
  );
  return line ? { ...ask, words: line, followUp: true } : ask;
}

/** Clothing categories and kinds: sized by their own scale, never a US shoe size. */
const CLOTHING = new Set([...CLOTHING_WORDS].map((word) => wordStem(word)));

function isClothing(kind: string | undefined): boolean {
  return kind !== undefined && CLOTHING.has(wordStem(kind));
}

/**
 * "Size 6" about a dress, or for a child, is that garment's or that child's size: a US shoe size
 * is converted only for adults' shoes. The ask's own words, category and audience say what it is
 * about, else the last search's.
 */
function asSaidForClothing(ask: ProductAsk, query: ProductQuery | undefined): ProductAsk {
  if (ask.usSize === undefined) return ask;
  const about = ask.words.length > 0 || ask.category !== undefined ? ask : (query ?? ask);
  const clothing = isClothing(about.category) || about.words.some((word) => isClothing(word));
  const child = isChild(ask.audience ?? query?.audience);
  if (!clothing && !child) return ask;
  const { usSize, ...rest } = ask;
  return { ...rest, size: usSize };
}

/** An ask with what holds from the last search: `keptSize` when its size is the search's, not said now. */
type KeptAsk = ProductAsk & { keptSize?: boolean };

/**
 * Filters hold until the customer changes them: a question that names no new product (a tap,
 * "¿cuántos hay en Polanco?", "¿cuál es el más barato?") keeps the last search's size, whose
 * models and price range; a follow-up about another product ("¿y las botas?") keeps whose
 * models and the price range.
 */
function withKeptFilters(ask: ProductAsk, query: ProductQuery | undefined): KeptAsk {
  if (!query) return ask;
  const refines = ask.words.length === 0 && ask.category === undefined && ask.anyOf === undefined;
  if (!refines && !ask.followUp) return ask;
  // A size for an adult does not fit a child, nor a child's an adult ("¿y para mi hijo?"), and
  // a budget for one is not the other's: both are said again for the new wearer.
  const sameWearer = isChild(ask.audience ?? query.audience) === isChild(query.audience);
  const kept: KeptAsk = withoutUndefined({
    ...ask,
    audience: ask.audience ?? query.audience,
    maxPrice: sameWearer ? (ask.maxPrice ?? query.maxPrice) : ask.maxPrice,
    minPrice: sameWearer ? (ask.minPrice ?? query.minPrice) : ask.minPrice,
  });
  if (!refines) return kept;
  const keptSize = sameWearer ? query.size : undefined;
  return withoutUndefined({
    ...kept,
    size: ask.size ?? keptSize,
    sort: ask.sort ?? query.sort,
    keptSize: ask.size === undefined && keptSize !== undefined,
  });
}

function isChild(audience: Audience | undefined): boolean {
  return audience === 'kids' || audience === 'boys' || audience === 'girls';
}

async function answerAsk(ask: KeptAsk, state: EngineState, ctx: AnswerContext): Promise<Rendered> {
  const { shown = [], product, query } = state;
  const refines = ask.words.length === 0 && !ask.category && !ask.anyOf;
  if (ask.discount) return discount(ask, state, ctx);
  // A tap on *Existencias*: that product, in the size and store of the conversation.
  if (ask.sku !== undefined) return answerAbout([ask.sku], ask, ctx);
  // "el segundo": a product from the list last shown.
  if (ask.ordinal !== undefined && ask.words.length === 0 && shown.length > 0) {
    const picked = shown[ask.ordinal === -1 ? shown.length - 1 : ask.ordinal - 1];
    if (picked) return answerAbout([picked.sku], ask, ctx);
  }
  // "¿cuál es el más barato?": of the last search (all of it, not only the rows shown), or of what was shown.
  if (ask.pickOne && ask.sort && refines) {
    if (query) {
      const { words, category, anyOf } = query;
      return search({ ...ask, words, category, anyOf, colour: ask.colour ?? query.colour }, ctx);
    }
    if (shown.length > 1) return pickFrom(shown, ask.sort, ctx);
  }
  if (refines && ask.followUp) {
    // "¿y en rojo?" about one product: its sibling in that colour.
    if (ask.colour && product) {
      const current = await findProduct(ctx.inventory, product);
      if (current) return otherColour(current, ask.colour, ask, ctx);
    }
    // "¿cuánto cuesta?", "¿hay en mi talla?" about what was just discussed.
    if (!ask.colour && product && (ask.intent !== 'product_search' || ask.size))
      return answerAbout([product], ask, ctx);
    if (query) {
      return search(
        {
          ...ask,
          words: query.words,
          category: query.category,
          anyOf: query.anyOf,
          colour: ask.colour ?? query.colour,
          // The search's size is already in `ask` (withKeptFilters), unless it was for someone else.
          size: ask.size,
        },
        ctx,
      );
    }
    if (ask.intent !== 'product_search' && shown.length > 0) {
      const skus = shown.map((s) => s.sku);
      return answerAbout(skus, ask, ctx);
    }
  }
  // A price range alone ("tengo 500 pa un regalo", "¿y si le subo a 800?"): what there is in it.
  if (refines && (ask.maxPrice !== undefined || ask.minPrice !== undefined) && !ask.discount) return search(ask, ctx);
  if (refines) return { lines: [ctx.copy.askWhatProduct] };
  // "¿Y de piel?" after the bags: a qualifier of the kind shown, when that kind comes so.
  if (ask.followUp && query?.category && !ask.category && !ask.anyOf && !(await categoryIn(ask.words, ctx))) {
    const within = await search({ ...ask, category: query.category }, ctx);
    if ((within.state?.shown?.length ?? 0) > 0 || within.state?.product !== undefined) return within;
  }
  if (ask.seen) {
    // The same product as then, in the size it was looked at in.
    const picked = await pickSeen(shown, product, { ...ask, size: ask.size ?? query?.size }, ctx);
    if (picked) return picked;
  }
  // "la bordada", "the chelsea ones": one of the products just shown, by a word of its name,
  // in the size they were looked for in ("¿cuánto el oxford y hay en Polanco?" after the 26.5s).
  if (shown.length > 1 && !ask.category && !ask.anyOf && !ask.named?.length) {
    const inSize = {
      ...ask,
      size: ask.size ?? (isChild(ask.audience) === isChild(query?.audience) ? query?.size : undefined),
    };
    const picked = (await categoryIn(ask.words, ctx)) ? undefined : await pickShownByName(shown, inSize, ctx);
    if (picked) return picked;
  }
  return search(ask, ctx);
}

/**
 * Words the catalogue does not know are talk: "¿Y si le estiro hasta 800?" after a search,
 * "traigo 400 pa mi hermano" is a price range; "uy qué lejos, ¿y en café?", "ay no, soy M" refine
 * what was being discussed.
 */
async function withoutTalk(ask: ProductAsk, ctx: AnswerContext): Promise<ProductAsk> {
  if (ask.words.length === 0 || ask.category || ask.anyOf) return ask;
  const priced = ask.maxPrice !== undefined || ask.minPrice !== undefined;
  // Unless the customer named them as what they want ("¿tienen paraguas?", "¿tienen trajes de baño de hasta 500?").
  if (!(priced && ask.followUp) && ask.words.some((word) => ask.named?.includes(word))) return ask;
  const matches = await Promise.all(ask.words.map((word) => catalogMatches(ctx.inventory, word)));
  if (matches.some((m) => m.size > 0)) return ask;
  return priced ? { ...ask, words: [] } : { ...ask, words: [], followUp: true };
}

/**
 * Of the products shown, those whose names have every word the customer said (in any gender
 * or number: "la bordada" is the *Blusa Bordada*), in the colour asked for (or that colour of
 * the model); undefined when the words pick out none or all of them (a new search, then).
 */
async function pickShownByName(shown: ShownProduct[], ask: KeptAsk, ctx: AnswerContext): Promise<Rendered | undefined> {
  const wanted = ask.words.map(wordStem);
  const named = shown.filter((s) => {
    const stems = foldedWords(s.name).map(wordStem);
    return wanted.every((w) => stems.some((n) => n === w || (w.length >= 4 && n.startsWith(w))));
  });
  // Words every product shown has ("los deportivos" of a list of them) pick only with a colour.
  const some = named.length < shown.length;
  if (named.length === 0 || (!some && !ask.colour)) return undefined;
  const { colour } = ask;
  if (!colour)
    return answerAbout(
      named.map((s) => s.sku),
      ask,
      ctx,
    );
  const products = (await Promise.all(named.map((s) => findProduct(ctx.inventory, s.sku)))).filter(
    (p): p is Product => p !== null,
  );
  const inColour = products.filter((p) => p.color === colour);
  if (inColour.length > 0)
    return answerAbout(
      inColour.map((p) => p.sku),
      ask,
      ctx,
    );
  // Not shown in that colour: the same model in it, if it comes in it.
  const model = products.find((p) => p.otherColors.some((c) => c.color === colour));
  if (model) return otherColour(model, colour, ask, ctx);
  return some && products.length > 0 ? noSuchColour(products[0], colour, ctx.copy) : undefined;
}

/** A word without accents, case, or the ending of its number and gender ("Bordadas" → "bordad"). */
function wordStem(word: string): string {
  let w = foldAccents(word);
  if (w.length > 4 && /[aeo]s$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && /[aeo]$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * "¿Sigue habiendo el mocasín que me enseñaron?": of what was shown (in this conversation or the
 * last one), those whose names have the words of it the customer said; the rest is talk.
 */
async function pickSeen(
  shown: ShownProduct[],
  product: string | undefined,
  ask: KeptAsk,
  ctx: AnswerContext,
): Promise<Rendered | undefined> {
  const discussed = product === undefined || shown.some((s) => s.sku === product) ? [] : [product];
  const named = await Promise.all(discussed.map((sku) => findProduct(ctx.inventory, sku)));
  const seen = [...shown, ...named.filter((p): p is Product => p !== null)];
  const stemsOf = (name: string) => foldedWords(name).map(wordStem);
  const wanted = ask.words.map(wordStem).filter((w) => seen.some((s) => stemsOf(s.name).includes(w)));
  if (wanted.length === 0) return undefined;
  const picked = seen.filter((s) => wanted.every((w) => stemsOf(s.name).includes(w)));
  if (picked.length === 0) return undefined;
  return answerAbout(
    picked.map((s) => s.sku),
    ask,
    ctx,
  );
}

function foldedWords(text: string): string[] {
  return foldAccents(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export async function answerCategories(ctx: AnswerContext, options: { asList: boolean }): Promise<Rendered> {
  return categoriesList(await listCategories(ctx.inventory), ctx.copy, options);
}

/** Price, stock or details of products already identified. */
function answerAbout(skus: string[], ask: KeptAsk, ctx: AnswerContext): Promise<Rendered> {
  switch (ask.intent) {
    case 'availability':
      return checkStock(skus, ask, ctx);
    case 'price':
      // "2 playeras M, ¿cuánto es en total?": the total, and whether there are that many.
      return (ask.quantity ?? 1) > 1 ? total(skus[0], ask, ctx) : prices(skus, ctx);
    case 'product_details':
    case 'product_search':
      return describe(skus[0], ctx);
  }
}

async function search(said: ProductAsk, ctx: AnswerContext): Promise<Rendered> {
  const { copy } = ctx;
  // "Un cinto piteado y unas botas vaqueras": each kind with its own words, shown together.
  const given = said.kinds ? { ...said, words: [], category: undefined, anyOf: said.kinds } : said;
  const category = given.category ?? (await categoryIn(given.words, ctx));
  let ask = category === undefined ? given : { ...given, category };
  const words = await wordsThatGoTogether(ask, ctx);
  // "Tenis de bota": a kind's word inside the name of another kind's product names that product.
  if (given.category === undefined && ask.category !== undefined && words && words.length > 1) {
    const anywhere = await searchCatalog(ctx.inventory, { query: words.join(' '), audience: ask.audience ?? 'adults' });
    const named = namedByEvery(anywhere.products, words.join(' '));
    if (named.length > 0 && named.every((p) => p.category !== ask.category)) ask = { ...ask, category: undefined };
  }
  // "Algo abrigador" is a jacket or a sweatshirt; "una chamarra abrigadora" is a jacket.
  const anyOf = words?.length || ask.category ? undefined : ask.anyOf;
  const query: ProductQuery = withoutUndefined({
    words: words ?? [],
    colour: ask.colour,
    size: ask.size,
    category: ask.category,
    maxPrice: ask.maxPrice,
    minPrice: ask.minPrice,
    audience: ask.audience,
    sort: ask.sort,
    anyOf,
  });
  // Words that find nothing together: "eso", not the category or filters they were said with.
  if (words === undefined) return withState(noMatch({ words: [] }, [], copy), { query });
  const priced = ask.maxPrice !== undefined || ask.minPrice !== undefined;
  if (words.length === 0 && !ask.category && !anyOf && !priced) return withState(noMatch(query, [], copy), { query });
  // Only a price range: every category's best within it (`anyOf` takes turns between them).
  const everyKind =
    words.length === 0 && !ask.category && !anyOf
      ? (await listCategories(ctx.inventory)).map((c) => c.name)
      : undefined;
  const result = await searchCatalog(ctx.inventory, {
    query: words.join(' '),
    category: ask.category,
    anyOf: anyOf ?? everyKind,
    colour: ask.colour,
    size: ask.size,
    maxPrice: ask.maxPrice,
    minPrice: ask.minPrice,
    // An adult asking plainly is shown adults' models.
    audience: ask.audience ?? 'adults',
    sort: ask.sort,
    without: ask.without,
  });
  const { found, forOthers } = result;
  let { products } = result;
  // No size said: a customer who told us theirs is shown what there is in it.
  const own = ownSizeFor(products, ask, ctx.sizes);
  if (own !== undefined) {
    products = products.filter((p) => p.sizes.includes(own));
    ask = { ...ask, size: own };
    query.size = own;
  }
  const what = describeQuery({ ...query, category: ask.category ?? commonCategory(products) }, copy);

  let answer: Rendered;
  if (products.length === 0 && forOthers.length > 0)
    answer =
      ask.audience === undefined || ask.audience === 'adults'
        ? await closestForAdults(ask, ctx)
        : forSomeoneElse(forOthers, ask.audience, copy);
  else if (products.length === 0) answer = noMatch(query, found, copy);
  else if (ask.pickOne && ask.sort) answer = pickedByPrice(products[0], ask.sort, copy);
  // A size, a quantity or "¿tienen…?" asks whether there is one to buy: answer with stock.
  else if (ask.size || ask.intent === 'availability' || (ask.quantity ?? 1) > 1)
    answer = await inStock(products.slice(0, STOCK_LIST), ask, ctx, { what, total: products.length });
  else if (products.length === 1) answer = productCard(products[0], copy);
  else answer = productList(products, copy, what);
  return withState(answer, { query });
}

/**
 * The words the inventory knows, when they go together; undefined when they do not. Its
 * search falls back to any-word matches, so each word is looked up on its own. A word it does
 * not know ends the search when the customer hung it on the product as what it must be
 * ("¿tienen trajes de astronauta?", "manejan sombreros de charro"); anywhere else it is talk,
 * and left out ("guayaberas pa un bautizo", "…va a entrar a la secundaria y necesita tenis").
 * Known words with nothing in common ("traje" and "baño" find a shoe and a cap, never one
 * thing) find nothing.
 */
async function wordsThatGoTogether(ask: ProductAsk, ctx: AnswerContext): Promise<string[] | undefined> {
  const { words } = ask;
  if (words.length < 2) return words;
  const matches = await Promise.all(words.map((word) => catalogMatches(ctx.inventory, word)));
  const unknown = words.filter((_, i) => matches[i].size === 0);
  const short = words.length < CHATTY_WORDS;
  if (unknown.some((word) => ask.hung?.includes(word))) return undefined;
  const known = words.filter((_, i) => matches[i].size > 0);
  if (known.length === 0) return ask.category ? [] : undefined;
  const shared = (a: Set<string>, b: Set<string>) => new Set([...a].filter((sku) => b.has(sku)));
  const matchesOf = (word: string) => matches[words.indexOf(word)];
  // In a sentence, the words said as the thing wanted are the search; the rest is talk
  // ("…trabaja parado…", "…de pie todo el día…"). A request of a few words is all product.
  const named = short ? [] : known.filter((word) => ask.named?.includes(word));
  const candidates = named.length > 0 ? named : known;
  let core = candidates;
  let common = core.map(matchesOf).reduce(shared);
  // "Zapatos de vestir": the category's word holds, what qualifies it only if it narrows it.
  if (common.size === 0 && ask.category !== undefined) {
    const category = wordStem(ask.category);
    core = candidates.filter((word) => category.startsWith(wordStem(word)));
    if (core.length === 0) return undefined;
    common = core.map(matchesOf).reduce(shared);
    for (const word of candidates) {
      const narrower = shared(common, matchesOf(word));
      if (core.includes(word) || narrower.size === 0) continue;
      common = narrower;
      core = [...core, word];
    }
  }
  if (common.size === 0) return undefined;
  return candidates.filter((word) => core.includes(word));
}

/** Size labels of clothing (Mexican and US letters). */
const LETTER_SIZES = new Set(['XXS', 'XS', 'CH', 'S', 'M', 'G', 'L', 'EG', 'XL', 'XXL', 'XXXL']);

/** How a product is sized: shoes by half centimetres ("26.5"), clothing by letters ("CH"). */
function scaleOf(product: Product): keyof OwnSizes | undefined {
  if (product.sizes.some((size) => /\.5$/.test(size))) return 'shoe';
  if (product.sizes.some((size) => LETTER_SIZES.has(size.toUpperCase()))) return 'clothing';
  return undefined;
}

/**
 * The customer's own size, for a search that names none and is for themselves (not for a
 * child or someone named), when everything found is sized on that scale and some comes in it.
 */
function ownSizeFor(products: Product[], ask: ProductAsk, sizes: OwnSizes | undefined): string | undefined {
  if (!sizes || ask.size !== undefined || products.length === 0) return undefined;
  if (ask.audience !== undefined && ask.audience !== 'adults') return undefined;
  const scale = scaleOf(products[0]);
  const size = scale && sizes[scale];
  if (size === undefined || !products.every((p) => scaleOf(p) === scale)) return undefined;
  return products.some((p) => p.sizes.includes(size)) ? size : undefined;
}

/**
 * The catalogue category the words name ("zapatos" is Zapatos, not Zapatillas), from the
 * inventory's own list: the detector may not have been given the categories.
 */
async function categoryIn(words: string[], ctx: AnswerContext): Promise<string | undefined> {
  if (words.length === 0) return undefined;
  const categories = await listCategories(ctx.inventory);
  return new SlotExtractor({ categories: categories.map((c) => c.name) }).extract(words).category;
}

/** The category every product found shares, to say what was found ("Tenis") without the customer's words. */
function commonCategory(products: Product[]): string | undefined {
  const categories = new Set(products.map((p) => p.category));
  return categories.size === 1 ? [...categories][0] : undefined;
}

/**
 * An adult asking for what the shop makes only for children ("zapatos de piso", "botas de lluvia")
 * is not offered children's models: the kind asked for, without what qualified it, for adults.
 */
async function closestForAdults(ask: ProductAsk, ctx: AnswerContext): Promise<Rendered> {
  const note = { lines: [ctx.copy.kidsOnly] };
  if (ask.category === undefined || ask.words.length === 0) return note;
  const wider = await search({ ...ask, words: [], named: undefined, hung: undefined }, ctx);
  const shows = (wider.state?.shown?.length ?? 0) > 0 || wider.state?.product !== undefined;
  return shows ? { ...wider, lines: [ctx.copy.kidsOnly, ...wider.lines] } : note;
}

/** Nothing for whom it was asked: what there is, said to be for someone else. */
function forSomeoneElse(products: Product[], audience: Audience, copy: AssistantCopy): Rendered {
  const note = copy.notForAudience(copy.audience(audience));
  if (products.length === 1) {
    const card = productCard(products[0], copy);
    return { ...card, lines: [note, ...card.lines] };
  }
  const list = productList(products, copy, '');
  return { ...list, lines: [note, ...list.lines.slice(1)] };
}

/** The product first by price among those shown. */
async function pickFrom(shown: ShownProduct[], sort: PriceOrder, ctx: AnswerContext): Promise<Rendered> {
  const found = await Promise.all(shown.slice(0, LIMITS.listRows).map((s) => findProduct(ctx.inventory, s.sku)));
  const products = found.filter((p): p is Product => p !== null);
  if (products.length === 0) return { lines: [ctx.copy.unknownProduct] };
  const price = (p: Product) => Number(p.price.amount);
  const [first] = [...products].sort((a, b) => (sort === 'price_asc' ? price(a) - price(b) : price(b) - price(a)));
  return pickedByPrice(first, sort, ctx.copy);
}

/** What `quantity` of one product costs at its price now, and whether the stores have that many of the size. */
async function total(sku: string, ask: KeptAsk, ctx: AnswerContext): Promise<Rendered> {
  const product = await findProduct(ctx.inventory, sku);
  if (!product) return { lines: [ctx.copy.unknownProduct] };
  const quantity = ask.quantity ?? 1;
  const size = ask.size !== undefined && (!ask.keptSize || product.sizes.includes(ask.size)) ? ask.size : undefined;
  const check = await stockOf(ctx.inventory, { sku, size, quantity, store: ask.store });
  return totalAnswer(product, check, quantity, ctx.copy);
}

/**
 * "¿Me haces descuento si llevo 3?": the shop profile lists no discount, so none is offered —
 * the total at the listed price when the product and quantity are known, and a person to ask.
 */
async function discount(ask: KeptAsk, state: EngineState, ctx: AnswerContext): Promise<Rendered> {
  const sku = ask.sku ?? state.product;
  const before = sku !== undefined && (ask.quantity ?? 1) > 1 ? await total(sku, ask, ctx) : undefined;
  return noDiscounts(ctx.copy, before);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Of the products found, those with stock in the size and store asked for. */
async function inStock(
  products: Product[],
  ask: ProductAsk,
  ctx: AnswerContext,
  found: { what: string; total: number },
): Promise<Rendered> {
  const checkAll = (store: string | undefined) =>
    Promise.all(
      products.map((p) => stockOf(ctx.inventory, { sku: p.sku, size: ask.size, quantity: ask.quantity, store })),
    );
  let checks = await checkAll(ask.store);
  // None in the store asked about: where there is, store by store (that one says it has none).
  if (ask.store !== undefined && !checks.some((c) => (c?.units ?? 0) > 0)) checks = await checkAll(undefined);
  return availabilityList(
    products.map((product, i) => ({ product, check: checks[i] })),
    ctx.copy,
    { ...found, quantity: ask.quantity },
  );
}

/** Stock per store of up to three products (of the size and store asked for). */
async function checkStock(skus: string[], ask: KeptAsk, ctx: AnswerContext): Promise<Rendered> {
  const { size, quantity } = ask;
  const checkAll = (store: string | undefined) =>
    Promise.all(
      skus.slice(0, STOCK_CHECKS).map(async (sku) => {
        const check = await stockOf(ctx.inventory, { sku, size, quantity, store });
        // A size kept from an earlier search that this product does not come in: all its sizes.
        if (check === null && ask.keptSize) return stockOf(ctx.inventory, { sku, quantity, store });
        return check;
      }),
    );
  let checks = await checkAll(ask.store);
  // None in the store asked about: where there is, store by store (that one says it has none).
  if (ask.store !== undefined && !checks.some((c) => (c?.units ?? 0) > 0)) checks = await checkAll(undefined);
  const found = checks.filter((c) => c !== null);
  if (found.length === 0 && size !== undefined && !ask.keptSize && skus.length === 1) {
    // The product does not come in the size asked for: the sizes it does.
    const product = await findProduct(ctx.inventory, skus[0]);
    if (product && !product.sizes.includes(size)) {
      const sizes = ctx.copy.sizes(product.sizes.join(', '));
      return { lines: [ctx.copy.notFoundWithFilter(`*${product.name}*`, `${ctx.copy.pieces.size} ${size}`, sizes)] };
    }
  }
  // One product: its price beside its stock ("¿cuánto cuestan y en qué tienda hay?").
  const products =
    found.length === 1
      ? (await Promise.all(found.map((c) => findProduct(ctx.inventory, c.sku)))).filter((p): p is Product => p !== null)
      : undefined;
  return stockAnswer(found, ctx.copy, { quantity, ...(products && { products }) });
}

async function prices(skus: string[], ctx: AnswerContext): Promise<Rendered> {
  const products: Product[] = [];
  for (const sku of skus.slice(0, LIMITS.listRows)) {
    const product = await findProduct(ctx.inventory, sku);
    if (product) products.push(product);
  }
  return priceList(products, ctx.copy);
}

async function describe(sku: string, ctx: AnswerContext): Promise<Rendered> {
  const product = await findProduct(ctx.inventory, sku);
  return product ? productDetails(product, ctx.copy) : { lines: [ctx.copy.unknownProduct] };
}

async function otherColour(product: Product, colour: string, ask: ProductAsk, ctx: AnswerContext): Promise<Rendered> {
  if (product.color === colour) return answerAbout([product.sku], ask, ctx);
  const sibling = product.otherColors.find((c) => c.color === colour);
  if (!sibling) return noSuchColour(product, colour, ctx.copy);
  const intent = ask.intent === 'product_search' ? 'product_details' : ask.intent;
  return answerAbout([sibling.sku], { ...ask, intent }, ctx);
}

/** The answer with `patch` applied before its own state (its own wins). */
function withState(answer: Rendered, patch: StatePatch): Rendered {
  return { ...answer, state: { ...patch, ...answer.state } };
}
