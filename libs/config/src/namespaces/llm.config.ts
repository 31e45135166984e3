import { z } from 'zod';
import { integer, text, url } from '../env-value.js';
import { type BuildContext, defineNamespace } from '../namespace.js';

export const LLM_PROVIDER_NAMES = ['openrouter', 'gemini', 'compatible'] as const;
export type LlmProviderName = (typeof LLM_PROVIDER_NAMES)[number];

export interface LlmProviderSettings {
  name: LlmProviderName;
  baseUrl: string;
  /** Absent for an OpenAI-compatible server that needs none (a local Ollama, the sandbox). */
  apiKey: string | null;
  model: string;
}

export const OPENROUTER_API_URL = 'https://openrouter.ai/api/v1';
export const GEMINI_API_URL = 'https://generativelanguage.googleapis.com/v1beta';

/** LLM_PROVIDERS as names, each known and named once; a bad list is a start-up problem. */
function providerOrder(raw: string | undefined, context: BuildContext): LlmProviderName[] {
  if (raw === undefined) return [...LLM_PROVIDER_NAMES];
  const names = raw.split(',').map((name) => name.trim().toLowerCase());
  const known = names.every((name) => (LLM_PROVIDER_NAMES as readonly string[]).includes(name));
  if (!known || new Set(names).size !== names.length) {
    context.problem(
      'LLM_PROVIDERS',
      `must be a comma-separated list of ${LLM_PROVIDER_NAMES.join(', ')}, each at most once`,
    );
    return [];
  }
  return names as LlmProviderName[];
}

export const llmNamespace = defineNamespace({
  variables: z.object({
    LLM_PROVIDERS: text().describe(
      'LLM providers in the order they are tried; one without its settings is left out. Default openrouter,gemini,compatible. None configured: the rule-based assistant answers.',
    ),
    OPENROUTER_API_KEY: text({ minLength: 8 }).describe('OpenRouter API key. Unset: OpenRouter is not used.'),
    OPENROUTER_MODEL: text().describe('OpenRouter model. Default openai/gpt-4o-mini.'),
    OPENROUTER_BASE_URL: url().describe(`OpenRouter's API. Default ${OPENROUTER_API_URL}.`),
    GEMINI_API_KEY: text({ minLength: 8 }).describe('Google Gemini API key. Unset: Gemini is not used.'),
    GEMINI_MODEL: text().describe('Gemini model. Default gemini-2.5-flash.'),
    GEMINI_BASE_URL: url().describe(`Gemini's API. Default ${GEMINI_API_URL}.`),
    LLM_BASE_URL: url().describe(
      'Any OpenAI-compatible server (Ollama, vLLM, a gateway, the sandbox at http://127.0.0.1:3100/v1). Unset: not used.',
    ),
    LLM_API_KEY: text().describe('Its API key, when it needs one.'),
    LLM_MODEL: text().describe('The model it serves. Default default.'),
    LLM_TIMEOUT_MS: integer(500, 300_000).describe(
      'Time limit of one model call (each step of the tool loop); past it the next provider is tried. Default 12000.',
    ),
    LLM_MAX_RETRIES: integer(0, 5).describe(
      'Retries of one model call on 429, 5xx or a network failure (with backoff) before the next provider. Default 1.',
    ),
    LLM_MAX_STEPS: integer(1, 10).describe('Model steps (each may call tools) in one turn at most. Default 5.'),
    LLM_HISTORY_MESSAGES: integer(2, 100).describe(
      'Recent messages given to the model verbatim; older ones are folded into the conversation summary. Default 12.',
    ),
    LLM_PROMPT_PATH: text().describe(
      'The system prompt template the shop can shape ({{shop_name}}, {{tone}}, {{policies}}…). Default prompts/sales-assistant.md.',
    ),
  }),
  build(env, context) {
    const available: Record<LlmProviderName, LlmProviderSettings | null> = {
      openrouter: env.OPENROUTER_API_KEY
        ? {
            name: 'openrouter',
            baseUrl: env.OPENROUTER_BASE_URL ?? OPENROUTER_API_URL,
            apiKey: env.OPENROUTER_API_KEY,
            model: env.OPENROUTER_MODEL ?? 'openai/gpt-4o-mini',
          }
        : null,
      gemini: env.GEMINI_API_KEY
        ? {
            name: 'gemini',
            baseUrl: env.GEMINI_BASE_URL ?? GEMINI_API_URL,
            apiKey: env.GEMINI_API_KEY,
            model: env.GEMINI_MODEL ?? 'gemini-2.5-flash',
          }
        : null,
      compatible: env.LLM_BASE_URL
        ? {
            name: 'compatible',
            baseUrl: env.LLM_BASE_URL,
            apiKey: env.LLM_API_KEY ?? null,
            model: env.LLM_MODEL ?? 'default',
          }
        : null,
    };
    const order = providerOrder(env.LLM_PROVIDERS, context);
    return {
      /** In the order they are tried; empty: no LLM, the rule-based assistant answers. */
      providers: order.map((name) => available[name]).filter((p): p is LlmProviderSettings => p !== null),
      /** Named in LLM_PROVIDERS but without their settings (said at start). */
      skipped: order.filter((name) => available[name] === null),
      timeoutMs: env.LLM_TIMEOUT_MS ?? 12_000,
      maxRetries: env.LLM_MAX_RETRIES ?? 1,
      maxSteps: env.LLM_MAX_STEPS ?? 5,
      historyMessages: env.LLM_HISTORY_MESSAGES ?? 12,
      promptPath: env.LLM_PROMPT_PATH ?? 'prompts/sales-assistant.md',
    };
  },
});
