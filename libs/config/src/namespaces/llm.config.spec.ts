import { ConfigError, parseSettings } from '@mostrador/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('LLM settings', () => {
  it('should configure no provider without keys: the rule-based assistant answers', () => {
    expect(parseSettings({}).llm).toMatchObject({
      providers: [],
      skipped: ['openrouter', 'gemini', 'compatible'],
      timeoutMs: 12_000,
      maxRetries: 1,
      maxSteps: 5,
      historyMessages: 12,
      promptPath: 'prompts/sales-assistant.md',
    });
  });

  it('should try the providers that have their settings, in the order LLM_PROVIDERS gives', () => {
    const { llm } = parseSettings({
      LLM_PROVIDERS: 'compatible, gemini,openrouter',
      GEMINI_API_KEY: 'gemini-key-123',
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1/',
      LLM_MODEL: 'llama3.1',
    });
    expect(llm.providers).toEqual([
      { name: 'compatible', baseUrl: 'http://127.0.0.1:11434/v1', apiKey: null, model: 'llama3.1' },
      {
        name: 'gemini',
        baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
        apiKey: 'gemini-key-123',
        model: 'gemini-2.5-flash',
      },
    ]);
    expect(llm.skipped).toEqual(['openrouter']);
  });

  it.each([
    [{ LLM_PROVIDERS: 'openai' }, 'LLM_PROVIDERS must be a comma-separated list of openrouter, gemini, compatible'],
    [{ LLM_PROVIDERS: 'gemini,gemini' }, 'LLM_PROVIDERS must be a comma-separated list'],
    [{ LLM_TIMEOUT_MS: '10' }, 'LLM_TIMEOUT_MS must be an integer from 500 to 300000'],
    [{ LLM_BASE_URL: 'ftp://x' }, 'LLM_BASE_URL must be a URL'],
    [{ OPENROUTER_API_KEY: 'short' }, 'OPENROUTER_API_KEY must be at least 8 characters'],
  ])('should refuse %j, naming the variable', (env, problem) => {
    expect(problemsOf(env).join('\n')).toContain(problem);
  });
});
