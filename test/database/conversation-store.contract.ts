import { randomUUID } from 'node:crypto';
import {
  type ConversationStore,
  type DeliveryStatus,
  type InboundMessageInput,
  type InboundMessageResult,
  type MessageStatus,
  type CreateOrderRequestInput,
  type OrderStatus,
  type OutboundDraft,
  type OutboundSend,
  StoreQueryError,
} from '@mostrador/database';
import fc from 'fast-check';

/**
 * What every `ConversationStore` adapter must do, run against each of them (PGlite, Postgres
 * through `pg`, Supabase through supabase-js). The behaviour lives in the SQL functions, so
 * this is also the specification of the data API.
 */
export interface ContractHarness {
  store: ConversationStore;
  /** The same adapter connected as Supabase's anon role (what a leaked anon key reaches). */
  anonStore: ConversationStore;
  /** Raw SQL on the same database as its owner: to look behind the API, or to move time. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const BUSINESS = '100000000000001';
const OTHER_BUSINESS = '100000000000002';

export function newPhone(): string {
  return `5215${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
}

export function inbound(overrides: Partial<InboundMessageInput> = {}): InboundMessageInput {
  return {
    waMessageId: `wamid.${randomUUID()}`,
    phoneNumberId: BUSINESS,
    customer: { phoneNumber: newPhone(), displayName: 'Ana' },
    type: 'text',
    text: 'hola',
    payload: { text: { body: 'hola' } },
    sentAt: new Date(),
    ...overrides,
  };
}

/** The reference model of delivery statuses the SQL must follow. */
const RANK: Partial<Record<MessageStatus, number>> = { queued: 0, sent: 1, delivered: 2, read: 3, played: 3 };
function modelNext(current: MessageStatus, next: DeliveryStatus): MessageStatus {
  if (!['queued', 'sent', 'delivered'].includes(current)) return current;
  if (next === 'failed') return current === 'queued' || current === 'sent' ? 'failed' : current;
  return RANK[next]! > RANK[current]! ? next : current;
}

/** A message stored (not refused as an erased customer's): its ids. */
export function stored(result: InboundMessageResult): Extract<InboundMessageResult, { erased: false }> {
  if (result.erased) throw new Error('the message was refused as an erased customer’s');
  return result;
}

async function rejection(promise: Promise<unknown>): Promise<StoreQueryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreQueryError) return error;
    throw error;
  }
  throw new Error('expected a StoreQueryError');
}

export function describeConversationStoreContract(adapter: string, open: () => Promise<ContractHarness>): void {
  describe(`ConversationStore contract: ${adapter}`, () => {
    let h: ContractHarness;
    let store: ConversationStore;

    // The first suite on a machine builds the migrated template (≈ 5–10 s); later ones copy it.
    beforeAll(async () => {
      h = await open();
      store = h.store;
    }, 120_000);
    afterAll(() => h?.close(), 60_000);

    const count = async (table: string, where = 'true', params: unknown[] = []) =>
      (await h.sql<{ n: number }>(`select count(*)::int as n from public.${table} where ${where}`, params))[0].n;

    /** A conversation with one unanswered inbound message. */
    async function conversationWithMessage(overrides: Partial<InboundMessageInput> = {}) {
      const input = inbound(overrides);
      return { input, ...stored(await store.recordInboundMessage(input)) };
    }

    function draft(text = 'respuesta'): OutboundDraft {
      return { type: 'text', text, payload: { kind: 'text', text } };
    }

    const newKey = () => `reply:${randomUUID()}`;

    const WINDOW = 1800;

    /** Takes the conversation's next message for sending; fails the test when there is none due. */
    async function take(conversationId: string, leaseSeconds = 60): Promise<OutboundSend> {
      const taken = await store.takeOutbound({ conversationId, leaseSeconds });
      if (taken.kind !== 'send') throw new Error(`expected a message to send, got ${taken.kind}`);
      return taken.send;
    }

    /** One outbound message through the outbox: left queued, sent (with a wamid) or failed. */
    async function outbound(conversationId: string, status: 'queued' | 'sent' | 'failed' = 'sent') {
      const {
        messages: [message],
      } = await store.enqueueOutbound({ conversationId, key: newKey(), drafts: [draft()], retryWindowSeconds: WINDOW });
      if (status === 'queued') return { messageId: message.messageId, waMessageId: null };
      const send = await take(conversationId);
      expect(send.message.id).toBe(message.messageId);
      const waMessageId = status === 'sent' ? `wamid.${randomUUID()}` : null;
      await store.finishOutbound({
        messageId: message.messageId,
        attempt: send.attempt,
        result:
          status === 'sent'
            ? { outcome: 'sent', waMessageId }
            : { outcome: 'failed', error: { code: 131026, title: 'Message undeliverable', details: null } },
      });
      return { messageId: message.messageId, waMessageId };
    }

    /** Moves a queued message's next attempt (or its deadline) into the past, as time would. */
    const makeDue = (messageId: string, column: 'next_attempt_at' | 'send_deadline' = 'next_attempt_at') =>
      h.sql(`update public.messages set ${column} = now() - interval '1 second' where id = $1`, [messageId]);

    it('should report its adapter kind and answer ping', async () => {
      expect(store.kind).toBe(adapter);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('recordInboundMessage', () => {
      it('should store a new message, opening a conversation and a customer profile', async () => {
        const input = inbound({ customer: { phoneNumber: newPhone(), displayName: 'Lucía' } });
        const result = stored(await store.recordInboundMessage(input));
        expect(result).toEqual({
          conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          messageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          customerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          isNew: true,
          conversationOpened: true,
          erased: false,
        });
        const context = (await store.getTurnContext(result.conversationId, 10))!;
        expect(context.customer).toMatchObject({
          id: result.customerId,
          phoneNumber: input.customer.phoneNumber,
          displayName: 'Lucía',
          messageCount: 1,
          optedOut: false,
          facts: {},
        });
        expect(context.conversation).toMatchObject({
          id: result.conversationId,
          phoneNumberId: BUSINESS,
          status: 'active',
          messageCount: 1,
        });
        expect(context.conversation.lastInboundAt).toBeInstanceOf(Date);
        expect(context.recentMessages).toEqual([
          expect.objectContaining({
            id: result.messageId,
            direction: 'inbound',
            waMessageId: input.waMessageId,
            type: 'text',
            text: 'hola',
            payload: { text: { body: 'hola' } },
            status: 'received',
            error: null,
          }),
        ]);
        expect(context.recentMessages[0].sentAt?.getTime()).toBe(input.sentAt.getTime());
      });

      it('should store the same wamid sent 10 times at once exactly once', async () => {
        const input = inbound();
        const results = (await Promise.all(Array.from({ length: 10 }, () => store.recordInboundMessage(input)))).map(
          stored,
        );
        expect(results.filter((r) => r.isNew)).toHaveLength(1);
        expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
        expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
        expect(await count('messages', 'wa_message_id = $1', [input.waMessageId])).toBe(1);
        const context = (await store.getTurnContext(results[0].conversationId, 10))!;
        expect(context.customer.messageCount).toBe(1);
        expect(context.conversation.messageCount).toBe(1);
      });

      it('should give a new customer writing 10 messages at once one profile and one conversation', async () => {
        const phoneNumber = newPhone();
        const results = (
          await Promise.all(
            Array.from({ length: 10 }, () => store.recordInboundMessage(inbound({ customer: { phoneNumber } }))),
          )
        ).map(stored);
        expect(results.every((r) => r.isNew)).toBe(true);
        expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
        expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
        expect(results.filter((r) => r.conversationOpened)).toHaveLength(1);
        expect(await count('user_profiles', 'phone_number = $1', [phoneNumber])).toBe(1);
        const context = (await store.getTurnContext(results[0].conversationId, 20))!;
        expect(context.customer.messageCount).toBe(10);
        expect(context.conversation.messageCount).toBe(10);
      });

      it('should change nothing for a wamid already stored (a Meta retry)', async () => {
        const first = await conversationWithMessage();
        const before = (await store.getTurnContext(first.conversationId, 10))!;
        const again = await store.recordInboundMessage({
          ...first.input,
          text: 'changed',
          customer: { phoneNumber: first.input.customer.phoneNumber, displayName: 'Other' },
        });
        expect(again).toEqual({
          conversationId: first.conversationId,
          messageId: first.messageId,
          customerId: first.customerId,
          isNew: false,
          conversationOpened: false,
          erased: false,
        });
        const after = (await store.getTurnContext(first.conversationId, 10))!;
        expect(after.customer).toEqual(before.customer);
        expect(after.conversation).toEqual(before.conversation);
        expect(after.recentMessages.map((m) => m.text)).toEqual(['hola']);
      });

      it('should add later messages to the open conversation', async () => {
        const first = await conversationWithMessage();
        const second = await store.recordInboundMessage(inbound({ customer: first.input.customer }));
        expect(second).toMatchObject({
          conversationId: first.conversationId,
          customerId: first.customerId,
          isNew: true,
          conversationOpened: false,
        });
      });

      it('should keep one conversation per business number', async () => {
        const first = await conversationWithMessage();
        const other = await store.recordInboundMessage(
          inbound({ customer: first.input.customer, phoneNumberId: OTHER_BUSINESS }),
        );
        expect(other).toMatchObject({ customerId: first.customerId, conversationOpened: true });
        expect(other.conversationId).not.toBe(first.conversationId);
      });

      it.each(['active', 'handoff'] as const)(
        'should close a %s conversation idle for CONVERSATION_IDLE_HOURS and open a new one',
        async (status) => {
          const first = await conversationWithMessage();
          await store.setConversationStatus(first.conversationId, status);
          await h.sql(`update public.conversations set last_message_at = now() - interval '25 hours' where id = $1`, [
            first.conversationId,
          ]);
          const next = await store.recordInboundMessage(inbound({ customer: first.input.customer }));
          expect(next).toMatchObject({ customerId: first.customerId, isNew: true, conversationOpened: true });
          expect(next.conversationId).not.toBe(first.conversationId);
          const [old] = await h.sql<{ status: string; closed_at: Date | null }>(
            'select status, closed_at from public.conversations where id = $1',
            [first.conversationId],
          );
          expect(old.status).toBe('closed');
          expect(old.closed_at).toBeInstanceOf(Date);
        },
      );

      it('should keep a conversation idle for less than CONVERSATION_IDLE_HOURS', async () => {
        const first = await conversationWithMessage();
        await h.sql(`update public.conversations set last_message_at = now() - interval '23 hours' where id = $1`, [
          first.conversationId,
        ]);
        const next = await store.recordInboundMessage(inbound({ customer: first.input.customer }));
        expect(next).toMatchObject({ conversationId: first.conversationId, conversationOpened: false });
      });

      it('should match a customer by user id when there is no phone, and fill the phone in later', async () => {
        const userId = `US.${randomUUID()}`;
        const byUserId = await store.recordInboundMessage(inbound({ customer: { userId } }));
        const phoneNumber = newPhone();
        const both = await store.recordInboundMessage(inbound({ customer: { userId, phoneNumber } }));
        expect(both.customerId).toBe(byUserId.customerId);
        const found = (await store.getCustomer({ phoneNumber }))!;
        expect(found.customer).toMatchObject({ id: byUserId.customerId, userId, phoneNumber, messageCount: 2 });
      });

      it('should match by phone number first and fill in a missing user id', async () => {
        const first = await conversationWithMessage();
        const userId = `US.${randomUUID()}`;
        const next = await store.recordInboundMessage(
          inbound({ customer: { phoneNumber: first.input.customer.phoneNumber, userId } }),
        );
        expect(next.customerId).toBe(first.customerId);
        expect((await store.getCustomer({ userId }))?.customer.id).toBe(first.customerId);
      });

      it('should keep a rate-limited message without offering it to a turn', async () => {
        const first = await conversationWithMessage({ status: 'rate_limited' });
        const claim = await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 't',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        expect(claim).toEqual({ claimed: true, messages: [] });
        const page = await store.getConversationMessages({ conversationId: first.conversationId, limit: 10 });
        expect(page.items.map((m) => m.status)).toEqual(['rate_limited']);
      });

      it.each([
        ['neither a phone nor a user id', { customer: {} }],
        ['an empty wamid', { waMessageId: '' }],
        ['no business number', { phoneNumberId: '' }],
        ['an invalid date', { sentAt: new Date('not a date') }],
        ['an unknown status', { status: 'answered' as never }],
      ])('should refuse a message with %s, storing nothing', async (_case, overrides) => {
        const before = await count('messages');
        const error = await rejection(store.recordInboundMessage(inbound(overrides)));
        expect(error.kind).toBe('invalid_input');
        expect(await count('messages')).toBe(before);
      });
    });

    describe('updateMessageStatus', () => {
      it('should answer known: false for a wamid it never stored', async () => {
        await expect(
          store.updateMessageStatus({
            waMessageId: `wamid.${randomUUID()}`,
            status: 'delivered',
            timestamp: new Date(),
          }),
        ).resolves.toEqual({ known: false, applied: false, status: null });
      });

      it('should only move forward, whatever order the statuses arrive in', async () => {
        const { conversationId } = await conversationWithMessage();
        const statuses = fc.constantFrom<DeliveryStatus>('sent', 'delivered', 'read', 'played', 'failed');
        await fc.assert(
          fc.asyncProperty(fc.array(statuses, { minLength: 1, maxLength: 6 }), async (sequence) => {
            const sent = await outbound(conversationId, 'sent');
            let expected: MessageStatus = 'sent';
            for (const status of sequence) {
              const next = modelNext(expected, status);
              const result = await store.updateMessageStatus({
                waMessageId: sent.waMessageId!,
                status,
                timestamp: new Date(),
                error: status === 'failed' ? { code: 131026, title: 'Message undeliverable' } : null,
              });
              expect(result).toEqual({ known: true, applied: next !== expected, status: next });
              expected = next;
            }
          }),
          { numRuns: 25 },
        );
      }, 60_000);

      it('should take read before delivered and keep read', async () => {
        const { conversationId } = await conversationWithMessage();
        const sent = await outbound(conversationId);
        const wamid = sent.waMessageId!;
        await expect(
          store.updateMessageStatus({ waMessageId: wamid, status: 'read', timestamp: new Date() }),
        ).resolves.toEqual({ known: true, applied: true, status: 'read' });
        await expect(
          store.updateMessageStatus({ waMessageId: wamid, status: 'delivered', timestamp: new Date() }),
        ).resolves.toEqual({ known: true, applied: false, status: 'read' });
        await expect(
          store.updateMessageStatus({ waMessageId: wamid, status: 'played', timestamp: new Date() }),
        ).resolves.toEqual({ known: true, applied: false, status: 'read' });
      });

      it('should keep failed, with its error, for good', async () => {
        const { conversationId } = await conversationWithMessage();
        const sent = await outbound(conversationId);
        const error = { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed' };
        await store.updateMessageStatus({
          waMessageId: sent.waMessageId!,
          status: 'failed',
          timestamp: new Date(),
          error,
        });
        await expect(
          store.updateMessageStatus({ waMessageId: sent.waMessageId!, status: 'delivered', timestamp: new Date() }),
        ).resolves.toMatchObject({ applied: false, status: 'failed' });
        const page = await store.getConversationMessages({ conversationId, limit: 10 });
        expect(page.items.find((m) => m.id === sent.messageId)).toMatchObject({ status: 'failed', error });
      });

      it('should keep statuses that arrive before their wamid and apply them when it is recorded', async () => {
        const { conversationId } = await conversationWithMessage();
        const { messageId } = await outbound(conversationId, 'queued');
        const send = await take(conversationId);
        const wamid = `wamid.${randomUUID()}`;
        for (const status of ['read', 'delivered'] as const) {
          await expect(
            store.updateMessageStatus({ waMessageId: wamid, status, timestamp: new Date() }),
          ).resolves.toEqual({ known: false, applied: false, status: null });
        }
        await expect(
          store.finishOutbound({ messageId, attempt: send.attempt, result: { outcome: 'sent', waMessageId: wamid } }),
        ).resolves.toEqual({ applied: true, status: 'read', more: false });
        expect(await count('pending_statuses', 'wa_message_id = $1', [wamid])).toBe(0);
        await expect(
          store.updateMessageStatus({ waMessageId: wamid, status: 'delivered', timestamp: new Date() }),
        ).resolves.toEqual({ known: true, applied: false, status: 'read' });
      });

      it('should settle a send in doubt by its callback data, so it is not sent again', async () => {
        const { conversationId } = await conversationWithMessage();
        const { messageId } = await outbound(conversationId, 'queued');
        const send = await take(conversationId);
        const wamid = `wamid.${randomUUID()}`;
        // The answer to the send was lost; Meta's status carries the message id we sent along.
        await expect(
          store.updateMessageStatus({
            waMessageId: wamid,
            status: 'delivered',
            timestamp: new Date(),
            callbackData: messageId,
          }),
        ).resolves.toEqual({ known: true, applied: true, status: 'delivered' });
        await expect(
          store.finishOutbound({
            messageId,
            attempt: send.attempt,
            result: {
              outcome: 'retry',
              retryAt: new Date(),
              error: { code: 0, title: 'Cloud API unreachable', details: 'timeout' },
            },
          }),
        ).resolves.toEqual({ applied: false, status: 'delivered', more: false });
        await expect(store.takeOutbound({ conversationId, leaseSeconds: 60 })).resolves.toEqual({ kind: 'idle' });
        const page = await store.getConversationMessages({ conversationId, limit: 10 });
        expect(page.items.find((m) => m.id === messageId)).toMatchObject({ status: 'delivered', waMessageId: wamid });
      });

      it('should not take callback data for a message that is not a send waiting for its wamid', async () => {
        const first = await conversationWithMessage();
        const sent = await outbound(first.conversationId, 'sent');
        for (const callbackData of [first.messageId, sent.messageId, 'not-a-uuid', randomUUID()]) {
          await expect(
            store.updateMessageStatus({
              waMessageId: `wamid.${randomUUID()}`,
              status: 'read',
              timestamp: new Date(),
              callbackData,
            }),
          ).resolves.toEqual({ known: false, applied: false, status: null });
        }
      });

      it('should never change an inbound message', async () => {
        const first = await conversationWithMessage();
        await expect(
          store.updateMessageStatus({ waMessageId: first.input.waMessageId, status: 'read', timestamp: new Date() }),
        ).resolves.toEqual({ known: true, applied: false, status: 'received' });
      });
    });

    describe('claims (claimUnanswered, markAnswered, releaseClaim, findUnansweredConversations)', () => {
      it('should not claim while the newest message is inside the quiet window (it says until when), unless the oldest waited the maximum', async () => {
        const first = await conversationWithMessage();
        const claim = (quietMs: number, maxWaitMs?: number) =>
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'quiet',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
            quietMs,
            maxWaitMs,
          });
        const before = Date.now();
        const waiting = await claim(60_000);
        expect(waiting).toMatchObject({ claimed: false, messages: [] });
        // About a minute after the message arrived, by the database's clock.
        expect(waiting.waitUntil!.getTime()).toBeGreaterThan(before + 50_000);
        expect(waiting.waitUntil!.getTime()).toBeLessThan(before + 70_000);
        // The maximum wait is over (0 ms): claimed, whatever the quiet window says.
        const late = await claim(60_000, 0);
        expect(late.claimed).toBe(true);
        expect(late.waitUntil).toBeUndefined();
        expect(late.messages.map((m) => m.id)).toEqual([first.messageId]);
        await store.releaseClaim(first.conversationId, 'quiet');
        // No quiet window: claimed at once, as before.
        expect(await claim(0)).toMatchObject({ claimed: true });
      });

      it('should hand the unanswered messages, oldest first, to one claim at a time', async () => {
        const first = await conversationWithMessage();
        const second = await store.recordInboundMessage(inbound({ customer: first.input.customer }));
        const claim = await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 'a',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        expect(claim.claimed).toBe(true);
        expect(claim.messages.map((m) => m.id)).toEqual([first.messageId, second.messageId]);
        await expect(
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'b',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
          }),
        ).resolves.toEqual({ claimed: false, messages: [] });
        // The holder renews its own claim.
        await expect(
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'a',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
          }),
        ).resolves.toMatchObject({ claimed: true });
      });

      it('should let exactly one of several concurrent claims win', async () => {
        const { conversationId } = await conversationWithMessage();
        const claims = await Promise.all(
          ['a', 'b', 'c', 'd', 'e'].map((claimToken) =>
            store.claimUnanswered({ conversationId, claimToken, leaseSeconds: 60, maxAgeSeconds: 3600 }),
          ),
        );
        expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      });

      it('should let another claim in once the lease has expired', async () => {
        const { conversationId } = await conversationWithMessage();
        await store.claimUnanswered({
          conversationId,
          claimToken: 'dead-worker',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await h.sql(`update public.conversations set claim_expires_at = now() - interval '1 second' where id = $1`, [
          conversationId,
        ]);
        await expect(
          store.claimUnanswered({ conversationId, claimToken: 'next', leaseSeconds: 60, maxAgeSeconds: 3600 }),
        ).resolves.toMatchObject({ claimed: true, messages: [expect.anything()] });
      });

      it('should mark answered and release, so the next claim finds nothing to answer', async () => {
        const first = await conversationWithMessage();
        const claim = await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 'a',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await expect(
          store.markAnswered({
            conversationId: first.conversationId,
            claimToken: 'a',
            messageIds: claim.messages.map((m) => m.id),
          }),
        ).resolves.toEqual({ answered: 1 });
        await expect(
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'b',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
          }),
        ).resolves.toEqual({ claimed: true, messages: [] });
        const [message] = (await store.getConversationMessages({ conversationId: first.conversationId, limit: 1 }))
          .items;
        expect(message).toMatchObject({ status: 'answered', answeredAt: expect.any(Date) });
      });

      it('should complete a turn at once: reply recorded, memory saved, messages answered, claim released', async () => {
        const { conversationId } = await conversationWithMessage();
        const claim = await store.claimUnanswered({
          conversationId,
          claimToken: 'a',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        const messageIds = claim.messages.map((m) => m.id);
        const key = `turn:${randomUUID()}`;
        const done = await store.completeTurn({
          conversationId,
          claimToken: 'a',
          messageIds,
          reply: { key, drafts: [draft('uno'), draft('dos')], retryWindowSeconds: WINDOW },
          memory: { lastIntent: 'greeting', context: { shown: ['p1'] }, facts: { size: '27' } },
        });
        expect(done).toEqual({
          reply: {
            isNew: true,
            messages: [
              expect.objectContaining({ intentKey: `${key}:0`, status: 'queued' }),
              expect.objectContaining({ intentKey: `${key}:1`, status: 'queued' }),
            ],
          },
          memory: expect.objectContaining({
            conversationId,
            lastIntent: 'greeting',
            context: { shown: ['p1'] },
            facts: { size: '27' },
          }),
          answered: 1,
        });
        // Released: the next claim takes the conversation and finds nothing left to answer.
        await expect(
          store.claimUnanswered({ conversationId, claimToken: 'b', leaseSeconds: 60, maxAgeSeconds: 3600 }),
        ).resolves.toEqual({ claimed: true, messages: [] });
        await expect(take(conversationId)).resolves.toMatchObject({ message: { text: 'uno' } });
        // The same turn again (a retry after a crash): nothing recorded twice.
        const again = await store.completeTurn({
          conversationId,
          claimToken: 'b',
          messageIds,
          reply: { key, drafts: [draft('otra')], retryWindowSeconds: WINDOW },
          memory: { lastIntent: 'greeting' },
        });
        expect(again.reply?.isNew).toBe(false);
        expect(again.reply?.messages.map((m) => m.messageId)).toEqual(done.reply!.messages.map((m) => m.messageId));
        expect(again.answered).toBe(0);
        expect(await count('messages', 'intent_key like $1', [`${key}:%`])).toBe(2);
      });

      it("should read the turn's context with a claim that takes messages, and only then", async () => {
        const { conversationId } = await conversationWithMessage();
        const claim = (claimToken: string, contextMessages: number) =>
          store.claimUnanswered({ conversationId, claimToken, leaseSeconds: 60, maxAgeSeconds: 3600, contextMessages });
        const claimed = await claim('a', 10);
        expect(claimed.claimed).toBe(true);
        expect(claimed.context).toEqual(await store.getTurnContext(conversationId, 10));
        expect(claimed.context!.recentMessages.map((m) => m.id)).toEqual(claimed.messages.map((m) => m.id));
        // Held by another claim: no messages, no context.
        expect(await claim('b', 10)).toEqual({ claimed: false, messages: [] });
        await store.markAnswered({ conversationId, claimToken: 'a', messageIds: claimed.messages.map((m) => m.id) });
        // Claimed with nothing left to answer: no turn, so no context either.
        expect(await claim('c', 10)).toEqual({ claimed: true, messages: [] });
        await store.releaseClaim(conversationId, 'c');
        await expect(claim('d', -1)).rejects.toThrow(/message_limit must be at least 0/);
      });

      it('should read a context without history when asked for no messages', async () => {
        const { conversationId } = await conversationWithMessage();
        const claimed = await store.claimUnanswered({
          conversationId,
          claimToken: 'a',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
          contextMessages: 0,
        });
        expect(claimed.messages).toHaveLength(1);
        expect(claimed.context!.recentMessages).toEqual([]);
        expect(claimed.context).toEqual(await store.getTurnContext(conversationId, 0));
        expect(claimed.context!.conversation.id).toBe(conversationId);
      });

      it("should take the reply's first message to send in the turn's own transaction when asked", async () => {
        const { conversationId, messageId, input } = await conversationWithMessage();
        await store.claimUnanswered({ conversationId, claimToken: 'a', leaseSeconds: 60, maxAgeSeconds: 3600 });
        const done = await store.completeTurn({
          conversationId,
          claimToken: 'a',
          messageIds: [messageId],
          reply: { key: newKey(), drafts: [draft('uno'), draft('dos')], retryWindowSeconds: WINDOW },
          memory: { lastIntent: 'greeting' },
          takeLeaseSeconds: 60,
        });
        expect(done.answered).toBe(1);
        expect(done.take).toMatchObject({
          kind: 'send',
          send: { message: { text: 'uno', status: 'queued' }, attempt: 1, phoneNumberId: expect.any(String) },
        });
        // Taken: another sender waits for its lease instead of sending it too.
        await expect(store.takeOutbound({ conversationId, leaseSeconds: 60 })).resolves.toMatchObject({ kind: 'wait' });
        // The next turn's take finds the reply's first message still out: it waits, and sends nothing.
        const next = await store.recordInboundMessage(inbound({ customer: input.customer }));
        await store.claimUnanswered({ conversationId, claimToken: 'b', leaseSeconds: 60, maxAgeSeconds: 3600 });
        const silent = await store.completeTurn({
          conversationId,
          claimToken: 'b',
          messageIds: [stored(next).messageId],
          memory: { lastIntent: 'thanks' },
          takeLeaseSeconds: 60,
        });
        expect(silent.take).toMatchObject({ kind: 'wait' });
      });

      it('should complete a turn without a reply', async () => {
        const { conversationId, messageId } = await conversationWithMessage();
        await store.claimUnanswered({ conversationId, claimToken: 'a', leaseSeconds: 60, maxAgeSeconds: 3600 });
        await expect(
          store.completeTurn({
            conversationId,
            claimToken: 'a',
            messageIds: [messageId],
            memory: { lastIntent: 'thanks' },
          }),
        ).resolves.toMatchObject({ reply: null, memory: { lastIntent: 'thanks' }, answered: 1 });
      });

      it('should write nothing of a turn when one part of it is refused', async () => {
        const { conversationId, messageId } = await conversationWithMessage();
        await store.claimUnanswered({ conversationId, claimToken: 'a', leaseSeconds: 60, maxAgeSeconds: 3600 });
        const key = `turn:${randomUUID()}`;
        await expect(
          store.completeTurn({
            conversationId,
            claimToken: 'a',
            messageIds: [messageId],
            reply: { key, drafts: [draft()], retryWindowSeconds: WINDOW },
            // The memory's context must be an object: save_memory refuses it, after the reply was recorded.
            memory: { lastIntent: 'x', context: ['not', 'an', 'object'] as unknown as Record<string, unknown> },
          }),
        ).rejects.toBeInstanceOf(StoreQueryError);
        expect(await count('messages', 'intent_key like $1', [`${key}:%`])).toBe(0);
        // Still unanswered and still held by its claim.
        await expect(
          store.claimUnanswered({ conversationId, claimToken: 'b', leaseSeconds: 60, maxAgeSeconds: 3600 }),
        ).resolves.toMatchObject({ claimed: false });
        const [message] = (await store.getConversationMessages({ conversationId, limit: 1 })).items;
        expect(message).toMatchObject({ status: 'received' });
      });

      it('should mark answered with a lost claim without releasing the new holder', async () => {
        const first = await conversationWithMessage();
        await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 'old',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await h.sql(`update public.conversations set claim_expires_at = now() - interval '1 second' where id = $1`, [
          first.conversationId,
        ]);
        await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 'new',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await expect(
          store.markAnswered({
            conversationId: first.conversationId,
            claimToken: 'old',
            messageIds: [first.messageId],
          }),
        ).resolves.toEqual({ answered: 1 });
        await expect(
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'third',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
          }),
        ).resolves.toMatchObject({ claimed: false });
      });

      it('should give the messages to the next claim after a release without answering', async () => {
        const first = await conversationWithMessage();
        await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 'a',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await store.releaseClaim(first.conversationId, 'a');
        await expect(
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'b',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
          }),
        ).resolves.toEqual({ claimed: true, messages: [expect.objectContaining({ id: first.messageId })] });
      });

      it('should not offer messages older than maxAgeSeconds', async () => {
        const first = await conversationWithMessage({ sentAt: new Date(Date.now() - 2 * 3600_000) });
        await expect(
          store.claimUnanswered({
            conversationId: first.conversationId,
            claimToken: 'a',
            leaseSeconds: 60,
            maxAgeSeconds: 3600,
          }),
        ).resolves.toEqual({ claimed: true, messages: [] });
      });

      it('should answer "not claimed" for an unknown conversation', async () => {
        await expect(
          store.claimUnanswered({ conversationId: randomUUID(), claimToken: 'a', leaseSeconds: 60, maxAgeSeconds: 60 }),
        ).resolves.toEqual({ claimed: false, messages: [] });
        await expect(
          store.claimUnanswered({ conversationId: 'not-a-uuid', claimToken: 'a', leaseSeconds: 60, maxAgeSeconds: 60 }),
        ).resolves.toEqual({ claimed: false, messages: [] });
      });

      it('should find conversations waiting longer than minAge with no live claim, oldest first', async () => {
        const waiting = await conversationWithMessage();
        const older = await conversationWithMessage();
        const claimed = await conversationWithMessage();
        const fresh = await conversationWithMessage();
        const answered = await conversationWithMessage();
        const backdate = (id: string, seconds: number) =>
          h.sql(
            `update public.messages set created_at = now() - make_interval(secs => $2) where conversation_id = $1`,
            [id, seconds],
          );
        await backdate(waiting.conversationId, 60);
        await backdate(older.conversationId, 120);
        await backdate(claimed.conversationId, 60);
        await backdate(answered.conversationId, 60);
        await store.claimUnanswered({
          conversationId: claimed.conversationId,
          claimToken: 'x',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await store.claimUnanswered({
          conversationId: answered.conversationId,
          claimToken: 'y',
          leaseSeconds: 60,
          maxAgeSeconds: 3600,
        });
        await store.markAnswered({
          conversationId: answered.conversationId,
          claimToken: 'y',
          messageIds: [answered.messageId],
        });
        const found = await store.findUnansweredConversations({ minAgeSeconds: 30, maxAgeSeconds: 3600, limit: 1000 });
        expect(found).toContain(waiting.conversationId);
        expect(found.indexOf(older.conversationId)).toBeLessThan(found.indexOf(waiting.conversationId));
        expect(found).not.toContain(claimed.conversationId);
        expect(found).not.toContain(fresh.conversationId);
        expect(found).not.toContain(answered.conversationId);
        expect(
          await store.findUnansweredConversations({ minAgeSeconds: 30, maxAgeSeconds: 3600, limit: 1 }),
        ).toHaveLength(1);
      });
    });

    describe('the outbox (enqueueOutbound, takeOutbound, finishOutbound, findDueOutbound)', () => {
      it('should record all the drafts of a call once, and nothing on the same call again', async () => {
        const { conversationId } = await conversationWithMessage();
        const key = `turn:${randomUUID()}`;
        const drafts = [draft('uno'), draft('dos')];
        const first = await store.enqueueOutbound({ conversationId, key, drafts, retryWindowSeconds: WINDOW });
        expect(first).toEqual({
          isNew: true,
          messages: [
            { messageId: expect.any(String), intentKey: `${key}:0`, status: 'queued', waMessageId: null, error: null },
            { messageId: expect.any(String), intentKey: `${key}:1`, status: 'queued', waMessageId: null, error: null },
          ],
        });
        // A rerun of the same turn, even with another reply, adds nothing.
        const again = await store.enqueueOutbound({
          conversationId,
          key,
          drafts: [draft('otra cosa')],
          retryWindowSeconds: WINDOW,
        });
        expect(again).toEqual({ isNew: false, messages: first.messages });
        // Another key that starts the same is another request.
        const other = await store.enqueueOutbound({
          conversationId,
          key: `${key}:0`,
          drafts: [draft('tres')],
          retryWindowSeconds: WINDOW,
        });
        expect(other.isNew).toBe(true);
        expect(await count('messages', 'intent_key like $1', [`${key}:%`])).toBe(3);
        const context = (await store.getTurnContext(conversationId, 10))!;
        expect(context.conversation.messageCount).toBe(4);
        expect(context.recentMessages.slice(-3).map((m) => [m.direction, m.status, m.text])).toEqual([
          ['outbound', 'queued', 'uno'],
          ['outbound', 'queued', 'dos'],
          ['outbound', 'queued', 'tres'],
        ]);
      });

      it('should record one set for the same key enqueued 5 times at once', async () => {
        const { conversationId } = await conversationWithMessage();
        const key = `reply:${randomUUID()}`;
        const results = await Promise.all(
          Array.from({ length: 5 }, () =>
            store.enqueueOutbound({ conversationId, key, drafts: [draft('x')], retryWindowSeconds: WINDOW }),
          ),
        );
        expect(results.filter((r) => r.isNew)).toHaveLength(1);
        expect(await count('messages', 'intent_key = $1', [`${key}:0`])).toBe(1);
      });

      it('should hand out one message at a time, in order, and hold it for the lease', async () => {
        const { conversationId, input } = await conversationWithMessage();
        const drafts = [draft('uno'), draft('dos')];
        const { messages } = await store.enqueueOutbound({
          conversationId,
          key: newKey(),
          drafts,
          retryWindowSeconds: WINDOW,
        });
        const first = await take(conversationId);
        expect(first).toMatchObject({
          attempt: 1,
          to: input.customer.phoneNumber,
          phoneNumberId: BUSINESS,
          lastInboundAt: expect.any(Date),
          message: { id: messages[0].messageId, status: 'queued', payload: { kind: 'text', text: 'uno' } },
        });
        // The head is in an attempt: nobody else takes it, nor the one behind it.
        await expect(store.takeOutbound({ conversationId, leaseSeconds: 60 })).resolves.toEqual({
          kind: 'wait',
          nextAttemptAt: expect.any(Date),
        });
        const wamid = `wamid.${randomUUID()}`;
        await expect(
          store.finishOutbound({
            messageId: first.message.id,
            attempt: 1,
            result: { outcome: 'sent', waMessageId: wamid },
          }),
        ).resolves.toEqual({ applied: true, status: 'sent', more: true });
        const second = await take(conversationId);
        expect(second.message.id).toBe(messages[1].messageId);
        // The last one: nothing more queued, so the sender stops without asking again.
        await expect(
          store.finishOutbound({
            messageId: second.message.id,
            attempt: 1,
            result: { outcome: 'sent', waMessageId: `wamid.${randomUUID()}` },
          }),
        ).resolves.toEqual({ applied: true, status: 'sent', more: false });
        await expect(store.takeOutbound({ conversationId, leaseSeconds: 60 })).resolves.toEqual({ kind: 'idle' });
        const page = await store.getConversationMessages({ conversationId, limit: 10 });
        expect(page.items.find((m) => m.id === first.message.id)).toMatchObject({
          status: 'sent',
          waMessageId: wamid,
          sentAt: expect.any(Date),
          error: null,
        });
      });

      it('should retry later, keeping the last error, and find it due only then', async () => {
        const { conversationId } = await conversationWithMessage();
        const { messageId } = await outbound(conversationId, 'queued');
        const send = await take(conversationId);
        const error = { code: 131000, title: 'Something went wrong', details: 'try later' };
        await expect(
          store.finishOutbound({
            messageId,
            attempt: send.attempt,
            result: { outcome: 'retry', retryAt: new Date(Date.now() + 60_000), error },
          }),
        ).resolves.toEqual({ applied: true, status: 'queued', more: true });
        await expect(store.takeOutbound({ conversationId, leaseSeconds: 60 })).resolves.toMatchObject({ kind: 'wait' });
        expect(await store.findDueOutbound(1000)).not.toContain(conversationId);
        const page = await store.getConversationMessages({ conversationId, limit: 10 });
        expect(page.items.find((m) => m.id === messageId)).toMatchObject({ status: 'queued', error });
        await makeDue(messageId);
        expect(await store.findDueOutbound(1000)).toContain(conversationId);
        await expect(take(conversationId)).resolves.toMatchObject({ attempt: 2, message: { id: messageId } });
      });

      it('should give a message whose sender died to the next sender once its lease is over', async () => {
        const { conversationId } = await conversationWithMessage();
        const { messageId } = await outbound(conversationId, 'queued');
        const first = await take(conversationId);
        await makeDue(messageId);
        const second = await take(conversationId);
        expect(second.attempt).toBe(2);
        // The first sender reporting late changes nothing: the newer attempt decides.
        await expect(
          store.finishOutbound({
            messageId,
            attempt: first.attempt,
            result: { outcome: 'failed', error: { code: 131026, title: 'Message undeliverable', details: null } },
          }),
        ).resolves.toEqual({ applied: false, status: 'queued', more: true });
      });

      it('should fail a retry past the retry window, and a due message past it, with the last error', async () => {
        const { conversationId } = await conversationWithMessage();
        const error = { code: 130429, title: 'Rate limit hit', details: null };
        const { messageId } = await outbound(conversationId, 'queued');
        const send = await take(conversationId);
        await h.sql(`update public.messages set send_deadline = now() + interval '1 minute' where id = $1`, [
          messageId,
        ]);
        await expect(
          store.finishOutbound({
            messageId,
            attempt: send.attempt,
            result: { outcome: 'retry', retryAt: new Date(Date.now() + 120_000), error },
          }),
        ).resolves.toEqual({ applied: true, status: 'failed', more: false });
        const later = await outbound(conversationId, 'queued');
        const laterSend = await take(conversationId);
        await store.finishOutbound({
          messageId: later.messageId,
          attempt: laterSend.attempt,
          result: { outcome: 'retry', retryAt: new Date(Date.now() + 1000), error },
        });
        const next = await outbound(conversationId, 'queued');
        await makeDue(later.messageId);
        await makeDue(later.messageId, 'send_deadline');
        // The expired head fails on the way; the message behind it is handed out.
        await expect(take(conversationId)).resolves.toMatchObject({ message: { id: next.messageId } });
        const page = await store.getConversationMessages({ conversationId, limit: 10 });
        expect(page.items.find((m) => m.id === messageId)).toMatchObject({
          status: 'failed',
          error: { code: 130429, title: 'Rate limit hit', details: expect.stringContaining('retry window') },
        });
        expect(page.items.find((m) => m.id === later.messageId)).toMatchObject({
          status: 'failed',
          error: { ...error, details: 'retry window over after 1 attempt(s)' },
        });
      });

      it('should keep a terminal failure failed, with its error', async () => {
        const { conversationId } = await conversationWithMessage();
        const { messageId } = await outbound(conversationId, 'failed');
        const page = await store.getConversationMessages({ conversationId, limit: 10 });
        expect(page.items.find((m) => m.id === messageId)).toMatchObject({
          status: 'failed',
          error: { code: 131026, title: 'Message undeliverable', details: null },
        });
        await expect(store.takeOutbound({ conversationId, leaseSeconds: 60 })).resolves.toEqual({ kind: 'idle' });
      });

      it('should refuse a key of another conversation, an unknown conversation and bad drafts', async () => {
        const a = await conversationWithMessage();
        const b = await conversationWithMessage();
        const key = `reply:${randomUUID()}`;
        await store.enqueueOutbound({
          conversationId: a.conversationId,
          key,
          drafts: [draft('x')],
          retryWindowSeconds: 60,
        });
        const refused = async (input: Parameters<ConversationStore['enqueueOutbound']>[0]) =>
          (await rejection(store.enqueueOutbound(input))).kind;
        expect(
          await refused({ conversationId: b.conversationId, key, drafts: [draft('x')], retryWindowSeconds: 60 }),
        ).toBe('invalid_input');
        expect(await refused({ conversationId: randomUUID(), key, drafts: [draft()], retryWindowSeconds: 60 })).toBe(
          'not_found',
        );
        expect(
          await refused({ conversationId: a.conversationId, key: newKey(), drafts: [], retryWindowSeconds: 60 }),
        ).toBe('invalid_input');
        expect(
          await refused({ conversationId: a.conversationId, key: '', drafts: [draft()], retryWindowSeconds: 60 }),
        ).toBe('invalid_input');
        await expect(store.takeOutbound({ conversationId: 'not-a-uuid', leaseSeconds: 60 })).resolves.toEqual({
          kind: 'idle',
        });
      });
    });

    describe('getTurnContext and saveMemory', () => {
      it('should keep arrival order for messages stored within the same millisecond', async () => {
        const first = await conversationWithMessage({ text: 'x0' });
        const texts = Array.from({ length: 20 }, (_, i) => `x${i + 1}`);
        for (const text of texts) await store.recordInboundMessage(inbound({ customer: first.input.customer, text }));
        const context = (await store.getTurnContext(first.conversationId, 21))!;
        expect(context.recentMessages.map((m) => m.text)).toEqual(['x0', ...texts]);
        const claim = await store.claimUnanswered({
          conversationId: first.conversationId,
          claimToken: 'order',
          leaseSeconds: 30,
          maxAgeSeconds: 3600,
        });
        expect(claim.messages.map((m) => m.text)).toEqual(['x0', ...texts]);
        const page = await store.getConversationMessages({ conversationId: first.conversationId, limit: 7 });
        const next = await store.getConversationMessages({
          conversationId: first.conversationId,
          cursor: page.nextCursor,
          limit: 7,
        });
        expect([...page.items, ...next.items].map((m) => m.text)).toEqual(['x0', ...texts].slice(0, 14));
      });

      it('should give the last N messages oldest first, and default memory before any is saved', async () => {
        const first = await conversationWithMessage({ text: 'm1' });
        for (const text of ['m2', 'm3', 'm4'])
          await store.recordInboundMessage(inbound({ customer: first.input.customer, text }));
        await outbound(first.conversationId);
        const context = (await store.getTurnContext(first.conversationId, 3))!;
        expect(context.recentMessages.map((m) => m.text)).toEqual(['m3', 'm4', 'respuesta']);
        expect(context.memory).toEqual({
          conversationId: first.conversationId,
          summary: null,
          summarizedThroughMessageId: null,
          facts: {},
          lastIntent: null,
          context: {},
          tokenEstimate: 0,
          updatedAt: null,
        });
      });

      it('should answer null for an unknown conversation', async () => {
        await expect(store.getTurnContext(randomUUID(), 10)).resolves.toBeNull();
        await expect(store.getTurnContext('nope', 10)).resolves.toBeNull();
      });

      it('should upsert memory, keeping what a save leaves out', async () => {
        const { conversationId, messageId } = await conversationWithMessage();
        await store.saveMemory({
          conversationId,
          summary: 'Pidió precios de taladros',
          summarizedThroughMessageId: messageId,
          lastIntent: 'price',
          context: { shown: ['SKU-1'] },
          tokenEstimate: 120,
        });
        const saved = await store.saveMemory({ conversationId, facts: { city: 'Monterrey' } });
        expect(saved).toEqual({
          conversationId,
          summary: 'Pidió precios de taladros',
          summarizedThroughMessageId: messageId,
          facts: { city: 'Monterrey' },
          lastIntent: 'price',
          context: { shown: ['SKU-1'] },
          tokenEstimate: 120,
          updatedAt: expect.any(Date),
        });
        expect((await store.getTurnContext(conversationId, 1))!.memory).toEqual(saved);
      });

      it('should refuse memory for an unknown conversation, and facts that are not an object', async () => {
        expect((await rejection(store.saveMemory({ conversationId: randomUUID(), summary: 'x' }))).kind).toBe(
          'not_found',
        );
        const { conversationId } = await conversationWithMessage();
        expect((await rejection(store.saveMemory({ conversationId, facts: ['a'] as never }))).kind).toBe(
          'invalid_input',
        );
      });
    });

    describe('customers and conversation status', () => {
      it('should move a conversation between active, handoff and closed, and refuse two open ones', async () => {
        const first = await conversationWithMessage();
        await expect(store.setConversationStatus(first.conversationId, 'handoff')).resolves.toMatchObject({
          status: 'handoff',
        });
        await store.setConversationStatus(first.conversationId, 'closed');
        const next = await store.recordInboundMessage(inbound({ customer: first.input.customer }));
        expect(next.conversationOpened).toBe(true);
        expect((await rejection(store.setConversationStatus(first.conversationId, 'active'))).kind).toBe('conflict');
        await expect(store.setConversationStatus(randomUUID(), 'closed')).resolves.toBeNull();
        expect((await rejection(store.setConversationStatus(first.conversationId, 'paused' as never))).kind).toBe(
          'invalid_input',
        );
      });

      it('should remember, overwrite and forget one fact', async () => {
        const { customerId } = await conversationWithMessage();
        await store.rememberFact(customerId, 'name', 'Ana');
        await store.rememberFact(customerId, 'sizes', { shoe: 38 });
        await expect(store.rememberFact(customerId, 'name', 'Ana María')).resolves.toMatchObject({
          facts: { name: 'Ana María', sizes: { shoe: 38 } },
        });
        await expect(store.rememberFact(customerId, 'sizes', null)).resolves.toMatchObject({
          facts: { name: 'Ana María' },
        });
        await expect(store.rememberFact(randomUUID(), 'name', 'x')).resolves.toBeNull();
        expect((await rejection(store.rememberFact(customerId, '', 'x'))).kind).toBe('invalid_input');
      });

      it('should set and clear the opt-out', async () => {
        const { customerId } = await conversationWithMessage();
        await expect(store.setOptedOut(customerId, true)).resolves.toMatchObject({ optedOut: true });
        await expect(store.setOptedOut(customerId, false)).resolves.toMatchObject({ optedOut: false });
        await expect(store.setOptedOut(randomUUID(), true)).resolves.toBeNull();
      });

      it('should find a customer by id, phone number or user id, with conversations and the latest memory', async () => {
        const userId = `US.${randomUUID()}`;
        const first = await conversationWithMessage({ customer: { phoneNumber: newPhone(), userId } });
        await store.saveMemory({ conversationId: first.conversationId, lastIntent: 'stock' });
        const refs = [{ id: first.customerId }, { phoneNumber: first.input.customer.phoneNumber! }, { userId }];
        for (const ref of refs) {
          const found = (await store.getCustomer(ref))!;
          expect(found.customer.id).toBe(first.customerId);
          expect(found.conversations).toEqual([
            expect.objectContaining({
              id: first.conversationId,
              lastIntent: 'stock',
              customer: expect.objectContaining({ id: first.customerId, userId }),
            }),
          ]);
          expect(found.memory).toMatchObject({ conversationId: first.conversationId, lastIntent: 'stock' });
        }
        await expect(store.getCustomer({ id: randomUUID() })).resolves.toBeNull();
        await expect(store.getCustomer({ phoneNumber: '0000' })).resolves.toBeNull();
      });
    });

    describe('admin lists (keyset pagination)', () => {
      it('should page through conversations by latest activity without repeats or gaps', async () => {
        const status = 'handoff';
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          const { conversationId } = await conversationWithMessage();
          await store.setConversationStatus(conversationId, status);
          ids.unshift(conversationId);
        }
        // Handoff conversations of other tests may exist: page through all of them.
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await store.listConversations({ status, cursor, limit: 2 });
          expect(page.items.length).toBeLessThanOrEqual(2);
          expect(page.items.every((c) => c.status === status)).toBe(true);
          seen.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor !== null && pages < 100);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
        const all = await store.listConversations({ status, limit: 200 });
        const times = all.items.map((c) => c.lastMessageAt.getTime());
        expect([...times].sort((a, b) => b - a)).toEqual(times);
      });

      it("should page through a conversation's messages in order", async () => {
        const first = await conversationWithMessage({ text: '0' });
        for (let i = 1; i < 5; i++)
          await store.recordInboundMessage(inbound({ customer: first.input.customer, text: String(i) }));
        const texts: (string | null)[] = [];
        let cursor: string | null = null;
        do {
          const page = await store.getConversationMessages({ conversationId: first.conversationId, cursor, limit: 2 });
          texts.push(...page.items.map((m) => m.text));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(texts).toEqual(['0', '1', '2', '3', '4']);
      });

      it.each([
        ['a cursor that is not one', { cursor: 'bm90IGEgY3Vyc29y', limit: 10 }],
        ['a limit of 0', { limit: 0 }],
        ['a limit over 200', { limit: 201 }],
      ])('should refuse %s', async (_case, input) => {
        expect((await rejection(store.listConversations(input))).kind).toBe('invalid_input');
      });
    });

    describe('eraseCustomer', () => {
      it('should remove everything about one customer and nothing of another', async () => {
        const a = await conversationWithMessage();
        const b = await conversationWithMessage();
        for (const c of [a, b]) {
          await store.recordInboundMessage(inbound({ customer: c.input.customer, phoneNumberId: OTHER_BUSINESS }));
          await outbound(c.conversationId);
          await store.saveMemory({ conversationId: c.conversationId, summary: 's' });
        }
        const bBefore = await store.getCustomer({ id: b.customerId });
        await expect(store.eraseCustomer(a.customerId)).resolves.toEqual({
          customers: 1,
          conversations: 2,
          messages: 3,
          memories: 1,
        });
        await expect(store.getCustomer({ id: a.customerId })).resolves.toBeNull();
        expect(await count('messages', 'wa_message_id = $1', [a.input.waMessageId])).toBe(0);
        expect(await count('conversations', 'customer_id = $1', [a.customerId])).toBe(0);
        expect(await count('conversation_memory', 'conversation_id = $1', [a.conversationId])).toBe(0);
        await expect(store.getCustomer({ id: b.customerId })).resolves.toEqual(bBefore);
        await expect(store.eraseCustomer(a.customerId)).resolves.toEqual({
          customers: 0,
          conversations: 0,
          messages: 0,
          memories: 0,
        });
      });

      it("should store nothing again when Meta retries an erased customer's message, and keep no personal data", async () => {
        const a = await conversationWithMessage();
        await store.eraseCustomer(a.customerId);
        const profiles = await count('user_profiles');
        await expect(store.recordInboundMessage(a.input)).resolves.toEqual({
          erased: true,
          isNew: false,
          conversationOpened: false,
          conversationId: null,
          messageId: null,
          customerId: null,
        });
        expect(await count('user_profiles')).toBe(profiles);
        const tombstones = await h.sql<{ row: string }>(
          'select row_to_json(e)::text as row from public.erased_messages e',
        );
        expect(tombstones.map((t) => t.row).join()).not.toContain(a.input.customer.phoneNumber!);
        expect(tombstones.map((t) => t.row).join()).not.toContain(a.input.waMessageId);
        // The same person writing again is a new customer, answered as one.
        const again = await store.recordInboundMessage(inbound({ customer: a.input.customer }));
        expect(again).toMatchObject({ erased: false, isNew: true, conversationOpened: true });
      });
    });

    describe('cleanupOldData', () => {
      it('should refuse a cutoff newer than 7 days', async () => {
        expect((await rejection(store.cleanupOldData(new Date(Date.now() - 6 * 86_400_000), 100))).kind).toBe(
          'invalid_input',
        );
      });

      it('should delete what is older than the cutoff, in batches, and keep anything newer', async () => {
        const days = (n: number) => `now() - interval '${n} days'`;
        const age = async (conversationId: string, customerId: string, n: number) => {
          await h.sql(`update public.messages set created_at = ${days(n)} where conversation_id = $1`, [
            conversationId,
          ]);
          await h.sql(
            `update public.conversations set started_at = ${days(n)}, last_message_at = ${days(n)} where id = $1`,
            [conversationId],
          );
          await h.sql(
            `update public.user_profiles set first_seen_at = ${days(n)}, last_seen_at = ${days(n)} where id = $1`,
            [customerId],
          );
        };
        // Gone: a customer last seen 40 days ago, with 3 messages and memory.
        const old = await conversationWithMessage();
        await store.recordInboundMessage(inbound({ customer: old.input.customer }));
        await outbound(old.conversationId);
        await store.saveMemory({ conversationId: old.conversationId, summary: 'old' });
        await age(old.conversationId, old.customerId, 40);
        // Kept: a conversation whose old message goes but whose new one stays.
        const mixed = await conversationWithMessage();
        const recent = await store.recordInboundMessage(inbound({ customer: mixed.input.customer }));
        await h.sql(`update public.messages set created_at = ${days(40)} where id = $1`, [mixed.messageId]);
        await h.sql(`update public.conversations set started_at = ${days(40)} where id = $1`, [mixed.conversationId]);
        // Kept: a customer seen recently.
        const fresh = await conversationWithMessage();

        const cutoff = new Date(Date.now() - 30 * 86_400_000);
        const total = { messages: 0, conversations: 0, memories: 0, customers: 0 };
        for (let batch = 0; batch < 50; batch++) {
          const counts = await store.cleanupOldData(cutoff, 2);
          expect(counts.messages).toBeLessThanOrEqual(2);
          for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += counts[key];
          if (Object.values(counts).every((n) => n === 0)) break;
        }
        expect(total.messages).toBeGreaterThanOrEqual(4);
        expect(total.conversations).toBeGreaterThanOrEqual(1);
        expect(total.customers).toBeGreaterThanOrEqual(1);
        expect(total.memories).toBeGreaterThanOrEqual(1);
        await expect(store.getCustomer({ id: old.customerId })).resolves.toBeNull();
        expect(await count('conversations', 'id = $1', [old.conversationId])).toBe(0);
        expect(await count('messages', 'id = $1', [mixed.messageId])).toBe(0);
        expect(recent.conversationId).toBe(mixed.conversationId);
        expect(await count('messages', 'id = $1', [recent.messageId])).toBe(1);
        expect(await count('conversations', 'id = $1', [mixed.conversationId])).toBe(1);
        expect(await count('messages', 'id = $1', [fresh.messageId])).toBe(1);
        expect((await store.getCustomer({ id: fresh.customerId }))?.customer.messageCount).toBe(1);
      });
    });

    describe('cleanupOldData of the short-lived tables', () => {
      it('should forget statuses whose wamid never came after a day, and tombstones after 8 days', async () => {
        const orphan = `wamid.${randomUUID()}`;
        await store.updateMessageStatus({ waMessageId: orphan, status: 'delivered', timestamp: new Date() });
        await h.sql(
          `update public.pending_statuses set received_at = now() - interval '25 hours' where wa_message_id = $1`,
          [orphan],
        );
        const fresh = `wamid.${randomUUID()}`;
        await store.updateMessageStatus({ waMessageId: fresh, status: 'delivered', timestamp: new Date() });
        const erased = await conversationWithMessage();
        await store.eraseCustomer(erased.customerId);
        await h.sql(`update public.erased_messages set erased_at = now() - interval '9 days'`);
        const cutoff = new Date(Date.now() - 30 * 86_400_000);
        let statuses = 0;
        let tombstones = 0;
        for (let batch = 0; batch < 50; batch++) {
          const counts = await store.cleanupOldData(cutoff, 100);
          statuses += counts.pendingStatuses;
          tombstones += counts.erasureTombstones;
          if (Object.values(counts).every((n) => n === 0)) break;
        }
        expect(statuses).toBeGreaterThanOrEqual(1);
        expect(tombstones).toBeGreaterThanOrEqual(1);
        expect(await count('pending_statuses', 'wa_message_id = $1', [orphan])).toBe(0);
        expect(await count('pending_statuses', 'wa_message_id = $1', [fresh])).toBe(1);
        expect(await count('erased_messages')).toBe(0);
      });
    });

    describe('order requests', () => {
      const tenis = {
        sku: 'TEN-0001-NEG',
        name: 'Tenis Urbano Kairo',
        color: 'negro',
        size: '27',
        quantity: 2,
        unitPrice: '1299.5',
        currency: 'MXN',
      };
      const pickup = { kind: 'pickup' as const, storeId: 'POL', storeName: 'Polanco' };
      const newOrderKey = () => `turn:${randomUUID()}`;

      /** A conversation (with one inbound message) and an order request recorded in it. */
      async function orderIn(
        conversation?: Awaited<ReturnType<typeof conversationWithMessage>>,
        overrides: Partial<CreateOrderRequestInput> = {},
      ) {
        const c = conversation ?? (await conversationWithMessage());
        const result = await store.createOrderRequest({
          conversationId: c.conversationId,
          key: newOrderKey(),
          items: [tenis],
          fulfilment: pickup,
          ...overrides,
        });
        return { ...c, order: result.order };
      }

      it('should record a request with exact totals, flag its conversation, and store the same key once', async () => {
        const c = await conversationWithMessage();
        const key = newOrderKey();
        const expiresAt = new Date(Date.now() + 1_800_000);
        const first = await store.createOrderRequest({
          conversationId: c.conversationId,
          key,
          items: [tenis, { sku: 'CAL-0002-BLA', name: 'Calcetas', quantity: 3, unitPrice: '0.10', currency: 'MXN' }],
          fulfilment: pickup,
          shipping: '99',
          reservation: { id: 'RSV-1', expiresAt },
        });
        expect(first).toEqual({
          isNew: true,
          order: {
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            customerId: c.customerId,
            conversationId: c.conversationId,
            status: 'requested',
            items: [
              { ...tenis, unitPrice: '1299.50' },
              {
                sku: 'CAL-0002-BLA',
                name: 'Calcetas',
                color: null,
                size: null,
                quantity: 3,
                unitPrice: '0.10',
                currency: 'MXN',
              },
            ],
            fulfilment: pickup,
            // 2 × 1299.50 + 3 × 0.10: exact, where binary floats would give 2599.2999…
            subtotal: '2599.30',
            shipping: '99.00',
            total: '2698.30',
            currency: 'MXN',
            reservation: { id: 'RSV-1', expiresAt },
            note: null,
            statusHistory: [{ status: 'requested', at: expect.any(Date), note: null }],
            createdAt: expect.any(Date),
            updatedAt: expect.any(Date),
            customer: {
              id: c.customerId,
              phoneNumber: c.input.customer.phoneNumber,
              userId: null,
              displayName: 'Ana',
              language: null,
            },
          },
        });
        expect((await store.getConversation(c.conversationId))?.needsAttention).toBe(true);
        await expect(store.getOrderRequest(first.order.id)).resolves.toEqual(first.order);

        // The same turn again, even quoting something else: the first request comes back.
        const again = await store.createOrderRequest({
          conversationId: c.conversationId,
          key,
          items: [{ ...tenis, quantity: 9 }],
          fulfilment: { kind: 'delivery' },
        });
        expect(again).toEqual({ isNew: false, order: first.order });
        expect(await count('order_requests', 'conversation_id = $1', [c.conversationId])).toBe(1);
      });

      it('should store a request sent 5 times at once exactly once', async () => {
        const c = await conversationWithMessage();
        const input = { conversationId: c.conversationId, key: newOrderKey(), items: [tenis], fulfilment: pickup };
        const results = await Promise.all(Array.from({ length: 5 }, () => store.createOrderRequest(input)));
        expect(results.filter((r) => r.isNew)).toHaveLength(1);
        expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
        expect(await count('order_requests', 'conversation_id = $1', [c.conversationId])).toBe(1);
      });

      it('should record a delivery without an address, unreserved', async () => {
        const { order } = await orderIn(undefined, { fulfilment: { kind: 'delivery' } });
        expect(order).toMatchObject({
          fulfilment: { kind: 'delivery', address: null },
          reservation: null,
          shipping: '0.00',
          subtotal: '2599.00',
          total: '2599.00',
        });
      });

      it.each<[string, Partial<CreateOrderRequestInput>]>([
        ['no items', { items: [] }],
        ['a quantity of 0', { items: [{ ...tenis, quantity: 0 }] }],
        ['a fractional quantity', { items: [{ ...tenis, quantity: 1.5 }] }],
        ['a price that is not a decimal', { items: [{ ...tenis, unitPrice: '12,99' }] }],
        ['a price with three decimals', { items: [{ ...tenis, unitPrice: '1.999' }] }],
        ['an item without a sku', { items: [{ ...tenis, sku: ' ' }] }],
        ['two currencies', { items: [tenis, { ...tenis, currency: 'USD' }] }],
        ['a currency that is not ISO 4217', { items: [{ ...tenis, currency: 'pesos' }] }],
        ['a pickup with no store', { fulfilment: { kind: 'pickup', storeId: '', storeName: 'Polanco' } }],
        ['another kind of fulfilment', { fulfilment: { kind: 'teleport' } as never }],
        ['a shipping that is not a decimal', { shipping: '-5' }],
        ['a reservation without a valid expiry', { reservation: { id: 'R', expiresAt: new Date(Number.NaN) } }],
        ['an empty key', { key: '' }],
      ])('should refuse %s', async (_case, overrides) => {
        const c = await conversationWithMessage();
        const error = await rejection(
          store.createOrderRequest({
            conversationId: c.conversationId,
            key: newOrderKey(),
            items: [tenis],
            fulfilment: pickup,
            ...overrides,
          }),
        );
        expect(error.kind).toBe('invalid_input');
        expect(await count('order_requests', 'conversation_id = $1', [c.conversationId])).toBe(0);
        expect((await store.getConversation(c.conversationId))?.needsAttention).toBe(false);
      });

      it("should refuse an unknown conversation, and another conversation's key", async () => {
        const input = { key: newOrderKey(), items: [tenis], fulfilment: pickup };
        expect((await rejection(store.createOrderRequest({ ...input, conversationId: randomUUID() }))).kind).toBe(
          'not_found',
        );
        const { conversationId } = await conversationWithMessage();
        const other = await conversationWithMessage();
        await store.createOrderRequest({ ...input, conversationId });
        const error = await rejection(store.createOrderRequest({ ...input, conversationId: other.conversationId }));
        expect(error.kind).toBe('invalid_input');
        expect(error.message).toMatch(/another conversation/);
      });

      it('should move an order only along requested → confirmed → fulfilled, keeping its history', async () => {
        const { order } = await orderIn();
        const move = (status: OrderStatus, note?: string) => store.setOrderStatus({ orderId: order.id, status, note });
        expect((await rejection(move('fulfilled'))).kind).toBe('conflict');
        const confirmed = (await move('confirmed', 'apartado en caja'))!;
        expect(confirmed).toMatchObject({ changed: true, order: { status: 'confirmed', note: 'apartado en caja' } });
        // The same status again (a repeated request) changes nothing.
        const repeated = (await move('confirmed'))!;
        expect(repeated.changed).toBe(false);
        expect(repeated.order).toEqual(confirmed.order);
        const fulfilled = (await move('fulfilled'))!;
        expect(fulfilled.order.statusHistory.map((s) => [s.status, s.note])).toEqual([
          ['requested', null],
          ['confirmed', 'apartado en caja'],
          ['fulfilled', null],
        ]);
        expect(fulfilled.order.note).toBe('apartado en caja');
        for (const status of ['cancelled', 'confirmed', 'requested'] as const) {
          const error = await rejection(move(status));
          expect({ status, kind: error.kind }).toEqual({ status, kind: 'conflict' });
          expect(error.message).toMatch(/a fulfilled order cannot become/);
        }
        await expect(store.getOrderRequest(order.id)).resolves.toEqual(fulfilled.order);
      });

      it.each<[OrderStatus[], OrderStatus]>([
        [['cancelled'], 'cancelled'],
        [['confirmed', 'cancelled'], 'cancelled'],
      ])('should cancel by %j, and then allow nothing else', async (moves, final) => {
        const { order } = await orderIn();
        for (const status of moves) await store.setOrderStatus({ orderId: order.id, status });
        expect((await store.getOrderRequest(order.id))?.status).toBe(final);
        expect((await rejection(store.setOrderStatus({ orderId: order.id, status: 'confirmed' }))).kind).toBe(
          'conflict',
        );
      });

      it('should refuse a status that is not one, and answer null for an unknown order', async () => {
        const { order } = await orderIn();
        const error = await rejection(store.setOrderStatus({ orderId: order.id, status: 'lost' as OrderStatus }));
        expect(error.kind).toBe('invalid_input');
        await expect(store.setOrderStatus({ orderId: randomUUID(), status: 'confirmed' })).resolves.toBeNull();
        await expect(store.setOrderStatus({ orderId: 'nope', status: 'confirmed' })).resolves.toBeNull();
        await expect(store.getOrderRequest(randomUUID())).resolves.toBeNull();
        await expect(store.getOrderRequest('nope')).resolves.toBeNull();
      });

      it('should keep the conversation flagged until none of its requests waits', async () => {
        const first = await orderIn();
        const second = await orderIn(first);
        const flagged = async () => (await store.getConversation(first.conversationId))!.needsAttention;
        await store.setOrderStatus({ orderId: first.order.id, status: 'confirmed' });
        expect(await flagged()).toBe(true);
        await store.setOrderStatus({ orderId: second.order.id, status: 'cancelled' });
        expect(await flagged()).toBe(false);
        // Flagged again by the next request.
        await orderIn(first);
        expect(await flagged()).toBe(true);
      });

      it('should list flagged conversations with attention: true, and the others with false', async () => {
        const flagged = await orderIn();
        const plain = await conversationWithMessage();
        const ids = async (attention: boolean) => {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page = await store.listConversations({ attention, cursor, limit: 200 });
            expect(page.items.every((c) => c.needsAttention === attention)).toBe(true);
            seen.push(...page.items.map((c) => c.id));
            cursor = page.nextCursor;
          } while (cursor !== null);
          return seen;
        };
        const withAttention = await ids(true);
        expect(withAttention).toContain(flagged.conversationId);
        expect(withAttention).not.toContain(plain.conversationId);
        expect(await ids(false)).toContain(plain.conversationId);
      });

      it("should tell where to notify: the customer's latest conversation on that number, and its window", async () => {
        const { order, input } = await orderIn();
        await store.setConversationStatus(order.conversationId, 'closed');
        const later = stored(await store.recordInboundMessage(inbound({ customer: input.customer })));
        expect(later.conversationId).not.toBe(order.conversationId);
        const result = (await store.setOrderStatus({ orderId: order.id, status: 'confirmed' }))!;
        expect(result.recipient).toEqual({
          conversationId: later.conversationId,
          to: input.customer.phoneNumber,
          phoneNumberId: BUSINESS,
          lastInboundAt: expect.any(Date),
          optedOut: false,
          language: null,
        });
        expect(result.order.conversationId).toBe(order.conversationId);
      });

      it("should page through a customer's orders, newest first, and by status, without repeats or gaps", async () => {
        const first = await orderIn();
        const ids = [first.order.id];
        for (let i = 0; i < 4; i++) ids.push((await orderIn(first)).order.id);
        await store.setOrderStatus({ orderId: ids[1], status: 'cancelled' });
        const seen: { id: string; createdAt: Date }[] = [];
        let cursor: string | null = null;
        do {
          const page = await store.listOrderRequests({ customerId: first.customerId, cursor, limit: 2 });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(seen.map((o) => o.id).sort()).toEqual([...ids].sort());
        const times = seen.map((o) => o.createdAt.getTime());
        expect([...times].sort((a, b) => b - a)).toEqual(times);
        const cancelled = await store.listOrderRequests({
          customerId: first.customerId,
          status: 'cancelled',
          limit: 10,
        });
        expect(cancelled.items.map((o) => o.id)).toEqual([ids[1]]);
        const requested = await store.listOrderRequests({ status: 'requested', limit: 200 });
        expect(requested.items.every((o) => o.status === 'requested')).toBe(true);
        await expect(store.listOrderRequests({ customerId: 'nope', limit: 10 })).resolves.toEqual({
          items: [],
          nextCursor: null,
        });
      });

      it.each([
        ['a cursor that is not one', { cursor: 'bm90IGEgY3Vyc29y', limit: 10 }],
        ['a limit of 0', { limit: 0 }],
        ['a limit over 200', { limit: 201 }],
        ['a status that is not one', { status: 'lost' as OrderStatus, limit: 10 }],
      ])('should refuse to list with %s', async (_case, input) => {
        expect((await rejection(store.listOrderRequests(input))).kind).toBe('invalid_input');
      });

      it("should go with the customer's erasure, and with their conversation when retention deletes it", async () => {
        const erased = await orderIn();
        const kept = await orderIn();
        await expect(store.eraseCustomer(erased.customerId)).resolves.toMatchObject({ customers: 1, conversations: 1 });
        await expect(store.getOrderRequest(erased.order.id)).resolves.toBeNull();
        expect(await count('order_requests', 'customer_id = $1', [erased.customerId])).toBe(0);
        await expect(store.getOrderRequest(kept.order.id)).resolves.toEqual(kept.order);

        const old = await orderIn();
        const ago = "now() - interval '40 days'";
        await h.sql(`update public.messages set created_at = ${ago} where conversation_id = $1`, [old.conversationId]);
        await h.sql(`update public.conversations set last_message_at = ${ago} where id = $1`, [old.conversationId]);
        await h.sql(`update public.user_profiles set last_seen_at = ${ago} where id = $1`, [old.customerId]);
        for (let batch = 0; batch < 50; batch++) {
          const counts = await store.cleanupOldData(new Date(Date.now() - 30 * 86_400_000), 1000);
          if (Object.values(counts).every((n) => n === 0)) break;
        }
        expect(await count('conversations', 'id = $1', [old.conversationId])).toBe(0);
        await expect(store.getOrderRequest(old.order.id)).resolves.toBeNull();
        await expect(store.getOrderRequest(kept.order.id)).resolves.toEqual(kept.order);
      });
    });

    describe('what customers ask about themselves (requestErasure, getPreviousMemory)', () => {
      it('should record an erasure request once, keep its first time, and erase nothing', async () => {
        const { customerId, conversationId } = await conversationWithMessage();
        expect((await store.getCustomer({ id: customerId }))!.customer.erasureRequestedAt).toBeNull();

        const first = (await store.requestErasure(customerId))!;
        expect(first).toMatchObject({ id: customerId, erasureRequestedAt: expect.any(Date) });
        const again = (await store.requestErasure(customerId))!;
        expect(again.erasureRequestedAt).toEqual(first.erasureRequestedAt);

        const found = (await store.getCustomer({ id: customerId }))!;
        expect(found.customer.erasureRequestedAt).toEqual(first.erasureRequestedAt);
        expect(found.conversations.map((c) => c.id)).toEqual([conversationId]);
        expect((await store.getTurnContext(conversationId, 5))!.customer.erasureRequestedAt).toEqual(
          first.erasureRequestedAt,
        );
        expect(await count('messages', 'conversation_id = $1', [conversationId])).toBe(1);
      });

      it('should go with the customer when the shop erases them', async () => {
        const { customerId } = await conversationWithMessage();
        await store.requestErasure(customerId);
        await store.eraseCustomer(customerId);
        await expect(store.getCustomer({ id: customerId })).resolves.toBeNull();
        await expect(store.requestErasure(customerId)).resolves.toBeNull();
      });

      it('should answer null for an unknown customer, and for an id that is not one', async () => {
        await expect(store.requestErasure(randomUUID())).resolves.toBeNull();
        await expect(store.requestErasure('nope')).resolves.toBeNull();
      });

      it("should give a new conversation the memory of the customer's previous one on the same number", async () => {
        const first = await conversationWithMessage();
        await store.saveMemory({
          conversationId: first.conversationId,
          lastIntent: 'price',
          context: { shown: ['A'] },
        });
        await expect(store.getPreviousMemory(first.conversationId)).resolves.toBeNull();

        await store.setConversationStatus(first.conversationId, 'closed');
        const second = stored(await store.recordInboundMessage(inbound({ customer: first.input.customer })));
        expect(second.conversationOpened).toBe(true);
        await expect(store.getPreviousMemory(second.conversationId)).resolves.toMatchObject({
          conversationId: first.conversationId,
          lastIntent: 'price',
          context: { shown: ['A'] },
        });

        // The latest earlier conversation that kept a memory: a third after a second without one.
        await store.setConversationStatus(second.conversationId, 'closed');
        const third = stored(await store.recordInboundMessage(inbound({ customer: first.input.customer })));
        await expect(store.getPreviousMemory(third.conversationId)).resolves.toMatchObject({
          conversationId: first.conversationId,
        });
        await store.saveMemory({ conversationId: second.conversationId, context: { shown: ['B'] } });
        await expect(store.getPreviousMemory(third.conversationId)).resolves.toMatchObject({
          conversationId: second.conversationId,
          context: { shown: ['B'] },
        });
      });

      it("should never give another business number's or another customer's memory", async () => {
        const mine = await conversationWithMessage();
        await store.saveMemory({ conversationId: mine.conversationId, context: { shown: ['MINE'] } });
        const otherNumber = stored(
          await store.recordInboundMessage(inbound({ customer: mine.input.customer, phoneNumberId: OTHER_BUSINESS })),
        );
        await expect(store.getPreviousMemory(otherNumber.conversationId)).resolves.toBeNull();
        const someoneElse = await conversationWithMessage();
        await expect(store.getPreviousMemory(someoneElse.conversationId)).resolves.toBeNull();
        await expect(store.getPreviousMemory(randomUUID())).resolves.toBeNull();
        await expect(store.getPreviousMemory('nope')).resolves.toBeNull();
      });

      it('should refuse both calls made with the anon role', async () => {
        const id = randomUUID();
        expect((await rejection(h.anonStore.requestErasure(id))).kind).toBe('forbidden');
        expect((await rejection(h.anonStore.getPreviousMemory(id))).kind).toBe('forbidden');
      });
    });

    describe('security', () => {
      it('should give anon and authenticated no privilege on any table or function, with row level security on', async () => {
        const tables = await h.sql<{ relname: string; rls: boolean; granted: boolean }>(
          `select c.relname, c.relrowsecurity as rls,
                  bool_or(has_table_privilege(r.rolname, c.oid, 'select, insert, update, delete, truncate, references, trigger')) as granted
             from pg_class c cross join (values ('anon'), ('authenticated')) as r(rolname)
            where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
            group by c.relname, c.relrowsecurity`,
        );
        expect(tables.map((t) => t.relname).sort()).toEqual([
          'conversation_memory',
          'conversations',
          'erased_messages',
          'job_locks',
          'messages',
          'order_requests',
          'pending_statuses',
          'user_profiles',
        ]);
        expect(tables.filter((t) => t.granted || !t.rls)).toEqual([]);
        const functions = await h.sql<{ proname: string; anon: boolean; service: boolean }>(
          `select p.proname,
                  has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute') as anon,
                  has_function_privilege('service_role', p.oid, 'execute') as service
             from pg_proc p where p.pronamespace = 'public'::regnamespace`,
        );
        expect(functions.length).toBeGreaterThanOrEqual(20);
        expect(functions.filter((f) => f.anon || !f.service)).toEqual([]);
      });

      it('should refuse every call made with the anon role', async () => {
        const anon = h.anonStore;
        const id = randomUUID();
        const calls: [string, () => Promise<unknown>][] = [
          ['recordInboundMessage', () => anon.recordInboundMessage(inbound())],
          [
            'updateMessageStatus',
            () => anon.updateMessageStatus({ waMessageId: 'wamid.x', status: 'read', timestamp: new Date() }),
          ],
          [
            'claimUnanswered',
            () => anon.claimUnanswered({ conversationId: id, claimToken: 't', leaseSeconds: 60, maxAgeSeconds: 60 }),
          ],
          ['renewClaim', () => anon.renewClaim(id, 't', 10)],
          [
            'enqueueOutbound',
            () => anon.enqueueOutbound({ conversationId: id, key: 'k', drafts: [draft()], retryWindowSeconds: 60 }),
          ],
          ['takeOutbound', () => anon.takeOutbound({ conversationId: id, leaseSeconds: 60 })],
          [
            'finishOutbound',
            () =>
              anon.finishOutbound({ messageId: id, attempt: 1, result: { outcome: 'sent', waMessageId: 'wamid.x' } }),
          ],
          ['findDueOutbound', () => anon.findDueOutbound(10)],
          ['getConversation', () => anon.getConversation(id)],
          ['markAnswered', () => anon.markAnswered({ conversationId: id, claimToken: 't', messageIds: [] })],
          [
            'completeTurn',
            () =>
              anon.completeTurn({ conversationId: id, claimToken: 't', messageIds: [], memory: { lastIntent: 'x' } }),
          ],
          ['releaseClaim', () => anon.releaseClaim(id, 't')],
          [
            'findUnansweredConversations',
            () => anon.findUnansweredConversations({ minAgeSeconds: 0, maxAgeSeconds: 60, limit: 10 }),
          ],
          ['getTurnContext', () => anon.getTurnContext(id, 10)],
          ['saveMemory', () => anon.saveMemory({ conversationId: id, summary: 'x' })],
          ['setConversationStatus', () => anon.setConversationStatus(id, 'closed')],
          ['rememberFact', () => anon.rememberFact(id, 'k', 'v')],
          ['setOptedOut', () => anon.setOptedOut(id, true)],
          ['listConversations', () => anon.listConversations({ limit: 10 })],
          ['getConversationMessages', () => anon.getConversationMessages({ conversationId: id, limit: 10 })],
          ['getCustomer', () => anon.getCustomer({ phoneNumber: '5215500000000' })],
          ['eraseCustomer', () => anon.eraseCustomer(id)],
          [
            'createOrderRequest',
            () =>
              anon.createOrderRequest({
                conversationId: id,
                key: 'k',
                items: [{ sku: 'S', name: 'N', quantity: 1, unitPrice: '1.00', currency: 'MXN' }],
                fulfilment: { kind: 'delivery' },
              }),
          ],
          ['getOrderRequest', () => anon.getOrderRequest(id)],
          ['listOrderRequests', () => anon.listOrderRequests({ limit: 10 })],
          ['setOrderStatus', () => anon.setOrderStatus({ orderId: id, status: 'confirmed' })],
          ['cleanupOldData', () => anon.cleanupOldData(new Date(Date.now() - 30 * 86_400_000), 10)],
          ['ping', () => anon.ping()],
        ];
        for (const [name, call] of calls) {
          const error = await rejection(call());
          expect({ name, kind: error.kind }).toEqual({ name, kind: 'forbidden' });
        }
      });
    });
  });
}
