import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  WhatsAppApiError,
  WhatsAppClient,
  type WhatsAppClientOptions,
  WhatsAppMessageInvalidError,
  WhatsAppUnreachableError,
} from '@mostrador/whatsapp';
import { captureLogger } from '../../../../test/support/capture-logger.js';
import { metaError, ScriptedGraphApi, sendOk } from '../../../../test/support/scripted-graph-api.js';

const CUSTOMER = '5215512345678';
const NOW = new Date('2026-11-28T12:00:00Z');
const RECENT = new Date('2026-11-28T09:00:00Z');
const LONG_AGO = new Date('2026-11-26T12:00:00Z');

describe(WhatsAppClient.name, () => {
  const graph = new ScriptedGraphApi();
  const waits: number[] = [];
  const captured = captureLogger();
  let linesBefore = 0;
  /** The log lines of the current test. */
  const logLines = () => captured.lines().slice(linesBefore);

  beforeAll(() => graph.start(), 10_000);
  afterAll(() => graph.stop(), 10_000);
  beforeEach(() => {
    graph.reset();
    waits.length = 0;
    linesBefore = captured.lines().length;
  });

  function client(overrides: Partial<WhatsAppClientOptions> = {}, random = 0.5): WhatsAppClient {
    const options: WhatsAppClientOptions = {
      apiBaseUrl: graph.url,
      graphVersion: 'v26.0',
      accessToken: 'test-access-token',
      phoneNumberId: '106540352242922',
      outsideWindowTemplate: null,
      retry: { maxAttempts: 4, baseMs: 100, maxMs: 1000, pairRateMs: 6000 },
      requestTimeoutMs: 2000,
      ...overrides,
    };
    return new WhatsAppClient(options, captured.logger, {
      now: () => NOW,
      random: () => random,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
  }

  describe('sendText', () => {
    it('should post to /<version>/<phone-number-id>/messages with the token and return the wamid', async () => {
      const result = await client().sendText({
        to: CUSTOMER,
        text: 'Hola 👋',
        lastInboundAt: RECENT,
        replyTo: 'wamid.in',
      });
      expect(result).toEqual({
        status: 'sent',
        via: 'free-form',
        messages: [{ wamid: 'wamid.test-1', type: 'text', text: 'Hola 👋', payload: graph.received[0].body }],
      });
      expect(graph.received[0]).toEqual({
        url: '/v26.0/106540352242922/messages',
        authorization: 'Bearer test-access-token',
        body: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: CUSTOMER,
          context: { message_id: 'wamid.in' },
          type: 'text',
          text: { body: 'Hola 👋' },
        },
      });
    });

    it('should send 5,000 characters as 2 messages, in order', async () => {
      const text = `${'a'.repeat(2999)}.\n\n${'b'.repeat(2000)}`;
      const result = await client().sendText({ to: CUSTOMER, text, lastInboundAt: RECENT });
      expect(result.status === 'sent' && result.messages.map((m) => m.wamid)).toEqual(['wamid.test-1', 'wamid.test-2']);
      expect(graph.received.map((r) => (r.body.text as { body: string }).body)).toEqual([
        `${'a'.repeat(2999)}.`,
        'b'.repeat(2000),
      ]);
    });

    it('should send from another business number when asked', async () => {
      await client().sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT, phoneNumberId: '999' });
      expect(graph.received[0].url).toBe('/v26.0/999/messages');
    });

    it('should say which parts went out when a later part fails', async () => {
      graph.answer({ status: 200, body: sendOk(1) }, metaError(400, 131026, 'Message undeliverable', 'gone'));
      const text = `${'a'.repeat(4000)}\n\n${'b'.repeat(1000)}`;
      const error = await client()
        .sendText({ to: CUSTOMER, text, lastInboundAt: RECENT })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppApiError);
      expect((error as WhatsAppApiError).sent.map((m) => m.wamid)).toEqual(['wamid.test-1']);
    });
  });

  describe('outside the 24-hour window', () => {
    it('should send the configured template instead, and say so in the log', async () => {
      const result = await client({
        outsideWindowTemplate: { name: 'seguimiento_pedido', language: 'es_MX' },
      }).sendText({
        to: CUSTOMER,
        text: 'Hola de nuevo',
        lastInboundAt: LONG_AGO,
      });
      expect(result).toMatchObject({ status: 'sent', via: 'template', messages: [{ type: 'template' }] });
      expect(graph.received[0].body).toMatchObject({
        type: 'template',
        template: { name: 'seguimiento_pedido', language: { code: 'es_MX' } },
      });
      expect(logLines()).toContainEqual(
        expect.objectContaining({ level: 'warn', message: expect.stringContaining('outside the 24-hour window') }),
      );
    });

    it.each([
      ['whose last message is older than 24 hours', LONG_AGO],
      ['who never wrote', null],
    ])('should send nothing to a customer %s when no template is configured, and log it', async (_case, last) => {
      const result = await client().sendButtons({
        to: CUSTOMER,
        body: '¿Algo más?',
        buttons: [{ id: 'y', title: 'Sí' }],
        lastInboundAt: last,
      });
      expect(result).toEqual({ status: 'not-sent', reason: 'outside-window' });
      expect(graph.received).toEqual([]);
      expect(logLines()).toContainEqual(
        expect.objectContaining({ level: 'warn', outcome: 'rejected', reason: 'outside-window' }),
      );
    });
  });

  describe('interactive messages', () => {
    it('should send reply buttons in Meta shape', async () => {
      await client().sendButtons({
        to: CUSTOMER,
        header: 'Tenis Runner',
        body: '¿Qué talla?',
        footer: 'Envío gratis',
        buttons: [
          { id: 'size:26', title: '26' },
          { id: 'size:27', title: '27' },
        ],
        lastInboundAt: RECENT,
      });
      expect(graph.received[0].body.interactive).toEqual({
        type: 'button',
        header: { type: 'text', text: 'Tenis Runner' },
        body: { text: '¿Qué talla?' },
        footer: { text: 'Envío gratis' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'size:26', title: '26' } },
            { type: 'reply', reply: { id: 'size:27', title: '27' } },
          ],
        },
      });
    });

    it('should send a list in Meta shape', async () => {
      await client().sendList({
        to: CUSTOMER,
        body: 'Elige un modelo',
        button: 'Ver modelos',
        sections: [{ title: 'Running', rows: [{ id: 'sku-1', title: 'Runner 2', description: 'Ligero' }] }],
        lastInboundAt: RECENT,
      });
      expect(graph.received[0].body.interactive).toEqual({
        type: 'list',
        body: { text: 'Elige un modelo' },
        action: {
          button: 'Ver modelos',
          sections: [{ title: 'Running', rows: [{ id: 'sku-1', title: 'Runner 2', description: 'Ligero' }] }],
        },
      });
    });

    const row = (i: number) => ({ id: `r${i}`, title: `Fila ${i}` });
    it.each([
      ['4 buttons', { buttons: [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` })) }, /at most 3 buttons/],
      [
        'a button title of 21 characters',
        { buttons: [{ id: 'b', title: 'x'.repeat(21) }] },
        /title: must be at most 20/,
      ],
      [
        'two buttons with the same id',
        {
          buttons: [
            { id: 'b', title: 'Uno' },
            { id: 'b', title: 'Dos' },
          ],
        },
        /ids must be unique/,
      ],
      ['no buttons', { buttons: [] }, /at least 1 button/],
    ])('should refuse reply buttons with %s before sending', async (_case, input, message) => {
      const error = await client()
        .sendButtons({ to: CUSTOMER, body: 'b', lastInboundAt: RECENT, ...input })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppMessageInvalidError);
      expect((error as Error).message).toMatch(message);
      expect(graph.received).toEqual([]);
    });

    it.each([
      [
        '11 rows',
        [
          { title: 'A', rows: [1, 2, 3, 4, 5, 6].map(row) },
          { title: 'B', rows: [7, 8, 9, 10, 11].map(row) },
        ],
        /at most 10 rows/,
      ],
      ['a row title of 25 characters', [{ rows: [{ id: 'r', title: 'x'.repeat(25) }] }], /title: must be at most 24/],
      [
        'a description of 73 characters',
        [{ rows: [{ id: 'r', title: 'r', description: 'd'.repeat(73) }] }],
        /description: must be at most 72/,
      ],
      ['two sections without titles', [{ rows: [row(1)] }, { rows: [row(2)] }], /needs a title/],
    ])('should refuse a list with %s before sending', async (_case, sections, message) => {
      const error = await client()
        .sendList({ to: CUSTOMER, body: 'b', button: 'Ver', sections, lastInboundAt: RECENT })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppMessageInvalidError);
      expect((error as Error).message).toMatch(message);
      expect(graph.received).toEqual([]);
    });

    it.each([
      ['empty text', { text: '   ' }],
      ['a recipient that is no phone number', { to: 'not a phone' }],
    ])('should refuse %s before sending', async (_case, input) => {
      await expect(client().sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT, ...input })).rejects.toThrow(
        WhatsAppMessageInvalidError,
      );
      expect(graph.received).toEqual([]);
    });
  });

  it('should send a template', async () => {
    const result = await client().sendTemplate({ to: CUSTOMER, name: 'hello_world', language: 'en_US' });
    expect(result).toMatchObject({ status: 'sent', via: 'template' });
    expect(graph.received[0].body).toMatchObject({
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
  });

  it('should mark a message read with the typing indicator', async () => {
    graph.answer({ status: 200, body: { success: true } });
    await client().markAsRead('wamid.in');
    expect(graph.received[0].body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.in',
      typing_indicator: { type: 'text' },
    });
  });

  describe('retries', () => {
    it('should retry throughput errors (130429) with full-jitter exponential backoff', async () => {
      graph.answer(
        metaError(429, 130429, 'Rate limit hit', 'throughput'),
        metaError(429, 130429, 'Rate limit hit', 't'),
      );
      const result = await client({}, 1).sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT });
      expect(result.status).toBe('sent');
      expect(graph.received).toHaveLength(3);
      // random() = 1 gives the ceiling: base x 2^(n-1).
      expect(waits).toEqual([100, 200]);
    });

    it('should wait at least the pair-rate interval after 131056', async () => {
      graph.answer(metaError(400, 131056, '(Business Account, Consumer Account) pair rate limit hit', 'pair'));
      await client({}, 0).sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT });
      expect(waits).toEqual([6000]);
    });

    it('should cap the wait', async () => {
      graph.answer(...Array.from({ length: 3 }, () => metaError(500, 131000, 'Something went wrong', 'x')));
      await client({ retry: { maxAttempts: 4, baseMs: 800, maxMs: 1000, pairRateMs: 1 } }, 1).sendText({
        to: CUSTOMER,
        text: 'x',
        lastInboundAt: RECENT,
      });
      expect(waits).toEqual([800, 1000, 1000]);
    });

    it('should retry 5xx answers, then give up with a typed error', async () => {
      graph.answer(...Array.from({ length: 4 }, () => ({ status: 503, body: 'Service Unavailable' })));
      const error = await client()
        .sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppApiError);
      expect(error).toMatchObject({ attempts: 4, retryable: true, inDoubt: false, httpStatus: 503 });
      expect(graph.received).toHaveLength(4);
    });

    it('should not send again a message whose connection dropped mid-request: Meta may have it', async () => {
      graph.answer({ status: 503, body: 'Service Unavailable' }, 'hang-up');
      const error = await client()
        .sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppUnreachableError);
      expect(error).toMatchObject({ attempts: 2, retryable: true, inDoubt: true });
      expect((error as WhatsAppUnreachableError).messageError).toMatchObject({
        code: 0,
        title: 'Cloud API unreachable',
      });
      expect(graph.received).toHaveLength(2);
    });

    it('should send a read receipt again after a dropped connection (twice is harmless)', async () => {
      graph.answer('hang-up', 'hang-up');
      await client().markAsRead('wamid.in');
      expect(graph.received).toHaveLength(3);
    });

    it('should retry an address nothing listens on (the request never left), then give up', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const error = await client({
        apiBaseUrl: `http://127.0.0.1:${port}`,
        retry: { maxAttempts: 2, baseMs: 1, maxMs: 1, pairRateMs: 1 },
      })
        .sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppUnreachableError);
      expect(error).toMatchObject({ attempts: 2, retryable: true, inDoubt: false });
      expect(waits).toHaveLength(1);
    });

    it('should stop retrying once the caller aborts', async () => {
      graph.answer(...Array.from({ length: 4 }, () => metaError(429, 130429, 'Rate limit hit', 'throughput')));
      const controller = new AbortController();
      controller.abort();
      const error = await client()
        .sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT, signal: controller.signal })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppUnreachableError);
      expect(graph.received.length).toBeLessThanOrEqual(1);
      expect(waits).toEqual([]);
    });

    it('should send the callback data Meta echoes in statuses', async () => {
      await client().sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT, callbackData: 'outbox-id-1' });
      expect(graph.received[0].body).toMatchObject({ biz_opaque_callback_data: 'outbox-id-1' });
    });

    it.each([
      [400, 131047, 'Re-engagement message', 'More than 24 hours have passed since the customer last replied.'],
      [400, 131026, 'Message undeliverable', 'Unable to deliver message.'],
      [401, 190, 'Access token has expired', 'Session has expired.'],
      [400, 100, 'Invalid parameter', 'Unexpected key "foo".'],
    ])(
      'should not retry HTTP %i with code %i, and surface its code and title',
      async (status, code, title, details) => {
        graph.answer(metaError(status, code, title, details));
        const error = await client()
          .sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WhatsAppApiError);
        expect(error).toMatchObject({ code, title, details, httpStatus: status, fbtraceId: 'AbCdEf123', attempts: 1 });
        expect((error as WhatsAppApiError).messageError).toEqual({ code, title, details });
        expect(graph.received).toHaveLength(1);
        expect(waits).toEqual([]);
      },
    );
  });

  it('should never log the access token', async () => {
    graph.answer(metaError(401, 190, 'Access token has expired', 'Bearer test-access-token is expired'));
    await client()
      .sendText({ to: CUSTOMER, text: 'x', lastInboundAt: RECENT })
      .catch(() => undefined);
    expect(JSON.stringify(logLines())).not.toContain('test-access-token');
  });
});
