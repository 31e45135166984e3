import { argumentsKey, type CacheService, cacheKey } from '@mostrador/cache';
import { formatMoney, type InventoryClient, type Product, type StockCheck } from '@mostrador/inventory';
import type { AppLogger } from '@mostrador/logging';
import type * as Ai from 'ai';
import type { Tool } from 'ai';
import { z } from 'zod';
import { type Language, SHOP_INFO_TOPICS } from '../intent/detection.js';
import type { OrderDesk, OrderProblem, Quote } from '../orders/order-desk.js';
import type { ShopProfile } from '../shop/shop-profile.js';
import {
  type Audience,
  AUDIENCES,
  CatalogUnavailableError,
  findProduct,
  listCategories,
  searchCatalog,
  shopInfo,
  stockOf,
} from '../catalog/catalog-queries.js';
import { mexicanShoeSize } from '../catalog/shoe-sizes.js';
import { SlotExtractor, shopperFiltersOf } from '../intent/slot-extractor.js';
import { tokenize } from '../intent/text-normaliser.js';

/** Products one search hands the model: enough to choose from, few enough to keep the prompt small. */
const SEARCH_RESULTS = 5;

/** The facts a customer may ask us to keep (the profile's keys). */
export const FACT_KEYS = ['name', 'shoe_size', 'clothing_size', 'preference'] as const;

/**
 * What the tools found and decided in one turn: the ground truth the reply is checked
 * against, the products to offer as buttons or a list, and the effects the turn applies
 * once the reply is chosen (facts, a handoff) — never mid-loop, so a provider that fails
 * half-way and the next one that starts over do not both apply them.
 */
export class TurnFindings {
  readonly products = new Map<string, Product>();
  /** Products in the order the last search (or lookup) returned them. */
  shown: Product[] = [];
  readonly stocks: StockCheck[] = [];
  readonly shopLines: string[] = [];
  readonly facts: Record<string, string> = {};
  handoffReason: string | undefined;
  /** Amounts an order quote stated (unit price, subtotal, shipping, total): figures the reply may quote. */
  readonly quotedAmounts: number[] = [];
  /** The order request recorded this turn. */
  placedOrder: string | undefined;
  inventoryDown = false;
  toolCalls = 0;

  private see(products: Product[]): void {
    for (const product of products) this.products.set(product.sku, product);
    this.shown = products;
  }

  recordSearch(products: Product[]): void {
    this.see(products);
  }

  recordProduct(product: Product): void {
    this.see([product]);
  }
}

const priceOf = (p: Product) => ({
  price: p.price.amount,
  currency: p.price.currency,
  price_text: formatMoney(p.price),
});

function productSummary(p: Product) {
  return {
    sku: p.sku,
    name: p.name,
    brand: p.brand,
    category: p.category,
    gender: p.gender,
    color: p.color,
    ...priceOf(p),
    sizes: p.sizes,
    units_in_stock: p.unitsInStock,
  };
}

/** A tool's output and the inventory answers it was made from. */
interface Grounded {
  output: object;
  evidence: { searched?: Product[]; product?: Product; stock?: StockCheck };
}

const UNAVAILABLE = { error: 'The inventory cannot be reached right now: say so, and quote no price or stock.' };

/** Reads a search_products query as the rule-based assistant reads a message (no shop vocabulary needed). */
const QUERY_READER = new SlotExtractor();

/** A size as the catalogue writes it: letters upper-case, a US shoe size as the Mexican one. */
function searchedSize(
  size: string | undefined,
  system: 'MX' | 'US' | undefined,
  audience: Audience,
): string | undefined {
  if (size === undefined || system !== 'US') return size?.toUpperCase();
  const fit = audience === 'women' || audience === 'girls' ? 'women' : 'men';
  return mexicanShoeSize(Number(size), fit) ?? size;
}

export interface ToolDependencies {
  /** Order requests for this conversation, recorded under the turn's key (absent: no ordering tool). */
  orders?: { desk: OrderDesk; conversationId: string; key: string };
  inventory: InventoryClient;
  /** The function cache: inventory tools' answers, with the figures they rest on. */
  cache: CacheService;
  shop: ShopProfile;
  language: Language;
  logger: AppLogger;
  signal?: AbortSignal;
}

/**
 * The tools of one turn, over the same catalogue queries the rule-based assistant uses. Zod
 * schemas are both the JSON schema the model sees and the check of what it sends back (the
 * SDK returns a bad call to the model as a tool error). No tool takes a customer: the
 * customer is the one the verified webhook named, applied by the turn, so nothing the model
 * is told can reach another customer's data.
 */
export function salesTools(deps: ToolDependencies, findings: TurnFindings, tool: typeof Ai.tool): Record<string, Tool> {
  const { inventory, shop, signal } = deps;
  /** Runs one tool: counted, logged, and an unreachable inventory becomes an answer the model can relay. */
  const run = async <T>(name: string, args: unknown, body: () => Promise<T>): Promise<T | typeof UNAVAILABLE> => {
    const started = performance.now();
    findings.toolCalls += 1;
    try {
      const result = await body();
      deps.logger.logFunctionCall({
        name,
        durationMs: Math.round(performance.now() - started),
        outcome: 'ok',
        arguments: args,
      });
      return result;
    } catch (error) {
      const outcome = error instanceof CatalogUnavailableError ? 'unavailable' : 'error';
      deps.logger.logFunctionCall({
        name,
        durationMs: Math.round(performance.now() - started),
        outcome: 'error',
        arguments: args,
        error: `${outcome}: ${(error as Error).message}`,
      });
      if (error instanceof CatalogUnavailableError) {
        findings.inventoryDown = true;
        return UNAVAILABLE;
      }
      throw error;
    }
  };

  /**
   * Runs an inventory tool through the function cache, keyed by tool and arguments. The entry
   * keeps the inventory answers the output was made from, so a cached answer still grounds the
   * reply (the guard checks figures against them). Anything with stock lives no longer than
   * CACHE_STOCK_TTL_SECONDS; an unreachable inventory is never cached.
   */
  const cachedRun = (
    name: string,
    args: Record<string, unknown>,
    ttl: 'function' | 'stock',
    body: () => Promise<Grounded>,
  ) =>
    run(name, args, async () => {
      const key = cacheKey('inventory', 'fn', name, argumentsKey(args));
      const ttlMs =
        ttl === 'stock'
          ? Math.min(deps.cache.ttlMs('function'), deps.cache.ttlMs('stock'))
          : deps.cache.ttlMs('function');
      const { output, evidence } = await deps.cache.wrap(key, body, ttlMs);
      if (evidence.searched) findings.recordSearch(evidence.searched);
      if (evidence.product) findings.recordProduct(evidence.product);
      if (evidence.stock) findings.stocks.push(evidence.stock);
      return output;
    });

  return {
    search_products: tool({
      description:
        'Search the shop catalogue. Use the product kind and words the customer used (e.g. "tenis para correr"), and the filters when the customer gave them. Returns the best matches with price and sizes.',
      inputSchema: z.object({
        query: z.string().min(1).max(100).describe('What to look for: kind of product, brand, model words'),
        colour: z
          .string()
          .max(20)
          .optional()
          .describe('Colour in lower-case Spanish, as the catalogue writes it: negro, blanco, rojo, azul, café…'),
        size: z
          .string()
          .max(10)
          .optional()
          .describe('Size as the catalogue writes it: Mexican shoe sizes (27, 26.5), clothing CH/M/G/EG'),
        size_system: z
          .enum(['MX', 'US'])
          .optional()
          .describe('US when the customer gave a US shoe size ("size 9", "9 US"): the tool converts it to Mexican'),
        max_price: z.number().positive().optional().describe('Price ceiling in MXN'),
        min_price: z.number().nonnegative().optional().describe('Price floor in MXN'),
        category: z.string().max(40).optional().describe('A category name from list_categories'),
        audience: z
          .enum(AUDIENCES)
          .optional()
          .describe(
            "Whose models: adults (the default: kids' models are left out unless asked), kids, men, women, boys, girls",
          ),
        sort: z
          .enum(['price_asc', 'price_desc'])
          .optional()
          .describe(
            'price_asc for "barato" or "el más barato", price_desc for "el más caro"; omitted: best match first',
          ),
      }),
      execute: (args) =>
        cachedRun('search_products', args, 'stock', async () => {
          // The query read as the rule-based assistant reads a message: its product words, and the
          // filters it states when the arguments leave them out ("tenis para mi hijo de menos de 500").
          const slots = QUERY_READER.extract(tokenize(args.query));
          const said = shopperFiltersOf(args.query);
          const audience = args.audience ?? said.audience ?? 'adults';
          const size = args.size === undefined ? slots.size : searchedSize(args.size, args.size_system, audience);
          const { products } = await searchCatalog(
            inventory,
            {
              query: slots.productWords.length > 0 ? slots.productWords.join(' ') : args.query,
              colour: args.colour?.toLowerCase() ?? slots.colour,
              size,
              maxPrice: args.max_price ?? said.maxPrice,
              minPrice: args.min_price ?? said.minPrice,
              category: args.category,
              audience,
              sort: args.sort ?? said.sort,
            },
            { signal },
          );
          const shown = products.slice(0, SEARCH_RESULTS);
          return {
            output: {
              products: shown.map(productSummary),
              total: products.length,
              ...(size !== undefined && size !== args.size && { size_searched: size }),
            },
            evidence: { searched: shown },
          };
        }),
    }),

    get_product: tool({
      description: 'Details of one product by its SKU: description, price, sizes, the other colours of the model.',
      inputSchema: z.object({ sku: z.string().min(1).max(40) }),
      execute: (args) =>
        cachedRun('get_product', args, 'stock', async () => {
          const product = await findProduct(inventory, args.sku, { signal });
          if (!product) return { output: { found: false }, evidence: {} };
          return {
            output: {
              found: true,
              product: {
                ...productSummary(product),
                description: product.description,
                other_colors: product.otherColors.map((c) => ({ sku: c.sku, color: c.color })),
              },
            },
            evidence: { product },
          };
        }),
    }),

    check_stock: tool({
      description:
        'Units of one product per store, optionally of one size, in one store, or for a quantity. Use it before saying there is stock.',
      inputSchema: z.object({
        sku: z.string().min(1).max(40),
        size: z.string().max(10).optional(),
        store: z.string().max(40).optional().describe('Store name or id, e.g. Polanco'),
        quantity: z.number().int().min(1).max(50).optional(),
      }),
      execute: (args) =>
        cachedRun('check_stock', args, 'stock', async () => {
          const check = await stockOf(inventory, args, { signal });
          if (!check) {
            return {
              output: { found: false, reason: 'size not offered for this product, or unknown store' },
              evidence: {},
            };
          }
          return {
            output: {
              found: true,
              sku: check.sku,
              name: check.name,
              color: check.color,
              ...(check.size !== undefined && { size: check.size }),
              quantity: check.quantity,
              units: check.units,
              available: check.available,
              stores: check.stores.map((s) => ({ store: s.storeName, city: s.city, units: s.units })),
            },
            evidence: { stock: check },
          };
        }),
    }),

    list_categories: tool({
      description: 'The categories of the catalogue, with how many products each has.',
      inputSchema: z.object({}),
      execute: (args) =>
        cachedRun('list_categories', args, 'function', async () => ({
          output: {
            categories: (await listCategories(inventory, { signal })).map((c) => ({
              name: c.name,
              products: c.productCount,
            })),
          },
          evidence: {},
        })),
    }),

    shop_info: tool({
      description: "The shop's hours, stores and addresses, payment methods, shipping and returns, from its profile.",
      inputSchema: z.object({ topic: z.enum([...SHOP_INFO_TOPICS, 'general']) }),
      execute: (args) =>
        run('shop_info', args, () => {
          const lines = shopInfo(shop, args.topic, deps.language);
          findings.shopLines.push(...lines);
          return Promise.resolve({ topic: args.topic, lines });
        }),
    }),

    remember_customer_fact: tool({
      description:
        'Keep something this customer said about themselves for later conversations: their name, shoe size, clothing size or a preference. Only what the customer said, in their words.',
      inputSchema: z.object({ key: z.enum(FACT_KEYS), value: z.string().min(1).max(80) }),
      execute: (args) =>
        run('remember_customer_fact', args, () => {
          findings.facts[args.key] = args.value;
          return Promise.resolve({ saved: true });
        }),
    }),

    ...(deps.orders && { create_order_request: orderTool(deps.orders, findings, run, tool) }),

    request_human_agent: tool({
      description:
        'Hand the conversation to a person at the shop: the customer asks for one, is upset, has a complaint or a problem with an order or a payment.',
      inputSchema: z.object({
        reason: z
          .string()
          .min(1)
          .max(200)
          .describe(
            'Why, for the shop: a short label (delivery, refund, billing, damaged, wrong_item, frustration, requested) or a few words',
          ),
      }),
      execute: (args) =>
        run('request_human_agent', args, () => {
          findings.handoffReason = args.reason;
          return Promise.resolve({ handoff: true });
        }),
    }),
  };
}

type Run = <T>(name: string, args: unknown, body: () => Promise<T>) => Promise<T | typeof UNAVAILABLE>;

function quoteSummary(quote: Quote) {
  return {
    sku: quote.product.sku,
    name: quote.product.name,
    color: quote.product.color,
    size: quote.size,
    quantity: quote.quantity,
    unit_price_text: formatMoney({ amount: quote.unitPrice, currency: quote.currency }),
    subtotal_text: formatMoney({ amount: quote.subtotal, currency: quote.currency }),
    shipping_text:
      quote.fulfilment.kind === 'pickup'
        ? 'pick-up: free'
        : quote.shipping === null
          ? 'the shop confirms the shipping cost'
          : formatMoney({ amount: quote.shipping, currency: quote.currency }),
    total_text: formatMoney({ amount: quote.total, currency: quote.currency }),
    fulfilment:
      quote.fulfilment.kind === 'pickup'
        ? { kind: 'pickup', store: quote.fulfilment.store.name, city: quote.fulfilment.store.city }
        : { kind: 'delivery' },
  };
}

function problemSummary(problem: OrderProblem) {
  switch (problem.problem) {
    case 'unknown-product':
      return { problem: 'unknown product: search again' };
    case 'size-needed':
      return { problem: 'ask the customer for a size', sizes: problem.sizes };
    case 'size-not-offered':
      return { problem: 'the product does not come in that size', sizes: problem.sizes };
    case 'unknown-store':
      return { problem: 'unknown store: use shop_info for the stores' };
    case 'not-enough-stock':
      return {
        problem: 'not enough units of that size there',
        stores: problem.check?.stores.map((s) => ({ store: s.storeName, units: s.units })) ?? [],
      };
  }
}

/**
 * The LLM's way to an order request: a summary first (every figure computed by the shop from
 * the inventory and the profile), then, once the customer confirms it, the request recorded
 * for the shop under the turn's key (a turn run again records nothing new).
 */
function orderTool(
  orders: NonNullable<ToolDependencies['orders']>,
  findings: TurnFindings,
  run: Run,
  tool: typeof Ai.tool,
): Tool {
  return tool({
    description:
      'Order request for one product. First call it with confirmed=false: it returns the summary (size, quantity, pick-up store or delivery, total). Show that summary to the customer and ask them to confirm. Only when they confirm, call it again with the same values and confirmed=true: it records the request; the shop then confirms and sends payment details (nothing is charged).',
    inputSchema: z.object({
      sku: z.string().min(1).max(40),
      size: z.string().max(10).optional().describe('As the catalogue writes it'),
      quantity: z.number().int().min(1).max(20),
      fulfilment: z.enum(['pickup', 'delivery']),
      store: z.string().max(40).optional().describe('For pickup: the store name, e.g. Polanco'),
      confirmed: z.boolean(),
    }),
    execute: (args) =>
      run('create_order_request', args, async () => {
        const ask = {
          sku: args.sku,
          size: args.size?.toUpperCase(),
          quantity: args.quantity,
          fulfilment:
            args.fulfilment === 'pickup'
              ? { kind: 'pickup' as const, store: args.store ?? '' }
              : { kind: 'delivery' as const },
        };
        const remember = (quote: Quote) => {
          findings.recordProduct(quote.product);
          const amounts = [quote.unitPrice, quote.subtotal, quote.total, quote.shipping];
          findings.quotedAmounts.push(...amounts.filter((v): v is string => v !== null).map(Number));
        };
        if (!args.confirmed) {
          const quoted = await orders.desk.quote(ask);
          if (!quoted.ok) return problemSummary(quoted);
          remember(quoted.quote);
          return { summary: quoteSummary(quoted.quote), next: 'show it and ask the customer to confirm' };
        }
        const result = await orders.desk.place(ask, { conversationId: orders.conversationId, key: orders.key });
        if (!result.ok) return problemSummary(result);
        const { quote } = result;
        remember(quote);
        findings.placedOrder = result.order.id;
        return {
          recorded: true,
          order: quoteSummary(quote),
          reserved: result.reserved,
          next: result.reserved
            ? 'tell the customer the items are held and the shop will confirm and send payment details'
            : 'tell the customer the shop will confirm stock and send payment details (the items are not held yet)',
        };
      }),
  });
}
