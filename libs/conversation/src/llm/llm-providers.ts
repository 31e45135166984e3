import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LlmProviderName, LlmProviderSettings } from '@mostrador/config';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import type { LanguageModel } from 'ai';

/** One configured model, tried in its place in LLM_PROVIDERS. */
export interface LlmProvider {
  name: LlmProviderName;
  /** The model id, for the logs. */
  model: string;
  languageModel: LanguageModel;
}

/** The AI SDK's provider for each kind; their HTTP clients and wire formats are the SDK's. */
export function createLlmProvider(settings: LlmProviderSettings): LlmProvider {
  const { name, baseUrl, apiKey, model } = settings;
  switch (name) {
    case 'openrouter':
      return {
        name,
        model,
        languageModel: createOpenRouter({ baseURL: baseUrl, apiKey: apiKey ?? undefined }).chat(model),
      };
    case 'gemini':
      return {
        name,
        model,
        languageModel: createGoogleGenerativeAI({ baseURL: baseUrl, apiKey: apiKey ?? undefined })(model),
      };
    case 'compatible':
      return {
        name,
        model,
        languageModel: createOpenAICompatible({ name: 'compatible', baseURL: baseUrl, apiKey: apiKey ?? undefined })(
          model,
        ),
      };
  }
}

/** The configured providers in the order they are tried (empty: no LLM). One set per process. */
export class LlmProviders {
  constructor(readonly list: readonly LlmProvider[]) {}

  static fromSettings(settings: readonly LlmProviderSettings[]): LlmProviders {
    return new LlmProviders(settings.map(createLlmProvider));
  }
}
