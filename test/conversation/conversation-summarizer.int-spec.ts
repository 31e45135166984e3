import { ConversationSummarizer, createLlmProvider, LlmCallRecorder } from '@mostrador/conversation';
import { captureLogger } from '../support/capture-logger.js';
import { createPgliteTestStore, type TestStore } from '../support/database.js';
import { ScriptedLlm } from '../support/scripted-llm.js';
import { inbound, stored } from '../database/conversation-store.contract.js';

describe(ConversationSummarizer.name, () => {
  const llm = new ScriptedLlm();
  const captured = captureLogger();
  let test: TestStore;

  beforeAll(async () => {
    await llm.start();
    test = await createPgliteTestStore();
  }, 120_000);
  afterAll(async () => {
    await test?.close();
    await llm.stop();
  }, 30_000);
  beforeEach(() => llm.reset());

  const summarizer = async (providers = [llm]) =>
    new ConversationSummarizer(
      await Promise.all(
        providers.map((server) =>
          createLlmProvider({ name: 'compatible', baseUrl: `${server.url}/v1`, apiKey: null, model: 'scripted' }),
        ),
      ),
      test.store,
      6,
      5000,
      new LlmCallRecorder(),
      captured.logger,
    );

  /** A conversation of `count` customer messages: "mensaje 0", "mensaje 1"… */
  async function conversationOf(count: number) {
    const first = inbound({ text: 'mensaje 0' });
    const { conversationId } = stored(await test.store.recordInboundMessage(first));
    for (let i = 1; i < count; i++) {
      await test.store.recordInboundMessage(inbound({ customer: first.customer, text: `mensaje ${i}` }));
    }
    return conversationId;
  }

  describe('fold', () => {
    it('should fold the messages outside the verbatim window into the summary, once', async () => {
      const conversationId = await conversationOf(12);
      llm.use(() => ({ text: 'El cliente escribió 6 mensajes de prueba.' }));
      const context = (await test.store.getTurnContext(conversationId, 20))!;

      await expect((await summarizer()).fold(context)).resolves.toBe(true);

      const [request] = llm.requests;
      expect(request.tools).toEqual([]);
      expect(request.system).toMatch(/^Resume/);
      // The messages go as data in the user message, never into the instructions.
      const prompt = request.turns.map((t) => t.text).join('\n');
      expect(prompt).toContain('Cliente: mensaje 0');
      expect(prompt).toContain('Cliente: mensaje 5');
      expect(prompt).not.toContain('mensaje 6');
      expect(request.system).not.toContain('mensaje');
      const after = (await test.store.getTurnContext(conversationId, 20))!;
      expect(after.memory).toMatchObject({
        summary: 'El cliente escribió 6 mensajes de prueba.',
        summarizedThroughMessageId: context.recentMessages[5].id,
      });
      // Nothing new outside the window: no second call.
      await expect((await summarizer()).fold(after)).resolves.toBe(false);
      expect(llm.requests).toHaveLength(1);
    }, 30_000);

    it('should wait until enough messages fall outside the window', async () => {
      const conversationId = await conversationOf(8);
      const context = (await test.store.getTurnContext(conversationId, 20))!;
      await expect((await summarizer()).fold(context)).resolves.toBe(false);
      expect(llm.requests).toEqual([]);
    }, 30_000);

    it('should trim the older messages into a short extract when no provider answers', async () => {
      const conversationId = await conversationOf(12);
      llm.use(() => ({ status: 500 }));
      const context = (await test.store.getTurnContext(conversationId, 20))!;
      await expect((await summarizer()).fold(context)).resolves.toBe(true);
      const after = (await test.store.getTurnContext(conversationId, 20))!;
      expect(after.memory.summary).toBe(
        ['mensaje 0', 'mensaje 1', 'mensaje 2', 'mensaje 3', 'mensaje 4', 'mensaje 5']
          .map((m) => `Cliente: ${m}`)
          .join('\n'),
      );
    }, 30_000);

    it('should do nothing without an LLM', async () => {
      const conversationId = await conversationOf(12);
      const context = (await test.store.getTurnContext(conversationId, 20))!;
      await expect((await summarizer([])).fold(context)).resolves.toBe(false);
    }, 30_000);
  });
});
