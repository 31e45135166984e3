import type { StoredMessage, TurnContext, TurnStore } from '@mostrador/database';
import type { AppLogger } from '@mostrador/logging';
import type { LlmCallRecorder } from './llm-call-recorder.js';
import type { LlmProvider } from './llm-providers.js';

/** Fold older messages into the summary once at least this many are outside the verbatim window. */
const FOLD_AFTER = 4;
/** The summary stays about this long, whatever the conversation's length: the prompt stays flat. */
const SUMMARY_MAX_CHARACTERS = 800;

/**
 * Keeps the model's view of a long conversation small: the last LLM_HISTORY_MESSAGES go
 * verbatim, older ones are folded into `conversation_memory.summary` by a short LLM call,
 * after the reply is sent (off the customer's path). Without a provider that answers, the
 * older messages are trimmed into a short extract instead.
 */
export class ConversationSummarizer {
  constructor(
    private readonly providers: LlmProvider[],
    private readonly store: TurnStore,
    private readonly keep: number,
    private readonly timeoutMs: number,
    private readonly recorder: LlmCallRecorder,
    private readonly logger: AppLogger,
  ) {}

  /** Folds what fell out of the verbatim window since the last fold; resolves with whether it did. */
  async fold(context: TurnContext): Promise<boolean> {
    if (this.providers.length === 0) return false;
    const outside = this.outsideWindow(context);
    if (outside.length < FOLD_AFTER) return false;
    const summary = (await this.summarize(context.memory.summary, outside)) ?? trimmed(context.memory.summary, outside);
    await this.store.saveMemory({
      conversationId: context.conversation.id,
      summary,
      summarizedThroughMessageId: outside.at(-1)!.id,
      tokenEstimate: Math.ceil(summary.length / 4),
    });
    return true;
  }

  /** Messages older than the verbatim window and newer than what the summary covers, oldest first. */
  private outsideWindow(context: TurnContext): StoredMessage[] {
    const messages = context.recentMessages;
    const older = messages.slice(0, Math.max(0, messages.length - this.keep));
    const through = context.memory.summarizedThroughMessageId;
    const covered = through === null ? -1 : older.findIndex((m) => m.id === through);
    return older.slice(covered + 1);
  }

  private async summarize(previous: string | null, messages: StoredMessage[]): Promise<string | null> {
    const transcript = messages
      .map((m) => `${m.direction === 'inbound' ? 'Cliente' : 'Tienda'}: ${m.text ?? `[${m.type}]`}`)
      .join('\n');
    // Imported here: a shop without an LLM has no provider and never loads the SDK.
    const { generateText } = await import('ai');
    for (const provider of this.providers) {
      const started = performance.now();
      try {
        const result = await generateText({
          model: provider.languageModel,
          system:
            'Resume una conversación de ventas por WhatsApp para que el asistente la recuerde: qué busca el cliente, tallas, colores, presupuesto, productos que vio, lo que quedó pendiente. Sin precios ni existencias (cambian). Máximo 5 líneas, en español.',
          prompt: `${previous ? `Resumen hasta ahora:\n${previous}\n\n` : ''}Mensajes nuevos:\n${transcript}`,
          maxRetries: 0,
          timeout: this.timeoutMs,
        });
        const usage = result.totalUsage;
        this.recorder.call(
          provider.name,
          'ok',
          Math.round(performance.now() - started),
          usage.inputTokens ?? 0,
          usage.outputTokens ?? 0,
        );
        const summary = result.text.trim();
        if (summary !== '') return summary.slice(0, SUMMARY_MAX_CHARACTERS);
      } catch (error) {
        this.recorder.call(provider.name, 'error', Math.round(performance.now() - started), 0, 0);
        this.logger.logEvent('warn', `summary by ${provider.name} failed`, {
          event: 'llm_summary',
          context: 'LLM',
          provider: provider.name,
          error: (error as Error).message,
        });
      }
    }
    return null;
  }
}

/** Without a model: the customer's own words, newest kept, within the same length. */
function trimmed(previous: string | null, messages: StoredMessage[]): string {
  const lines = [
    ...(previous ? previous.split('\n') : []),
    ...messages.filter((m) => m.direction === 'inbound' && m.text).map((m) => `Cliente: ${m.text!.slice(0, 120)}`),
  ];
  let summary = lines.join('\n');
  while (summary.length > SUMMARY_MAX_CHARACTERS && lines.length > 1) {
    lines.shift();
    summary = lines.join('\n');
  }
  return summary.slice(-SUMMARY_MAX_CHARACTERS);
}
