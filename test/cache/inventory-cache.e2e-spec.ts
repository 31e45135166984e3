import { type Stack, startStack, until } from '../support/stack.js';
import { customerPhone } from '../whatsapp/meta-webhooks.js';

interface CallStats {
  total: number;
  operations: Record<string, number>;
}

describe('the cache in front of the inventory, through the whole product', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  const soapCalls = async (): Promise<CallStats> =>
    (await (await fetch(`${stack.sandboxUrl}/sandbox/inventory/stats`)).json()) as CallStats;

  /** A customer asks and is answered; what the api sent them. */
  async function asks(phone: string, text: string) {
    await stack.say(phone, text);
    return until(async () => {
      const sent = await stack.sentTo(phone);
      return sent.length > 0 && (await stack.isIdle(phone)) ? sent : undefined;
    }, `the answer to ${phone}`);
  }

  const bodyOf = (sent: Awaited<ReturnType<typeof asks>>) =>
    sent
      .map((m) => {
        const p = m.payload as { text?: { body: string }; interactive?: { body: { text: string } } };
        return p.text?.body ?? p.interactive?.body.text ?? '';
      })
      .join('\n');

  it('should serve three customers asking the same product question with one SearchProducts call', async () => {
    await fetch(`${stack.sandboxUrl}/sandbox/inventory/stats`, { method: 'DELETE' });
    const question = '¿tienen huaraches?';
    const first = await asks(customerPhone(), question);
    const afterFirst = (await soapCalls()).operations.SearchProducts;
    expect(afterFirst).toBe(1);

    const second = await asks(customerPhone(), question);
    const third = await asks(customerPhone(), '¿Tienen   HUARACHES?');
    expect((await soapCalls()).operations.SearchProducts).toBe(1);
    // The same products and prices for all three: the answer, not only the count, came from the cache.
    expect(bodyOf(second)).toBe(bodyOf(first));
    expect(bodyOf(third)).toBe(bodyOf(first));

    const stats = (await (await stack.admin('GET', '/admin/cache')).json()) as {
      overall: { hits: number; loads: number };
      redis: { configured: boolean };
    };
    expect(stats.overall.hits).toBeGreaterThanOrEqual(2);
    expect(stats.redis.configured).toBe(false);
  }, 60_000);

  it('should ask the inventory again after DELETE /admin/cache/inventory', async () => {
    const question = '¿tienen mochilas?';
    await asks(customerPhone(), question);
    const before = (await soapCalls()).operations.SearchProducts;

    const response = await stack.admin('DELETE', '/admin/cache/inventory');
    expect(response.status).toBe(200);
    const dropped = ((await response.json()) as { dropped: { memory: number } }).dropped;
    expect(dropped.memory).toBeGreaterThan(0);

    await asks(customerPhone(), question);
    expect((await soapCalls()).operations.SearchProducts).toBe(before + 1);
  }, 60_000);

  it('should refuse the cache endpoints without the admin key, and a bad SKU with 400', async () => {
    expect((await fetch(`${stack.apiUrl}/admin/cache`)).status).toBe(401);
    expect((await fetch(`${stack.apiUrl}/admin/cache/inventory`, { method: 'DELETE' })).status).toBe(401);
    const tooLong = await stack.admin('DELETE', `/admin/cache/inventory?sku=${'X'.repeat(65)}`);
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('sku') });
  }, 30_000);

  it('should cache admin reads briefly, and drop them on an admin write', async () => {
    const phone = customerPhone();
    await asks(phone, 'hola');
    const [message] = await stack.storedFor(phone);
    const url = `/admin/conversations/${message.conversationId}`;
    const first = await stack.admin('GET', url);
    const again = await stack.admin('GET', url);
    expect([first.headers.get('x-cache'), again.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(await again.json()).toEqual(await first.json());

    expect((await stack.admin('POST', `${url}/close`)).status).toBe(200);
    const afterWrite = await stack.admin('GET', url);
    expect(afterWrite.headers.get('x-cache')).toBe('MISS');
    expect(await afterWrite.json()).toMatchObject({ status: 'closed' });
  }, 60_000);
});
