import { type ChatCompletionRequest, type ChatMessage, textOf } from './chat-completions.wire.js';
import {
  asksForPerson,
  customerLines,
  gist,
  isShopReview,
  type Language,
  thanks,
  languageOf,
  productAsk,
  shopTopic,
  statedName,
} from './customer-words.js';

/** A tool call the stand-in makes; `arguments` is the JSON string the wire carries. */
export interface PlannedCall {
  name: string;
  arguments: string;
}

export type PolicyDecision =
  | {
      kind: 'tool_calls';
      calls: PlannedCall[];
      /** The malformed-tool-args fault was applied to the first call. */
      spoiled: boolean;
    }
  | {
      kind: 'answer';
      text: string;
      /** The wrong-price fault was applied: the answer quotes a price no tool returned. */
      misquoted: boolean;
    };

/** Faults that change what the policy decides (the others are HTTP's business). */
export interface PolicyFaults {
  /** Give the first tool call arguments its schema refuses. */
  spoilArguments?: boolean;
  /** Quote the first product's price wrong (the real one + 100, same format). */
  misquotePrice?: boolean;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
};

/** One tool call of this turn and what came back. */
interface ToolOutcome {
  name: string;
  args: Record<string, unknown>;
  /** The result parsed, or undefined when it is not JSON (the client's own error text). */
  result: Record<string, unknown> | undefined;
  raw: string;
  /** Which model step asked for it (parallel calls share one). */
  step: number;
}

interface ProductView {
  sku: string;
  name: string;
  color?: string;
  price?: string | number;
  currency?: string;
  price_text?: string;
}

interface StockView {
  sku?: string;
  name?: string;
  color?: string;
  size?: string;
  stores?: { store?: string; city?: string; units?: number }[];
}

/** Products shown in one answer at most. */
const SHOWN = 3;
/** How much the wrong-price fault adds to a price. */
const MISQUOTE = 100;

const COPY = {
  es: {
    help: '¡Hola! Soy el asistente de la tienda: pregúntame por productos, precios, existencias, horarios o sucursales.',
    welcome: '¡Con gusto! ¿Te ayudo con algo más?',
    found: 'Esto encontré:',
    more: '¿Te interesa alguno? Puedo revisar existencias por tienda.',
    nothing: 'No encontré productos así en el catálogo. ¿Quieres que busque otra cosa?',
    notFound: 'No encontré ese producto o esa talla.',
    unavailable: 'No puedo consultar el inventario en este momento. Inténtalo de nuevo en unos minutos, por favor.',
    stock: (size: string | undefined) => (size ? `Talla ${size}` : 'Existencias'),
    noStock: 'sin existencias',
    handoff: 'Te comunico con una persona de la tienda; en un momento te escribe.',
    reason: 'El cliente pidió hablar con una persona.',
    greet: (name: string) => `¡Mucho gusto, ${name}!`,
    noted: 'Lo tomo en cuenta.',
    categories: (names: string[]) => `Nuestras categorías: ${names.join(', ')}.`,
    summary: (items: string[]) =>
      items.length > 0
        ? `Resumen: el cliente preguntó por ${items.join('; ')}.`
        : 'Resumen: el cliente aún no preguntó por ningún producto.',
  },
  en: {
    help: "Hi! I'm the shop's assistant: ask me about products, prices, stock, opening hours or stores.",
    welcome: "You're welcome! Anything else I can help with?",
    found: 'Here is what I found:',
    more: 'Interested in any of them? I can check stock by store.',
    nothing: "I couldn't find products like that in the catalogue. Shall I look for something else?",
    notFound: "I couldn't find that product or size.",
    unavailable: "I can't check the inventory right now. Please try again in a few minutes.",
    stock: (size: string | undefined) => (size ? `Size ${size}` : 'Stock'),
    noStock: 'out of stock',
    handoff: "I'm passing you to a person at the shop; they will write to you shortly.",
    reason: 'The customer asked to talk to a person.',
    greet: (name: string) => `Nice to meet you, ${name}!`,
    noted: "I'll keep that in mind.",
    categories: (names: string[]) => `Our categories: ${names.join(', ')}.`,
    summary: (items: string[]) =>
      items.length > 0
        ? `Summary: the customer asked about ${items.join('; ')}.`
        : 'Summary: the customer has not asked about a product yet.',
  },
} as const;

/**
 * The stand-in's "model": a scripted, deterministic sales policy over one Chat Completions
 * request. It reads the tools offered and calls the search tool with the customer's words,
 * then answers from what the tools returned, and only from that. Pure: the same request (and
 * faults) always gives the same decision.
 */
export function salesPolicy(request: ChatCompletionRequest, faults: PolicyFaults = {}): PolicyDecision {
  const policy = new Turn(request, faults);
  return policy.decide();
}

class Turn {
  private readonly offered: Map<string, JsonSchema>;
  private readonly messages: ChatMessage[];
  /** Index of the customer's last message; -1 when there is none. */
  private readonly lastCustomer: number;
  private readonly customerText: string;
  private readonly language: Language;

  constructor(
    private readonly request: ChatCompletionRequest,
    private readonly faults: PolicyFaults,
  ) {
    this.offered = offeredTools(request);
    this.messages = request.messages.filter((m) => m.role !== 'system' && m.role !== 'developer');
    this.lastCustomer = this.messages.findLastIndex((m) => m.role === 'user' && !isShopReview(textOf(m.content)));
    this.customerText = this.lastCustomer >= 0 ? customerLines(textOf(this.messages[this.lastCustomer].content)) : '';
    this.language = languageOf(this.customerText);
  }

  decide(): PolicyDecision {
    const outcomes = this.outcomes();
    if (this.offered.size === 0) {
      if (this.asksForSummary()) return this.answer(this.summary());
      return outcomes.length > 0 ? this.answerFrom(outcomes) : this.answer(COPY[this.language].help);
    }
    const last = this.messages.at(-1);
    if (last?.role === 'tool') return this.afterTools(outcomes);
    // The api's review of a reply: answer again, from what the tools of this turn returned.
    if (last?.role === 'user' && this.messages.length - 1 !== this.lastCustomer) return this.answerFrom(outcomes);
    if (last?.role === 'user') return this.firstStep() ?? this.answer(this.helpText());
    return this.answer(COPY[this.language].help);
  }

  // --- the first step: what the customer asks ------------------------------------------

  /** The calls the customer's message asks for, or undefined when it asks for none. */
  private firstStep(): PolicyDecision | undefined {
    const calls = this.firstCalls();
    return calls.length > 0 ? this.toolCalls(calls) : undefined;
  }

  private firstCalls(): PlannedCall[] {
    const text = this.customerText;
    const one = (name: string, args: Record<string, unknown>) => {
      const call = this.call(name, args);
      return call ? [call] : [];
    };
    // Asking for a person is not a product search either.
    if (asksForPerson(text)) return one('request_human_agent', { reason: COPY[this.language].reason });
    // A question about the shop is not a product search, whether shop_info is offered or not.
    const topic = shopTopic(text);
    if (topic !== undefined) return one('shop_info', { topic });

    const calls: PlannedCall[] = [];
    const named = statedName(text);
    if (named && this.offered.has('remember_customer_fact')) {
      calls.push(...one('remember_customer_fact', { key: 'name', value: named.name }));
    }
    const search = this.searchCall(named?.rest ?? text);
    if (search) calls.push(search);
    return calls;
  }

  /** search_products with the customer's words, their colour, size and price range when the schema takes them. */
  private searchCall(text: string): PlannedCall | undefined {
    const schema = this.offered.get('search_products');
    if (schema === undefined) return undefined;
    const ask = productAsk(text, this.earlierCustomerTexts());
    if (ask === undefined) return undefined;
    const properties = schema.properties ?? {};
    const query = [...ask.words];
    const args: Record<string, unknown> = {};
    const colourKey = 'colour' in properties ? 'colour' : 'color' in properties ? 'color' : undefined;
    if (ask.colour !== undefined) {
      if (colourKey) args[colourKey] = ask.colour;
      else query.push(ask.colour);
    }
    if (ask.size !== undefined) {
      if ('size' in properties) args.size = ask.size;
      else query.push(ask.size);
    }
    if (ask.maxPrice !== undefined && 'max_price' in properties) args.max_price = ask.maxPrice;
    if (ask.minPrice !== undefined && 'min_price' in properties) args.min_price = ask.minPrice;
    // Nothing but a colour or a size: that is what to look for.
    if (query.length === 0) query.push(ask.colour ?? ask.size ?? '');
    args.query = query.join(' ');
    return this.call('search_products', args);
  }

  /** The customer's earlier messages, newest first (for "¿y en rojo?"). */
  private earlierCustomerTexts(): string[] {
    return this.messages
      .slice(0, Math.max(0, this.lastCustomer))
      .filter((m) => m.role === 'user')
      .map((m) => customerLines(textOf(m.content)))
      .map((text) => statedName(text)?.rest ?? text)
      .reverse();
  }

  private helpText(): string {
    const named = statedName(this.customerText);
    const copy = COPY[this.language];
    if (named) return `${copy.greet(named.name)} ${copy.help.replace(/^¡Hola! |^Hi! /, '')}`;
    return thanks(this.customerText) ? copy.welcome : copy.help;
  }

  // --- after tool results ----------------------------------------------------------------

  /** Tool calls since the customer's last message, each with its result. */
  private outcomes(): ToolOutcome[] {
    const results = new Map<string, string>();
    for (const message of this.messages.slice(this.lastCustomer + 1)) {
      if (message.role === 'tool') results.set(message.tool_call_id, textOf(message.content));
    }
    const outcomes: ToolOutcome[] = [];
    let step = 0;
    for (const message of this.messages.slice(this.lastCustomer + 1)) {
      if (message.role !== 'assistant') continue;
      step += 1;
      for (const call of message.tool_calls ?? []) {
        const raw = results.get(call.id);
        if (raw === undefined) continue;
        outcomes.push({
          name: call.function.name,
          args: asObject(parseJson(call.function.arguments)) ?? {},
          result: asObject(parseJson(raw)),
          raw,
          step,
        });
      }
    }
    return outcomes;
  }

  private afterTools(outcomes: ToolOutcome[]): PolicyDecision {
    const failed = outcomes.filter((o) => o.result === undefined);
    const ok = outcomes.filter((o) => o.result !== undefined);
    const lastStep = outcomes.at(-1)?.step;
    const failedNow = failed.filter((o) => o.step === lastStep);
    // A call the client refused (arguments its schema did not take, a tool that threw):
    // try once more, properly, as a model would; a second failure is answered honestly.
    if (failedNow.length > 0 && failed.length === failedNow.length && failed.length <= 2) {
      const names = new Set(failed.map((o) => o.name));
      const again = [...this.firstCalls(), ...this.followUp(ok)].filter((c) => names.has(c.name));
      const unique = again.filter((c, i) => again.findIndex((d) => d.name === c.name) === i);
      if (unique.length > 0) return this.toolCalls(unique);
    }
    if (failedNow.length === 0) {
      const followUp = this.followUp(ok);
      if (followUp.length > 0) return this.toolCalls(followUp);
    }
    // A refused call tried again with success is history, not a failure to report.
    return this.answerFrom(
      outcomes.filter((o, i) => o.result !== undefined || !outcomes.slice(i + 1).some((p) => p.name === o.name)),
    );
  }

  /** check_stock for the one product a search found, when the customer gave a size. */
  private followUp(ok: ToolOutcome[]): PlannedCall[] {
    if (!this.offered.has('check_stock') || ok.some((o) => o.name === 'check_stock')) return [];
    const size = productAsk(statedName(this.customerText)?.rest ?? this.customerText)?.size;
    if (size === undefined) return [];
    const products = ok.flatMap((o) => productsOf(o.result));
    if (products.length !== 1 || ok.some((o) => isError(o.result))) return [];
    const call = this.call('check_stock', { sku: products[0].sku, size });
    return call ? [call] : [];
  }

  // --- the answer --------------------------------------------------------------------------

  /** The answer from tool results only: every figure in it is one a tool returned. */
  private answerFrom(outcomes: ToolOutcome[]): PolicyDecision {
    const copy = COPY[this.language];
    const parts: string[] = [];
    let misquoted = false;

    for (const o of outcomes) {
      if (o.name === 'remember_customer_fact' && o.result && !isError(o.result)) {
        parts.push(o.args.key === 'name' && typeof o.args.value === 'string' ? copy.greet(o.args.value) : copy.noted);
      }
    }
    if (outcomes.some((o) => o.name === 'request_human_agent' && o.result && !isError(o.result))) {
      parts.push(copy.handoff);
    }
    for (const o of outcomes) {
      const lines = o.result?.lines;
      if (Array.isArray(lines)) parts.push(lines.filter((l): l is string => typeof l === 'string').join('\n'));
      const categories = o.result?.categories;
      if (Array.isArray(categories)) {
        const names = categories
          .map((c) => (typeof c === 'string' ? c : (asObject(c)?.name as string | undefined)))
          .filter((n): n is string => typeof n === 'string');
        parts.push(copy.categories(names));
      }
    }

    const inventory = outcomes.filter((o) => ['search_products', 'get_product', 'check_stock'].includes(o.name));
    const searched = inventory.filter((o) => o.result && !isError(o.result) && isProductResult(o.result));
    const products = dedupe(searched.flatMap((o) => productsOf(o.result)));
    const stocks = inventory.flatMap((o) => stockOf(o.result));
    const failed = inventory.some((o) => o.result === undefined || isError(o.result));
    const notFound = inventory.some((o) => o.result?.found === false);

    if (products.length > 0) {
      const lines = products.slice(0, SHOWN).map((product, i) => {
        const misquote = this.faults.misquotePrice === true && i === 0 && priceText(product) !== undefined;
        if (misquote) misquoted = true;
        const price = misquote ? wrongPrice(product) : priceText(product);
        const line = `• ${product.name}${product.color ? ` (${product.color})` : ''}${price ? ` — ${price}` : ''}`;
        const stock = stocks.find((s) => s.sku === product.sku);
        return stock ? `${line}\n  ${this.stockLine(stock)}` : line;
      });
      parts.push(`${copy.found}\n${lines.join('\n')}`);
      if (failed) parts.push(copy.unavailable);
      else if (stocks.length === 0) parts.push(copy.more);
    } else if (stocks.length > 0) {
      parts.push(
        stocks
          .map((s) => `• ${s.name ?? s.sku ?? ''}${s.color ? ` (${s.color})` : ''}\n  ${this.stockLine(s)}`)
          .join('\n'),
      );
    } else if (failed) {
      parts.push(copy.unavailable);
    } else if (notFound) {
      parts.push(copy.notFound);
    } else if (searched.length > 0) {
      parts.push(copy.nothing);
    }

    return this.answer(parts.length > 0 ? parts.join('\n\n') : copy.help, misquoted);
  }

  /** "Talla 27: Centro 4, Polanco 2" — the stores with units, as check_stock gave them. */
  private stockLine(stock: StockView): string {
    const copy = COPY[this.language];
    const stores = (stock.stores ?? []).filter((s) => typeof s.units === 'number' && s.units > 0);
    const list = stores.map((s) => `${s.store ?? s.city ?? ''} ${s.units}`).join(', ');
    return `${copy.stock(stock.size)}: ${list || copy.noStock}`;
  }

  // --- summaries (a request without tools) ---------------------------------------------------

  private asksForSummary(): boolean {
    return this.request.messages.some(
      (m) => (m.role === 'system' || m.role === 'user') && /resum|summari[sz]/i.test(textOf(m.content)),
    );
  }

  /** "Resumen: el cliente preguntó por tenis negros talla 27; botas café." — the customer's asks, no figures. */
  private summary(): string {
    const text = this.request.messages
      .filter((m) => m.role === 'user')
      .map((m) => textOf(m.content))
      .join('\n');
    const lines = text.split('\n');
    const previous = lines
      .map((l) => /(?:preguntó por|asked about) (.*?)\.?$/.exec(l)?.[1])
      .filter((l): l is string => l !== undefined)
      .flatMap((l) => l.split('; '));
    const marked = lines.filter((l) => /^\s*(cliente|customer)\s*:/i.test(l));
    const customer = (
      marked.length > 0 ? marked : lines.filter((l) => !/:\s*$/.test(l) && !/^\s*(tienda|shop)\s*:/i.test(l))
    )
      .map((l) => l.replace(/^\s*(cliente|customer)\s*:\s*/i, ''))
      .filter((l) => !/(?:preguntó por|asked about) /.test(l));
    const items = [...previous, ...customer.map((l) => gist(l).slice(0, 80))].filter((item) => item !== '');
    const unique = items.filter((item, i) => items.indexOf(item) === i).slice(-6);
    const language = customer.length > 0 && languageOf(customer.join(' ')) === 'en' ? 'en' : 'es';
    return COPY[language].summary(unique);
  }

  // --- building the answer -------------------------------------------------------------------

  /** A call with arguments fitted to the offered schema; undefined when they cannot fit. */
  private call(name: string, args: Record<string, unknown>): PlannedCall | undefined {
    const schema = this.offered.get(name);
    if (schema === undefined) return undefined;
    const fitted = fitToSchema(args, schema);
    return fitted === undefined ? undefined : { name, arguments: JSON.stringify(fitted) };
  }

  private toolCalls(calls: PlannedCall[]): PolicyDecision {
    if (!this.faults.spoilArguments) return { kind: 'tool_calls', calls, spoiled: false };
    const [first, ...rest] = calls;
    return {
      kind: 'tool_calls',
      calls: [{ name: first.name, arguments: spoil(first.arguments, this.offered.get(first.name) ?? {}) }, ...rest],
      spoiled: true,
    };
  }

  private answer(text: string, misquoted = false): PolicyDecision {
    return { kind: 'answer', text, misquoted };
  }
}

/** The tools offered, by name, with their parameters' JSON schema (tool_choice "none" offers none). */
function offeredTools(request: ChatCompletionRequest): Map<string, JsonSchema> {
  const choice = request.tool_choice;
  if (choice === 'none') return new Map();
  const tools = (request.tools ?? []).map(
    (t) => [t.function.name, (t.function.parameters ?? {}) as JsonSchema] as const,
  );
  if (typeof choice === 'object') return new Map(tools.filter(([name]) => name === choice.function.name));
  return new Map(tools);
}

/**
 * Arguments the schema accepts: unknown properties dropped, strings cut to their maxLength,
 * values outside an enum or a bound dropped; undefined when a required one is then missing.
 */
function fitToSchema(args: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> | undefined {
  const properties = schema.properties;
  const fitted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    const property = properties?.[key];
    if (properties !== undefined && property === undefined) continue;
    if (property === undefined) {
      fitted[key] = value;
      continue;
    }
    if (property.enum !== undefined && !property.enum.includes(value)) continue;
    if (typeof value === 'string') {
      const cut = property.maxLength !== undefined ? value.slice(0, property.maxLength).trim() : value;
      if (cut.length < (property.minLength ?? 0)) continue;
      fitted[key] = cut;
    } else if (typeof value === 'number') {
      if (property.minimum !== undefined && value < property.minimum) continue;
      if (property.exclusiveMinimum !== undefined && value <= property.exclusiveMinimum) continue;
      if (property.maximum !== undefined && value > property.maximum) continue;
      fitted[key] = value;
    } else {
      fitted[key] = value;
    }
  }
  return (schema.required ?? []).every((key) => key in fitted) ? fitted : undefined;
}

/**
 * Arguments the schema refuses: a number where a string is required (still JSON, so the
 * client's own schema check has to catch it), or, with no string to spoil, broken JSON.
 */
function spoil(args: string, schema: JsonSchema): string {
  const value = asObject(parseJson(args)) ?? {};
  const properties = schema.properties ?? {};
  const strings = Object.keys(properties).filter((key) => properties[key].type === 'string');
  const target = strings.find((key) => schema.required?.includes(key)) ?? strings[0];
  if (target !== undefined) return JSON.stringify({ ...value, [target]: 12345 });
  return args.slice(0, -1) || '{';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isError(result: Record<string, unknown> | undefined): boolean {
  return result !== undefined && result.error !== undefined && result.error !== null;
}

function isProductResult(result: Record<string, unknown>): boolean {
  return Array.isArray(result.products) || asObject(result.product) !== undefined;
}

/** Products of a search_products result, or the one of a get_product result. */
function productsOf(result: Record<string, unknown> | undefined): ProductView[] {
  if (result === undefined || isError(result)) return [];
  const list = Array.isArray(result.products) ? result.products : result.product ? [result.product] : [];
  return list
    .map(asObject)
    .filter((p): p is Record<string, unknown> => p !== undefined && typeof p.name === 'string')
    .map((p) => p as unknown as ProductView);
}

/** The stock of a check_stock result (not one that found nothing). */
function stockOf(result: Record<string, unknown> | undefined): StockView[] {
  if (result === undefined || isError(result) || result.found === false || !Array.isArray(result.stores)) return [];
  return [result];
}

function dedupe(products: ProductView[]): ProductView[] {
  return products.filter((p, i) => products.findIndex((q) => q.sku === p.sku) === i);
}

function priceText(product: ProductView): string | undefined {
  if (typeof product.price_text === 'string') return product.price_text;
  if (product.price === undefined) return undefined;
  return `${money(Number(product.price))}${product.currency ? ` ${product.currency}` : ''}`;
}

/** "$1,299.00" */
function money(amount: number): string {
  const [units, cents] = amount.toFixed(2).split('.');
  return `$${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** The product's price + 100, written the way its real price is: in no tool result. */
function wrongPrice(product: ProductView): string {
  const real = priceText(product) ?? '';
  const amount =
    product.price !== undefined ? Number(product.price) : Number(real.replace(/[^\d.]/g, '').replace(/\.$/, ''));
  const wrong = money(amount + MISQUOTE);
  return /\$[\d,]+(\.\d+)?/.test(real) ? real.replace(/\$[\d,]+(\.\d+)?/, () => wrong) : wrong;
}
