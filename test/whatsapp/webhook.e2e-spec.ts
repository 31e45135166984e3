import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { jest } from '@jest/globals';
import { TurnScheduler } from '@mostrador/conversation';
import { ConversationStore, type CustomerProfile, type StoredMessage } from '@mostrador/database';
import { signWebhookBody, toMetaJson } from '@mostrador/whatsapp';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { captureLogger, type CapturedLogger, testSettings } from '../support/capture-logger.js';
import {
  createPgliteDataDir,
  createPostgresTestDatabase,
  describeWithPostgres,
  type PgliteDataDir,
  type PostgresTestDatabase,
} from '../support/database.js';
import {
  BUSINESS,
  contactOf,
  customerPhone,
  failedStatus,
  MESSAGE_CASES,
  messageFrom,
  messagesWebhook,
  now,
  REENGAGEMENT_ERROR,
  type Sender,
  statusOf,
  statusesWebhook,
  wamid,
  webhook,
} from './meta-webhooks.js';

const APP_SECRET = 'webhook-suite-app-secret';
const VERIFY_TOKEN = 'webhook-suite-verify-token';
const BODY_LIMIT = 256 * 1024;

type Json = Record<string, unknown>;

/** Where the api keeps its data, and how to take the database away and give it back. */
interface Backend {
  env(): Promise<Record<string, string>>;
  /** The database stops answering. */
  stop(api: Api): Promise<void>;
  /** It is back; returns the api to retry against (a restarted one if it had to be). */
  start(api: Api): Promise<Api>;
  cleanup(): Promise<void>;
}

class Api {
  readonly captured: CapturedLogger;
  private constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
    captured: CapturedLogger,
  ) {
    this.captured = captured;
  }

  static async boot(env: Record<string, string>): Promise<Api> {
    const settings = testSettings({
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      BODY_LIMIT_BYTES: String(BODY_LIMIT),
      LOG_LEVEL: 'debug',
      ...env,
    });
    const captured = captureLogger(settings);
    const app = await createApiApp(settings, captured.logger);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return new Api(app, await app.getUrl(), captured);
  }

  get store(): ConversationStore {
    return this.app.get(ConversationStore);
  }

  get scheduler(): TurnScheduler {
    return this.app.get(TurnScheduler, { strict: false });
  }

  /** Posts a body exactly as given (bytes), signed unless told otherwise. */
  post(body: string, options: { signature?: string | null; headers?: Record<string, string> } = {}) {
    const signature = options.signature === undefined ? signWebhookBody(body, APP_SECRET) : options.signature;
    return fetch(`${this.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature !== null && { 'x-hub-signature-256': signature }),
        ...options.headers,
      },
      body,
    });
  }

  /** A payload as Meta sends it: non-ASCII escaped, signed over those bytes. */
  postPayload(payload: unknown) {
    return this.post(toMetaJson(payload));
  }

  async customer(ref: { phoneNumber: string } | { userId: string }): Promise<CustomerProfile | null> {
    return (await this.store.getCustomer(ref))?.customer ?? null;
  }

  /** Every message of a customer, oldest first. */
  async messagesOf(ref: { phoneNumber: string } | { userId: string }): Promise<StoredMessage[]> {
    const found = await this.store.getCustomer(ref);
    if (found === null) return [];
    const all: StoredMessage[] = [];
    for (const conversation of found.conversations) {
      let cursor: string | null = null;
      do {
        const page = await this.store.getConversationMessages({ conversationId: conversation.id, cursor, limit: 100 });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
    }
    return all.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

function webhookSuite(name: string, makeBackend: () => Backend): void {
  describe(name, () => {
    const backend = makeBackend();
    let api: Api;

    beforeAll(async () => {
      api = await Api.boot(await backend.env());
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await backend.cleanup();
    }, 60_000);

    /** A customer's first text, stored: the conversation to hang outbound messages on. */
    async function conversationWith(sender: Sender): Promise<string> {
      const response = await api.postPayload(
        messagesWebhook(sender, [messageFrom(sender, 'text', { text: { body: 'Hola' } })]),
      );
      expect(response.status).toBe(200);
      const [message] = await api.messagesOf({ phoneNumber: sender.phone! });
      return message.conversationId;
    }

    /** A reply through the outbox, sent: its wamid. */
    async function outboundMessage(conversationId: string): Promise<string> {
      const id = wamid();
      const text = 'Tenemos la talla 27';
      const {
        messages: [message],
      } = await api.store.enqueueOutbound({
        conversationId,
        key: `test:${id}`,
        drafts: [{ type: 'text', text, payload: { kind: 'text', text } }],
        retryWindowSeconds: 60,
      });
      const taken = await api.store.takeOutbound({ conversationId, leaseSeconds: 60 });
      if (taken.kind !== 'send') throw new Error(`expected the reply to be due, got ${taken.kind}`);
      await api.store.finishOutbound({
        messageId: message.messageId,
        attempt: taken.send.attempt,
        result: { outcome: 'sent', waMessageId: id },
      });
      return id;
    }

    async function statusOfMessage(phone: string, id: string): Promise<StoredMessage> {
      const found = (await api.messagesOf({ phoneNumber: phone })).find((m) => m.waMessageId === id);
      if (!found) throw new Error(`message ${id} not stored`);
      return found;
    }

    describe('GET verification', () => {
      const verify = (query: string) => fetch(`${api.url}/webhooks/whatsapp?${query}`);

      it('should echo hub.challenge as plain text when the token matches', async () => {
        const response = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toBe('1158201444');
      }, 30_000);

      it.each([
        ['a wrong token', `hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`, 403],
        ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, 403],
        ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`, 400],
      ])(
        'should refuse %s',
        async (_case, query, status) => {
          const response = await verify(query);
          expect(response.status).toBe(status);
          expect(await response.text()).not.toContain('1158201444');
        },
        30_000,
      );
    });

    describe('every message type Meta documents', () => {
      it.each(MESSAGE_CASES.map((c) => [c.name, c] as const))(
        'should store a %s message',
        async (_name, testCase) => {
          const sender = { phone: customerPhone(), name: 'María José' };
          const earlier = wamid();
          const message = testCase.build(sender, earlier);
          const response = await api.postPayload(messagesWebhook(sender, [message], !testCase.withoutContacts));
          expect(response.status).toBe(200);
          const stored = await api.messagesOf({ phoneNumber: sender.phone });
          expect(stored).toHaveLength(1);
          expect(stored[0]).toMatchObject({
            direction: 'inbound',
            waMessageId: message.id,
            type: testCase.type,
            text: testCase.text,
            payload: message,
            status: 'received',
            replyToWaMessageId: testCase.refersToEarlier ? earlier : null,
            sentAt: new Date(Number(message.timestamp) * 1000),
          });
        },
        30_000,
      );

      it('should store a message from a sender with a business-scoped user id and no phone', async () => {
        const userId = `MX.${String(Date.now())}${String(Math.floor(Math.random() * 1e6))}`;
        const sender = { userId, name: 'Ana', username: 'ana.runs' };
        const message = messageFrom(sender, 'text', { text: { body: 'Hola desde mi usuario' } });
        expect((await api.postPayload(messagesWebhook(sender, [message]))).status).toBe(200);
        expect(await api.customer({ userId })).toMatchObject({ userId, phoneNumber: null, displayName: 'Ana' });
        expect(await api.messagesOf({ userId })).toMatchObject([
          { waMessageId: message.id, text: 'Hola desde mi usuario' },
        ]);
      }, 30_000);

      it('should store accents, emoji and right-to-left text, signed over the escaped bytes Meta sends', async () => {
        const sender = { phone: customerPhone(), name: 'Ñoño Pérez' };
        const body = 'Ñandú, ¿tenéis talla 27? 👟🏽 مرحبا שלום — “quotes” \u200f';
        const message = messageFrom(sender, 'text', { text: { body } });
        const raw = toMetaJson(messagesWebhook(sender, [message]));
        expect([...raw].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
        expect((await api.post(raw)).status).toBe(200);
        expect(await api.messagesOf({ phoneNumber: sender.phone })).toMatchObject([{ text: body }]);
        expect(await api.customer({ phoneNumber: sender.phone })).toMatchObject({ displayName: 'Ñoño Pérez' });
      }, 30_000);

      it('should store a text carrying a NUL character, without it (Postgres cannot hold one)', async () => {
        const sender = { phone: customerPhone() };
        const message = messageFrom(sender, 'text', {
          text: { body: 'talla\u000027' },
          extra: { 'k\u0000': 'v\u0000' },
        });
        expect((await api.postPayload(messagesWebhook(sender, [message]))).status).toBe(200);
        expect(await api.messagesOf({ phoneNumber: sender.phone })).toMatchObject([
          { text: 'talla27', payload: { text: { body: 'talla27' }, extra: { k: 'v' } } },
        ]);
      }, 30_000);

      it('should store a text carrying a lone UTF-16 surrogate, as U+FFFD', async () => {
        const sender = { phone: customerPhone() };
        const message = messageFrom(sender, 'text', { text: { body: 'talla \ud800 27' } });
        const response = await api.postPayload(messagesWebhook(sender, [message]));
        expect(response.status).toBe(200);
        expect(await api.messagesOf({ phoneNumber: sender.phone })).toMatchObject([
          { text: 'talla \ufffd 27', payload: { text: { body: 'talla \ufffd 27' } } },
        ]);
      }, 30_000);

      it('should store every message of a batch when one carries JSON nested 5,000 deep', async () => {
        const sender = { phone: customerPhone() };
        const messages = ['antes', 'profundo', 'después'].map((body) =>
          messageFrom(sender, 'text', { text: { body } }),
        );
        messages[1].extra = '__DEEP__';
        // Written out by hand: JSON.stringify itself gives up at this depth.
        const deep = '{"a":'.repeat(5000) + '"x"' + '}'.repeat(5000);
        const raw = toMetaJson(messagesWebhook(sender, messages)).replace('"__DEEP__"', deep);
        const response = await api.post(raw);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ messages: { received: 3, stored: 3, refused: 0 } });
        const stored = await api.messagesOf({ phoneNumber: sender.phone });
        expect(stored.map((m) => m.text)).toEqual(['antes', 'profundo', 'después']);
        expect(JSON.stringify(stored[1].payload)).toContain('[nested too deep to store]');
      }, 30_000);

      it('should also verify a body sent as raw UTF-8', async () => {
        const sender = { phone: customerPhone() };
        const message = messageFrom(sender, 'text', { text: { body: 'Crème brûlée 🍮' } });
        expect((await api.post(JSON.stringify(messagesWebhook(sender, [message])))).status).toBe(200);
        expect(await api.messagesOf({ phoneNumber: sender.phone })).toMatchObject([{ text: 'Crème brûlée 🍮' }]);
      }, 30_000);
    });

    describe('statuses', () => {
      const permutations = <T>(items: T[]): T[][] =>
        items.length <= 1
          ? [items]
          : items.flatMap((item, i) =>
              permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
            );

      const cases: [string[], string, boolean][] = [
        ...permutations(['sent', 'delivered', 'read']).map((order): [string[], string, boolean] => [
          order,
          'read',
          false,
        ]),
        [['sent', 'delivered', 'played'], 'played', false],
        [['played', 'read', 'delivered'], 'played', false],
        [['failed', 'sent', 'delivered', 'read'], 'failed', true],
        [['sent', 'failed', 'delivered'], 'failed', true],
        [['delivered', 'failed'], 'delivered', false],
        [['read', 'failed', 'sent'], 'read', false],
      ];

      it.each(cases)(
        'should end %j as %s',
        async (order, expected, failed) => {
          const phone = customerPhone();
          const id = await outboundMessage(await conversationWith({ phone }));
          for (const status of order) {
            const payload = statusesWebhook([
              status === 'failed' ? failedStatus(id, now(), phone) : statusOf(id, status, now(), phone),
            ]);
            expect((await api.postPayload(payload)).status).toBe(200);
          }
          const stored = await statusOfMessage(phone, id);
          expect(stored.status).toBe(expected);
          expect(stored.error).toEqual(
            failed
              ? {
                  code: REENGAGEMENT_ERROR.code,
                  title: REENGAGEMENT_ERROR.title,
                  details: REENGAGEMENT_ERROR.error_data.details,
                }
              : null,
          );
        },
        30_000,
      );

      it('should answer 200 to a status of a message it never sent', async () => {
        const response = await api.postPayload(
          statusesWebhook([statusOf(wamid(), 'delivered', now(), customerPhone())]),
        );
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ statuses: { received: 1, applied: 0, ignored: 1 } });
      }, 30_000);
    });

    it('should handle a batch of 5 messages and 3 statuses across entries and changes', async () => {
      const a = { phone: customerPhone(), name: 'A' };
      const b = { phone: customerPhone(), name: 'B' };
      const outbound = await outboundMessage(await conversationWith(a));
      const texts = ['uno', 'dos', 'tres', 'cuatro', 'cinco'];
      const [m1, m2, m3, m4, m5] = texts.map((text, i) =>
        messageFrom(i % 2 === 0 ? a : b, 'text', { text: { body: text } }),
      );
      const payload = webhook({ contacts: [contactOf(a), contactOf(b)], messages: [m1, m2, m3] }, [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: BUSINESS,
            statuses: [statusOf(outbound, 'sent', now(), a.phone)],
          },
        },
      ]);
      (payload.entry as Json[]).push({
        id: 'another-entry',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: BUSINESS,
              contacts: [contactOf(b), contactOf(a)],
              messages: [m4, m5],
              statuses: [statusOf(outbound, 'delivered', now(), a.phone), statusOf(outbound, 'read', now(), a.phone)],
            },
          },
        ],
      });
      const response = await api.postPayload(payload);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        messages: { received: 5, stored: 5, duplicates: 0, erased: 0, refused: 0, rateLimited: 0 },
        statuses: { received: 3, applied: 2, ignored: 1, refused: 0 },
        errors: 0,
      });
      const ofA = (await api.messagesOf({ phoneNumber: a.phone }))
        .filter((m) => m.direction === 'inbound')
        .map((m) => m.text);
      const ofB = (await api.messagesOf({ phoneNumber: b.phone })).map((m) => m.text);
      expect(ofA).toEqual(['Hola', 'uno', 'tres', 'cinco']);
      expect(ofB).toEqual(['dos', 'cuatro']);
      expect((await statusOfMessage(a.phone, outbound)).status).toBe('read');
    }, 30_000);

    it('should answer 200 to errors Meta reports at value level, storing nothing', async () => {
      const payload = webhook({
        errors: [
          {
            code: 131000,
            title: 'Something went wrong',
            message: 'Something went wrong',
            error_data: { details: 'x' },
          },
        ],
      });
      const response = await api.postPayload(payload);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ errors: 1, messages: { received: 0 } });
      expect(api.captured.lines()).toContainEqual(
        expect.objectContaining({ event: 'whatsapp_webhook_error', code: 131000 }),
      );
    }, 30_000);

    describe('signatures', () => {
      const sender = () => ({ phone: customerPhone() });
      const body = (s: Sender) =>
        toMetaJson(messagesWebhook(s, [messageFrom(s, 'text', { text: { body: 'Hola señor' } })]));

      it.each([
        ['missing', () => null],
        ['empty', () => ''],
        ['forged with another secret', (raw: string) => signWebhookBody(raw, 'not-the-app-secret')],
        ['malformed (no sha256= prefix)', (raw: string) => signWebhookBody(raw, APP_SECRET).slice(7)],
        ['malformed (truncated)', (raw: string) => signWebhookBody(raw, APP_SECRET).slice(0, 40)],
        ['malformed (not hex)', () => `sha256=${'g'.repeat(64)}`],
        ['over a re-serialised body', (raw: string) => signWebhookBody(JSON.stringify(JSON.parse(raw)), APP_SECRET)],
      ])(
        'should answer 401 to a signature %s, store nothing and log a security event',
        async (_case, sign) => {
          const s = sender();
          const raw = body(s);
          const response = await api.post(raw, { signature: sign(raw) });
          expect(response.status).toBe(401);
          expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
          expect(await api.customer({ phoneNumber: s.phone })).toBeNull();
          expect(api.captured.lines()).toContainEqual(
            expect.objectContaining({
              event: 'security',
              securityEvent: 'webhook_signature_rejected',
              requestId: response.headers.get('x-request-id'),
            }),
          );
        },
        30_000,
      );

      it('should answer 401 to a body changed after it was signed', async () => {
        const s = sender();
        const raw = body(s);
        const response = await api.post(raw.replace('Hola', 'Adios'), { signature: signWebhookBody(raw, APP_SECRET) });
        expect(response.status).toBe(401);
        expect(await api.customer({ phoneNumber: s.phone })).toBeNull();
      }, 30_000);
    });

    describe('bad bodies', () => {
      it('should answer 400 to malformed JSON', async () => {
        expect((await api.post('{"object":"whatsapp_business_account","entry":[')).status).toBe(400);
      }, 30_000);

      it('should answer 400, saying where, to a payload that is not a webhook, and store nothing', async () => {
        const s = { phone: customerPhone() };
        const response = await api.postPayload(
          messagesWebhook(s, [{ from: s.phone, timestamp: now(), type: 'text', text: { body: 'x' } }]),
        );
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ message: expect.stringMatching(/messages\[0\]\.id/) });
        expect(await api.customer({ phoneNumber: s.phone })).toBeNull();
      }, 30_000);

      it('should answer 415 to a signed body that is not JSON, and store nothing', async () => {
        const s = { phone: customerPhone() };
        const raw = toMetaJson(messagesWebhook(s, [messageFrom(s, 'text', { text: { body: 'hola' } })]));
        const response = await api.post(raw, { headers: { 'content-type': 'text/plain' } });
        expect(response.status).toBe(415);
        expect(await response.json()).toMatchObject({ message: 'Webhooks must be sent as application/json' });
        expect(await api.customer({ phoneNumber: s.phone })).toBeNull();
      }, 30_000);

      it('should answer 413 to a body over the limit', async () => {
        const s = { phone: customerPhone() };
        const raw = toMetaJson(
          messagesWebhook(s, [messageFrom(s, 'text', { text: { body: 'x'.repeat(BODY_LIMIT) } })]),
        );
        const response = await api.post(raw);
        expect(response.status).toBe(413);
        expect(await api.customer({ phoneNumber: s.phone })).toBeNull();
      }, 30_000);
    });

    it('should store nothing again when Meta retries a message of a customer erased since', async () => {
      const sender = { phone: customerPhone() };
      const raw = toMetaJson(messagesWebhook(sender, [messageFrom(sender, 'text', { text: { body: 'hola' } })]));
      expect((await api.post(raw)).status).toBe(200);
      const customer = await api.customer({ phoneNumber: sender.phone });
      await api.store.eraseCustomer(customer!.id);
      const retry = await api.post(raw);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ messages: { received: 1, stored: 0, erased: 1 } });
      expect(await api.customer({ phoneNumber: sender.phone })).toBeNull();
    }, 30_000);

    it('should store a message Meta delivers 10 times at once only once, and schedule its turn once', async () => {
      const s = { phone: customerPhone() };
      const raw = toMetaJson(messagesWebhook(s, [messageFrom(s, 'text', { text: { body: '¿Precio?' } })]));
      const schedule = jest.spyOn(api.scheduler, 'schedule');
      try {
        const responses = await Promise.all(Array.from({ length: 10 }, () => api.post(raw)));
        expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
        const receipts = (await Promise.all(responses.map((r) => r.json()))) as {
          messages: { stored: number; duplicates: number };
        }[];
        expect(receipts.reduce((n, r) => n + r.messages.stored, 0)).toBe(1);
        expect(receipts.reduce((n, r) => n + r.messages.duplicates, 0)).toBe(9);
        const stored = await api.messagesOf({ phoneNumber: s.phone });
        expect(stored).toHaveLength(1);
        expect(schedule.mock.calls).toEqual([[stored[0].conversationId]]);
      } finally {
        schedule.mockRestore();
      }
    }, 30_000);

    it('should answer 503 while the database is down, then 200 to Meta’s retry, with nothing lost', async () => {
      const s = { phone: customerPhone(), name: 'Paciente' };
      const messages = [1, 2, 3].map((n) => messageFrom(s, 'text', { text: { body: `mensaje ${n}` } }));
      const raw = toMetaJson(messagesWebhook(s, messages));
      await backend.stop(api);
      try {
        const down = await api.post(raw);
        expect(down.status).toBe(503);
        expect(await down.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      } finally {
        api = await backend.start(api);
      }
      const retried = await api.post(raw);
      expect(retried.status).toBe(200);
      const again = await api.post(raw);
      expect(await again.json()).toMatchObject({ messages: { stored: 0, duplicates: 3 } });
      const stored = await api.messagesOf({ phoneNumber: s.phone });
      expect(stored.map((m) => m.text)).toEqual(['mensaje 1', 'mensaje 2', 'mensaje 3']);
    }, 120_000);
  });
}

webhookSuite('POST /webhooks/whatsapp on PGlite', () => {
  let data: PgliteDataDir;
  return {
    async env() {
      data = await createPgliteDataDir();
      return data.env;
    },
    // A closed PGlite answers nothing; the api comes back as a new process would, on the same data.
    stop: (api) => api.store.close(),
    async start(api) {
      await api.close();
      return Api.boot(data.env);
    },
    cleanup: async () => data?.cleanup(),
  };
});

/** A TCP hop between the api and Postgres: stopping it is the database going away. */
class Hop {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describeWithPostgres('POST /webhooks/whatsapp on Postgres', () => {
  let database: PostgresTestDatabase;
  let hop: Hop;
  webhookSuite('(pg Pool)', () => ({
    async env() {
      database = await createPostgresTestDatabase('s4');
      const target = new URL(database.url);
      hop = new Hop({ host: target.hostname, port: Number(target.port || 5432) });
      await hop.start();
      target.host = `127.0.0.1:${hop.port}`;
      return { DATABASE_URL: target.toString(), DATABASE_CONNECT_TIMEOUT_MS: '1000' };
    },
    stop: () => hop.stop(),
    async start(api) {
      await hop.start();
      return api;
    },
    async cleanup() {
      await hop?.stop();
      await database?.drop();
    },
  }));
});
