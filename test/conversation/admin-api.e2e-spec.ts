import { customerPhone, messageFrom, messagesWebhook } from '../whatsapp/meta-webhooks.js';
import { type Stack, startStack, STACK_SECRETS, until } from '../support/stack.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ConversationSummary {
  id: string;
  status: string;
  lastIntent: string | null;
  customer: { phoneNumber: string };
}

describe('admin API', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  const json = async <T>(response: Response, status = 200): Promise<T> => {
    expect({ status: response.status, body: response.status === status ? 'ok' : await response.text() }).toEqual({
      status,
      body: 'ok',
    });
    return (await response.json()) as T;
  };

  /** A customer who wrote and was answered (the answer sent); returns the conversation id. */
  async function answeredCustomer(phone: string, text = 'hola'): Promise<string> {
    await stack.say(phone, text);
    const [first] = await until(async () => {
      const stored = await stack.storedFor(phone);
      const answered = stored.some((m) => m.direction === 'inbound' && m.status === 'answered');
      return answered && (await stack.isIdle(phone)) ? stored : undefined;
    }, 'the answer');
    return first.conversationId;
  }

  it.each([
    ['no key', {}],
    ['a wrong key', { 'x-api-key': 'not-the-admin-key' }],
    ['the key with a different case', { 'x-api-key': STACK_SECRETS.ADMIN_API_KEY.toUpperCase() }],
  ])(
    'should refuse %s with 401 and log it',
    async (_case, headers) => {
      const response = await fetch(`${stack.apiUrl}/admin/conversations`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(stack.apiLogs.lines()).toContainEqual(
        expect.objectContaining({ event: 'security', securityEvent: 'admin_key_rejected' }),
      );
    },
    30_000,
  );

  it('should page through conversations with a cursor, newest first, without repeats', async () => {
    const phones = [customerPhone(), customerPhone(), customerPhone()];
    for (const phone of phones) await answeredCustomer(phone);
    const seen: ConversationSummary[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/admin/conversations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: Page<ConversationSummary> = await json(await stack.admin('GET', query));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    const mine = seen.filter((c) => phones.includes(c.customer.phoneNumber)).map((c) => c.customer.phoneNumber);
    expect(mine).toEqual([...phones].reverse());
    expect(seen.find((c) => c.customer.phoneNumber === phones[0])!.lastIntent).toBe('greeting');
  }, 60_000);

  it.each([
    ['a limit over 100', '/admin/conversations?limit=1000', 400],
    ['an unknown status', '/admin/conversations?status=lost', 400],
    ['a conversation id that is not a UUID', '/admin/conversations/nope/messages', 400],
    ['an unknown conversation', '/admin/conversations/7d3b8f0e-0000-4000-8000-000000000000/messages', 404],
    ['an unknown conversation', '/admin/conversations/7d3b8f0e-0000-4000-8000-000000000000', 404],
    ['an unknown customer', '/admin/customers/7d3b8f0e-0000-4000-8000-000000000000', 404],
    ['both phone and userId', '/admin/customers?phone=5215512345678&userId=x', 400],
  ])(
    'should answer %s (%s) with %i',
    async (_case, path, status) => {
      const response = await stack.admin('GET', path);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ statusCode: status, requestId: expect.any(String) });
    },
    30_000,
  );

  it.each([
    ['a cursor that is no cursor', '/admin/conversations?cursor=bm90IGEgY3Vyc29y'],
    ['a cursor with SQL in it', `/admin/conversations?cursor=${encodeURIComponent("x' or 1=1 --")}`],
    [
      'a cursor of the right shape but a bad id',
      `/admin/conversations?cursor=${Buffer.from('1:nope').toString('base64url')}`,
    ],
    ['a tampered messages cursor', '/admin/conversations/7d3b8f0e-0000-4000-8000-000000000000/messages?cursor=AAAA'],
  ])(
    'should answer %s with a 400 naming the cursor',
    async (_case, path) => {
      const response = await stack.admin('GET', path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('cursor') });
    },
    30_000,
  );

  it('should show one conversation with its customer', async () => {
    const phone = customerPhone();
    const conversationId = await answeredCustomer(phone);
    const conversation = await json<ConversationSummary>(
      await stack.admin('GET', `/admin/conversations/${conversationId}`),
    );
    expect(conversation).toMatchObject({ id: conversationId, status: 'active', customer: { phoneNumber: phone } });
  }, 60_000);

  it("should show a customer's profile, conversations, memory and messages", async () => {
    const phone = customerPhone();
    const conversationId = await answeredCustomer(phone, '¿a qué hora abren?');
    const found = await json<{
      customer: { id: string; phoneNumber: string };
      conversations: { id: string }[];
      memory: { lastIntent: string };
    }>(await stack.admin('GET', `/admin/customers?phone=%2B${phone}`));
    expect(found.customer.phoneNumber).toBe(phone);
    expect(found.conversations.map((c) => c.id)).toEqual([conversationId]);
    expect(found.memory.lastIntent).toBe('shop_info');
    const messages = await json<Page<{ direction: string; status: string }>>(
      await stack.admin('GET', `/admin/conversations/${conversationId}/messages`),
    );
    expect(messages.items.map((m) => m.direction)).toEqual(['inbound', 'outbound']);
    expect(messages.items[0].status).toBe('answered');
  }, 60_000);

  it('should refuse to release a conversation that is not in handoff, and close one', async () => {
    const phone = customerPhone();
    const conversationId = await answeredCustomer(phone);
    expect((await stack.admin('POST', `/admin/conversations/${conversationId}/release`)).status).toBe(409);
    const closed = await json<{ status: string }>(
      await stack.admin('POST', `/admin/conversations/${conversationId}/close`),
    );
    expect(closed.status).toBe('closed');
    await stack.say(phone, 'hola otra vez');
    const reopened = await until(async () => {
      const found = await stack.store.getCustomer({ phoneNumber: phone });
      return found && found.conversations.length === 2 ? found.conversations : undefined;
    }, 'a new conversation');
    expect(reopened.map((c) => c.status).sort()).toEqual(['active', 'closed']);
  }, 60_000);

  it('should send a message as the shop once per idempotency key, and refuse bad ones', async () => {
    const phone = customerPhone();
    const conversationId = await answeredCustomer(phone);
    const path = `/admin/conversations/${conversationId}/messages`;
    const send = (body: unknown, key?: string) =>
      fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        headers: {
          'x-api-key': STACK_SECRETS.ADMIN_API_KEY,
          'content-type': 'application/json',
          ...(key && { 'idempotency-key': key }),
        },
        body: JSON.stringify(body),
      });
    const first = await json<{ waMessageId: string }>(await send({ text: 'Te apartamos los tenis.' }, 'k-1'), 201);
    const again = await json<{ waMessageId: string }>(await send({ text: 'Te apartamos los tenis.' }, 'k-1'), 201);
    expect(again.waMessageId).toBe(first.waMessageId);
    expect((await stack.sentTo(phone)).filter((m) => m.wamid === first.waMessageId)).toHaveLength(1);
    expect((await send({ text: '   ' })).status).toBe(400);
    expect((await send({})).status).toBe(400);
  }, 60_000);

  it('should refuse a manual message outside the 24-hour window with 409', async () => {
    const phone = customerPhone();
    const old = String(Math.floor(Date.now() / 1000) - 30 * 3600);
    await stack.postWebhook(
      messagesWebhook({ phone }, [messageFrom({ phone }, 'text', { text: { body: 'hola' } }, { timestamp: old })]),
    );
    const conversationId = await until(
      async () => (await stack.storedFor(phone))[0]?.conversationId,
      'the stored message',
    );
    const response = await stack.admin('POST', `/admin/conversations/${conversationId}/messages`, { text: 'Hola' });
    expect(response.status).toBe(409);
    expect(await stack.sentTo(phone)).toEqual([]);
  }, 60_000);

  it('should erase everything about one customer and nothing of another', async () => {
    const [gone, kept] = [customerPhone(), customerPhone()];
    await answeredCustomer(gone);
    await answeredCustomer(kept);
    const id = (await stack.store.getCustomer({ phoneNumber: gone }))!.customer.id;
    const counts = await json<{ customers: number; messages: number }>(
      await stack.admin('DELETE', `/admin/customers/${id}`),
    );
    expect(counts.customers).toBe(1);
    expect(counts.messages).toBeGreaterThanOrEqual(2);
    expect((await stack.admin('GET', `/admin/customers/${id}`)).status).toBe(404);
    expect((await stack.admin('DELETE', `/admin/customers/${id}`)).status).toBe(404);
    expect(await stack.store.getCustomer({ phoneNumber: kept })).not.toBeNull();
  }, 60_000);
});
