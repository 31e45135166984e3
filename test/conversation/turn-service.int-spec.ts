import { randomUUID } from 'node:crypto';
import type { AppConfig } from '@mostrador/config';
import {
  AssistantEngine,
  type AssistantInput,
  BullTurnScheduler,
  ConversationSummarizer,
  InProcessTurnScheduler,
  LlmCallRecorder,
  type AssistantReply,
  OutboundService,
  TurnService,
} from '@mostrador/conversation';
import type { StoredMessage } from '@mostrador/database';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { WhatsAppClient } from '@mostrador/whatsapp';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteTestStore, type TestStore } from '../support/database.js';
import { metaError, ScriptedGraphApi, sendOk } from '../support/scripted-graph-api.js';
import { until } from '../support/until.js';
import { inbound, newPhone, stored } from '../database/conversation-store.contract.js';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis.js';

// Across instances: the store's claim alone (memory), and BullMQ on Redis when there is one.
const QUEUES = TEST_REDIS_URL ? (['memory', 'redis'] as const) : (['memory'] as const);
if (!TEST_REDIS_URL) {
  process.stderr.write(
    '\n  SKIPPED "a burst spread across instances, turns queued in redis": set TEST_REDIS_URL to run it\n\n',
  );
}

/** An assistant that answers every turn with two messages, optionally slowly. */
class ScriptedAssistant extends AssistantEngine {
  delayMs = 0;
  calls = 0;
  lastMessages?: AssistantInput['messages'];
  lastContext?: AssistantInput['context'];
  override readsHistory = true;

  async respond(input: AssistantInput): Promise<AssistantReply> {
    this.calls += 1;
    this.lastMessages = input.messages;
    this.lastContext = input.context;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const last = input.messages.at(-1)?.text ?? '';
    return {
      parts: [
        { kind: 'text', text: `Recibí: ${last}` },
        { kind: 'buttons', body: '¿Algo más?', buttons: [{ id: 'more', title: 'Sí' }] },
      ],
      intent: 'greeting',
      language: 'es',
      context: {},
    };
  }
}

/**
 * TurnService over the real pieces: the data API on PGlite, the outbox, the Cloud API client
 * over HTTP against a scripted Graph API. What matters most: a reply is sent once, whatever
 * fails and whenever.
 */
describe(TurnService.name, () => {
  const graph = new ScriptedGraphApi({ scriptReadReceipts: false });
  let test: TestStore;
  let config: AppConfig;
  let assistant: ScriptedAssistant;
  let outbound: OutboundService;
  let breakers: BreakerRegistry;
  let turns: TurnService;
  const captured = captureLogger();

  beforeAll(async () => {
    await graph.start();
    test = await createPgliteTestStore();
    config = testSettings({
      WHATSAPP_API_BASE_URL: graph.url,
      WHATSAPP_SEND_MAX_ATTEMPTS: '2',
      WHATSAPP_RETRY_BASE_MS: '10',
      WHATSAPP_REQUEST_TIMEOUT_MS: '1000',
      TURN_LEASE_SECONDS: '3',
      SEND_LEASE_SECONDS: '5',
      // These tests run turns by hand, right after the message: no quiet window to wait out.
      TURN_COALESCE_MS: '0',
    });
  }, 120_000);
  afterAll(async () => {
    await test?.close();
    await graph.stop();
  }, 30_000);
  afterEach(() => breakers?.onModuleDestroy());
  beforeEach(() => {
    graph.reset();
    graph.wamidPrefix = `wamid.${randomUUID()}-`;
    assistant = new ScriptedAssistant();
    const whatsapp = new WhatsAppClient(config.whatsapp, captured.logger);
    breakers = new BreakerRegistry(config, captured.logger);
    outbound = new OutboundService(config, test.store, whatsapp, breakers, captured.logger);
    const summarizer = new ConversationSummarizer([], test.store, 12, 1000, new LlmCallRecorder(), captured.logger);
    turns = new TurnService(config, test.store, outbound, assistant, summarizer, captured.logger);
  });

  /** A customer's message, stored: its conversation and the message. */
  async function customerWrites(text = 'hola') {
    const input = inbound({ text });
    const result = stored(await test.store.recordInboundMessage(input));
    return { conversationId: result.conversationId, messageId: result.messageId, input };
  }

  async function messagesOf(conversationId: string): Promise<StoredMessage[]> {
    return (await test.store.getConversationMessages({ conversationId, limit: 100 })).items;
  }

  const outboundOf = async (conversationId: string) =>
    (await messagesOf(conversationId)).filter((m) => m.direction === 'outbound');

  /** Lets a queued message be tried now, as time would. */
  const makeDue = (conversationId: string) =>
    test.sql(
      `update public.messages set next_attempt_at = now() - interval '1 second'
        where conversation_id = $1 and status = 'queued'`,
      [conversationId],
    );

  describe('runTurn', () => {
    it('should record the reply, send each part once in order, with its outbox id as callback data', async () => {
      const { conversationId, input } = await customerWrites('¿tienen tenis?');
      await turns.runTurn(conversationId);

      const sends = graph.sends();
      expect(sends.map((s) => s.body.type)).toEqual(['text', 'interactive']);
      expect(sends.every((s) => s.body.to === input.customer.phoneNumber)).toBe(true);
      const replies = await outboundOf(conversationId);
      expect(replies.map((m) => [m.status, m.text])).toEqual([
        ['sent', 'Recibí: ¿tienen tenis?'],
        ['sent', '¿Algo más?'],
      ]);
      expect(sends.map((s) => s.body.biz_opaque_callback_data)).toEqual(replies.map((m) => m.id));
      expect(replies.every((m) => m.waMessageId?.startsWith(graph.wamidPrefix))).toBe(true);
      expect((await messagesOf(conversationId)).find((m) => m.direction === 'inbound')?.status).toBe('answered');
    }, 30_000);

    it('should load the earlier messages only for an assistant that reads them', async () => {
      const customer = { phoneNumber: newPhone() };
      const writes = async (text: string) => stored(await test.store.recordInboundMessage(inbound({ text, customer })));
      const { conversationId } = await writes('hola');
      await turns.runTurn(conversationId);
      const { messageId } = await writes('busco tenis');
      await turns.runTurn(conversationId);
      // The first exchange (one message in, two out) and the message being answered.
      expect(assistant.lastContext!.recentMessages.map((m) => m.direction)).toEqual([
        'inbound',
        'outbound',
        'outbound',
        'inbound',
      ]);
      expect(assistant.lastContext!.recentMessages.at(-1)!.id).toBe(messageId);

      assistant.readsHistory = false;
      await writes('¿y en negro?');
      await turns.runTurn(conversationId);
      expect(assistant.lastMessages!.map((m) => m.text)).toEqual(['¿y en negro?']);
      expect(assistant.lastContext!.recentMessages).toEqual([]);
      expect(assistant.lastContext!.conversation.id).toBe(conversationId);
      expect(await outboundOf(conversationId)).toHaveLength(6);
    }, 30_000);

    it('should not send again a reply an earlier run of the turn already recorded and sent', async () => {
      const { conversationId, messageId } = await customerWrites();
      // An earlier run recorded and sent the reply, then died before marking the message answered.
      await outbound.send({ conversationId, key: messageId, contents: [{ kind: 'text', text: 'primera' }] });
      const sentBefore = graph.sends().length;

      await turns.runTurn(conversationId);

      expect(graph.sends()).toHaveLength(sentBefore);
      expect((await outboundOf(conversationId)).map((m) => [m.status, m.text])).toEqual([['sent', 'primera']]);
      expect((await messagesOf(conversationId)).find((m) => m.id === messageId)?.status).toBe('answered');
      expect(captured.lines()).toContainEqual(
        expect.objectContaining({ event: 'turn', outcome: 'not-resent', conversationId }),
      );
    }, 30_000);

    it('should not send a reply whose send died mid-request, and settle it by the status Meta posts', async () => {
      const { conversationId, messageId } = await customerWrites();
      // An earlier run recorded the reply and took it for sending, then died before Meta answered.
      await outbound.record({ conversationId, key: messageId, contents: [{ kind: 'text', text: 'en duda' }] });
      const taken = await test.store.takeOutbound({ conversationId, leaseSeconds: 5 });
      expect(taken.kind).toBe('send');

      await turns.runTurn(conversationId);
      expect(graph.sends()).toEqual([]);

      // Meta had it: its status carries the id the send carried.
      const [reply] = await outboundOf(conversationId);
      await expect(
        test.store.updateMessageStatus({
          waMessageId: 'wamid.meta-had-it',
          status: 'delivered',
          timestamp: new Date(),
          callbackData: reply.id,
        }),
      ).resolves.toMatchObject({ known: true, status: 'delivered' });
      await makeDue(conversationId);
      await outbound.deliverDue();
      expect(graph.sends()).toEqual([]);
      expect(await outboundOf(conversationId)).toEqual([
        expect.objectContaining({ status: 'delivered', waMessageId: 'wamid.meta-had-it' }),
      ]);
    }, 30_000);

    it("should record Meta's refusal with its code, still answer the turn, and not try again", async () => {
      const { conversationId, messageId } = await customerWrites();
      graph.answer(metaError(400, 131026, 'Message undeliverable', 'Unable to deliver message.'));
      await turns.runTurn(conversationId);

      const replies = await outboundOf(conversationId);
      expect(replies[0]).toMatchObject({
        status: 'failed',
        error: { code: 131026, title: 'Message undeliverable', details: 'Unable to deliver message.' },
      });
      // The next part goes on: it is its own message.
      expect(replies[1]).toMatchObject({ status: 'sent' });
      expect((await messagesOf(conversationId)).find((m) => m.id === messageId)?.status).toBe('answered');
      await makeDue(conversationId);
      const before = graph.sends().length;
      await outbound.deliverDue();
      expect(graph.sends()).toHaveLength(before);
    }, 30_000);

    it('should keep a reply Meta could not take yet, in order, and send it once when it is due', async () => {
      const { conversationId } = await customerWrites('uno');
      graph.answer(
        metaError(503, 131000, 'Something went wrong', 'Service temporarily unavailable'),
        metaError(503, 131000, 'Something went wrong', 'Service temporarily unavailable'),
      );
      await turns.runTurn(conversationId);

      let replies = await outboundOf(conversationId);
      expect(replies.map((m) => m.status)).toEqual(['queued', 'queued']);
      expect(replies[0].error).toMatchObject({ code: 131000 });
      // Not before its time.
      await outbound.deliverDue();
      expect(graph.sends()).toHaveLength(2);

      await makeDue(conversationId);
      await outbound.deliverDue();
      replies = await outboundOf(conversationId);
      expect(replies.map((m) => [m.status, m.error])).toEqual([
        ['sent', null],
        ['sent', null],
      ]);
      const delivered = graph.sends().slice(2);
      expect(delivered.map((s) => s.body.biz_opaque_callback_data)).toEqual(replies.map((m) => m.id));
    }, 30_000);

    it('should apply a status that arrives before the answer to its send', async () => {
      const { conversationId } = await customerWrites();
      graph.answer(async (_request, n) => {
        // Meta's webhook overtakes its answer: the status reaches the store first.
        await test.store.updateMessageStatus({
          waMessageId: `${graph.wamidPrefix}${n}`,
          status: 'read',
          timestamp: new Date(),
        });
        return { status: 200, body: sendOk(n, graph.wamidPrefix) };
      });
      await turns.runTurn(conversationId);
      const [first, second] = await outboundOf(conversationId);
      expect(first).toMatchObject({ status: 'read', waMessageId: expect.stringContaining(graph.wamidPrefix) });
      expect(second).toMatchObject({ status: 'sent' });
    }, 30_000);

    it('should not send again a send whose answer never came until the lease is over, then only once', async () => {
      const { conversationId } = await customerWrites();
      graph.answer('silence');
      await turns.runTurn(conversationId);
      const [reply] = await outboundOf(conversationId);
      expect(reply).toMatchObject({ status: 'queued', error: { code: 0, title: 'Cloud API unreachable' } });
      expect(graph.sends()).toHaveLength(1);
      // Within its lease, nothing goes.
      await outbound.deliverDue();
      expect(graph.sends()).toHaveLength(1);
      // No status came: once due it goes once more, and the message behind it follows in order.
      await makeDue(conversationId);
      await outbound.deliverDue();
      expect(graph.sends().map((s) => s.body.type)).toEqual(['text', 'text', 'interactive']);
      expect((await outboundOf(conversationId)).map((m) => m.status)).toEqual(['sent', 'sent']);
    }, 30_000);

    it('should keep its claim alive while a slow turn runs, so no one else takes the conversation', async () => {
      const { conversationId } = await customerWrites();
      assistant.delayMs = 5000;
      const expiry = async () =>
        (
          await test.sql<{ at: Date | null }>('select claim_expires_at as at from public.conversations where id = $1', [
            conversationId,
          ])
        )[0].at;
      const running = turns.runTurn(conversationId);
      const first = (await until(async () => (await expiry()) ?? undefined, 'the claim')).getTime();
      // The heartbeat moves the lease on while the assistant is still working…
      await until(async () => ((await expiry())!.getTime() > first ? true : undefined), 'the claim renewed', 10_000);
      // …so another worker cannot take the conversation.
      await expect(
        test.store.claimUnanswered({
          conversationId,
          claimToken: randomUUID(),
          leaseSeconds: 3,
          maxAgeSeconds: 3600,
        }),
      ).resolves.toMatchObject({ claimed: false });
      await running;
      expect(assistant.calls).toBe(1);
      await until(async () => ((await outboundOf(conversationId)).length === 2 ? true : undefined), 'the reply');
    }, 30_000);
  });

  describe('the WhatsApp circuit breaker', () => {
    const RESET_MS = 1500;
    let guarded: OutboundService;
    let registry: BreakerRegistry;

    beforeEach(() => {
      const settings = testSettings({
        BREAKER_VOLUME_THRESHOLD: '3',
        BREAKER_ERROR_THRESHOLD_PERCENT: '50',
        BREAKER_RESET_MS: String(RESET_MS),
      });
      registry = new BreakerRegistry(settings, captured.logger);
      guarded = new OutboundService(
        config,
        test.store,
        new WhatsAppClient(config.whatsapp, captured.logger),
        registry,
        captured.logger,
      );
    });
    afterEach(() => registry.onModuleDestroy());

    const reply = async (text: string) => {
      const { conversationId } = await customerWrites(text);
      await guarded.send({ conversationId, key: `reply-${randomUUID()}`, contents: [{ kind: 'text', text }] });
      return conversationId;
    };

    it('should stop calling the Cloud API once it keeps failing, keep every message queued with its last error, and deliver after the reset', async () => {
      graph.answer(...Array.from({ length: 40 }, () => metaError(503, 131000, 'Something went wrong', 'Down')));
      const failing = [await reply('uno'), await reply('dos'), await reply('tres')];
      expect(registry.states().whatsapp).toMatchObject({ state: 'open', failures: 3 });
      const calls = graph.sends().length;

      // Open: new replies are recorded, queued, and not sent; due ones wait too.
      const waiting = [await reply('cuatro'), await reply('cinco')];
      for (const id of [...failing, ...waiting]) await makeDue(id);
      expect(await guarded.deliverDue()).toBe(0);
      expect(graph.sends()).toHaveLength(calls);
      for (const id of failing) {
        expect((await outboundOf(id)).map((m) => [m.status, m.error?.code])).toEqual([['queued', 131000]]);
      }
      for (const id of waiting) {
        expect((await outboundOf(id)).map((m) => [m.status, m.error])).toEqual([['queued', null]]);
      }

      // Meta is back: after the reset one probe goes through (senders racing it wait for the
      // next sweep), the breaker closes, the rest follow.
      graph.reset();
      await until(() => (registry.openFor('whatsapp') === undefined ? true : undefined), 'the reset', RESET_MS * 4);
      for (let sweep = 0; sweep < 2; sweep++) {
        for (const id of [...failing, ...waiting]) await makeDue(id);
        await guarded.deliverDue();
      }
      for (const id of [...failing, ...waiting]) {
        expect((await outboundOf(id)).map((m) => [m.status, m.error])).toEqual([['sent', null]]);
      }
      expect(graph.sends()).toHaveLength(5);
      expect(registry.states().whatsapp.state).toBe('closed');
    }, 30_000);

    it("should not open on Meta's answers about the message itself (undeliverable, throttled)", async () => {
      graph.answer(
        ...Array.from({ length: 3 }, () =>
          metaError(400, 131026, 'Message undeliverable', 'Unable to deliver message.'),
        ),
        ...Array.from({ length: 4 }, () => metaError(400, 130429, 'Rate limit hit', 'Too many messages')),
      );
      for (const text of ['a', 'b', 'c', 'd', 'e']) await reply(text);
      expect(registry.states().whatsapp).toMatchObject({ state: 'closed', failures: 0 });
      // Every attempt reached the Cloud API: 3 refusals, 2 throttled twice (retried), the rest sent.
      expect(graph.sends().length).toBeGreaterThanOrEqual(7);
    }, 30_000);

    it('should skip the read receipt while open, without throwing', async () => {
      graph.answer(...Array.from({ length: 12 }, () => metaError(503, 131000, 'Something went wrong', 'Down')));
      for (const text of ['x', 'y', 'z']) await reply(text);
      expect(registry.states().whatsapp.state).toBe('open');
      const before = graph.received.length;
      await guarded.markRead('wamid.any', config.whatsapp.phoneNumberId);
      expect(graph.received).toHaveLength(before);
    }, 30_000);
  });

  describe.each(QUEUES)('a burst spread across instances, turns queued in %s', (queue) => {
    // Each message inside the previous one's quiet window (with room for a slow machine), the whole
    // burst longer than one window: without the claim's check, the first timer answers two of them.
    const QUIET_MS = 1200;
    const GAP_MS = 700;
    const instances: (InProcessTurnScheduler | BullTurnScheduler)[] = [];
    const prefix = `${uniquePrefix('turn-service')}bull`;
    afterEach(async () => {
      await Promise.all(instances.splice(0).map((scheduler) => scheduler.drain()));
      if (TEST_REDIS_URL) await deleteKeys(TEST_REDIS_URL, prefix);
    }, 30_000);

    /** One api instance's turn pipeline on the shared store: its own scheduler, timers and turn service. */
    async function instance(): Promise<InProcessTurnScheduler | BullTurnScheduler> {
      const settings = testSettings({
        WHATSAPP_API_BASE_URL: graph.url,
        TURN_COALESCE_MS: String(QUIET_MS),
        TURN_MAX_WAIT_MS: '10000',
      });
      const turns = new TurnService(
        settings,
        test.store,
        outbound,
        assistant,
        new ConversationSummarizer([], test.store, 12, 1000, new LlmCallRecorder(), captured.logger),
        captured.logger,
      );
      const timing = { coalesceMs: QUIET_MS, maxWaitMs: 10_000, concurrency: 4 };
      const local = new InProcessTurnScheduler(turns, timing, captured.logger);
      const scheduler =
        queue === 'memory'
          ? local
          : await BullTurnScheduler.create(
              turns,
              local,
              { ...timing, redisUrl: TEST_REDIS_URL!, prefix, leaseSeconds: 10, runsTurns: true, timeoutMs: 1000 },
              captured.logger,
            );
      instances.push(scheduler);
      return scheduler;
    }

    it('should answer three messages 700 ms apart, each taken by another instance, once: one turn after the last (quiet window 1.2 s)', async () => {
      const [a, b, c] = await Promise.all([instance(), instance(), instance()]);
      const first = await customerWrites('hola');
      a.schedule(first.conversationId);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      const second = await test.store.recordInboundMessage(
        inbound({ customer: first.input.customer, text: 'busco tenis' }),
      );
      b.schedule(first.conversationId);
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      const third = await test.store.recordInboundMessage(
        inbound({ customer: first.input.customer, text: 'talla 27' }),
      );
      c.schedule(first.conversationId);

      await until(
        async () =>
          (await messagesOf(first.conversationId)).filter((m) => m.direction === 'inbound' && m.status === 'answered')
            .length === 3
            ? true
            : undefined,
        'the three answered',
        15_000,
      );
      await until(
        async () => {
          for (const scheduler of [a, b, c]) if (await scheduler.isPending(first.conversationId)) return undefined;
          return true;
        },
        'every instance idle',
        15_000,
      );
      // One turn answered all three: one call to the assistant, one reply.
      expect(assistant.calls).toBe(1);
      expect(assistant.lastMessages?.map((m) => m.id)).toEqual([
        first.messageId,
        stored(second).messageId,
        stored(third).messageId,
      ]);
      expect(await outboundOf(first.conversationId)).toHaveLength(2);
    }, 30_000);
  });
});
