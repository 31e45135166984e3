import { randomUUID } from 'node:crypto';
import { standaloneCache } from '@mostrador/cache';
import type { StoredMessage, TurnContext } from '@mostrador/database';
import {
  type AssistantReply,
  type EngineState,
  encodeAction,
  IntentDetector,
  loadShopProfile,
  type ReplyPart,
  RuleBasedAssistant,
} from '@mostrador/conversation';
import { formatMoney, InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { until } from '../support/until.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type InventorySandbox, startInventorySandbox } from '../support/inventory-sandbox.js';

const catalogue = readCatalogueFile();
const shop = loadShopProfile('shop-profile.json');
const product = (sku: string) => catalogue.products.find((p) => p.sku === sku)!;
const storeName = (id: string) => catalogue.stores.find((s) => s.id === id)!.name;

/** Units of `sku` in size `size` per store, from the catalogue file itself. */
function unitsBySize(sku: string, size: string): Record<string, number> {
  const p = product(sku);
  const index = p.sizes.indexOf(size);
  return Object.fromEntries(Object.entries(p.stock).map(([store, units]) => [storeName(store), units[index]]));
}

function message(text: string | null, overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    id: randomUUID(),
    conversationId: 'conv-1',
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
    ...overrides,
  };
}

function tap(id: string, title: string): StoredMessage {
  return message(title, {
    type: 'interactive',
    payload: { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } },
  });
}

function contextWith(state: EngineState = {}, displayName: string | null = 'Ana López'): TurnContext {
  const now = new Date();
  return {
    conversation: {
      id: 'conv-1',
      customerId: 'cust-1',
      phoneNumberId: '100000000000001',
      status: 'active',
      startedAt: now,
      lastMessageAt: now,
      lastInboundAt: now,
      messageCount: 1,
    },
    customer: {
      id: 'cust-1',
      phoneNumber: '5215512345678',
      userId: null,
      displayName,
      language: null,
      facts: {},
      preferences: {},
      optedOut: false,
      firstSeenAt: now,
      lastSeenAt: now,
      messageCount: 1,
    },
    memory: {
      conversationId: 'conv-1',
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Everything a customer would read in the reply. */
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

describe(RuleBasedAssistant.name, () => {
  let sandbox: InventorySandbox;
  let inventory: InventoryClient;
  let assistant: RuleBasedAssistant;

  const ask = (texts: (string | StoredMessage)[], state?: EngineState, name?: string | null) =>
    assistant.respond({
      context: contextWith(state, name),
      messages: texts.map((t) => (typeof t === 'string' ? message(t) : t)),
    });

  beforeAll(async () => {
    sandbox = await startInventorySandbox();
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
    assistant = new RuleBasedAssistant(detector, inventory, shop);
  }, 120_000);
  afterEach(() => sandbox.resetFaults(), 30_000);
  afterAll(async () => {
    inventory.onModuleDestroy();
    await sandbox.close();
  }, 60_000);

  describe('product questions', () => {
    it('should answer "¿tienen tenis negros talla 27?" with names, prices and stock from the catalogue', async () => {
      const reply = await ask(['¿tienen tenis negros talla 27?']);
      const text = readable(reply);
      expect(['availability', 'product_search']).toContain(reply.intent);
      expect(reply.language).toBe('es');
      // Every product line states the catalogue's own price and stock in size 27, store by store.
      const lines = [...text.matchAll(/^\d+\. (.+) — (\w+) — (\$[\d,.]+ MXN) — (\d+) piezas? \((.*)\)$/gm)];
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.map((l) => l[1])).toContain(product('TEN-0001-NEG').name);
      for (const [, name, colour, price, units, perStore] of lines) {
        const p = catalogue.products.find((c) => c.name === name && c.color === colour && c.category === 'Tenis')!;
        expect(p).toBeDefined();
        expect(colour).toBe('negro');
        expect(price).toBe(formatMoney({ amount: p.price, currency: 'MXN' }));
        const expected = Object.entries(unitsBySize(p.sku, '27')).filter(([, n]) => n > 0);
        expect(Number(units)).toBe(expected.reduce((sum, [, n]) => sum + n, 0));
        expect(perStore).toBe(expected.map(([store, n]) => `${store} ${n}`).join(', '));
      }
    });

    it('should list several products with their catalogue prices and a list to pick from', async () => {
      const reply = await ask(['busco botas']);
      expect(reply.intent).toBe('product_search');
      const list = reply.parts.find((p) => p.kind === 'list');
      expect(list).toBeDefined();
      const state = reply.context as EngineState;
      expect(state.shown!.length).toBeGreaterThan(1);
      const text = readable(reply);
      for (const { sku } of state.shown!) {
        const p = product(sku);
        expect(p.category).toBe('Botas');
        expect(text).toContain(formatMoney({ amount: p.price, currency: 'MXN' }));
      }
    });

    it('should resolve "el segundo" against the products last shown', async () => {
      const first = await ask(['busco botas']);
      const shown = (first.context as EngineState).shown!;
      const reply = await ask(['¿cuánto cuesta el segundo?'], first.context);
      const second = product(shown[1].sku);
      expect(readable(reply)).toContain(second.name);
      expect(readable(reply)).toContain(formatMoney({ amount: second.price, currency: 'MXN' }));
    });

    it("should answer the price and one store's stock of a product picked by name, in the size searched", async () => {
      const first = await ask(['zapatos de vestir negros del 27']);
      const shown = (first.context as EngineState).shown!.map((s) => s.sku);
      expect(shown.length).toBeGreaterThan(1);
      expect(shown).toContain('ZAP-0001-NEG');
      const reply = await ask(['¿a cómo el oxford y hay en Monterrey?'], first.context);
      const oxford = product('ZAP-0001-NEG');
      const text = readable(reply);
      expect(reply.intent).toBe('availability');
      expect(text).toContain(formatMoney({ amount: oxford.price, currency: 'MXN' }));
      const inMonterrey = unitsBySize(oxford.sku, '27').Monterrey;
      expect(text).toMatch(inMonterrey > 0 ? new RegExp(`Monterrey[^\\n]*: ${inMonterrey} pieza`) : /Monterrey/);
    }, 30_000);

    it('should resolve "¿y en rojo?" to the same model in red', async () => {
      const reply = await ask(['¿y en rojo?'], { product: 'TEN-0001-NEG', language: 'es' });
      expect(readable(reply)).toContain(product('TEN-0001-ROJ').name);
      expect((reply.context as EngineState).product).toBe('TEN-0001-ROJ');
    });

    it('should say honestly when nothing matches', async () => {
      const reply = await ask(['¿tienen trajes de astronauta?']);
      expect(readable(reply)).toMatch(/No encontré/);
      expect(readable(reply)).not.toMatch(/\$\d/);
    });

    it('should answer in English when asked in English', async () => {
      const reply = await ask(['do you have black sneakers in size 27?']);
      expect(reply.language).toBe('en');
      expect(readable(reply)).toMatch(/in stock|Yes, we have/);
      const names = [...readable(reply).matchAll(/^\d+\. (.+?) — black — /gm)].map((m) => m[1]);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const p = catalogue.products.find((c) => c.name === name && c.color === 'negro')!;
        expect(p.sizes).toContain('27');
      }
    });

    it('should answer a burst once, each message refining the last', async () => {
      const reply = await ask(['hola', 'busco tenis', 'negros', 'talla 27']);
      const text = readable(reply);
      expect(text).toMatch(/¡Hola, Ana!/);
      const state = reply.context as EngineState;
      expect(state.query).toMatchObject({ words: ['tenis'], colour: 'negro', size: '27' });
      for (const { sku } of state.shown!) {
        expect(product(sku).color).toBe('negro');
        expect(product(sku).sizes).toContain('27');
      }
    });

    it('should follow a tapped button to the product it names', async () => {
      const reply = await ask([tap(encodeAction({ action: 'details', sku: 'GOR-0002-VER' }), 'Ver detalles')]);
      const gorra = product('GOR-0002-VER');
      expect(readable(reply)).toContain(gorra.name);
      expect(readable(reply)).toContain(gorra.description);
      expect(readable(reply)).toContain(formatMoney({ amount: gorra.price, currency: 'MXN' }));
    });

    it('should answer a tapped category the inventory does not know with nothing found, not an outage', async () => {
      const reply = await ask([tap(encodeAction({ action: 'category', name: 'Trajes espaciales' }), 'Trajes')]);
      expect(readable(reply)).toMatch(/No encontré Trajes espaciales/);
      expect(readable(reply)).not.toMatch(/no puedo consultar el inventario/);
    });

    it('should leave the state it was given as it was', async () => {
      const first = await ask(['busco botas']);
      const given = deepFreeze(structuredClone(first.context) as EngineState);
      for (const texts of [
        ['¿cuánto cuesta el segundo?'],
        ['¿y en negro?'],
        ['¿hay en talla 27?'],
        ['tenis', 'rojos'],
      ]) {
        const reply = await ask(texts, given);
        expect(reply.context).not.toBe(given);
      }
      expect(given).toEqual(first.context);
    });

    it('should list the categories', async () => {
      const reply = await ask(['¿qué categorías manejan?']);
      expect(reply.intent).toBe('categories');
      const list = reply.parts.find((p) => p.kind === 'list');
      expect(list?.kind === 'list' && list.rows.length).toBe(Math.min(10, catalogue.categories.length));
    });

    it('should keep every interactive part within Meta limits', async () => {
      for (const texts of [['busco playeras'], ['hola'], ['¿qué categorías tienen?'], ['tenis negros talla 27']]) {
        const reply = await ask(texts);
        for (const part of reply.parts) {
          if (part.kind === 'buttons') {
            expect(part.buttons.length).toBeLessThanOrEqual(3);
            for (const b of part.buttons) expect(b.title.length).toBeLessThanOrEqual(20);
            expect(part.body.length).toBeGreaterThan(0);
          }
          if (part.kind === 'list') {
            expect(part.rows.length).toBeLessThanOrEqual(10);
            for (const r of part.rows) {
              expect(r.title.length).toBeLessThanOrEqual(24);
              expect((r.description ?? '').length).toBeLessThanOrEqual(72);
            }
            expect(part.body.length).toBeLessThanOrEqual(1024);
          }
        }
      }
    });
  });

  describe('when the inventory is down', () => {
    it('should say it cannot check right now, and quote no price, when nothing is cached', async () => {
      await inventory.invalidateInventory();
      await sandbox.setFaults({ down: true });
      const reply = await ask(['¿tienen tenis negros talla 27?']);
      expect(readable(reply)).toMatch(/no puedo consultar el inventario/);
      expect(readable(reply)).not.toMatch(/\$\d/);
    });

    it('should still answer what it asked the inventory a moment ago (the cache), prices included', async () => {
      // Back from the previous test's outage first: a client that failed to load the WSDL
      // then fails fast for INVENTORY_RETRY_MS, which a loaded machine can still be inside.
      await until(
        () =>
          inventory.ping({ timeoutMs: 1000 }).then(
            () => true,
            () => undefined,
          ),
        'the inventory back',
        15_000,
      );
      await inventory.invalidateInventory();
      const before = await ask(['¿tienen tenis negros talla 27?']);
      expect(readable(before)).toMatch(/\$\d/);
      await sandbox.setFaults({ down: true });
      const during = await ask(['¿tienen tenis negros talla 27?']);
      expect(readable(during)).toBe(readable(before));
    });
  });

  describe('the shop and the customer', () => {
    it('should answer opening hours from the shop profile', async () => {
      const reply = await ask(['¿a qué hora abren?']);
      expect(reply.intent).toBe('shop_info');
      expect(readable(reply)).toContain(shop.hours.es);
    });

    it("should keep the store of the last answer for a follow-up like '¿y el domingo?'", async () => {
      const monterrey = shop.stores.find((s) => s.name === 'Monterrey')!;
      const first = await ask(['¿a qué hora abre la de mty?']);
      expect(readable(first)).toContain(monterrey.hours!.es);
      const followUp = await ask(['¿y los domingos?'], first.context);
      expect(followUp.intent).toBe('shop_info');
      expect(readable(followUp)).toContain(monterrey.hours!.es);
      expect(readable(followUp)).not.toContain(shop.hours.es);
      // A question about products in between: the shop's hours again, not the store's.
      const products = await ask(['¿tienen huaraches?'], followUp.context);
      const later = await ask(['¿y el sábado?'], products.context);
      expect(readable(later)).toContain(shop.hours.es);
    }, 30_000);

    it('should answer where a store is, asked with its city as chat writes it, with its address alone', async () => {
      const guadalajara = shop.stores.find((s) => s.name === 'Guadalajara')!;
      const reply = await ask(['¿hay sucursal en gdl o nomás en cdmx? ¿en qué parte queda?']);
      expect(reply.intent).toBe('shop_info');
      expect(readable(reply)).toContain(guadalajara.address);
      for (const other of shop.stores.filter((s) => s !== guadalajara))
        expect(readable(reply)).not.toContain(other.address);
    }, 30_000);

    it('should answer two shop questions asked in one message, each from the profile', async () => {
      const polanco = shop.stores.find((s) => s.name === 'Polanco')!;
      const reply = await ask(['la de polanco en qué calle está? y hasta qué hora abren?']);
      expect(reply.intent).toBe('shop_info');
      expect(readable(reply)).toContain(polanco.address);
      expect(readable(reply)).toContain(polanco.hours!.es);
      const both = await ask(['¿puedo pagar con tarjeta? ¿y cuánto tarda el envío?']);
      expect(readable(both)).toContain(shop.payment.es);
      expect(readable(both)).toContain(shop.shipping.es);
    }, 30_000);

    it('should answer what shipping to a place costs with the shipping policy, not products named like the place', async () => {
      const reply = await ask(['¿cuánto cuesta el envío a Cancún?']);
      expect(reply.intent).toBe('shop_info');
      expect(readable(reply)).toContain(shop.shipping.es);
      expect(readable(reply)).not.toMatch(/Sandalia de Playa Cancún/);
    }, 30_000);

    it("should answer a returns question with 'cuántos días' as the returns policy, not a price", async () => {
      const reply = await ask(['si lo pido por internet y no me queda, ¿lo puedo cambiar? ¿cuántos días tengo?']);
      expect(reply.intent).toBe('shop_info');
      expect(readable(reply)).toContain(shop.returns.es);
      expect(readable(reply)).not.toMatch(/¿Qué producto buscas\?/);
    }, 30_000);

    it('should give the stores and their addresses', async () => {
      const reply = await ask(['¿dónde están sus tiendas?']);
      for (const store of shop.stores) expect(readable(reply)).toContain(store.address);
    });

    it('should greet by first name and say what it can do, with buttons', async () => {
      const reply = await ask(['hola buenas tardes']);
      expect(reply.intent).toBe('greeting');
      expect(readable(reply)).toMatch(/¡Hola, Ana!/);
      expect(reply.parts.some((p) => p.kind === 'buttons')).toBe(true);
    });

    it.each([
      ['BAJA', 'opt_out'],
      ['no me escriban', 'opt_out'],
      ['quiero hablar con un asesor', 'handoff'],
      ['ALTA', 'opt_in'],
    ])('should turn "%s" into the %s action, with one confirmation', async (text, action) => {
      const reply = await ask([text]);
      expect(reply.action).toBe(action);
      expect(reply.parts).toHaveLength(1);
    });

    it('should answer a photo without text with what it can do', async () => {
      const reply = await ask([message(null, { type: 'image', payload: { type: 'image', image: { id: '1' } } })]);
      expect(reply.intent).toBe('media');
      expect(readable(reply)).toMatch(/solo puedo leer mensajes de texto/);
    });

    it('should say nothing to a reaction', async () => {
      const reply = await ask([
        message('👍', { type: 'reaction', payload: { type: 'reaction', reaction: { emoji: '👍' } } }),
      ]);
      expect(reply.parts).toEqual([]);
    });
  });

  describe('customer care', () => {
    it.each([
      ['el repartidor nunca llegó', 'delivery', /Lamento mucho que tu pedido/],
      ['me llegó roto', 'damaged', /Lamento mucho que tu producto/],
      ['ya me cansé, comunícame con alguien real', 'frustration', /Lamento mucho la mala experiencia/],
      ['pinche servicio', 'frustration', /Lamento mucho/],
      ['this is ridiculous, I want a refund', 'refund', /I'm really sorry/],
      ['where is my order', 'delivery', /I'm really sorry your order/],
    ])('should apologise for %j and hand it to a person, saying why (%s)', async (text, reason, apology) => {
      const reply = await ask([text]);
      expect(reply).toMatchObject({ intent: 'complaint', action: 'handoff', context: { handoffReason: reason } });
      expect(reply.parts).toHaveLength(1);
      expect(readable(reply)).toMatch(apology);
      expect(readable(reply)).not.toMatch(/\$\d/);
    });

    it('should keep the reason of a complaint when the customer then asks for a person', async () => {
      const reply = await ask(['me cobraron dos veces', 'agente']);
      expect(reply).toMatchObject({ action: 'handoff', context: { handoffReason: 'billing' } });
    });

    it('should say a plain request for a person was asked for', async () => {
      const reply = await ask(['quiero hablar con un asesor']);
      expect(reply).toMatchObject({
        intent: 'human_agent',
        action: 'handoff',
        context: { handoffReason: 'requested' },
      });
    });

    it('should answer "¿cuándo llega mi pedido si compro hoy?" with the shipping policy, not a handoff', async () => {
      const reply = await ask(['¿cuándo llega mi pedido si compro hoy?']);
      expect(reply.intent).toBe('shop_info');
      expect(reply.action).toBeUndefined();
      expect(readable(reply)).toContain(shop.shipping.es);
    });

    it.each(['no me interesa, borren mi número', 'borra mis datos', 'delete my number'])(
      'should confirm the opt-out of %j once, and say the shop decides about the data',
      async (text) => {
        const reply = await ask([text]);
        expect(reply).toMatchObject({ intent: 'erasure_request', action: 'opt_out' });
        expect(reply.parts).toHaveLength(1);
        expect(readable(reply)).toMatch(/no se borra de forma automática|nothing is deleted automatically/);
      },
    );

    it('should keep a plain opt-out a plain opt-out', async () => {
      const reply = await ask(['ya no quiero mensajes']);
      expect(reply).toMatchObject({ intent: 'opt_out', action: 'opt_out' });
    });

    it('should take the name and size the customer states as facts, and say so', async () => {
      const reply = await ask(['me llamo Roberto, calzo del 28']);
      expect(reply.facts).toEqual({ name: 'Roberto', shoe_size: '28' });
      expect(reply.action).toBeUndefined();
      expect(readable(reply)).toMatch(/Mucho gusto, Roberto/);
      expect(readable(reply)).toMatch(/calzas del 28/);
    });

    it.each([
      ['soy Ana', { name: 'Ana' }],
      ['mi talla es M', { clothing_size: 'M' }],
      ['my name is Tom', { name: 'Tom' }],
    ])('should remember %j as %j', async (text, facts) => {
      expect((await ask([text])).facts).toEqual(facts);
    });

    it("should greet by the name the customer gave before, not WhatsApp's profile name", async () => {
      const context = contextWith({}, 'Ana López');
      context.customer.facts = { name: 'Roberto', shoe_size: '28' };
      const reply = await assistant.respond({ context, messages: [message('hola')] });
      expect(readable(reply)).toMatch(/¡Hola, Roberto!/);
      expect(readable(reply)).not.toMatch(/Ana/);
    });

    it('should greet by the name said in the same message', async () => {
      expect(readable(await ask(['hola, soy Lupita'], {}, 'Guadalupe Ramírez'))).toMatch(/¡Hola, Lupita!/);
    });

    it('should search the product of a sentence that also states a fact', async () => {
      const reply = await ask(['soy Ana, busco botas']);
      expect(reply.facts).toEqual({ name: 'Ana' });
      for (const { sku } of (reply.context as EngineState).shown!) expect(product(sku).category).toBe('Botas');
    });
  });
});
