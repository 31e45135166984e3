import { formatMoney } from '@mostrador/inventory';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import {
  customerPhone,
  messageFrom,
  messagesWebhook,
  statusesWebhook,
  statusOf,
  wamid,
} from '../whatsapp/meta-webhooks.js';
import { type SentToCustomer, type Stack, startStack, until } from '../support/stack.js';

const catalogue = readCatalogueFile();
const storeName = (id: string) => catalogue.stores.find((s) => s.id === id)!.name;

/** What the customer reads in one message the api sent. */
function readable(message: SentToCustomer): string {
  const p = message.payload as {
    text?: { body: string };
    interactive?: {
      body: { text: string };
      action: { buttons?: { reply: { title: string } }[]; sections?: { rows: { title: string }[] }[] };
    };
  };
  if (p.text) return p.text.body;
  if (p.interactive) {
    const { buttons = [], sections = [] } = p.interactive.action;
    return [
      p.interactive.body.text,
      ...buttons.map((b) => `[${b.reply.title}]`),
      ...sections.flatMap((s) => s.rows.map((r) => `- ${r.title}`)),
    ].join('\n');
  }
  return '';
}

describe('turns, end to end over HTTP', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  /**
   * Waits until every inbound message of the customer is answered and the answers are sent
   * (a turn sends after it marks its messages answered); returns what the customer got.
   */
  async function answered(phone: string, inbound: number): Promise<SentToCustomer[]> {
    await until(async () => {
      const stored = await stack.storedFor(phone);
      const mine = stored.filter((m) => m.direction === 'inbound');
      const done = mine.length === inbound && mine.every((m) => m.status === 'answered');
      return done && (await stack.isIdle(phone)) ? true : undefined;
    }, `${inbound} answered messages from ${phone}`);
    return stack.sentTo(phone);
  }

  it('should answer a product question with names, prices and stock from the catalogue', async () => {
    const phone = customerPhone();
    await stack.say(phone, '¿tienen tenis negros talla 27?');
    const sent = await answered(phone, 1);
    const text = sent.map(readable).join('\n');
    const lines = [...text.matchAll(/^\d+\. (.+) — (\w+) — (\$[\d,.]+ MXN) — (\d+) piezas? \((.*)\)$/gm)];
    expect(lines.length).toBeGreaterThan(1);
    for (const [, name, colour, price, units, perStore] of lines) {
      const p = catalogue.products.find((c) => c.name === name && c.color === colour)!;
      expect(price).toBe(formatMoney({ amount: p.price, currency: 'MXN' }));
      const index = p.sizes.indexOf('27');
      const expected = Object.entries(p.stock)
        .map(([store, counts]) => [storeName(store), counts[index]] as const)
        .filter(([, n]) => n > 0);
      expect(Number(units)).toBe(expected.reduce((sum, [, n]) => sum + n, 0));
      expect(perStore).toBe(expected.map(([store, n]) => `${store} ${n}`).join(', '));
    }
  }, 60_000);

  it('should answer a burst of 4 messages within a second once', async () => {
    const phone = customerPhone();
    for (const text of ['hola', 'busco botas', 'cafés', '¿cuánto cuestan?']) {
      await stack.say(phone, text);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await answered(phone, 4);
    const stored = await stack.storedFor(phone);
    const ids = stored.filter((m) => m.direction === 'inbound').map((m) => m.id);
    const turns = stack.turnsAnswered().filter((t) => t.messageIds.some((id) => ids.includes(id)));
    expect(turns).toHaveLength(1);
    expect(turns[0].messageIds).toEqual(ids);
    expect(stored.filter((m) => m.direction === 'outbound').length).toBeGreaterThan(0);
  }, 60_000);

  it('should reply once to a message Meta delivers 10 times at once', async () => {
    const phone = customerPhone();
    const payload = messagesWebhook({ phone, name: 'Luis' }, [
      messageFrom({ phone }, 'text', { text: { body: 'hola' } }),
    ]);
    const responses = await Promise.all(Array.from({ length: 10 }, () => stack.postWebhook(payload)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const sent = await answered(phone, 1);
    // Give a duplicate every chance to show up before counting.
    await stack.settled(phone);
    expect(await stack.sentTo(phone)).toHaveLength(sent.length);
    expect(
      stack.turnsAnswered().filter((t) => t.conversationId === stack.turnsAnswered().at(-1)!.conversationId),
    ).toHaveLength(1);
  }, 90_000);

  it('should answer 20 conversations × 5 messages, all of them, in order, none twice', async () => {
    const phones = Array.from({ length: 20 }, () => customerPhone());
    const texts = ['hola', 'busco playeras', 'azules', 'talla M', 'gracias'];
    await Promise.all(
      phones.map(async (phone) => {
        for (const text of texts) {
          await stack.say(phone, text);
          await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
        }
      }),
    );
    for (const phone of phones) await answered(phone, 5);
    const turns = stack.turnsAnswered();
    for (const phone of phones) {
      const inbound = (await stack.storedFor(phone)).filter((m) => m.direction === 'inbound');
      const ids = inbound.map((m) => m.id);
      const mine = turns.filter((t) => t.messageIds.some((id) => ids.includes(id)));
      // Each message in exactly one turn, and the turns in the order the messages came.
      expect(mine.flatMap((t) => t.messageIds)).toEqual(ids);
      const sent = await stack.sentTo(phone);
      expect(new Set(sent.map((s) => s.wamid)).size).toBe(sent.length);
    }
  }, 120_000);

  it('should go silent after an opt-out, and talk again after ALTA', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'BAJA');
    const confirmation = await answered(phone, 1);
    expect(confirmation).toHaveLength(1);
    expect(readable(confirmation[0])).toMatch(/ya no te enviaremos mensajes/);
    await stack.say(phone, '¿tienen botas?');
    await answered(phone, 2);
    expect(await stack.sentTo(phone)).toHaveLength(1);
    await stack.say(phone, 'ALTA');
    await answered(phone, 3);
    expect(readable((await stack.sentTo(phone)).at(-1)!)).toMatch(/gusto tenerte de vuelta/);
  }, 60_000);

  it('should hand off to a person, stay silent, and answer again once released', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'quiero hablar con un asesor');
    const handoff = await answered(phone, 1);
    expect(handoff).toHaveLength(1);
    await stack.say(phone, '¿siguen ahí?');
    await answered(phone, 2);
    expect(await stack.sentTo(phone)).toHaveLength(1);

    const conversationId = (await stack.storedFor(phone))[0].conversationId;
    const listed = await (await stack.admin('GET', '/admin/conversations?status=handoff&limit=100')).json();
    expect((listed as { items: { id: string }[] }).items.map((c) => c.id)).toContain(conversationId);
    const manual = await stack.admin('POST', `/admin/conversations/${conversationId}/messages`, {
      text: 'Hola, soy Carla de la tienda.',
    });
    expect(manual.status).toBe(201);
    expect((await stack.admin('POST', `/admin/conversations/${conversationId}/release`)).status).toBe(200);

    await stack.say(phone, '¿a qué hora abren?');
    const after = await answered(phone, 3);
    expect(after).toHaveLength(3);
    expect(readable(after.at(-1)!)).toMatch(/10:00/);
  }, 60_000);

  it('should follow a tapped button to the next answer', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'busco la gorra trucker nopal verde');
    const [first] = await answered(phone, 1);
    const buttons = (
      first.payload as { interactive?: { action: { buttons?: { reply: { id: string; title: string } }[] } } }
    ).interactive?.action.buttons;
    expect(buttons?.length).toBeGreaterThan(0);
    const stock = buttons!.find((b) => /Existencias/.test(b.reply.title))!;
    await stack.tap(phone, {
      type: 'button_reply',
      id: stock.reply.id,
      title: stock.reply.title,
      context: first.wamid,
    });
    const sent = await answered(phone, 2);
    expect(readable(sent.at(-1)!)).toMatch(/pieza|sin existencias|no tenemos/);
  }, 60_000);

  it('should not answer a message older than the late-answer limit', async () => {
    const phone = customerPhone();
    const old = String(Math.floor(Date.now() / 1000) - 25 * 3600);
    const response = await stack.postWebhook(
      messagesWebhook({ phone }, [messageFrom({ phone }, 'text', { text: { body: 'hola' } }, { timestamp: old })]),
    );
    expect(response.status).toBe(200);
    await until(async () => ((await stack.storedFor(phone)).length === 1 ? true : undefined), 'the old message stored');
    // Its turn has come and gone (the quiet window is over) and two sweeps went by: still unanswered, nothing sent.
    await stack.settled(phone, 2);
    expect((await stack.storedFor(phone))[0].status).toBe('received');
    expect(await stack.sentTo(phone)).toEqual([]);
  }, 90_000);
});

describe("Meta's statuses of a reply", () => {
  let stack: Stack;

  beforeAll(async () => {
    // At debug: every data API call logs a line, with the request it was made for.
    stack = await startStack({ LOG_LEVEL: 'debug' });
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  /** Posts one status webhook; its receipt and the data API calls it made. */
  async function postStatus(id: string, status: string, phone: string) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await stack.postWebhook(statusesWebhook([statusOf(id, status, timestamp, phone)]));
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    const receipt = (await response.json()) as { statuses: Record<string, number> };
    const calls = stack.apiLogs
      .lines()
      .filter((l) => l.event === 'database_operation' && l.requestId === requestId)
      .map((l) => l.operation);
    return { receipt: receipt.statuses, calls };
  }

  it('should not ask the database about a `sent` for a reply it recorded as sent, and ask about the rest', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'hola');
    // The outbox's line says it recorded the reply as sent (the same tick it remembers so).
    const [reply] = await until(async () => {
      const sent = await stack.sentTo(phone);
      const recorded = stack.apiLogs
        .lines()
        .some((l) => l.event === 'outbound' && l.outcome === 'sent' && l.wamid === sent[0]?.wamid);
      return recorded ? sent : undefined;
    }, 'the reply, recorded as sent');

    // Meta's `sent` (again: the sandbox posts its own too) changes nothing: no call.
    const sent = await postStatus(reply.wamid, 'sent', phone);
    expect(sent.receipt).toEqual({ received: 1, applied: 0, ignored: 1, refused: 0 });
    expect(sent.calls).toEqual([]);
    // Any other status goes to the database, as does a `sent` for a message it did not send.
    const read = await postStatus(reply.wamid, 'read', phone);
    expect(read.calls).toEqual(['update_message_status']);
    const elsewhere = await postStatus(wamid(), 'sent', customerPhone());
    expect(elsewhere.calls).toEqual(['update_message_status']);
    expect(elsewhere.receipt).toEqual({ received: 1, applied: 0, ignored: 1, refused: 0 });
    await until(async () => {
      const stored = await stack.storedFor(phone);
      return stored.find((m) => m.waMessageId === reply.wamid)?.status === 'read' ? true : undefined;
    }, 'the reply read');
  }, 60_000);
});
