import { z } from 'zod';
import { flag, integer, text } from '../env-value.js';
import { type BuildContext, defineNamespace } from '../namespace.js';

/** Dependencies whose calls can be held to a quota (their breaker names): the inventory, WhatsApp sends, each LLM provider. */
const QUOTA_DEPENDENCY = /^(inventory|whatsapp|llm:(openrouter|gemini|compatible))$/;

/** `inventory, llm:openrouter=20` → calls per window by dependency (a bare name takes `fallback`). */
function parseQuotas(raw: string | undefined, fallback: number, context: BuildContext): Record<string, number> {
  const quotas: Record<string, number> = {};
  if (raw === undefined || raw.trim() === '') return quotas;
  for (const item of raw.split(',')) {
    const [name, limit, ...rest] = item.trim().toLowerCase().split('=');
    const count = limit === undefined ? fallback : /^\d+$/.test(limit.trim()) ? Number(limit) : Number.NaN;
    if (!QUOTA_DEPENDENCY.test(name.trim()) || rest.length > 0 || !(count >= 1 && count <= 1_000_000)) {
      context.problem(
        'RATE_LIMIT_EXTERNAL_APIS',
        'must list dependencies (inventory, whatsapp, llm:openrouter, llm:gemini, llm:compatible), each alone or as name=calls (1 to 1000000), separated by commas',
      );
      return {};
    }
    quotas[name.trim()] = count;
  }
  return quotas;
}

export const rateLimitNamespace = defineNamespace({
  variables: z.object({
    RATE_LIMIT_ENABLED: flag().describe('Limit requests per IP, per admin user and per phone. Default true.'),
    RATE_LIMIT_WINDOW_MS: integer(1000, 3_600_000).describe(
      'The sliding window every limit counts over, ms. Default 60000 (the limits below are per minute).',
    ),
    RATE_LIMIT_IP: integer(1, 1_000_000).describe(
      'Requests per window from one client address on public routes (the webhook, health and metrics are exempt). Default 100.',
    ),
    RATE_LIMIT_USER: integer(1, 1_000_000).describe('Admin API requests per window per API key. Default 50.'),
    RATE_LIMIT_PHONE: integer(1, 1_000_000).describe(
      'Messages per window from one customer that get an answer; past it they are stored as rate_limited, with one notice per window. Default 30.',
    ),
    RATE_LIMIT_EXTERNAL: integer(1, 1_000_000).describe(
      'Calls per window to each dependency named in RATE_LIMIT_EXTERNAL_APIS without a number of its own. Default 10.',
    ),
    RATE_LIMIT_EXTERNAL_APIS: text({ describe: 'a list of dependencies' }).describe(
      "Dependencies whose provider sets a quota on Mostrador's calls, held to it: inventory, whatsapp, llm:openrouter, llm:gemini, llm:compatible, each alone (RATE_LIMIT_EXTERNAL calls per window) or as name=calls, e.g. `inventory,llm:openrouter=20`. Default none: the sandbox and services without a quota are never held back.",
    ),
    RATE_LIMIT_EXTERNAL_WAIT_MS: integer(0, 60_000).describe(
      'How long a call over its quota waits for a free slot before failing as unavailable (the inventory answers from its cache or says it cannot check; an LLM provider gives way to the next), ms. Default 0: fail fast.',
    ),
  }),
  build(env, context) {
    const external = env.RATE_LIMIT_EXTERNAL ?? 10;
    return {
      enabled: env.RATE_LIMIT_ENABLED ?? true,
      windowMs: env.RATE_LIMIT_WINDOW_MS ?? 60_000,
      limits: {
        ip: env.RATE_LIMIT_IP ?? 100,
        user: env.RATE_LIMIT_USER ?? 50,
        phone: env.RATE_LIMIT_PHONE ?? 30,
        external,
      },
      /** Calls per window by dependency; one not named here is never held back. */
      quotas: parseQuotas(env.RATE_LIMIT_EXTERNAL_APIS, external, context),
      quotaWaitMs: env.RATE_LIMIT_EXTERNAL_WAIT_MS ?? 0,
    };
  },
});

export const breakerNamespace = defineNamespace({
  variables: z.object({
    BREAKER_ENABLED: flag().describe(
      'Put a circuit breaker in front of each dependency (inventory, LLM providers, WhatsApp sends). Default true.',
    ),
    BREAKER_ERROR_THRESHOLD_PERCENT: integer(1, 100).describe(
      'A breaker opens when this share of the calls in its rolling window failed. Default 50.',
    ),
    BREAKER_VOLUME_THRESHOLD: integer(1, 100_000).describe(
      'Calls in the rolling window before a breaker may open. Default 10.',
    ),
    BREAKER_RESET_MS: integer(100, 3_600_000).describe(
      'How long an open breaker refuses calls before letting one probe through (half-open), ms. Default 60000.',
    ),
    BREAKER_ROLLING_WINDOW_MS: integer(100, 3_600_000).describe(
      'The window a breaker counts successes and failures over, ms. Default 10000.',
    ),
  }),
  build(env) {
    return {
      enabled: env.BREAKER_ENABLED ?? true,
      errorThresholdPercentage: env.BREAKER_ERROR_THRESHOLD_PERCENT ?? 50,
      volumeThreshold: env.BREAKER_VOLUME_THRESHOLD ?? 10,
      resetTimeout: env.BREAKER_RESET_MS ?? 60_000,
      rollingCountTimeout: env.BREAKER_ROLLING_WINDOW_MS ?? 10_000,
    };
  },
});
