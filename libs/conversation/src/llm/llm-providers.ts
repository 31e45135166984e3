import type { LlmProviderName, LlmProviderSettings } from '@mostrador/config';
import type { LanguageModel } from 'ai';

/** One configured model, tried in its place in LLM_PROVIDERS. */
export interface LlmProvider {
  name: LlmProviderName;
  /** The model id, for the logs. */
  model: string;
  languageModel: LanguageModel;
}

/**
 * The AI SDK's provider for each kind; their HTTP clients and wire formats are the SDK's. Each
 * package is imported when a provider of its kind is configured: a shop without an LLM never
 * loads them.
 */
export async function createLlmProvider(settings: LlmProviderSettings): Promise<LlmProvider> {
  const { name, baseUrl, apiKey, model } = settings;
  switch (name) {
    case 'openrouter': {
      const { createOpenRouter } = await import('@openrouter/ai-sdk-provider');
      return {
        name,
        model,
        languageModel: createOpenRouter({ baseURL: baseUrl, apiKey: apiKey ?? undefined }).chat(model),
      };
    }
    case 'gemini': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return {
        name,
        model,
        languageModel: createGoogleGenerativeAI({ baseURL: baseUrl, apiKey: apiKey ?? undefined })(model),
      };
    }
    case 'compatible': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return {
        name,
        model,
        languageModel: createOpenAICompatible({ name: 'compatible', baseURL: baseUrl, apiKey: apiKey ?? undefined })(
          model,
        ),
      };
    }
  }
}

/** The configured providers in the order they are tried (empty: no LLM). One set per process. */
export class LlmProviders {
  constructor(readonly list: readonly LlmProvider[]) {}

  static async fromSettings(settings: readonly LlmProviderSettings[]): Promise<LlmProviders> {
    return new LlmProviders(await Promise.all(settings.map(createLlmProvider)));
  }
}
