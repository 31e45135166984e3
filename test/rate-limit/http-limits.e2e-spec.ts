import { setTimeout as sleep } from 'node:timers/promises';
import { type Stack, startStack, STACK_SECRETS, until } from '../support/stack.js';
import { customerPhone, statusesWebhook, statusOf, wamid } from '../whatsapp/meta-webhooks.js';

const LIMITS = { ip: 8, user: 5, phone: 3 };

describe('rate limits through the api', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      RATE_LIMIT_IP: String(LIMITS.ip),
      RATE_LIMIT_USER: String(LIMITS.user),
      RATE_LIMIT_PHONE: String(LIMITS.phone),
      RATE_LIMIT_WINDOW_MS: '3000',
      TRUST_PROXY: 'true',
    });
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  let addresses = 0;
  /** A client address of its own (the api trusts X-Forwarded-For here), so no case shares a count with another. */
  const newAddress = () => `10.0.0.${(addresses += 1)}`;

  const adminGet = (address: string, key: string = STACK_SECRETS.ADMIN_API_KEY) =>
    fetch(`${stack.apiUrl}/admin/cache`, { headers: { 'x-api-key': key, 'x-forwarded-for': address } });
  const WRONG_KEY = 'not-the-admin-key-0000';

  async function expectLimited(answers: Response[], limit: number, name: 'user' | 'ip'): Promise<void> {
    const allowed = answers.slice(0, limit);
    expect(allowed.map((r) => r.status).filter((status) => status === 429)).toEqual([]);
    expect(allowed.map((r) => Number(r.headers.get('x-ratelimit-remaining')))).toEqual(
      Array.from({ length: limit }, (_, i) => limit - 1 - i),
    );
    for (const r of allowed) {
      expect(r.headers.get('x-ratelimit-limit')).toBe(String(limit));
      expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    }
    const refused = answers[limit];
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(await refused.json()).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringContaining(`Rate limit "${name}" exceeded`),
      requestId: expect.any(String),
    });
  }

  // First: the suite's one admin key starts with an empty window.
  it('should count the admin API per API key, whatever the address: headers, then 429 with Retry-After', async () => {
    const answers: Response[] = [];
    for (let i = 0; i < LIMITS.user + 1; i += 1) answers.push(await adminGet(newAddress()));
    await expectLimited(answers, LIMITS.user, 'user');
    // The key is spent, from any address; an address that sends a wrong key has a count of its own (401, not 429).
    expect((await adminGet(newAddress())).status).toBe(429);
    expect((await adminGet(newAddress(), WRONG_KEY)).status).toBe(401);
  }, 30_000);

  it('should count requests without the admin key per address: guessing keys earns no fresh quota', async () => {
    const address = newAddress();
    const answers: Response[] = [];
    for (let i = 0; i < LIMITS.ip + 1; i += 1) answers.push(await adminGet(address, `${WRONG_KEY}-${i}`));
    expect(answers.slice(0, LIMITS.ip).map((r) => r.status)).toEqual(Array.from({ length: LIMITS.ip }, () => 401));
    await expectLimited(answers, LIMITS.ip, 'ip');
    expect((await adminGet(newAddress(), WRONG_KEY)).status).toBe(401);
  }, 30_000);

  it('should never allow more than the limit in any window-long span (no double burst at a window edge)', async () => {
    const address = newAddress();
    const allowedAt: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 7000) {
      const sentAt = Date.now();
      if ((await adminGet(address, WRONG_KEY)).status === 401) allowedAt.push(sentAt);
      await sleep(40);
    }
    // A fixed window lets `limit` through at the end of one window and `limit` more at the start of the next.
    const window = 3000 - 150; // minus the time a request may take to reach the limiter
    const worst = Math.max(...allowedAt.map((t) => allowedAt.filter((u) => u >= t && u < t + window).length));
    expect(worst).toBeLessThanOrEqual(LIMITS.ip);
    expect(allowedAt.length).toBeGreaterThanOrEqual(2 * LIMITS.ip); // and the window slid: more got in later
  }, 30_000);

  it('should never limit the webhook: 150 signed webhooks from one address in a minute, none refused', async () => {
    const phone = customerPhone();
    const statuses = await Promise.all(
      Array.from({ length: 150 }, () =>
        stack
          .postWebhook(statusesWebhook([statusOf(wamid(), 'delivered', String(Math.floor(Date.now() / 1000)), phone)]))
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await fetch(`${stack.apiUrl}/health/live`)).status).toBe(200);
  }, 60_000);

  it('should store the messages over the per-phone limit as rate_limited, send one notice, and ask the inventory nothing for them', async () => {
    const phone = customerPhone();
    await fetch(`${stack.sandboxUrl}/sandbox/inventory/stats`, { method: 'DELETE' });
    for (let i = 0; i < LIMITS.phone; i += 1) await stack.say(phone, `hola ${i + 1}`);
    await stack.say(phone, '¿tienen botas de piel café?');
    await stack.say(phone, '¿y tenis blancos talla 27?');
    const stored = await until(async () => {
      const messages = (await stack.storedFor(phone)).filter((m) => m.direction === 'inbound');
      return messages.length === LIMITS.phone + 2 && (await stack.isIdle(phone)) ? messages : undefined;
    }, 'every message stored and the turn done');
    expect(stored.map((m) => m.status)).toEqual([
      ...Array.from({ length: LIMITS.phone }, () => 'answered'),
      'rate_limited',
      'rate_limited',
    ]);
    const notices = (await stack.sentTo(phone)).filter((m) =>
      /muchos mensajes tuyos/.test((m.payload as { text?: { body: string } }).text?.body ?? ''),
    );
    expect(notices).toHaveLength(1);
    const calls = (await (await fetch(`${stack.sandboxUrl}/sandbox/inventory/stats`)).json()) as { total: number };
    expect(calls.total).toBe(0);
    // Kept for the shop: the admin API shows them.
    const messages = await stack.admin(
      'GET',
      `/admin/conversations/${stored[0].conversationId}/messages?limit=50`,
      undefined,
      { 'cache-control': 'no-cache' },
    );
    const page = (await messages.json()) as { items: { status: string; text: string | null }[] };
    expect(page.items.filter((m) => m.status === 'rate_limited').map((m) => m.text)).toEqual([
      '¿tienen botas de piel café?',
      '¿y tenis blancos talla 27?',
    ]);
  }, 60_000);
});
