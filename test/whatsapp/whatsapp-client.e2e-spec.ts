import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  readWebhookEvents,
  SIGNATURE_HEADER,
  verifyWebhookSignature,
  WhatsAppApiError,
  WhatsAppClient,
  webhookPayloadSchema,
  type StatusUpdate,
} from '@mostrador/whatsapp';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { until } from '../support/until.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { customerPhone, wamid } from './meta-webhooks.js';

const APP_SECRET = 'client-suite-app-secret';
const ACCESS_TOKEN = 'client-suite-access-token';

/** A status as the sandbox sent it. */
interface SentStatus {
  id: string;
  status: string;
  biz_opaque_callback_data?: string;
}

/**
 * Stands in for the api's webhook: checks Meta's signature and keeps the statuses it takes,
 * as read by the api and as sent. Statuses of a message sent with `unavailableFor.callbackData`
 * are answered 503 (the api with its database down) the first `times` times.
 */
class StatusReceiver {
  readonly statuses: StatusUpdate[] = [];
  readonly sent: SentStatus[] = [];
  readonly refused: number[] = [];
  readonly unavailableFor = { callbackData: '', times: 0 };
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (!verifyWebhookSignature(raw, req.headers[SIGNATURE_HEADER], APP_SECRET).valid) {
          this.refused.push(Date.now());
          res.writeHead(401).end();
          return;
        }
        const json = JSON.parse(raw.toString('utf8')) as {
          entry: { changes: { value: { statuses?: SentStatus[] } }[] }[];
        };
        const payload = webhookPayloadSchema.parse(json);
        const statuses = json.entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses ?? []));
        const unavailable = this.unavailableFor;
        if (unavailable.times > 0 && statuses.some((s) => s.biz_opaque_callback_data === unavailable.callbackData)) {
          unavailable.times -= 1;
          res.writeHead(503).end();
          return;
        }
        this.statuses.push(...readWebhookEvents(payload).statuses);
        this.sent.push(...statuses);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/whatsapp`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('WhatsAppClient against the sandbox Graph API', () => {
  const receiver = new StatusReceiver();
  let sandbox: NestFastifyApplication;
  let sandboxUrl: string;
  let client: WhatsAppClient;
  const recent = () => new Date(Date.now() - 60_000);

  beforeAll(async () => {
    await receiver.start();
    const env = {
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
      SANDBOX_WEBHOOK_URL: receiver.url,
      SANDBOX_STATUS_DELAY_MS: '10',
    };
    const settings = testSettings(env);
    sandbox = await createSandboxApp(settings, captureLogger(settings).logger);
    await sandbox.listen({ port: 0, host: '127.0.0.1' });
    sandboxUrl = await sandbox.getUrl();
    const clientSettings = testSettings({
      ...env,
      WHATSAPP_API_BASE_URL: sandboxUrl,
      WHATSAPP_OUTSIDE_WINDOW_TEMPLATE: 'seguimiento_pedido',
      WHATSAPP_OUTSIDE_WINDOW_TEMPLATE_LANGUAGE: 'es_MX',
      WHATSAPP_RETRY_BASE_MS: '5',
      WHATSAPP_PAIR_RATE_RETRY_MS: '20',
    });
    client = new WhatsAppClient(clientSettings.whatsapp, captureLogger(clientSettings).logger);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    await receiver.stop();
  }, 60_000);
  afterEach(async () => {
    await fetch(`${sandboxUrl}/sandbox/graph-api/faults`, { method: 'DELETE' });
  }, 30_000);

  async function sentTo(to: string): Promise<{ wamid: string; type: string; payload: Record<string, unknown> }[]> {
    const response = await fetch(`${sandboxUrl}/sandbox/graph-api/messages?to=${to}`);
    return (
      (await response.json()) as { kind: string; wamid: string; type: string; payload: Record<string, unknown> }[]
    ).filter((e) => e.kind === 'message');
  }

  function injectFault(code: string, times?: number) {
    return fetch(`${sandboxUrl}/sandbox/graph-api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, ...(times !== undefined && { times }) }),
    });
  }

  const kinds: [string, (to: string) => Promise<unknown>][] = [
    ['text', (to) => client.sendText({ to, text: 'Hola, ¿en qué te ayudo? 👟', lastInboundAt: recent() })],
    [
      'reply buttons',
      (to) =>
        client.sendButtons({
          to,
          body: '¿Qué talla buscas?',
          buttons: [
            { id: 'size:26', title: '26' },
            { id: 'size:27', title: '27' },
            { id: 'size:28', title: '28' },
          ],
          lastInboundAt: recent(),
        }),
    ],
    [
      'list',
      (to) =>
        client.sendList({
          to,
          body: 'Estos modelos tenemos',
          button: 'Ver modelos',
          sections: [
            { title: 'Running', rows: [{ id: 'sku-1', title: 'Runner 2', description: 'Ligero, talla 22 a 30' }] },
            { title: 'Casual', rows: [{ id: 'sku-2', title: 'Urbano' }] },
          ],
          lastInboundAt: recent(),
        }),
    ],
    ['template', (to) => client.sendTemplate({ to, name: 'hello_world', language: 'en_US' })],
    [
      'read receipt with typing indicator',
      (to) => client.markAsRead(wamid(), { typingIndicator: true }).then(() => to),
    ],
  ];

  it.each(kinds)(
    'should have the sandbox accept a %s',
    async (kind, send) => {
      const to = customerPhone();
      const result = await send(to);
      if (kind.startsWith('read')) return;
      expect(result).toMatchObject({ status: 'sent', messages: [{ wamid: expect.stringMatching(/^wamid\./) }] });
      expect(await sentTo(to)).toHaveLength(1);
    },
    30_000,
  );

  it('should get sent, delivered and read back, signed, in that order', async () => {
    const to = customerPhone();
    const result = await client.sendText({ to, text: 'Tu pedido va en camino', lastInboundAt: recent() });
    const id = result.status === 'sent' ? result.messages[0].wamid : '';
    const statuses = await until(() => {
      const mine = receiver.statuses.filter((s) => s.waMessageId === id);
      return mine.length === 3 ? mine : undefined;
    }, 'three statuses');
    expect(statuses.map((s) => [s.status, s.recipient])).toEqual([
      ['sent', to],
      ['delivered', to],
      ['read', to],
    ]);
    expect(receiver.refused).toEqual([]);
  }, 30_000);

  it('should deliver statuses the api answered 503 later, in order, echoing biz_opaque_callback_data', async () => {
    Object.assign(receiver.unavailableFor, { callbackData: 'outbound:7f3c', times: 2 });
    const to = customerPhone();
    const response = await fetch(`${sandboxUrl}/v26.0/106540352242922/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ACCESS_TOKEN}` },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        to,
        type: 'text',
        text: { body: 'Tu pedido va en camino' },
        biz_opaque_callback_data: 'outbound:7f3c',
      }),
    });
    const { messages } = (await response.json()) as { messages: { id: string }[] };
    const statuses = await until(() => {
      const mine = receiver.sent.filter((s) => s.id === messages[0].id);
      return mine.length === 3 ? mine : undefined;
    }, 'three statuses after two 503s');
    expect(receiver.unavailableFor.times).toBe(0);
    expect(statuses.map((s) => [s.status, s.biz_opaque_callback_data])).toEqual([
      ['sent', 'outbound:7f3c'],
      ['delivered', 'outbound:7f3c'],
      ['read', 'outbound:7f3c'],
    ]);
  }, 30_000);

  it('should deliver a 5,000-character reply as 2 messages, in order', async () => {
    const to = customerPhone();
    const first = `${'Primera parte del catálogo. '.repeat(100).trim()}`;
    const second = `${'Segunda parte del catálogo. '.repeat(80).trim()}`;
    const text = `${first}\n\n${second}`;
    expect(text.length).toBeGreaterThanOrEqual(5000);
    const result = await client.sendText({ to, text, lastInboundAt: recent() });
    expect(result.status === 'sent' && result.messages.length).toBe(2);
    const received = await sentTo(to);
    expect(received.map((m) => (m.payload.text as { body: string }).body)).toEqual([first, second]);
    expect(result.status === 'sent' && result.messages.map((m) => m.wamid)).toEqual(received.map((m) => m.wamid));
  }, 30_000);

  it('should list only what came after an event, for a follower that polls', async () => {
    const to = customerPhone();
    await client.sendText({ to, text: 'uno', lastInboundAt: recent() });
    const [first] = (await (await fetch(`${sandboxUrl}/sandbox/graph-api/messages?to=${to}`)).json()) as {
      seq: number;
    }[];
    await client.sendText({ to, text: 'dos', lastInboundAt: recent() });
    const after = (await (
      await fetch(`${sandboxUrl}/sandbox/graph-api/messages?to=${to}&after=${first.seq}`)
    ).json()) as { payload: { text: { body: string } } }[];
    expect(after.map((e) => e.payload.text.body)).toEqual(['dos']);
    expect((await fetch(`${sandboxUrl}/sandbox/graph-api/messages?after=-1`)).status).toBe(400);
  }, 30_000);

  it('should send the configured template outside the 24-hour window', async () => {
    const to = customerPhone();
    const result = await client.sendText({
      to,
      text: 'Hola de nuevo',
      lastInboundAt: new Date(Date.now() - 25 * 3600_000),
    });
    expect(result).toMatchObject({ status: 'sent', via: 'template' });
    const [message] = await sentTo(to);
    expect(message.payload).toMatchObject({
      type: 'template',
      template: { name: 'seguimiento_pedido', language: { code: 'es_MX' } },
    });
  }, 30_000);

  it.each([
    ['130429', 2],
    ['131056', 1],
    ['500', 3],
  ])(
    'should retry injected %s (%i times) and then deliver once',
    async (code, times) => {
      await injectFault(code, times);
      const to = customerPhone();
      const result = await client.sendText({ to, text: 'Reintento', lastInboundAt: recent() });
      expect(result.status).toBe('sent');
      expect(await sentTo(to)).toHaveLength(1);
    },
    30_000,
  );

  it.each([
    ['131047', 131047, 'Re-engagement message'],
    ['131026', 131026, 'Message undeliverable'],
    ['190', 190, 'Access token has expired'],
  ])(
    'should not retry injected %s and surface code and title',
    async (fault, code, title) => {
      await injectFault(fault);
      const to = customerPhone();
      const error = await client.sendText({ to, text: 'x', lastInboundAt: recent() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WhatsAppApiError);
      expect(error).toMatchObject({ code, title, attempts: 1 });
      expect((error as WhatsAppApiError).messageError).toEqual({ code, title, details: expect.any(String) });
      expect(await sentTo(to)).toEqual([]);
      const faults = (await (await fetch(`${sandboxUrl}/sandbox/graph-api/faults`)).json()) as unknown[];
      expect(faults).toEqual([{ code: fault, times: null }]);
    },
    30_000,
  );

  it('should give up on 130429 after the configured tries', async () => {
    await injectFault('130429');
    const error = await client
      .sendText({ to: customerPhone(), text: 'x', lastInboundAt: recent() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 130429, attempts: 4 });
  }, 30_000);

  describe('the stand-in checks as Meta does', () => {
    const post = (body: unknown, token = ACCESS_TOKEN) =>
      fetch(`${sandboxUrl}/v26.0/106540352242922/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const text = (body: string) => ({
      messaging_product: 'whatsapp',
      to: customerPhone(),
      type: 'text',
      text: { body },
    });

    it.each([
      ['a wrong token', text('x'), 'wrong-token', 401, 190],
      ['a text of 4,097 characters', text('x'.repeat(4097)), ACCESS_TOKEN, 400, 131009],
      [
        'a missing recipient',
        { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } },
        ACCESS_TOKEN,
        400,
        131008,
      ],
      [
        'an unknown type',
        { messaging_product: 'whatsapp', to: '5215512345678', type: 'hologram' },
        ACCESS_TOKEN,
        400,
        100,
      ],
    ])(
      'should answer %s with Meta error body',
      async (_case, body, token, status, code) => {
        const response = await post(body, token);
        expect(response.status).toBe(status);
        expect(await response.json()).toEqual({
          error: {
            message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)),
            type: 'OAuthException',
            code,
            error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
            fbtrace_id: expect.any(String),
          },
        });
      },
      30_000,
    );
  });
});
