import { encodeAction } from '@mostrador/conversation';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { type SentToCustomer, type Stack, startStack, until } from '../support/stack.js';
import { customerPhone } from '../whatsapp/meta-webhooks.js';

const catalogue = readCatalogueFile();
const product = (sku: string) => catalogue.products.find((p) => p.sku === sku)!;
const storeName = (id: string) => catalogue.stores.find((s) => s.id === id)!.name;

interface Conversation {
  id: string;
  status: string;
  lastIntent: string | null;
}
interface CustomerRecord {
  customer: {
    id: string;
    displayName: string | null;
    facts: Record<string, unknown>;
    optedOut: boolean;
    erasureRequestedAt: string | null;
  };
  conversations: Conversation[];
  memory: { conversationId: string; facts: Record<string, unknown>; lastIntent: string | null } | null;
}
interface Choice {
  id: string;
  title: string;
}

/** What the customer reads in one message: its text, or the body of buttons and lists with their titles. */
function readable(message: SentToCustomer): string {
  const p = message.payload as { text?: { body: string }; interactive?: { body: { text: string } } };
  return [p.text?.body ?? p.interactive?.body.text ?? '', ...choices(message).map((c) => `[${c.title}]`)].join('\n');
}

function choices(message: SentToCustomer): Choice[] {
  const interactive = (
    message.payload as { interactive?: { action: { buttons?: { reply: Choice }[]; sections?: { rows: Choice[] }[] } } }
  ).interactive;
  return [
    ...(interactive?.action.buttons?.map((b) => b.reply) ?? []),
    ...(interactive?.action.sections?.flatMap((s) => s.rows) ?? []),
  ];
}

/**
 * Customer care over HTTP, as customers write on WhatsApp: a complaint goes to a person with its
 * reason for the shop, a request to delete their data is recorded for the shop (never acted on
 * alone), and what they say about themselves and what they were shown outlives the conversation.
 */
describe('customer care, end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  /** Waits until the customer's `inbound` messages are all answered (or left unanswered on purpose) and sent; returns what they got after `seen`. */
  async function after(phone: string, inbound: number, seen = 0): Promise<SentToCustomer[]> {
    await until(
      async () => {
        const mine = (await stack.storedFor(phone)).filter((m) => m.direction === 'inbound');
        const done = mine.length === inbound && mine.every((m) => m.status === 'answered');
        return done && (await stack.isIdle(phone)) ? true : undefined;
      },
      `${inbound} answered messages from ${phone}`,
      30_000,
    );
    return (await stack.sentTo(phone)).slice(seen);
  }

  async function customer(phone: string): Promise<CustomerRecord> {
    const response = await stack.admin('GET', `/admin/customers?phone=${phone}`);
    expect(response.status).toBe(200);
    return (await response.json()) as CustomerRecord;
  }

  async function closeConversation(conversationId: string): Promise<void> {
    expect((await stack.admin('POST', `/admin/conversations/${conversationId}/close`)).status).toBe(200);
  }

  it.each([
    ['el repartidor nunca llegó', 'delivery', /Lamento mucho que tu pedido/],
    ['this is ridiculous, I want a refund', 'refund', /I'm really sorry/],
    // A greeting in front of it changes nothing: the complaint is what the message is about.
    ['buenas, me llegó la playera pero en otro color, pedí azul y me enviaron verde', 'wrong_item', /Lamento/],
  ])(
    'should apologise for %j, hand the conversation to a person with its reason (%s), then stay silent',
    async (text, reason, apology) => {
      const phone = customerPhone();
      await stack.say(phone, text);
      const [answer, ...more] = await after(phone, 1);
      expect(more).toEqual([]);
      expect(readable(answer)).toMatch(apology);

      // The shop sees it among the handoffs, with why.
      const record = await customer(phone);
      const [conversation] = record.conversations;
      expect(conversation).toMatchObject({ status: 'handoff', lastIntent: 'complaint' });
      expect(record.memory).toMatchObject({
        conversationId: conversation.id,
        facts: { handoff_reason: reason, handoff_at: expect.any(String) },
      });
      // A fresh read: the same list read for the case before may still be cached (CACHE_TTL_ADMIN_SECONDS).
      const handoffs = await stack.admin('GET', '/admin/conversations?status=handoff&limit=100', undefined, {
        'cache-control': 'no-cache',
      });
      const page = (await handoffs.json()) as { items: Conversation[] };
      expect(page.items.map((c) => c.id)).toContain(conversation.id);
      expect(stack.apiLogs.lines()).toContainEqual(
        expect.objectContaining({ event: 'turn', outcome: 'handoff', reason, conversationId: conversation.id }),
      );

      // A person is on it now: the assistant says nothing more.
      await stack.say(phone, '¿hola? ¿alguien?');
      await after(phone, 2);
      await stack.settled(phone);
      expect(await stack.sentTo(phone)).toHaveLength(1);
    },
    90_000,
  );

  it('should answer a question about delivery times, without a handoff', async () => {
    const phone = customerPhone();
    await stack.say(phone, '¿cuándo llega mi pedido si compro hoy?');
    const sent = await after(phone, 1);
    expect(sent.map(readable).join('\n')).toMatch(/Envíos/);
    const [conversation] = (await customer(phone)).conversations;
    expect(conversation).toMatchObject({ status: 'active', lastIntent: 'shop_info' });
  }, 60_000);

  it('should confirm "no me interesa, borren mi número" once, record the erasure request for the shop, then stay silent', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'no me interesa, borren mi número');
    const sent = await after(phone, 1);
    expect(sent).toHaveLength(1);
    expect(readable(sent[0])).toMatch(/ya no te enviaremos mensajes/);
    expect(readable(sent[0])).toMatch(/no se borra de forma automática/);

    const record = await customer(phone);
    expect(record.customer.optedOut).toBe(true);
    expect(Date.parse(record.customer.erasureRequestedAt ?? '')).toBeGreaterThan(Date.now() - 120_000);
    expect(record.conversations[0].lastIntent).toBe('erasure_request');
    // Recorded, not acted on: the shop erases with DELETE /admin/customers/{id} when it decides.
    const byId = await stack.admin('GET', `/admin/customers/${record.customer.id}`);
    expect(((await byId.json()) as CustomerRecord).customer.erasureRequestedAt).toBe(
      record.customer.erasureRequestedAt,
    );

    await stack.say(phone, 'hola');
    await after(phone, 2);
    await stack.settled(phone);
    expect(await stack.sentTo(phone)).toHaveLength(1);
    // Asking again while opted out keeps the first request's time.
    expect((await customer(phone)).customer.erasureRequestedAt).toBe(record.customer.erasureRequestedAt);

    const erased = await stack.admin('DELETE', `/admin/customers/${record.customer.id}`);
    expect(erased.status).toBe(200);
    expect((await stack.admin('GET', `/admin/customers?phone=${phone}`)).status).toBe(404);
  }, 90_000);

  it('should remember "me llamo Roberto, calzo del 28", greet Roberto in a later conversation and use size 28', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'me llamo Roberto, calzo del 28', 'Ana López');
    let sent = await after(phone, 1);
    expect(sent.map(readable).join('\n')).toMatch(/Mucho gusto, Roberto/);
    const first = await customer(phone);
    expect(first.customer).toMatchObject({ displayName: 'Ana López', facts: { name: 'Roberto', shoe_size: '28' } });

    // The shop closes the conversation; the next message opens another.
    await closeConversation(first.conversations[0].id);
    let seen = (await stack.sentTo(phone)).length;
    await stack.say(phone, 'hola', 'Ana López');
    sent = await after(phone, 2, seen);
    const greeting = sent.map(readable).join('\n');
    expect(greeting).toMatch(/¡Hola, Roberto!/);
    expect(greeting).not.toMatch(/Ana/);
    expect((await customer(phone)).conversations).toHaveLength(2);

    // *Lo quiero* on a product: the size is not asked again, and the stores offered are the
    // ones with that model in size 28 (the catalogue file says which).
    const sku = 'TEN-0006-CAF';
    seen = (await stack.sentTo(phone)).length;
    await stack.tap(phone, {
      type: 'button_reply',
      id: encodeAction({ action: 'buy', sku }),
      title: 'Lo quiero',
      context: sent.at(-1)!.wamid,
    });
    sent = await after(phone, 3, seen);
    const text = sent.map(readable).join('\n');
    expect(text).toMatch(/Dónde quieres recibir/);
    expect(text).not.toMatch(/En qué talla/);
    const index = product(sku).sizes.indexOf('28');
    for (const [store, units] of Object.entries(product(sku).stock)) {
      const offered = choices(sent.at(-1)!).some((c) => c.title === `Recoger en ${storeName(store)}`);
      expect({ store, offered }).toEqual({ store, offered: units[index] > 0 });
    }
  }, 90_000);

  it('should answer "¿y en café?" in a new conversation about the product shown in the previous one', async () => {
    const phone = customerPhone();
    await stack.say(phone, 'hola');
    let sent = await after(phone, 1);
    const shown = product('TEN-0006-NEG');
    await stack.tap(phone, {
      type: 'button_reply',
      id: encodeAction({ action: 'details', sku: shown.sku }),
      title: 'Ver detalles',
      context: sent.at(-1)!.wamid,
    });
    sent = await after(phone, 2);
    expect(sent.map(readable).join('\n')).toContain(shown.name);
    await closeConversation((await customer(phone)).conversations[0].id);

    const seen = (await stack.sentTo(phone)).length;
    await stack.say(phone, '¿y en café?');
    sent = await after(phone, 3, seen);
    const record = await customer(phone);
    expect(record.conversations).toHaveLength(2);
    expect(record.conversations[0].status).toBe('active');
    const text = sent.map(readable).join('\n');
    const brown = product('TEN-0006-CAF');
    expect(text).toContain(brown.name);
    expect(text).toMatch(/café/);
    expect(sent.flatMap(choices).map((c) => c.id)).toContain(encodeAction({ action: 'buy', sku: brown.sku }));
  }, 90_000);
});

/**
 * The same care with the LLM assistant (the api on the sandbox's OpenAI-compatible stand-in, a
 * scripted policy that searches with the customer's words): a complaint still reaches a person
 * with the same reason in the same place, a request for a person costs no model call, and what
 * the customer says about themselves is kept.
 */
describe('customer care with the LLM assistant, end to end', () => {
  let llm: NestFastifyApplication;
  let llmUrl: string;
  let stack: Stack;

  beforeAll(async () => {
    // A sandbox of its own for the stand-in: the api must know its address before the stack starts.
    const settings = testSettings({ SANDBOX_INVENTORY_PORT: '0', LOG_LEVEL: 'warn' });
    llm = await createSandboxApp(settings, captureLogger(settings).logger);
    await llm.listen({ port: 0, host: '127.0.0.1' });
    llmUrl = await llm.getUrl();
    stack = await startStack({ LLM_BASE_URL: `${llmUrl}/v1`, LLM_PROVIDERS: 'compatible', LLM_TIMEOUT_MS: '2000' });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await llm?.close();
  }, 60_000);

  const modelRequests = async () =>
    ((await (await fetch(`${llmUrl}/sandbox/llm/requests`)).json()) as unknown[]).length;

  async function answeredOnce(phone: string, text: string): Promise<{ sent: string; record: CustomerRecord }> {
    await stack.say(phone, text, 'Ana López');
    await until(
      async () => {
        const mine = (await stack.storedFor(phone)).filter((m) => m.direction === 'inbound');
        return mine.length === 1 && mine[0].status === 'answered' && (await stack.isIdle(phone)) ? true : undefined;
      },
      `the answer to ${phone}`,
      30_000,
    );
    const sent = (await stack.sentTo(phone)).map(readable).join('\n');
    const response = await stack.admin('GET', `/admin/customers?phone=${phone}`);
    return { sent, record: (await response.json()) as CustomerRecord };
  }

  it('should hand a complaint to a person with the reason the rule-based assistant gives, and apologise', async () => {
    const { sent, record } = await answeredOnce(customerPhone(), 'el repartidor nunca llegó');
    expect(sent).toMatch(/Lamento|lo siento/i);
    expect(record.conversations[0].status).toBe('handoff');
    expect(record.memory).toMatchObject({ facts: { handoff_reason: 'delivery' } });
  }, 60_000);

  it('should hand a request for a person over without asking the model, saying it was requested', async () => {
    const before = await modelRequests();
    const { record } = await answeredOnce(customerPhone(), 'quiero hablar con una persona');
    expect(record.conversations[0].status).toBe('handoff');
    expect(record.memory).toMatchObject({ facts: { handoff_reason: 'requested' } });
    expect(await modelRequests()).toBe(before);
  }, 60_000);

  it('should keep "me llamo Roberto, calzo del 28" on the profile', async () => {
    const { record } = await answeredOnce(customerPhone(), 'me llamo Roberto, calzo del 28');
    expect(record.customer.facts).toMatchObject({ name: 'Roberto', shoe_size: '28' });
  }, 60_000);
});
