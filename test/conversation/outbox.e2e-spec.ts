import type { StoredMessage } from '@mostrador/database';
import { customerPhone } from '../whatsapp/meta-webhooks.js';
import { type Stack, startStack, until } from '../support/stack.js';

/** How long Meta's side stays down: the two minutes. */
const OUTAGE_MS = 120_000;
const CUSTOMERS = 4;
const QUESTIONS = ['hola', '¿a qué hora abren?', 'gracias'];

/**
 * The Graph API stand-in fails every send (HTTP 500, Meta's 131000) for two minutes while
 * customers keep writing. Every turn is answered into the outbox; once Meta is back, each
 * reply reaches its customer exactly once, in the order the conversation recorded them.
 */
describe('the outbox while the Cloud API is down for two minutes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      SEND_RETRY_BASE_MS: '1000',
      SEND_RETRY_MAX_MS: '5000',
      WHATSAPP_SEND_MAX_ATTEMPTS: '2',
      WHATSAPP_RETRY_BASE_MS: '50',
      TURN_COALESCE_MS: '100',
      // The WhatsApp breaker opens during the outage; after it, the first probe comes within 5 s.
      BREAKER_RESET_MS: '5000',
    });
  }, 120_000);
  afterAll(() => stack?.close(), 60_000);

  const graphFaults = (method: 'POST' | 'DELETE', body?: unknown) =>
    fetch(`${stack.sandboxUrl}/sandbox/graph-api/faults`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });

  const outboundOf = async (phone: string) =>
    (await stack.storedFor(phone)).filter((m): m is StoredMessage => m.direction === 'outbound');

  it(
    'should deliver every reply once, in order per conversation, after Meta comes back',
    async () => {
      expect((await graphFaults('POST', { code: '500' })).status).toBe(200);
      const outageStarted = Date.now();
      const phones = Array.from({ length: CUSTOMERS }, () => customerPhone());

      // Each customer asks, waits until that turn is answered into the outbox, asks again.
      for (const [asked, question] of QUESTIONS.entries()) {
        await Promise.all(phones.map((phone) => stack.say(phone, question)));
        await until(
          async () => {
            const stored = await Promise.all(phones.map((phone) => stack.storedFor(phone)));
            const answered = stored.map((messages) => messages.filter((m) => m.status === 'answered').length);
            return answered.every((n) => n === asked + 1) ? true : undefined;
          },
          `the turns for "${question}"`,
          60_000,
        );
      }
      const recorded = await Promise.all(phones.map(outboundOf));
      expect(recorded.every((replies) => replies.length >= QUESTIONS.length)).toBe(true);

      // Meta stays down: nothing arrives, everything waits in the outbox, tried again and again.
      await until(
        async () => {
          for (const phone of phones) expect(await stack.sentTo(phone)).toEqual([]);
          return Date.now() - outageStarted >= OUTAGE_MS ? true : undefined;
        },
        'the end of the outage',
        OUTAGE_MS + 30_000,
      );
      for (const replies of await Promise.all(phones.map(outboundOf))) {
        expect(replies.every((m) => m.status === 'queued')).toBe(true);
        // The head of each conversation's queue keeps being tried (and keeps Meta's last code);
        // the replies behind it wait their turn.
        expect(replies[0].error).toMatchObject({ code: 131000 });
        expect(replies.slice(1).every((m) => m.error === null || m.error.code === 131000)).toBe(true);
      }

      expect((await graphFaults('DELETE')).status).toBe(204);
      const delivered = await until(
        async () => {
          const sent = await Promise.all(phones.map((phone) => stack.sentTo(phone)));
          return sent.every((messages, i) => messages.length >= recorded[i].length) ? sent : undefined;
        },
        'every reply after the outage',
        60_000,
      );

      for (const [i, phone] of phones.entries()) {
        const replies = await outboundOf(phone);
        expect(replies.map((m) => m.status).filter((s) => s === 'queued' || s === 'failed')).toEqual([]);
        // Once each, in the order the conversation recorded them.
        expect(delivered[i].map((m) => m.payload.biz_opaque_callback_data)).toEqual(replies.map((m) => m.id));
        expect(delivered[i].map((m) => m.wamid)).toEqual(replies.map((m) => m.waMessageId));
      }
      // A last look after the sweeper's next rounds: nothing more went out.
      await until(
        async () =>
          (await Promise.all(phones.map(outboundOf))).flat().every((m) => m.status !== 'sent') ? true : undefined,
        "Meta's statuses for every reply",
        30_000,
      );
      const final = await Promise.all(phones.map((phone) => stack.sentTo(phone)));
      expect(final.map((messages) => messages.length)).toEqual(delivered.map((messages) => messages.length));
    },
    OUTAGE_MS + 240_000,
  );
});
