import type { InventoryClient, Product } from '@mostrador/inventory';
import { LIMITS } from '@mostrador/whatsapp';
import { catalogHas, findProduct, listCategories, searchCatalog, stockOf } from '../catalog/catalog-queries.js';
import type { AssistantCopy } from './assistant-copy.js';
import type { EngineState, ProductQuery, StatePatch } from './engine-state.js';
import {
  availabilityList,
  categoriesList,
  coloursList,
  describeQuery,
  noMatch,
  noSuchColour,
  priceList,
  productCard,
  productDetails,
  productList,
  type Rendered,
  stockAnswer,
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
}

/** Products whose stock one answer about given products checks (one CheckStock each). */
const STOCK_CHECKS = 3;
/** Products of a search whose stock one answer checks: the best matches. */
const STOCK_LIST = 5;

export async function answerTap(tap: ProductTap, ctx: AnswerContext): Promise<Rendered> {
  switch (tap.action) {
    case 'details':
      return describe(tap.sku, ctx);
    case 'stock':
      return checkStock([tap.sku], {}, ctx);
    case 'colors': {
      const product = await findProduct(ctx.inventory, tap.sku);
      return product ? coloursList(product, ctx.copy) : { lines: [ctx.copy.unknownProduct] };
    }
    case 'category':
      return search({ intent: 'product_search', words: [], category: tap.name, followUp: false }, ctx);
  }
}

export async function answerProduct(ask: ProductAsk, state: EngineState, ctx: AnswerContext): Promise<Rendered> {
  const { shown = [], product, query } = state;
  // "el segundo": a product from the list last shown.
  if (ask.ordinal !== undefined && ask.words.length === 0 && shown.length > 0) {
    const picked = shown[ask.ordinal === -1 ? shown.length - 1 : ask.ordinal - 1];
    if (picked) return answerAbout([picked.sku], ask, ctx);
  }
  if (ask.words.length === 0 && !ask.category && ask.followUp) {
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
          colour: ask.colour ?? query.colour,
          size: ask.size ?? query.size,
        },
        ctx,
      );
    }
    if (ask.intent !== 'product_search' && shown.length > 0) {
      const skus = shown.map((s) => s.sku);
      return answerAbout(skus, ask, ctx);
    }
  }
  if (ask.words.length === 0 && !ask.category) return { lines: [ctx.copy.askWhatProduct] };
  return search(ask, ctx);
}

export async function answerCategories(ctx: AnswerContext, options: { asList: boolean }): Promise<Rendered> {
  return categoriesList(await listCategories(ctx.inventory), ctx.copy, options);
}

/** Price, stock or details of products already identified. */
function answerAbout(skus: string[], ask: ProductAsk, ctx: AnswerContext): Promise<Rendered> {
  switch (ask.intent) {
    case 'availability':
      return checkStock(skus, ask, ctx);
    case 'price':
      return prices(skus, ctx);
    case 'product_details':
    case 'product_search':
      return describe(skus[0], ctx);
  }
}

async function search(ask: ProductAsk, ctx: AnswerContext): Promise<Rendered> {
  const { copy } = ctx;
  const { products, found } = await searchCatalog(ctx.inventory, {
    query: ask.words.join(' '),
    category: ask.category,
    colour: ask.colour,
    size: ask.size,
  });
  const query: ProductQuery = { words: ask.words, colour: ask.colour, size: ask.size, category: ask.category };
  const known = await everyWordKnown(ask.words, ctx);
  const matches = known ? products : [];
  const what = describeQuery(ask, copy);

  let answer: Rendered;
  if (matches.length === 0) answer = noMatch(query, known ? found : [], copy);
  // A size (or "¿tienen…?") asks whether there is one to buy: answer with stock.
  else if (ask.size || ask.intent === 'availability')
    answer = await inStock(matches.slice(0, STOCK_LIST), ask, ctx, { what, total: matches.length });
  else if (matches.length === 1) answer = productCard(matches[0], copy);
  else answer = productList(matches, copy, what);
  return withState(answer, { query });
}

/**
 * The inventory's search falls back to any-word matches ("trajes de astronauta" finds a
 * shoe to wear with a suit): with several words, each must find something on its own.
 */
async function everyWordKnown(words: string[], ctx: AnswerContext): Promise<boolean> {
  if (words.length < 2) return true;
  const hits = await Promise.all(words.map((word) => catalogHas(ctx.inventory, word)));
  return hits.every(Boolean);
}

/** Of the products found, those with stock in the size and store asked for. */
async function inStock(
  products: Product[],
  ask: ProductAsk,
  ctx: AnswerContext,
  found: { what: string; total: number },
): Promise<Rendered> {
  const checks = await Promise.all(
    products.map((p) =>
      stockOf(ctx.inventory, { sku: p.sku, size: ask.size, quantity: ask.quantity, store: ask.store }),
    ),
  );
  return availabilityList(
    products.map((product, i) => ({ product, check: checks[i] })),
    ctx.copy,
    { ...found, quantity: ask.quantity },
  );
}

/** Stock per store of up to three products (of the size and store asked for). */
async function checkStock(skus: string[], ask: Partial<ProductAsk>, ctx: AnswerContext): Promise<Rendered> {
  const checks = await Promise.all(
    skus
      .slice(0, STOCK_CHECKS)
      .map((sku) => stockOf(ctx.inventory, { sku, size: ask.size, quantity: ask.quantity, store: ask.store })),
  );
  return stockAnswer(
    checks.filter((c) => c !== null),
    ctx.copy,
    { quantity: ask.quantity },
  );
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
