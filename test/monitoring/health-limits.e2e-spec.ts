import { type Stack, STACK_SECRETS, startStack, until } from '../support/stack.js';

interface Readiness {
  status: number;
  body: { status: string; details: Record<string, Record<string, unknown>> };
}

/**
 * The api with a WhatsApp token Meta never issued, and an inventory that may answer only
 * after the readiness time limit (its own limit set far longer).
 */
describe('GET /health/ready against a bad token and a slow dependency', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      WHATSAPP_ACCESS_TOKEN: 'a-token-meta-never-issued',
      INVENTORY_HEALTH_TIMEOUT_MS: '30000',
      HEALTH_CACHE_MS: '0',
      // The api shares the Jest worker's memory: a budget no worker reaches.
      MEMORY_LIMIT_MB: '1048576',
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  async function ready(): Promise<Readiness> {
    const response = await fetch(`${stack.apiUrl}/health/ready`);
    return { status: response.status, body: (await response.json()) as Readiness['body'] };
  }

  it("should answer the sandbox's phone number node like Meta: the number with the right token, 401 (190) without", async () => {
    const node = (token: string) =>
      fetch(`${stack.sandboxUrl}/v23.0/100000000000001`, { headers: { authorization: `Bearer ${token}` } });
    const good = await node(STACK_SECRETS.WHATSAPP_ACCESS_TOKEN);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({
      id: '100000000000001',
      display_phone_number: expect.any(String),
      verified_name: expect.any(String),
      quality_rating: 'GREEN',
    });
    const bad = await node('a-token-meta-never-issued');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 190, type: 'OAuthException' } });
  }, 30_000);

  it('should report the WhatsApp token degraded (190) but stay 200: the instance can still take webhooks', async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.details.whatsapp).toMatchObject({
      status: 'degraded',
      code: 190,
      httpStatus: 401,
      message: 'access token invalid or expired (Graph API error 190)',
    });
    expect(body.details.database.status).toBe('up');
  }, 30_000);

  it('should give up on a part at HEALTH_TIMEOUT_MS, whatever its own limit, and answer on time', async () => {
    const faults = (body: unknown) =>
      fetch(`${stack.sandboxUrl}/sandbox/inventory/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await faults({ latencyMs: 8000 })).status).toBe(200);
    try {
      const started = Date.now();
      const { status, body } = await ready();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(status).toBe(200);
      expect(body.details.inventory).toEqual({ status: 'degraded', message: 'no answer within 1000 ms' });
    } finally {
      expect((await faults({ latencyMs: 0 })).status).toBe(200);
    }
    await until(
      async () => ((await ready()).body.details.inventory.status === 'up' ? true : undefined),
      'the inventory up again',
      30_000,
    );
  }, 60_000);
});
