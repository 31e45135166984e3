import type { InventoryClient } from '@mostrador/inventory';
import { CatalogUnavailableError } from '../catalog/catalog-queries.js';
import type { Language } from '../intent/detection.js';
import { foldAccents } from '../intent/text-normaliser.js';
import type { IntentDetector } from '../intent/intent-detector.js';
import type { ShopProfile } from '../shop/shop-profile.js';
import { COPY } from './assistant-copy.js';
import {
  AssistantEngine,
  type AssistantInput,
  type AssistantReply,
  type CustomerAction,
  type ReplyPart,
} from './assistant-engine.js';
import type { EngineState } from './engine-state.js';
import { capabilitiesMenu, compose, type Rendered, shopInfoLines, text } from './reply-renderer.js';
import { type AnswerContext, answerCategories, answerProduct, answerTap, ownSizes } from './rule-based-answers.js';
import { type Ask, fold, interpret, type Plan } from './rule-based-interpreter.js';
import type { OrderConversation, OrderSection } from './rule-based-order.js';
import { answerQuote } from './rule-based-quote.js';

/** The reply as it is built, one section after the other; each section makes the next draft. */
interface Draft {
  readonly lines: readonly string[];
  readonly interactive?: ReplyPart;
  readonly intent: string;
  readonly state: EngineState;
}

/**
 * The embedded assistant: intent detection, then only facts from the inventory (fetched in
 * this turn) and the shop profile. It never states a price, a stock figure or a shop fact
 * it was not given. The turn's messages become one plan (the interpreter), the plan the
 * catalogue queries (rule-based answers), their results the reply (the renderer).
 */
export class RuleBasedAssistant extends AssistantEngine {
  // What was shown and asked lives in the memory's engine state, not in the messages.
  override readonly readsHistory = false;

  constructor(
    private readonly detector: IntentDetector,
    private readonly inventory: InventoryClient,
    private readonly shop: ShopProfile,
    /** Order requests (absent: the assistant only informs). */
    private readonly orders?: OrderConversation,
  ) {
    super();
  }

  async respond(input: AssistantInput): Promise<AssistantReply> {
    const asks: Ask[] = [];
    for (const message of input.messages) asks.push(await interpret(message, this.detector));
    const plan = withPricedProduct(fold(asks), asks, input.messages);
    const answer = await this.answer(input, asks, plan);
    // What customers say about themselves is kept whatever else the turn does (the turn applies it).
    return plan.facts ? { ...answer, facts: { ...plan.facts } } : answer;
  }

  private async answer({ context, messages }: AssistantInput, asks: Ask[], plan: Plan): Promise<AssistantReply> {
    const previous = (context.memory.context ?? {}) as EngineState;
    const language = plan.language ?? previous.language ?? (context.customer.language === 'en' ? 'en' : 'es');
    const copy = COPY[language];
    const start: Draft = { lines: [], intent: 'other', state: { ...previous, language } };

    // While an order is being settled, its answers ("no", "en Centro", "sí") are the order's,
    // unless the customer typed an explicit command word (BAJA, agente): that one always wins.
    const explicitCommand = asks.some((a) => a.kind === 'detected' && a.detection.via === 'rule');
    if (!explicitCommand || !plan.command) {
      const order = await this.orderStep({ asks, messages, state: start.state, context, language, copy });
      if (order) {
        const parts = compose(order.lines, order.interactive);
        // The quantity and quote asked about before are in the draft now (or done with).
        const state = { ...start.state, ...order.state, quantity: undefined, quote: undefined };
        // A payment notice goes to a person with its reason, as a complaint does.
        const handed = order.action === 'handoff' && order.reason ? handingOff(state, order.reason) : state;
        return reply(parts, order.intent, language, handed, order.action);
      }
    }

    if (plan.command === 'opt_out') {
      // Asked to delete their data: the turn records the request for the shop, who decides.
      return plan.erasure
        ? reply([text(copy.erasureRequested)], 'erasure_request', language, start.state, 'opt_out')
        : reply([text(copy.optedOut)], 'opt_out', language, start.state, 'opt_out');
    }
    if (plan.command === 'complaint') {
      const reason = plan.complaint ?? 'general';
      return reply([text(copy.complaint(reason))], 'complaint', language, handingOff(start.state, reason), 'handoff');
    }
    if (plan.command === 'human_agent') {
      const state = handingOff(start.state, plan.complaint ?? 'requested');
      return reply([text(copy.handoff)], 'human_agent', language, state, 'handoff');
    }

    // "¿cuánto me sale una sudadera y una gorra?", "¿3 de esas cuánto serían?", "¿y con envío?".
    const quote = plan.command ? null : await this.quoteStep(plan, messages, start.state, language);
    if (quote) return reply(compose(quote.lines, quote.interactive), quote.intent, language, quote.state);

    let draft = start;
    if (plan.command === 'opt_in') draft = add(draft, { lines: [copy.optedIn] }, 'opt_in');
    if (plan.greeting) {
      // Their own words before WhatsApp's profile name: said now, or remembered from before.
      const name = plan.facts?.name ?? rememberedName(context) ?? context.customer.displayName;
      const greeting = copy.greeting(firstName(name), this.shop.name);
      draft = add(draft, { lines: [greeting] }, draft.intent === 'other' ? 'greeting' : draft.intent);
    }
    const noted = plan.facts ? copy.factsNoted(plan.facts, plan.greeting) : '';
    if (noted) draft = add(draft, { lines: [noted] }, draft.intent === 'other' ? 'customer_facts' : draft.intent);
    const sizes = ownSizes(context.customer.facts, plan.facts);
    draft = await this.askCatalogue(plan, draft, { inventory: this.inventory, copy, sizes });
    if (plan.topics.length > 0) {
      const store = plan.infoStore ?? (plan.infoFollowUp ? previous.infoStore : undefined);
      const lines = shopInfoLines(this.shop, plan.topics, language, copy, store);
      draft = add(draft, { lines, state: { infoStore: store } }, plan.product || plan.tap ? draft.intent : 'shop_info');
    }
    // Media we cannot read is worth a note only when nothing else in the turn got an answer.
    if (plan.media && draft.lines.length === 0) draft = add(draft, { lines: [copy.media] }, 'media');
    if (plan.unsupported && draft.lines.length === 0) draft = add(draft, { lines: [copy.unsupported] }, 'media');
    if (plan.thanks)
      draft = add(draft, { lines: [copy.thanks] }, draft.intent === 'other' ? 'thanks_goodbye' : draft.intent);
    if (wantsMenu(plan)) draft = add(draft, capabilitiesMenu(copy), draft.intent);
    // How many pieces this question was for: "…me las llevo" next turn orders that many.
    if (plan.product || plan.tap) {
      const quantity = plan.product?.quantity;
      draft = {
        ...draft,
        state: {
          ...draft.state,
          quantity: quantity && quantity > 1 ? quantity : undefined,
          quote: undefined,
          // A question about products in between: "¿y el domingo?" is about the shop again.
          ...(plan.topics.length === 0 && { infoStore: undefined }),
        },
      };
    }

    return reply(
      compose(draft.lines, draft.interactive),
      draft.intent,
      language,
      draft.state,
      plan.command === 'opt_in' ? 'opt_in' : undefined,
    );
  }

  /**
   * A turn about an order request (a buy tap or phrase, the next step of one being settled, a
   * payment notice) is the order conversation's; when the inventory cannot answer, it says so.
   */
  private async orderStep(input: {
    asks: Ask[];
    messages: AssistantInput['messages'];
    state: EngineState;
    context: AssistantInput['context'];
    language: Language;
    copy: (typeof COPY)[Language];
  }): Promise<OrderSection | null> {
    if (!this.orders) return null;
    const texts = input.messages.map((m) => m.text ?? '').filter((t) => t.trim() !== '');
    try {
      return await this.orders.respond({ ...input, texts, key: input.messages.at(-1)!.id });
    } catch (error) {
      if (!(error instanceof CatalogUnavailableError)) throw error;
      return { lines: [input.copy.inventoryDown], intent: 'order_unavailable' };
    }
  }

  /** A quote of some pieces (with shipping when asked), or null when the turn asks for none. */
  private async quoteStep(
    plan: Plan,
    messages: AssistantInput['messages'],
    state: EngineState,
    language: Language,
  ): Promise<{ lines: readonly string[]; interactive?: ReplyPart; intent: string; state: EngineState } | null> {
    const texts = messages.map((m) => m.text ?? '').filter((t) => t.trim() !== '');
    try {
      const quote = await answerQuote({
        texts,
        plan,
        state,
        language,
        copy: COPY[language],
        inventory: this.inventory,
        shop: this.shop,
        detector: this.detector,
      });
      return quote && { ...quote, state: { ...state, ...quote.state } };
    } catch (error) {
      if (!(error instanceof CatalogUnavailableError)) throw error;
      return { lines: [COPY[language].inventoryDown], intent: 'quote', state };
    }
  }

  /**
   * The sections that need the inventory, in order: a later one reads the state an earlier
   * one left (a tap, then "¿cuánto cuesta?" about what it showed). When the inventory cannot
   * answer, the reply says so after what was already answered, and guesses nothing.
   */
  private async askCatalogue(plan: Plan, draft: Draft, ctx: AnswerContext): Promise<Draft> {
    let next = draft;
    try {
      if (plan.tap) next = add(next, await answerTap(plan.tap, ctx), 'interactive');
      if (plan.product) next = add(next, await answerProduct(plan.product, next.state, ctx), plan.product.intent);
      if (plan.categories) {
        // One interactive part per reply: the categories become text after a list or buttons.
        const answer = await answerCategories(ctx, { asList: next.interactive === undefined });
        next = add(next, answer, plan.product ? next.intent : 'categories');
      }
      return next;
    } catch (error) {
      if (!(error instanceof CatalogUnavailableError)) throw error;
      return add(next, { lines: [ctx.copy.inventoryDown] }, plan.product?.intent ?? 'product_search');
    }
  }
}

/** Words that ask what something costs, on folded text. */
const ASKS_PRICE =
  /\b(?:cuanto|cuantos(?!\s+(?:dias|horas|semanas|meses)\b)|precio|precios|cuesta|cuestan|sale|salen|how\s+much|price|prices|cost|costs)\b/;

/** "¿Cuánto cuesta el envío a Cancún?": the price asked is the shipping's, the place is no product. */
const ASKS_SHIPPING_PRICE =
  /\b(?:cuanto|precio|how\s+much|cost)\s+(?:(?:me\s+)?(?:cuesta|cobran|sale)\s+|es\s+|is\s+)?(?:el\s+|de\s+|del\s+|por\s+el\s+|the\s+|for\s+)?(?:envio|shipping|delivery)\b/;

/**
 * "¿cuánto las botas de piel? ¿aceptan tarjeta?": a message read as a shop question (payment,
 * shipping…) that also names a product and asks its price asks both. The product part is
 * folded in as a price question, and the shop topics stay.
 */
function withPricedProduct(plan: Plan, asks: readonly Ask[], messages: AssistantInput['messages']): Plan {
  if (plan.product || plan.tap || plan.command || plan.topics.length === 0) return plan;
  let asked = false;
  const priced = asks.map((ask, i): Ask => {
    if (ask.kind !== 'detected' || ask.detection.intent !== 'shop_info') return ask;
    const { productWords, category } = ask.detection.slots;
    const said = foldAccents(messages[i]?.text ?? '');
    if ((productWords.length === 0 && !category) || !ASKS_PRICE.test(said) || ASKS_SHIPPING_PRICE.test(said))
      return ask;
    asked = true;
    return { ...ask, detection: { ...ask.detection, intent: 'price' } };
  });
  if (!asked) return plan;
  const product = fold(priced).product;
  return product ? { ...plan, product } : plan;
}

/** The draft with a section's lines after its own; the section's interactive part and state win. */
function add(draft: Draft, section: Rendered, intent: string): Draft {
  return {
    lines: [...draft.lines, ...section.lines],
    interactive: section.interactive ?? draft.interactive,
    intent,
    state: { ...draft.state, ...section.state },
  };
}

/** A greeting or a message not understood, and nothing else asked: say what the assistant can do. */
function wantsMenu(plan: Plan): boolean {
  const asked = plan.product || plan.tap || plan.categories || plan.topics.length > 0 || plan.media || plan.unsupported;
  return !asked && !plan.thanks && plan.command !== 'opt_in' && (plan.greeting || plan.help);
}

function reply(
  parts: ReplyPart[],
  intent: string,
  language: Language,
  state: EngineState,
  action?: CustomerAction,
): AssistantReply {
  return { parts, intent, language, context: state as Record<string, unknown>, ...(action && { action }) };
}

/**
 * The state of a turn that hands the conversation to a person, with why (`handoffReason`: a
 * complaint's reason, or `requested`): the turn keeps it where the shop sees it and logs it.
 */
function handingOff(state: EngineState, reason: string): EngineState {
  return Object.assign({}, state, { handoffReason: reason });
}

/** The name the customer told us in an earlier conversation (a profile fact). */
function rememberedName(context: AssistantInput['context']): string | undefined {
  const name = context.customer.facts.name;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

function firstName(displayName: string | null): string | null {
  const first = displayName?.trim().split(/\s+/)[0];
  return first ? first : null;
}
