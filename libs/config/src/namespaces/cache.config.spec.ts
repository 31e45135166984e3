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

describe('cache, limit and breaker settings', () => {
  it('should default to a 100 MB memory cache without Redis, the original limits and breakers', () => {
    const settings = parseSettings({});
    expect(settings.cache).toMatchObject({
      enabled: true,
      redisUrl: undefined,
      memoryMaxBytes: 100 * 1024 * 1024,
      keyPrefix: 'mostrador:',
      ttlMs: { default: 300_000, inventory: 300_000, stock: 60_000, function: 600_000 },
    });
    expect(settings.rateLimit).toEqual({
      enabled: true,
      windowMs: 60_000,
      limits: { ip: 100, user: 50, phone: 30, external: 10 },
      // No dependency is held to a quota unless named: the sandbox never is.
      quotas: {},
      quotaWaitMs: 0,
    });
    expect(settings.breakers).toEqual({
      enabled: true,
      errorThresholdPercentage: 50,
      volumeThreshold: 10,
      resetTimeout: 60_000,
      rollingCountTimeout: 10_000,
    });
  });

  it('should refuse bad values, naming each variable and what it must be', () => {
    expect(
      problemsOf({
        REDIS_URL: 'http://127.0.0.1:6379',
        CACHE_MEMORY_MAX_MB: '0',
        CACHE_KEY_PREFIX: 'my app',
        CACHE_STOCK_TTL_SECONDS: '-1',
        RATE_LIMIT_PHONE: 'many',
        BREAKER_ERROR_THRESHOLD_PERCENT: '150',
        RATE_LIMIT_EXTERNAL_WAIT_MS: '-5',
      }),
    ).toEqual([
      'REDIS_URL must be a URL (redis: or rediss:)',
      'CACHE_MEMORY_MAX_MB must be an integer from 1 to 4096',
      'CACHE_KEY_PREFIX must be letters, digits and . _ : -',
      'CACHE_STOCK_TTL_SECONDS must be an integer from 1 to 86400',
      'RATE_LIMIT_PHONE must be an integer from 1 to 1000000',
      'RATE_LIMIT_EXTERNAL_WAIT_MS must be an integer from 0 to 60000',
      'BREAKER_ERROR_THRESHOLD_PERCENT must be an integer from 1 to 100',
    ]);
  });

  it('should read the quotas of external dependencies: a bare name takes RATE_LIMIT_EXTERNAL', () => {
    const settings = parseSettings({
      RATE_LIMIT_EXTERNAL: '12',
      RATE_LIMIT_EXTERNAL_APIS: ' inventory , LLM:OpenRouter=20,whatsapp=600',
      RATE_LIMIT_EXTERNAL_WAIT_MS: '1500',
    });
    expect(settings.rateLimit.quotas).toEqual({ inventory: 12, 'llm:openrouter': 20, whatsapp: 600 });
    expect(settings.rateLimit.quotaWaitMs).toBe(1500);
  });

  it.each([
    'inventroy',
    'inventory=0',
    'inventory=ten',
    'database=5',
    'llm:=3',
    'inventory=1=2',
    'inventory,,llm:gemini',
    'llm:claude',
  ])('should refuse RATE_LIMIT_EXTERNAL_APIS=%s, saying what it must be', (value) => {
    expect(problemsOf({ RATE_LIMIT_EXTERNAL_APIS: value })).toEqual([
      'RATE_LIMIT_EXTERNAL_APIS must list dependencies (inventory, whatsapp, llm:openrouter, llm:gemini, llm:compatible), each alone or as name=calls (1 to 1000000), separated by commas',
    ]);
  });
});
