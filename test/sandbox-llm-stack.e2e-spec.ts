import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createSandboxApp } from '../apps/sandbox/src/create-sandbox-app.js';
import { captureLogger, testSettings } from './support/capture-logger.js';
import { type Stack, startStack, until } from './support/stack.js';

/** What GET /sandbox/llm/requests lists. */
interface RecordedRequest {
  body: { messages: { role: string; content: unknown }[] };
  status: number | null;
  outcome: string;
  fault: string | null;
}

const MONEY = /\$[\d,]+\.\d{2} MXN/g;
const HAS_MONEY = /\$[\d,]+\.\d{2} MXN/;

/**
 * The api as `LLM_BASE_URL=http://127.0.0.1:3100/v1 npm run demo` runs it: its LLM path on the
 * sandbox's OpenAI-compatible stand-in, over the sandbox's real inventory, with the stand-in's
 * faults. The oracle for every price is what the tools returned, as the stand-in received it.
 */
describe('the api on the sandbox LLM stand-in', () => {
  let llm: NestFastifyApplication;
  let llmUrl: string;
  let stack: Stack;
  let phone = 5215512340000;

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
  afterEach(async () => {
    await fetch(`${llmUrl}/sandbox/llm/faults`, { method: 'DELETE' });
    await fetch(`${llmUrl}/sandbox/llm/requests`, { method: 'DELETE' });
  }, 30_000);

  /** A new customer writes; resolves with everything the api sent back, once it quotes a price. */
  async function say(text: string): Promise<string> {
    const customer = String((phone += 1));
    await stack.say(customer, text);
    return until(
      async () => {
        const sent = (await stack.sentTo(customer)).map((m) => JSON.stringify(m.payload)).join('\n');
        return HAS_MONEY.test(sent) ? sent : undefined;
      },
      'a reply with prices',
      30_000,
    );
  }

  async function fault(body: object): Promise<void> {
    const response = await fetch(`${llmUrl}/sandbox/llm/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  async function requests(): Promise<RecordedRequest[]> {
    return (await fetch(`${llmUrl}/sandbox/llm/requests`)).json() as Promise<RecordedRequest[]>;
  }

  /** Prices the tools returned to the model, as the stand-in received them. */
  function toolPrices(recorded: RecordedRequest[]): Set<string> {
    return new Set(
      recorded.flatMap((r) =>
        r.body.messages.filter((m) => m.role === 'tool').flatMap((m) => String(m.content).match(MONEY) ?? []),
      ),
    );
  }

  it('should answer through the stand-in with prices the tools returned', async () => {
    const reply = await say('¿tienen botas cafés?');
    const recorded = await requests();
    expect(recorded.map((r) => r.outcome)).toEqual(['tool_calls', 'stop']);
    expect(recorded[0].body.messages.at(-1)).toEqual({ role: 'user', content: '¿tienen botas cafés?' });
    const quoted = reply.match(MONEY) ?? [];
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.filter((price) => !toolPrices(recorded).has(price))).toEqual([]);
  }, 60_000);

  it('should still answer the customer when the stand-in fails with 500s', async () => {
    await fault({ kind: '500' });
    const reply = await say('¿tienen tenis negros?');
    expect(reply).toMatch(HAS_MONEY);
    expect((await requests()).every((r) => r.status === 500)).toBe(true);
  }, 60_000);

  it('should not pass on a price no tool returned', async () => {
    await fault({ kind: 'wrong-price', times: 1 });
    const reply = await say('¿tienen botas cafés?');
    const recorded = await requests();
    expect(recorded.map((r) => r.fault)).toContain('wrong-price');
    const quoted = reply.match(MONEY) ?? [];
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.filter((price) => !toolPrices(recorded).has(price))).toEqual([]);
  }, 60_000);

  it('should recover from tool arguments its schema refuses', async () => {
    await fault({ kind: 'malformed-tool-args', times: 1 });
    const reply = await say('¿tienen sandalias?');
    const recorded = await requests();
    expect(recorded[0].fault).toBe('malformed-tool-args');
    expect(recorded[1].body.messages.at(-1)).toMatchObject({
      role: 'tool',
      content: expect.stringMatching(/Invalid input/),
    });
    expect(reply.match(MONEY)?.every((price) => toolPrices(recorded).has(price))).toBe(true);
  }, 60_000);
});
