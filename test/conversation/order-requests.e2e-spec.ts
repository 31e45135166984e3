import { standaloneCache } from '@mostrador/cache';
import { formatMoney, InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type SentToCustomer, type Stack, startStack, until } from '../support/stack.js';
import { customerPhone } from '../whatsapp/meta-webhooks.js';

const catalogue = readCatalogueFile();
const storeId = (name: string) => catalogue.stores.find((s) => s.name === name)!.id;

interface Choice {
  id: string;
  title: string;
}
interface Order {
  id: string;
  status: string;
  items: { sku: string; size: string | null; quantity: number; unitPrice: string }[];
  fulfilment: { kind: string; storeId?: string };
  subtotal: string;
  shipping: string;
  total: string;
  reservation: { id: string; expiresAt: string } | null;
  customer: { phoneNumber: string | null };
}

/** What the customer reads of one message: its text, or the body of buttons and lists. */
function readable(message: SentToCustomer): string {
  const payload = message.payload as { text?: { body: string }; interactive?: { body: { text: string } } };
  return payload.text?.body ?? payload.interactive?.body.text ?? '';
}

/** The buttons and list rows of a message. */
function choices(message: SentToCustomer): Choice[] {
  const interactive = (
    message.payload as {
      interactive?: {
        action: { buttons?: { reply: Choice }[]; sections?: { rows: Choice[] }[] };
      };
    }
  ).interactive;
  return [
    ...(interactive?.action.buttons?.map((b) => b.reply) ?? []),
    ...(interactive?.action.sections?.flatMap((s) => s.rows) ?? []),
  ];
}

/**
 * A complete sale over HTTP, as a customer makes it on WhatsApp: a product found, *Lo quiero*,
 * the size and the store asked one at a time (or taken from what was already said), a summary
 * with the total from the inventory's price, a confirmation, and the order request stored for
 * the shop with its stock held in the inventory.
 */
describe('order requests', () => {
  let stack: Stack;
  /** The inventory as the test reads it: held units are not in stock. */
  let inventory: InventoryClient;

  beforeAll(async () => {
    stack = await startStack();
    const { wsdlUrl } = (await (await fetch(`${stack.sandboxUrl}/sandbox/inventory/faults`)).json()) as {
      wsdlUrl: string;
    };
    // The suite's own look at the stock: every figure from the service, none from a cache of its own.
    const inventorySettings = testSettings({ INVENTORY_WSDL_URL: wsdlUrl, CACHE_ENABLED: 'false' });
    const { logger } = captureLogger();
    inventory = new InventoryClient(
      inventorySettings,
      logger,
      standaloneCache(inventorySettings, logger),
      new BreakerRegistry(inventorySettings, logger),
    );
  }, 120_000);
  afterAll(async () => {
    inventory?.onModuleDestroy();
    await stack?.close();
  }, 60_000);

  /** Waits until every message the customer sent is answered and the answers are out; returns the new ones. */
  async function after(phone: string, count: number, seen = 0): Promise<SentToCustomer[]> {
    await until(async () => {
      const inbound = (await stack.storedFor(phone)).filter((m) => m.direction === 'inbound');
      const done = inbound.length === count && inbound.every((m) => m.status === 'answered');
      return done && (await stack.isIdle(phone)) ? true : undefined;
    }, `${count} answered messages`);
    return (await stack.sentTo(phone)).slice(seen);
  }

  async function tapChoice(phone: string, message: SentToCustomer, title: RegExp): Promise<void> {
    const choice = choices(message).find((c) => title.test(c.title));
    expect({ offered: choices(message).map((c) => c.title), found: choice !== undefined }).toMatchObject({
      found: true,
    });
    const kind = (message.payload as { interactive: { type: string } }).interactive.type;
    await stack.tap(phone, {
      type: kind === 'list' ? 'list_reply' : 'button_reply',
      id: choice!.id,
      title: choice!.title,
      context: message.wamid,
    });
  }

  const orders = async (phone: string): Promise<Order[]> => {
    // Fresh reads: the assistant places orders between two reads of the same list, which the
    // admin cache would otherwise answer for CACHE_TTL_ADMIN_SECONDS.
    const response = await stack.admin('GET', '/admin/orders?limit=100', undefined, { 'cache-control': 'no-cache' });
    const page = (await response.json()) as { items: Order[] };
    return page.items.filter((o) => o.customer.phoneNumber === phone);
  };

  const unitsAt = async (sku: string, size: string, store: string): Promise<number> => {
    const check = await inventory.checkStock({ sku, size, store });
    return check?.stores.find((s) => s.storeId === storeId(store))?.units ?? 0;
  };

  it('should take a sale from a search to a stored, held order request, with the total from the inventory', async () => {
    const phone = customerPhone();
    await stack.say(phone, '¿tienen tenis negros talla 27?');
    let sent = await after(phone, 1);
    // Tap a product of the list, then *Lo quiero* on its card.
    const listMessage = sent.find((m) => choices(m).length > 0)!;
    const firstRow = choices(listMessage)[0];
    await stack.tap(phone, { type: 'list_reply', id: firstRow.id, title: firstRow.title, context: listMessage.wamid });
    sent = await after(phone, 2, sent.length);
    const card = sent.find((m) => choices(m).some((c) => /Lo quiero/.test(c.title)))!;
    const sku = choices(card)
      .find((c) => /Lo quiero/.test(c.title))!
      .id.replace(/^m1:buy:/, '');
    const product = catalogue.products.find((p) => p.sku === sku)!;

    let seen = (await stack.sentTo(phone)).length;
    await tapChoice(phone, card, /Lo quiero/);
    sent = await after(phone, 3, seen);
    // Size 27 was said at the start: the next question is where.
    expect(readable(sent[0])).toMatch(/Dónde quieres recibir/);
    const stores = choices(sent.at(-1)!);
    expect(stores.map((c) => c.title)).toContain('Envío a domicilio');
    const pickup = stores.find((c) => /Recoger en/.test(c.title))!;
    const storeName = pickup.title.replace('Recoger en ', '');
    const before = await unitsAt(sku, '27', storeName);

    seen = (await stack.sentTo(phone)).length;
    await tapChoice(phone, sent.at(-1)!, new RegExp(pickup.title));
    sent = await after(phone, 4, seen);
    const summary = readable(sent[0]) + readable(sent.at(-1)!);
    const price = formatMoney({ amount: product.price, currency: 'MXN' });
    expect(summary).toContain(`1 × ${price} = ${price}`);
    expect(summary).toContain(`Total: ${price}`);
    expect(summary).toContain(`Recoges en ${storeName}`);
    expect(await orders(phone)).toEqual([]);

    seen = (await stack.sentTo(phone)).length;
    await tapChoice(phone, sent.at(-1)!, /Confirmar/);
    sent = await after(phone, 5, seen);
    expect(readable(sent[0])).toMatch(/registramos tu pedido/);
    // The hold ends at a time like "6:08 p.m." — one full stop, not "p.m..".
    expect(readable(sent[0])).toMatch(/apartamos las piezas hasta las \d{1,2}:\d{2}\s?(a|p)\.\s?m\.(?!\.)/);

    const [order] = await orders(phone);
    expect(order).toMatchObject({
      status: 'requested',
      items: [{ sku, size: '27', quantity: 1, unitPrice: product.price }],
      fulfilment: { kind: 'pickup', storeId: storeId(storeName) },
      subtotal: product.price,
      shipping: '0.00',
      total: product.price,
      reservation: { id: expect.any(String) },
    });
    expect(await unitsAt(sku, '27', storeName)).toBe(before - 1);
  }, 120_000);

  /** A product in one size (no size to ask), shown to the customer as the one on screen. */
  async function onScreen(phone: string, product: (typeof catalogue.products)[number]): Promise<number> {
    await stack.say(phone, `busco ${product.name.toLowerCase()}`);
    const sent = await after(phone, 1);
    const list = sent.find((m) => choices(m).some((c) => c.title === product.name.slice(0, 24)));
    if (list) {
      const row = choices(list).find((c) => c.title === product.name.slice(0, 24))!;
      await stack.tap(phone, { type: 'list_reply', id: row.id, title: row.title, context: list.wamid });
      await after(phone, 2);
      return 2;
    }
    return 1;
  }

  const oneSize = (predicate: (p: (typeof catalogue.products)[number]) => boolean) =>
    catalogue.products.find((p) => p.sizes.length === 1 && predicate(p))!;

  it('should take "apártamelo en Centro" about the product on screen and go straight to the summary', async () => {
    const phone = customerPhone();
    const product = oneSize((p) => (p.stock.CEN?.[0] ?? 0) > 0 && p.name.split(' ').length >= 3);
    const asked = await onScreen(phone, product);
    const seen = (await stack.sentTo(phone)).length;
    await stack.say(phone, 'apártamelo en Centro');
    const sent = await after(phone, asked + 1, seen);
    const text = sent.map(readable).join('\n');
    expect(text).toMatch(/Tu pedido/);
    expect(text).toContain(product.name);
    expect(text).toMatch(/Recoges en Centro/);
    expect(text).toContain(`Total: ${formatMoney({ amount: product.price, currency: 'MXN' })}`);
  }, 120_000);

  it('should charge shipping from the shop profile below the free-shipping amount, and cancel on "no"', async () => {
    const phone = customerPhone();
    const cheap = oneSize(
      (p) =>
        Number(p.price) < 1499 && Object.values(p.stock).some((units) => units[0] > 0) && p.name.split(' ').length >= 3,
    );
    const asked = await onScreen(phone, cheap);
    let seen = (await stack.sentTo(phone)).length;
    await stack.say(phone, 'lo quiero, mándamelo a domicilio');
    let sent = await after(phone, asked + 1, seen);
    const summary = sent.map(readable).join('\n');
    const total = (Number(cheap.price) + 149).toFixed(2);
    expect(summary).toContain('Envío a domicilio: $149.00 MXN');
    expect(summary).toContain(`Total: ${formatMoney({ amount: total, currency: 'MXN' })}`);
    seen = (await stack.sentTo(phone)).length;
    await stack.say(phone, 'no');
    sent = await after(phone, asked + 2, seen);
    expect(readable(sent[0])).toMatch(/no registré ningún pedido/);
    expect(await orders(phone)).toEqual([]);
  }, 120_000);

  it('should hand a payment notice said with a pronoun to a person, and say nothing while a person has it', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'ya les deposité, ¿lo pueden revisar?');
    const sent = await after(phone, 1);
    expect(readable(sent[0])).toMatch(/confirme tu pago/);
    await stack.say(phone, '??');
    expect(await after(phone, 2, sent.length)).toEqual([]);
    const [conversation] = (await stack.storedFor(phone)).map((m) => m.conversationId);
    const response = await stack.admin('GET', `/admin/conversations/${conversation}`);
    expect(await response.json()).toMatchObject({ status: 'handoff' });
  }, 60_000);

  it('should hand a payment notice to a person', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'ya hice la transferencia, ¿me confirman?');
    const sent = await after(phone, 1);
    expect(readable(sent[0])).toMatch(/confirme tu pago/);
    const [conversation] = (await stack.storedFor(phone)).map((m) => m.conversationId);
    const response = await stack.admin('GET', `/admin/conversations/${conversation}`);
    expect(await response.json()).toMatchObject({ status: 'handoff' });
  }, 60_000);
});
