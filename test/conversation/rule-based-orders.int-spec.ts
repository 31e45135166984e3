import { randomUUID } from 'node:crypto';
import { standaloneCache } from '@mostrador/cache';
import type { StoredMessage, TurnContext } from '@mostrador/database';
import {
  type AssistantReply,
  type EngineState,
  IntentDetector,
  loadShopProfile,
  OrderConversation,
  OrderDesk,
  type ReplyPart,
  RuleBasedAssistant,
} from '@mostrador/conversation';
import { formatMoney, InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { inbound, stored } from '../database/conversation-store.contract.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteTestStore, type TestStore } from '../support/database.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';

const catalogue = readCatalogueFile();
const shop = loadShopProfile('shop-profile.json');
const product = (sku: string) => catalogue.products.find((p) => p.sku === sku)!;
const mxn = (amount: number) => formatMoney({ amount: amount.toFixed(2), currency: 'MXN' });
const price = (sku: string) => Number(product(sku).price);
const SHIPPING = Number(shop.orders!.shippingCost);
const FREE_FROM = Number(shop.orders!.freeShippingFrom);
/** Units of `sku` in `size` at store `id`, from the catalogue file. */
const units = (sku: string, size: string, id: string) => product(sku).stock[id][product(sku).sizes.indexOf(size)];

function message(text: string): StoredMessage {
  return {
    id: randomUUID(),
    conversationId: 'conv',
    direction: 'inbound',
    waMessageId: `wamid.${randomUUID()}`,
    type: 'text',
    text,
    payload: { type: 'text', text: { body: text } },
    status: 'received',
    error: null,
    replyToWaMessageId: null,
    sentAt: new Date(),
    createdAt: new Date(),
    statusAt: null,
    answeredAt: null,
  };
}

function contextWith(conversationId: string, state: EngineState): TurnContext {
  const now = new Date();
  return {
    conversation: {
      id: conversationId,
      customerId: 'cust',
      phoneNumberId: '100000000000001',
      status: 'active',
      startedAt: now,
      lastMessageAt: now,
      lastInboundAt: now,
      messageCount: 1,
    },
    customer: {
      id: 'cust',
      phoneNumber: '5215512345678',
      userId: null,
      displayName: 'Carla',
      language: null,
      facts: {},
      preferences: {},
      optedOut: false,
      firstSeenAt: now,
      lastSeenAt: now,
      messageCount: 1,
    },
    memory: {
      conversationId,
      summary: null,
      summarizedThroughMessageId: null,
      facts: {},
      lastIntent: null,
      context: state as Record<string, unknown>,
      tokenEstimate: 0,
      updatedAt: null,
    },
    recentMessages: [],
  };
}

/** Everything a customer reads in the reply, list rows included. */
function readable(reply: AssistantReply): string {
  return reply.parts
    .map((part: ReplyPart) => {
      switch (part.kind) {
        case 'text':
          return part.text;
        case 'buttons':
          return [part.body, ...part.buttons.map((b) => `[${b.title}]`)].join('\n');
        case 'list':
          return [part.body, ...part.rows.map((r) => `- ${r.title} ${r.description ?? ''}`)].join('\n');
      }
    })
    .join('\n');
}

/**
 * The rule-based assistant with order requests, one conversation played turn after turn (the
 * state each reply leaves is the next turn's): buying phrases, payment notices, complaints
 * about a wrong item, and quotes of several pieces, in sentences of their own.
 */
describe('rule-based assistant: orders, care and quotes', () => {
  let sandbox: InventorySandbox;
  let test: TestStore;
  let inventory: InventoryClient;
  let assistant: RuleBasedAssistant;

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
    test = await createPgliteTestStore();
    const settings = testSettings({ INVENTORY_WSDL_URL: sandbox.wsdlUrl });
    const { logger } = captureLogger(settings);
    inventory = new InventoryClient(
      settings,
      logger,
      standaloneCache(settings, logger),
      new BreakerRegistry(settings, logger),
    );
    const detector = await IntentDetector.create({
      stores: shop.stores.map((s) => s.name),
      categories: catalogue.categories.map((c) => c.name),
    });
    const orders = new OrderConversation(new OrderDesk(inventory, test.store, shop), shop, inventory);
    assistant = new RuleBasedAssistant(detector, inventory, shop, orders);
  }, 120_000);
  afterAll(async () => {
    inventory?.onModuleDestroy();
    await test?.close();
    await sandbox?.close();
  }, 60_000);

  /** A conversation: each `say` answers with the state the previous reply left. */
  async function conversation(state: EngineState = {}) {
    const id = stored(await test.store.recordInboundMessage(inbound())).conversationId;
    let current = state;
    return {
      say: async (text: string) => {
        const reply = await assistant.respond({ context: contextWith(id, current), messages: [message(text)] });
        current = reply.context;
        return reply;
      },
      order: async () => (current.lastOrder ? test.store.getOrderRequest(current.lastOrder) : null),
    };
  }

  describe('payment notices', () => {
    it.each([
      'ya le deposité lo del pedido, me avisan cuando lo vean',
      'acabo de hacer la transferencia, ¿me confirman?',
      'listo, ya quedó pagado',
      "I've just transferred the money, can you check?",
    ])(
      'should hand "%s" to a person, saying why',
      async (text) => {
        const chat = await conversation({ lastOrder: randomUUID() });
        const reply = await chat.say(text);
        expect(reply).toMatchObject({ intent: 'payment_notice', action: 'handoff' });
        expect(reply.context).toMatchObject({ handoffReason: 'payment' });
      },
      30_000,
    );
  });

  describe('a wrong item received', () => {
    it.each([
      'buenas noches, me llegaron las botas pero de otro color, yo pedí cafés y me enviaron negras',
      'hola, pedí unos del 26 y me mandaron del 27',
      'hi, I ordered a medium and you sent me a large',
      'me llegó la sudadera gris bordada y yo la había pedido beige, ¿qué hago? 😤',
    ])(
      'should apologise and hand "%s" to a person, not greet',
      async (text) => {
        const chat = await conversation();
        const reply = await chat.say(text);
        expect(reply).toMatchObject({ intent: 'complaint', action: 'handoff' });
        expect(reply.context).toMatchObject({ handoffReason: 'wrong_item' });
        expect(readable(reply)).toMatch(/lo siento|lament|disculp|sorry|apolog/i);
      },
      30_000,
    );
  });

  describe('buying', () => {
    it('should state the price when it asks where, and take a slang yes to the summary', async () => {
      const sku = 'BOT-0001-CAF';
      const chat = await conversation({
        product: sku,
        shown: [{ sku, name: product(sku).name }],
        query: { words: [], size: '28' },
      });
      const where = await chat.say('lo quiero');
      expect(where.intent).toBe('order_fulfilment');
      expect(readable(where)).toContain(mxn(price(sku)));
      expect(readable(where)).not.toMatch(/qu[eé] talla/i);
    }, 30_000);

    it('should read "¿me lo envían?" while buying as delivery: the summary, free from the threshold', async () => {
      const sku = 'BOT-0001-CAF';
      expect(price(sku)).toBeGreaterThanOrEqual(FREE_FROM);
      const chat = await conversation({
        product: sku,
        shown: [{ sku, name: product(sku).name }],
        query: { words: [], size: '28' },
      });
      const summary = await chat.say('quiero comprarlas, ¿me las mandan a la casa?');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toMatch(/gratis/);
      expect(readable(summary)).not.toContain('$0.00');
      expect(readable(summary)).toContain(`Total: ${mxn(price(sku))}`);
      const placed = await chat.say('va');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({
        items: [{ sku, size: '28', quantity: 1 }],
        fulfilment: { kind: 'delivery' },
      });
    }, 30_000);

    it('should carry the quantity of a price question into the order', async () => {
      const sku = 'PLA-0001-GRI';
      expect(units(sku, 'G', 'CEN')).toBeGreaterThanOrEqual(3);
      const chat = await conversation();
      const asked = await chat.say('¿cuánto salen 3 playeras básicas grises en talla G?');
      expect(readable(asked)).toContain(mxn(3 * price(sku)));
      const summary = await chat.say('sale, me las llevo, las recojo en Centro');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toContain(`3 × ${mxn(price(sku))} = ${mxn(3 * price(sku))}`);
      const placed = await chat.say('claro que sí');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({
        items: [{ sku, size: 'G', quantity: 3 }],
        fulfilment: { kind: 'pickup', storeId: 'CEN' },
      });
    }, 60_000);

    it('should pick the product an English buyer names among those shown, and offer the stores that have it', async () => {
      const classic = 'TEN-0004-BLA';
      const shown = [
        { sku: 'TEN-0005-BLA', name: product('TEN-0005-BLA').name },
        { sku: classic, name: product(classic).name },
      ];
      expect(units(classic, '26', 'POL')).toBe(0);
      const chat = await conversation({ shown, query: { words: ['tenis'], size: '26' }, language: 'en' });
      const elsewhere = await chat.say("I'd like the classic pair, could I collect them in Polanco?");
      expect(elsewhere.intent).toMatch(/^order_/);
      expect(readable(elsewhere)).toMatch(/Centro/);
      expect(readable(elsewhere)).not.toMatch(/total/i);
      const summary = await chat.say('fine, Centro then');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toContain(`Total: ${mxn(price(classic))}`);
      await chat.say('yes');
      expect(await chat.order()).toMatchObject({
        items: [{ sku: classic, size: '26', quantity: 1 }],
        fulfilment: { kind: 'pickup', storeId: 'CEN' },
      });
    }, 60_000);

    it('should pick the colour an English buyer names of the model discussed, then deliver with shipping', async () => {
      const discussed = 'BOT-0007-AMA';
      const red = 'BOT-0007-ROJ';
      const chat = await conversation({
        product: discussed,
        shown: [{ sku: discussed, name: product(discussed).name }],
        query: { words: ['botas', 'lluvia'], size: '17' },
        language: 'en',
      });
      const where = await chat.say('perfect, I will take the red one');
      expect(where.intent).toBe('order_fulfilment');
      expect(readable(where)).toContain(product(red).name);
      expect(readable(where)).not.toMatch(/which size/i);
      const summary = await chat.say('home delivery please');
      expect(readable(summary)).toContain(mxn(SHIPPING));
      expect(readable(summary)).toContain(`Total: ${mxn(price(red) + SHIPPING)}`);
      await chat.say('yep');
      expect(await chat.order()).toMatchObject({
        items: [{ sku: red, size: '17', quantity: 1 }],
        fulfilment: { kind: 'delivery' },
      });
    }, 60_000);
  });

  describe('buying, said broadly', () => {
    it('should offer the stores that have the size when the one to pick up at has none, then switch to delivery', async () => {
      const sku = 'TEN-0001-NEG';
      expect(units(sku, '23.5', 'POL')).toBe(0);
      expect(units(sku, '23.5', 'CEN')).toBeGreaterThan(0);
      expect(price(sku)).toBeLessThan(FREE_FROM);
      const chat = await conversation({
        product: sku,
        shown: [{ sku, name: product(sku).name }],
        query: { words: [], size: '23.5' },
      });
      const there = await chat.say('va, lo voy a recoger a Polanco el sábado');
      expect(there.intent).toMatch(/^order_/);
      expect(readable(there)).toMatch(/Centro/);
      expect(readable(there)).toMatch(/domicilio/);
      expect(readable(there)).not.toMatch(/total/i);
      const summary = await chat.say('uy, bueno, entonces envíenmelo');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toContain(mxn(SHIPPING));
      expect(readable(summary)).toContain(mxn(price(sku) + SHIPPING));
      const placed = await chat.say('órale pues');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({
        items: [{ sku, size: '23.5', quantity: 1 }],
        fulfilment: { kind: 'delivery' },
      });
    }, 60_000);

    it('should start an order with delivery when asked to send the product discussed, with the shipping cost', async () => {
      const sku = 'GOR-0003-NEG';
      const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }] });
      const summary = await chat.say('¿me la podrían mandar hasta Querétaro?');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toContain(mxn(price(sku) + SHIPPING));
      const placed = await chat.say('sale pues');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({ items: [{ sku, quantity: 1 }], fulfilment: { kind: 'delivery' } });
    }, 60_000);

    it('should take how many said after the send request, and an "okis" to the summary', async () => {
      const sku = 'GOR-0003-NEG';
      const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }] });
      const summary = await chat.say('mándamelas a Puebla, que sean 2');
      expect(summary.intent).toBe('order_summary');
      const subtotal = 2 * price(sku);
      expect(readable(summary)).toContain(`2 × ${mxn(price(sku))}`);
      expect(readable(summary)).toContain(mxn(subtotal + (subtotal >= FREE_FROM ? 0 : SHIPPING)));
      const placed = await chat.say('okis');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({ items: [{ sku, quantity: 2 }], fulfilment: { kind: 'delivery' } });
    }, 60_000);

    it('should re-ask where when a bare yes answers the pick-up or delivery question', async () => {
      const sku = 'GOR-0003-NEG';
      const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }] });
      expect((await chat.say('me la llevo')).intent).toBe('order_fulfilment');
      const again = await chat.say('simón');
      expect(again.intent).toBe('order_fulfilment');
      expect(readable(again)).not.toMatch(/No encontr/);
      expect((await chat.say('a domicilio porfa')).intent).toBe('order_summary');
      expect((await chat.say('de acuerdo')).intent).toBe('order_requested');
    }, 60_000);

    it('should take the pick-up store said with the buying phrase', async () => {
      const sku = 'GOR-0003-NEG';
      expect(units(sku, 'UNITALLA', 'GDL')).toBeGreaterThan(0);
      const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }] });
      const summary = await chat.say('paso por ella a la de Guadalajara');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toContain(`Total: ${mxn(price(sku))}`);
      expect((await chat.say('ok sí')).intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({ fulfilment: { kind: 'pickup', storeId: 'GDL' } });
    }, 60_000);

    it('should price and ship a product an English buyer names in one message, then place it on a go-ahead', async () => {
      const sku = 'TEN-0001-BLA';
      expect(price(sku)).toBeLessThan(FREE_FROM);
      const chat = await conversation();
      const summary = await chat.say(
        'Hi, I want the white Kairo sneakers in size 26.5, could you send them to Oaxaca?',
      );
      expect(readable(summary)).toContain(mxn(price(sku)));
      expect(readable(summary)).toContain(mxn(price(sku) + SHIPPING));
      expect(readable(summary)).not.toMatch(/which size/i);
      const placed = await chat.say('sounds good, do it');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({
        items: [{ sku, size: '26.5', quantity: 1 }],
        fulfilment: { kind: 'delivery' },
      });
    }, 60_000);
  });

  describe('buying, said the way it is typed', () => {
    it('should deliver a quantity no one store has by gathering it from several, unheld', async () => {
      const sku = 'TEN-0001-ROJ';
      const size = '30';
      const stores = ['CEN', 'POL', 'GDL', 'MTY'].map((id) => units(sku, size, id));
      expect(Math.max(...stores)).toBeLessThan(4);
      expect(stores.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
      expect(4 * price(sku)).toBeGreaterThanOrEqual(FREE_FROM);
      const chat = await conversation({
        product: sku,
        shown: [{ sku, name: product(sku).name }],
        query: { words: [], size },
        quantity: 4,
      });
      const summary = await chat.say('envíamelos a Mazatlán porfis');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toContain(`4 × ${mxn(price(sku))} = ${mxn(4 * price(sku))}`);
      expect(readable(summary)).toContain(`Total: ${mxn(4 * price(sku))}`);
      expect(readable(summary)).not.toMatch(/ninguna tienda/i);
      const placed = await chat.say('siiii xfa');
      expect(placed.intent).toBe('order_requested');
      expect(readable(placed)).toMatch(/no quedan apartadas/);
      expect(await chat.order()).toMatchObject({
        items: [{ sku, size, quantity: 4 }],
        fulfilment: { kind: 'delivery' },
        reservation: null,
      });
    }, 60_000);

    it('should offer only delivery when asked where for a quantity no one store has', async () => {
      const sku = 'TEN-0001-ROJ';
      const chat = await conversation({
        product: sku,
        shown: [{ sku, name: product(sku).name }],
        query: { words: [], size: '30' },
        quantity: 4,
      });
      const where = await chat.say('me los llevo');
      expect(where.intent).toBe('order_fulfilment');
      expect(readable(where)).toMatch(/domicilio/);
      expect(readable(where)).not.toMatch(/Recoger en/);
    }, 30_000);

    it('should take the colour said with "la paso a traer" as that colour of the model shown, picked up there', async () => {
      const shownSku = 'SUD-0002-NEG';
      const wanted = 'SUD-0002-BLA';
      expect(units(wanted, 'G', 'MTY')).toBeGreaterThan(0);
      const chat = await conversation({
        product: shownSku,
        shown: [{ sku: shownSku, name: product(shownSku).name }],
        query: { words: ['sudadera'], size: 'G' },
      });
      const summary = await chat.say('mejor la blanca, la paso a traer a Monterrey mañana');
      expect(summary.intent).toBe('order_summary');
      expect(readable(summary)).toMatch(/blanco/);
      expect(readable(summary)).toContain(`Total: ${mxn(price(wanted))}`);
      expect(readable(summary)).not.toMatch(/qu[eé] talla/i);
      const placed = await chat.say('daleee');
      expect(placed.intent).toBe('order_requested');
      expect(await chat.order()).toMatchObject({
        items: [{ sku: wanted, size: 'G', quantity: 1 }],
        fulfilment: { kind: 'pickup', storeId: 'MTY' },
      });
    }, 60_000);

    it.each(['síii porfa', 'okk plis', 'ándale pues', 'vaaa'])(
      'should read "%s" after the summary as a yes',
      async (yes) => {
        const sku = 'SUD-0002-BEI';
        const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }] });
        expect((await chat.say('la quiero en CH, a domicilio')).intent).toBe('order_summary');
        expect((await chat.say(yes)).intent).toBe('order_requested');
      },
      60_000,
    );
  });

  describe('quotes', () => {
    it('should quote two different products in one message, then again with other counts and shipping', async () => {
      const dress = product('VES-0002-AZU');
      const cap = product('GOR-0001-NEG');
      const chat = await conversation();
      const first = await chat.say('¿cuánto me cuesta un vestido camisero y una gorra beisbolera?');
      expect(first.intent).toBe('quote');
      const text = readable(first);
      expect(text).toContain(dress.name);
      expect(text).toContain(cap.name);
      expect(text).toContain(mxn(Number(dress.price) + Number(cap.price)));

      const again = await chat.say('¿y si fueran 2 vestidos y la gorra, con envío?');
      const subtotal = 2 * Number(dress.price) + Number(cap.price);
      const shipping = subtotal >= FREE_FROM ? 0 : SHIPPING;
      expect(again.intent).toBe('quote');
      expect(readable(again)).toContain(`2 × ${mxn(Number(dress.price))}`);
      expect(readable(again)).toContain(mxn(subtotal + shipping));
    }, 60_000);

    it('should quote a count of the model shown in several colours, then add shipping from the profile', async () => {
      const colours = catalogue.products.filter((p) => p.model === 'SUD-0001');
      const chat = await conversation({ shown: colours.map((p) => ({ sku: p.sku, name: p.name })) });
      const quote = await chat.say('¿4 de esas cuánto me salen?');
      const each = Number(colours[0].price);
      expect(quote.intent).toBe('quote');
      expect(readable(quote)).toContain(`4 × ${mxn(each)} = ${mxn(4 * each)}`);
      const delivered = await chat.say('¿y con envío?');
      const shipping = 4 * each >= FREE_FROM ? 0 : SHIPPING;
      expect(delivered.intent).toBe('quote');
      expect(readable(delivered)).toContain(mxn(4 * each + shipping));
      if (shipping === 0) expect(readable(delivered)).toMatch(/gratis/);
    }, 60_000);

    it('should add the shipping cost below the free-shipping amount', async () => {
      const sku = 'GOR-0003-NEG';
      const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }] });
      const quote = await chat.say('ok, ¿y cuánto sería por las 2?');
      expect(readable(quote)).toContain(mxn(2 * price(sku)));
      const delivered = await chat.say('¿y con envío?');
      expect(2 * price(sku)).toBeLessThan(FREE_FROM);
      expect(readable(delivered)).toContain(mxn(SHIPPING));
      expect(readable(delivered)).toContain(mxn(2 * price(sku) + SHIPPING));
    }, 60_000);

    it('should add pieces to what was just priced and give the running total', async () => {
      const cap = price('GOR-0001-NEG');
      const bag = price('BOL-0003-NEG');
      const chat = await conversation();
      const first = await chat.say('¿cuánto me cuestan 2 gorras beisboleras?');
      expect(readable(first)).toContain(mxn(2 * cap));
      const more = await chat.say('¿y si le agrego una mochila escolar?');
      expect(readable(more)).toContain(mxn(2 * cap + bag));
    }, 60_000);

    it('should answer a price and the payment policy asked together', async () => {
      const boots = catalogue.products.filter((p) => p.name === product('BOT-0001-CAF').name);
      const chat = await conversation();
      const reply = await chat.say('cuánto cuestan las botas vaqueras charro, se puede pagar en oxxo?');
      expect(readable(reply)).toContain(mxn(Number(boots[0].price)));
      expect(readable(reply)).toMatch(/oxxo/i);
    }, 60_000);

    it('should add shipping to a quote when the delivery is said as a condition', async () => {
      const cap = price('GOR-0001-NEG');
      const bag = price('BOL-0003-NEG');
      expect(2 * cap + bag).toBeLessThan(FREE_FROM);
      const chat = await conversation();
      expect(readable(await chat.say('¿cuánto me cuestan 2 gorras beisboleras y una mochila escolar?'))).toContain(
        mxn(2 * cap + bag),
      );
      const delivered = await chat.say('¿y enviándomelos hasta Colima en cuánto quedaría?');
      expect(delivered.intent).toBe('quote');
      expect(readable(delivered)).toContain(mxn(SHIPPING));
      expect(readable(delivered)).toContain(mxn(2 * cap + bag + SHIPPING));
    }, 60_000);

    it('should quote with shipping the one model of those shown that a word names', async () => {
      const nopal = catalogue.products.filter((p) => p.model === 'GOR-0002');
      const others = catalogue.products.filter((p) => p.model === 'GOR-0001');
      const chat = await conversation({ shown: [...nopal, ...others].map((p) => ({ sku: p.sku, name: p.name })) });
      const quote = await chat.say('la del nopal me la pueden enviar a Tepic? cuánto saldría');
      expect(quote.intent).toBe('quote');
      expect(readable(quote)).toContain(nopal[0].name);
      expect(readable(quote)).not.toContain(others[0].name);
      expect(readable(quote)).toContain(mxn(Number(nopal[0].price) + SHIPPING));
    }, 60_000);

    it('should quote with shipping the product discussed for an English "w/ shipping to"', async () => {
      const sku = 'BOL-0003-AZU';
      const chat = await conversation({ product: sku, shown: [{ sku, name: product(sku).name }], language: 'en' });
      const quote = await chat.say('nice, and w/ shipping to Cancún?');
      expect(quote.intent).toBe('quote');
      expect(readable(quote)).toContain(mxn(price(sku) + SHIPPING));
    }, 30_000);

    it('should say whether the products named reach interest-free instalments, then for fewer of them', async () => {
      const jacket = price('CHA-0003-AZU');
      const jeans = price('JEA-0002-AZU');
      const from = Number(shop.orders!.installmentsFrom);
      expect(jacket + jeans).toBeLessThan(from);
      expect(jacket + 2 * jeans).toBeGreaterThanOrEqual(from);
      // Shown before: "si me llevo la chamarra…" asks what buying would cost, it does not buy.
      const jackets = catalogue.products.filter((p) => p.model === 'CHA-0003');
      const chat = await conversation({ shown: jackets.map((p) => ({ sku: p.sku, name: p.name })) });
      const both = await chat.say(
        'oigan, si me llevo la chamarra de mezclilla y unos jeans slim, ¿ya con eso llego a los meses sin intereses?',
      );
      expect(both.intent).toBe('quote');
      expect(readable(both)).toContain(mxn(jacket + jeans));
      expect(readable(both)).toMatch(/no alcanzas meses sin intereses/);
      expect(readable(both)).toContain(mxn(from));
      const more = await chat.say('¿y si fueran 2 jeans?');
      expect(readable(more)).toContain(mxn(jacket + 2 * jeans));
      expect(readable(more)).toMatch(/sí alcanzas meses sin intereses/);
      const one = await chat.say('¿y nada más la chamarra?');
      expect(one.intent).toBe('quote');
      expect(readable(one)).toContain(`Total: ${mxn(jacket)}`);
      expect(readable(one)).not.toContain(product('JEA-0002-AZU').name);
      expect(readable(one)).toMatch(/no alcanzas meses sin intereses/);
    }, 60_000);

    it("should drop an adult's price range when the next question is for a child", async () => {
      const kids = catalogue.products.filter((p) => p.model === 'SUD-0004');
      expect(Number(kids[0].price)).toBeLessThan(600);
      const chat = await conversation();
      const adults = await chat.say('sudaderas de 600 a 800 pesos');
      expect(readable(adults)).not.toContain(kids[0].name);
      const child = await chat.say('¿y para mi hijo de 7 años?');
      expect(readable(child)).toContain(kids[0].name);
      expect(readable(child)).toContain(mxn(Number(kids[0].price)));
      expect(readable(child)).not.toMatch(/entre \$600/);
    }, 60_000);

    it('should leave a shipping question with nothing to quote to the shop information', async () => {
      const chat = await conversation();
      const reply = await chat.say('¿hacen envíos a Mérida?');
      expect(reply.intent).toBe('shop_info');
    }, 30_000);
  });
});
