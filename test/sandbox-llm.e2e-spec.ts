import SwaggerParser from '@apidevtools/swagger-parser';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APICallError, generateText, isStepCount, type LanguageModel, tool } from 'ai';
import { z } from 'zod';
import { createSandboxApp } from '../apps/sandbox/src/create-sandbox-app.js';
import { captureLogger, testSettings } from './support/capture-logger.js';
import { until } from './support/until.js';

/** What GET /sandbox/llm/requests lists. */
interface RecordedRequest {
  at: string;
  body: {
    model: string;
    messages: { role: string; content: unknown; tool_calls?: unknown[] }[];
    tools?: { function: { name: string } }[];
  };
  status: number | null;
  outcome: string;
  fault: string | null;
}

type OpenApiDocument = Parameters<typeof SwaggerParser.validate>[0] & {
  paths: Record<string, Record<string, { summary?: string }>>;
};

const KAIRO = {
  sku: 'TEN-0001-NEG',
  name: 'Tenis Urbano Kairo',
  color: 'negro',
  price: '1299.00',
  currency: 'MXN',
  price_text: '$1,299.00 MXN',
  sizes: ['26', '27'],
  units_in_stock: 18,
};
const NOVA = {
  ...KAIRO,
  sku: 'TEN-0002-NEG',
  name: 'Tenis Runner Nova',
  price: '1549.50',
  price_text: '$1,549.50 MXN',
};
const PRICES = new Set([KAIRO.price_text, NOVA.price_text]);
const MONEY = /\$[\d,]+\.\d{2} MXN/g;

/** The api's tools (names and schemas as it offers them), each answering with fixed data and keeping what it was called with. */
function salesTools(products: object[] = [KAIRO, NOVA]) {
  const calls: { name: string; args: unknown }[] = [];
  const record =
    <T>(name: string, result: T) =>
    (args: unknown) => {
      calls.push({ name, args });
      return Promise.resolve(result);
    };
  const tools = {
    search_products: tool({
      description: 'Search the shop catalogue.',
      inputSchema: z.object({
        query: z.string().min(1).max(100),
        colour: z.string().max(20).optional(),
        size: z.string().max(10).optional(),
        max_price: z.number().positive().optional(),
        min_price: z.number().nonnegative().optional(),
        category: z.string().max(40).optional(),
      }),
      execute: record('search_products', { products, total: products.length }),
    }),
    check_stock: tool({
      description: 'Units of one product per store.',
      inputSchema: z.object({
        sku: z.string().min(1).max(40),
        size: z.string().max(10).optional(),
        store: z.string().max(40).optional(),
        quantity: z.number().int().min(1).max(50).optional(),
      }),
      execute: record('check_stock', {
        found: true,
        sku: KAIRO.sku,
        name: KAIRO.name,
        color: KAIRO.color,
        size: '27',
        units: 6,
        stores: [
          { store: 'Centro', city: 'CDMX', units: 4 },
          { store: 'Polanco', city: 'CDMX', units: 2 },
        ],
      }),
    }),
    shop_info: tool({
      description: "The shop's hours, stores, payment, shipping and returns.",
      inputSchema: z.object({ topic: z.enum(['hours', 'stores', 'payment', 'shipping', 'returns', 'general']) }),
      execute: record('shop_info', { topic: 'hours', lines: ['Lunes a sábado de 10:00 a 20:00'] }),
    }),
    remember_customer_fact: tool({
      description: 'Keep something the customer said about themselves.',
      inputSchema: z.object({
        key: z.enum(['name', 'shoe_size', 'clothing_size', 'preference']),
        value: z.string().min(1).max(80),
      }),
      execute: record('remember_customer_fact', { saved: true }),
    }),
    request_human_agent: tool({
      description: 'Hand the conversation to a person at the shop.',
      inputSchema: z.object({ reason: z.string().min(1).max(200) }),
      execute: record('request_human_agent', { handoff: true }),
    }),
  };
  return { tools, calls };
}

describe('the sandbox LLM stand-in (OpenAI-compatible)', () => {
  let app: NestFastifyApplication;
  let url: string;
  let model: LanguageModel;

  beforeAll(async () => {
    const settings = testSettings({ SANDBOX_INVENTORY_PORT: '0' });
    app = await createSandboxApp(settings, captureLogger(settings).logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
    model = createOpenAICompatible({ name: 'sandbox', baseURL: `${url}/v1`, apiKey: 'any-key' })('mostrador-sandbox');
  }, 60_000);
  afterAll(() => app?.close(), 30_000);
  afterEach(async () => {
    await fetch(`${url}/sandbox/llm/faults`, { method: 'DELETE' });
    await fetch(`${url}/sandbox/llm/requests`, { method: 'DELETE' });
  }, 30_000);

  async function addFault(fault: { kind: string; times?: number; delayMs?: number }): Promise<void> {
    const response = await fetch(`${url}/sandbox/llm/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    expect(response.status).toBe(200);
  }

  async function requests(): Promise<RecordedRequest[]> {
    return (await fetch(`${url}/sandbox/llm/requests`)).json() as Promise<RecordedRequest[]>;
  }

  const ask = (prompt: string, tools: ReturnType<typeof salesTools>['tools'], abortSignal?: AbortSignal) =>
    generateText({
      model,
      system: 'Eres el asistente de ventas de la tienda. Responde en el idioma del cliente.',
      prompt,
      tools,
      stopWhen: isStepCount(5),
      maxRetries: 0,
      abortSignal,
    });

  it('should search with the customer words, then answer with the price the tool returned', async () => {
    const { tools, calls } = salesTools();
    const result = await ask('hola, ¿tienen tenis negros talla 27?', tools);

    expect(calls).toEqual([{ name: 'search_products', args: { query: 'tenis', colour: 'negro', size: '27' } }]);
    expect(result.steps.map((s) => s.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(result.text).toContain(`• ${KAIRO.name} (negro) — ${KAIRO.price_text}`);
    expect(result.text).not.toContain('tienen');
    expect(result.totalUsage.inputTokens).toBeGreaterThan(0);
    expect(result.totalUsage.outputTokens).toBeGreaterThan(0);

    // What the client sent is there to read: the prompt, the tools offered, then the tool result.
    const [first, second] = await requests();
    expect(first).toMatchObject({ status: 200, outcome: 'tool_calls', fault: null });
    expect(first.body.messages[0]).toEqual({ role: 'system', content: expect.stringContaining('asistente de ventas') });
    expect(first.body.tools?.map((t) => t.function.name)).toEqual(Object.keys(tools));
    expect(second).toMatchObject({ status: 200, outcome: 'stop' });
    expect(second.body.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining(KAIRO.sku) });
  }, 30_000);

  it('should check the stock of the one product found for a size, and give units per store', async () => {
    const { tools, calls } = salesTools([KAIRO]);
    const result = await ask('¿tienen tenis negros talla 27?', tools);

    expect(calls.map((c) => c.name)).toEqual(['search_products', 'check_stock']);
    expect(calls[1].args).toEqual({ sku: KAIRO.sku, size: '27' });
    expect(result.text).toContain(`${KAIRO.price_text}\n  Talla 27: Centro 4, Polanco 2`);
  }, 30_000);

  it('should make parallel tool calls in one step and answer from both results', async () => {
    const { tools, calls } = salesTools();
    const result = await ask('Hola, me llamo Ana y busco tenis negros', tools);

    expect(result.steps[0].toolCalls.map((c) => c.toolName)).toEqual(['remember_customer_fact', 'search_products']);
    expect(calls.map((c) => c.name).sort()).toEqual(['remember_customer_fact', 'search_products']);
    expect(result.steps).toHaveLength(2);
    expect(result.text).toMatch(/^¡Mucho gusto, Ana!/);
    expect(result.text).toContain(NOVA.price_text);
  }, 30_000);

  it('should answer the shop topics through shop_info, in English to an English customer', async () => {
    const { tools, calls } = salesTools();
    const hours = await ask('¿a qué hora abren?', tools);
    expect(calls).toEqual([{ name: 'shop_info', args: { topic: 'hours' } }]);
    expect(hours.text).toBe('Lunes a sábado de 10:00 a 20:00');

    const english = await ask('Do you have black sneakers?', salesTools().tools);
    expect(english.text).toMatch(/^Here is what I found:/);
  }, 30_000);

  it('should summarise without tools, in plain text', async () => {
    const result = await generateText({
      model,
      system: 'Resume una conversación de ventas por WhatsApp. Máximo 5 líneas, en español.',
      prompt:
        'Mensajes nuevos:\nCliente: hola, ¿tienen tenis negros talla 27?\nTienda: Sí, a $1,299.00 MXN.\nCliente: ¿y botas?',
      maxRetries: 0,
    });
    expect(result.text).toBe('Resumen: el cliente preguntó por tenis negros talla 27; botas.');
    expect(result.toolCalls).toEqual([]);
  }, 30_000);

  it('should list one model and refuse streaming in OpenAI error shape', async () => {
    const models = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer whatever' } });
    expect(await models.json()).toEqual({
      object: 'list',
      data: [{ id: 'mostrador-sandbox', object: 'model', created: expect.any(Number), owned_by: 'mostrador' }],
    });

    const streamed = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hola' }] }),
    });
    expect(streamed.status).toBe(400);
    expect(await streamed.json()).toEqual({
      error: {
        message: expect.stringContaining('Streaming is not offered'),
        type: 'invalid_request_error',
        param: 'stream',
        code: 'unsupported_value',
      },
    });

    const invalid = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', messages: [] }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'messages' } });
  }, 30_000);

  describe('faults', () => {
    it('should answer a 500 in OpenAI error shape, once', async () => {
      await addFault({ kind: '500', times: 1 });
      const failure = await ask('¿tienen tenis?', salesTools().tools).catch((error: unknown) => error);

      expect(APICallError.isInstance(failure)).toBe(true);
      const error = failure as APICallError;
      expect(error.statusCode).toBe(500);
      expect(error.isRetryable).toBe(true);
      expect(JSON.parse(error.responseBody ?? '{}')).toMatchObject({ error: { type: 'server_error' } });
      expect(await (await fetch(`${url}/sandbox/llm/faults`)).json()).toEqual([]);

      expect((await ask('¿tienen tenis?', salesTools().tools)).text).toContain(KAIRO.price_text);
    }, 30_000);

    it("should answer a 429 with OpenAI's rate-limit body and retry-after, which the client honours", async () => {
      await addFault({ kind: '429', times: 1 });
      const failure = await ask('¿tienen tenis?', salesTools().tools).catch((error: unknown) => error);
      expect(APICallError.isInstance(failure)).toBe(true);
      const error = failure as APICallError;
      expect(error.statusCode).toBe(429);
      expect(error.responseHeaders?.['retry-after']).toBe('1');
      expect(JSON.parse(error.responseBody ?? '{}')).toMatchObject({
        error: { type: 'requests', code: 'rate_limit_exceeded' },
      });

      // With one retry allowed, the client waits as told and gets the answer.
      await addFault({ kind: '429', times: 1 });
      const started = Date.now();
      const retried = await generateText({
        model,
        prompt: '¿tienen tenis?',
        tools: salesTools().tools,
        stopWhen: isStepCount(5),
        maxRetries: 1,
      });
      expect(retried.text).toContain(KAIRO.price_text);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect((await requests()).map((r) => r.status)).toEqual([429, 429, 200, 200]);
    }, 30_000);

    it('should answer slowly, and stop waiting when the client aborts', async () => {
      await addFault({ kind: 'slow', times: 1, delayMs: 300 });
      const started = Date.now();
      expect((await ask('¿tienen tenis?', salesTools().tools)).text).toContain(KAIRO.price_text);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      await fetch(`${url}/sandbox/llm/requests`, { method: 'DELETE' });

      await addFault({ kind: 'slow', delayMs: 60_000 });
      const abort = new AbortController();
      const pending = ask('¿tienen tenis?', salesTools().tools, abort.signal).catch((error: unknown) => error);
      await until(
        async () => ((await requests()).at(-1)?.outcome === 'pending' ? true : undefined),
        'the slow request',
      );
      abort.abort();
      expect(await pending).toMatchObject({ name: 'AbortError' });
      // Well before the 60 s: the stand-in saw the client leave.
      const [closed] = await until(
        async () => {
          const list = await requests();
          return list.at(-1)?.outcome === 'client-closed' ? list : undefined;
        },
        'the stand-in to see the client leave',
        10_000,
      );
      expect(closed).toMatchObject({ status: null, fault: 'slow' });
    }, 30_000);

    it('should send tool arguments the schema refuses; the client returns a tool error and the stand-in recovers', async () => {
      await addFault({ kind: 'malformed-tool-args', times: 1 });
      const { tools, calls } = salesTools();
      const result = await ask('¿tienen tenis negros?', tools);

      expect(result.steps[0].content).toContainEqual(
        expect.objectContaining({ type: 'tool-error', toolName: 'search_products' }),
      );
      // The refused call never reached the tool; the retry did, with valid arguments.
      expect(calls).toEqual([{ name: 'search_products', args: { query: 'tenis', colour: 'negro' } }]);
      expect(result.text).toContain(KAIRO.price_text);

      const [refused, retried] = await requests();
      expect(refused.fault).toBe('malformed-tool-args');
      expect(retried.body.messages.at(-1)).toMatchObject({
        role: 'tool',
        content: expect.stringMatching(/Invalid input for tool search_products/),
      });
    }, 30_000);

    it('should quote a price no tool returned, once', async () => {
      await addFault({ kind: 'wrong-price', times: 1 });
      const wrong = await ask('¿tienen tenis negros?', salesTools().tools);
      const quoted = wrong.text.match(MONEY) ?? [];
      expect(quoted.filter((price) => !PRICES.has(price))).toEqual(['$1,399.00 MXN']);
      expect((await requests()).map((r) => r.fault)).toEqual([null, 'wrong-price']);

      const right = await ask('¿tienen tenis negros?', salesTools().tools);
      expect((right.text.match(MONEY) ?? []).every((price) => PRICES.has(price))).toBe(true);
    }, 30_000);
  });

  it('should document its routes in Swagger, each with a summary', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    const document = response.json<OpenApiDocument>();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    for (const path of ['/v1/chat/completions', '/v1/models', '/sandbox/llm/faults', '/sandbox/llm/requests']) {
      for (const operation of Object.values(document.paths[path])) expect(operation.summary).toMatch(/\S/);
    }
  }, 30_000);
});

describe('the sandbox LLM stand-in with SANDBOX_LLM_FAULTS', () => {
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  }, 30_000);

  it('should start with the faults of the environment, and end a slow answer when it closes', async () => {
    const settings = testSettings({ SANDBOX_INVENTORY_PORT: '0', SANDBOX_LLM_FAULTS: '429*1,slow' });
    app = await createSandboxApp(settings, captureLogger(settings).logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = await app.getUrl();
    expect(await (await fetch(`${url}/sandbox/llm/faults`)).json()).toEqual([
      { kind: '429', times: 1, delayMs: 20_000 },
      { kind: 'slow', times: null, delayMs: 20_000 },
    ]);

    const body = JSON.stringify({ model: 'any', messages: [{ role: 'user', content: 'hola' }] });
    const post = () =>
      fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post()).status).toBe(429);

    // A slow answer (20 s) in progress does not hold the server's close: it is answered at once.
    const slow = post();
    await until(async () => {
      const list = (await (await fetch(`${url}/sandbox/llm/requests`)).json()) as RecordedRequest[];
      return list.at(-1)?.outcome === 'pending' ? true : undefined;
    }, 'the slow request');
    const closing = Date.now();
    await app.close();
    app = undefined;
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(Date.now() - closing).toBeLessThan(10_000);
  }, 30_000);
});
