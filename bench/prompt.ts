/**
 * `npm run bench:prompt` — does the LLM's prompt stay flat as a conversation grows, and what
 * does the engine itself cost per turn? A 200-turn conversation (TURNS) runs through the LLM
 * assistant as the turn worker drives it: the data API on PGlite, the sandbox's SOAP
 * inventory for the tools, a scripted model over HTTP (it searches, then answers from the
 * result; it summarizes when asked), the summary folded after each turn.
 *
 * Prints the prompt's size (tokens ≈ characters / 4, what the model would be sent on the
 * turn's first call) at turns 10, 50, 100 and 200 beside turn 10's (goal: turn 200 within
 * 20% of turn 10), and the engine's own time per turn: the turn's time minus the model's
 * HTTP time (goal p95 ≤ 20 ms), with and without the inventory calls its tools make.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  ConversationSummarizer,
  IntentDetector,
  LlmAssistant,
  LlmCallRecorder,
  loadShopProfile,
  RuleBasedAssistant,
  SalesPrompt,
} from '@mostrador/conversation';
import { standaloneCache } from '@mostrador/cache';
import { InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { inbound, stored } from '../test/database/conversation-store.contract.js';
import { captureLogger, testSettings } from '../test/support/capture-logger.js';
import { createPgliteTestStore } from '../test/support/database.js';
import { startInventorySandbox } from '../test/support/inventory-sandbox.js';
import { type LlmView, ScriptedLlm, searchThenAnswer } from '../test/support/scripted-llm.js';
import { reportFigures } from './support/report-figures.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const CHECKPOINTS = [10, 50, 100, 200].filter((n) => n <= TURNS);
const QUESTIONS = [
  'hola, busco tenis para correr',
  '¿tienen tenis negros?',
  '¿y en talla 27?',
  '¿cuánto cuestan los más baratos?',
  '¿tienen botas café?',
  '¿a qué hora abren?',
  'me gustan, gracias',
];
const HISTORY = 12;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function main(): Promise<void> {
  const sandbox = await startInventorySandbox();
  const test = await createPgliteTestStore();
  const llm = new ScriptedLlm();
  await llm.start();
  llm.use((view: LlmView, n) =>
    view.tools.length === 0
      ? { text: 'El cliente busca tenis para correr negros en talla 27 y preguntó por botas café y el horario.' }
      : searchThenAnswer(view, n),
  );
  // At info: the tools' function_call lines carry their durations.
  const captured = captureLogger(testSettings({ LOG_LEVEL: 'info' }));
  const logger = captured.logger;
  const inventorySettings = testSettings({ INVENTORY_WSDL_URL: sandbox.wsdlUrl });
  const cache = standaloneCache(inventorySettings, logger);
  const inventory = new InventoryClient(
    inventorySettings,
    logger,
    cache,
    new BreakerRegistry(inventorySettings, logger),
  );
  const shop = loadShopProfile('shop-profile.json');
  const detector = await IntentDetector.create({ stores: shop.stores.map((s) => s.name) });

  // The model's HTTP time, measured where the SDK makes its requests.
  let modelMs = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const started = performance.now();
    try {
      return await fetch(input, init);
    } finally {
      modelMs += performance.now() - started;
    }
  };
  const provider = {
    name: 'compatible' as const,
    model: 'scripted',
    languageModel: createOpenAICompatible({ name: 'compatible', baseURL: `${llm.url}/v1`, fetch: timedFetch })(
      'scripted',
    ),
  };
  const recorder = new LlmCallRecorder();
  const engine = new LlmAssistant({
    providers: [provider],
    fallback: new RuleBasedAssistant(detector, inventory, shop),
    detector,
    inventory,
    cache,
    breakers: new BreakerRegistry(inventorySettings, logger),
    shop,
    prompt: SalesPrompt.load('prompts/sales-assistant.md'),
    settings: { timeoutMs: 10_000, maxRetries: 0, maxSteps: 5, historyMessages: HISTORY },
    recorder,
    logger,
  });
  const summarizer = new ConversationSummarizer([provider], test.store, HISTORY, 10_000, recorder, logger);

  // The inventory's time inside the turn, from the tools' own log lines.
  const toolMs = () =>
    captured
      .lines()
      .filter((l) => l.event === 'function_call')
      .reduce((sum, l) => sum + Number(l.durationMs ?? 0), 0);

  const first = inbound({ text: QUESTIONS[0] });
  const { conversationId } = stored(await test.store.recordInboundMessage(first));
  const promptTokens = new Map<number, number>();
  const engineMs: number[] = [];
  const engineWithoutToolsMs: number[] = [];
  try {
    for (let turn = 1; turn <= TURNS; turn++) {
      if (turn > 1) {
        await test.store.recordInboundMessage(
          inbound({ customer: first.customer, text: QUESTIONS[(turn - 1) % QUESTIONS.length] }),
        );
      }
      const claim = await test.store.claimUnanswered({
        conversationId,
        claimToken: `bench-${turn}`,
        leaseSeconds: 60,
        maxAgeSeconds: 3600,
      });
      const context = (await test.store.getTurnContext(conversationId, HISTORY + 8))!;
      const requestsBefore = llm.requests.length;
      modelMs = 0;
      const toolsBefore = toolMs();
      const started = performance.now();
      const reply = await engine.respond({ context, messages: claim.messages });
      const total = performance.now() - started;
      engineMs.push(total - modelMs);
      engineWithoutToolsMs.push(total - modelMs - (toolMs() - toolsBefore));
      if (CHECKPOINTS.includes(turn)) {
        promptTokens.set(turn, Math.ceil(JSON.stringify(llm.requests[requestsBefore].body).length / 4));
      }
      // What the turn worker does next: the reply recorded (as sent), memory, answered, summary.
      const text = reply.parts.map((p) => (p.kind === 'text' ? p.text : p.body)).join('\n');
      await test.store.enqueueOutbound({
        conversationId,
        key: `bench-reply-${turn}`,
        drafts: [{ type: 'text', text, payload: { kind: 'text', text } }],
        retryWindowSeconds: 60,
      });
      const taken = await test.store.takeOutbound({ conversationId, leaseSeconds: 60 });
      if (taken.kind === 'send') {
        await test.store.finishOutbound({
          messageId: taken.send.message.id,
          attempt: taken.send.attempt,
          result: { outcome: 'sent', waMessageId: `wamid.bench-${turn}` },
        });
      }
      await test.store.saveMemory({ conversationId, lastIntent: reply.intent, context: reply.context });
      await test.store.markAnswered({
        conversationId,
        claimToken: `bench-${turn}`,
        messageIds: claim.messages.map((m) => m.id),
      });
      await summarizer.fold(context);
    }
  } finally {
    inventory.onModuleDestroy();
    await llm.stop();
    await test.close();
    await sandbox.close();
  }

  const base = promptTokens.get(CHECKPOINTS[0])!;
  const rows = CHECKPOINTS.map(
    (turn) =>
      `| turn ${String(turn).padEnd(5)} | ${String(promptTokens.get(turn)).padStart(13)} | ${(promptTokens.get(turn)! / base).toFixed(2).padStart(13)} |`,
  );
  const fmt = (values: number[]) =>
    `${percentile(values, 50).toFixed(2).padStart(8)} | ${percentile(values, 95).toFixed(2).padStart(8)} | ${percentile(values, 99).toFixed(2).padStart(8)}`;
  const last = promptTokens.get(CHECKPOINTS.at(-1)!)!;
  process.stdout.write(
    [
      '',
      `| ${'prompt'.padEnd(10)} | tokens (≈c/4) | × turn ${String(CHECKPOINTS[0]).padEnd(6)} |`,
      '|------------|---------------|---------------|',
      ...rows,
      '',
      `| engine per turn (ms, model HTTP time taken out) |      p50 |      p95 |      p99 |`,
      '|-------------------------------------------------|----------|----------|----------|',
      `| with the tools' inventory calls                 | ${fmt(engineMs)} |`,
      `| without them                                    | ${fmt(engineWithoutToolsMs)} |`,
      '',
      `prompt at turn ${CHECKPOINTS.at(-1)}: ${((last / base - 1) * 100).toFixed(1)}% over turn ${CHECKPOINTS[0]} (goal ≤ 20%); engine p95 ${percentile(engineMs, 95).toFixed(1)} ms with tools, ${percentile(engineWithoutToolsMs, 95).toFixed(1)} ms without (goal ≤ 20 ms)`,
      '',
    ].join('\n'),
  );
  reportFigures('prompt', [
    {
      figure: `prompt size at turn ${CHECKPOINTS.at(-1)}`,
      value: last,
      unit: 'tokens',
      baseline: base,
      baselineName: `the prompt at turn ${CHECKPOINTS[0]}`,
      goal: `≤ 1.2× turn ${CHECKPOINTS[0]}'s (≤ 20% more)`,
      pass: last / base - 1 <= 0.2,
    },
    {
      figure: "engine's own time per turn (model HTTP time taken out), p95",
      value: percentile(engineMs, 95),
      unit: 'ms',
      goal: '≤ 20 ms',
      pass: percentile(engineMs, 95) <= 20,
    },
    {
      figure: "engine's own time per turn, without the tools' inventory calls, p95",
      value: percentile(engineWithoutToolsMs, 95),
      unit: 'ms',
    },
  ]);
}

await main();
