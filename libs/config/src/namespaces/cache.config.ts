import { z } from 'zod';
import { flag, integer, text, url } from '../env-value.js';
import { defineNamespace } from '../namespace.js';

export const cacheNamespace = defineNamespace({
  variables: z.object({
    REDIS_URL: url(['redis:', 'rediss:']).describe(
      'Redis shared by every instance (cache level two; later limits, locks and the queue), redis:// or rediss://. Unset: the cache is in process memory only.',
    ),
    REDIS_TIMEOUT_MS: integer(50, 60_000).describe(
      'Time limit of one Redis command and of connecting; past it the cache serves from memory. Default 500.',
    ),
    CACHE_ENABLED: flag().describe('Cache inventory answers, tool results and admin reads. Default true.'),
    CACHE_MEMORY_MAX_MB: integer(1, 4096).describe(
      'Bound of the in-process cache level, in MB of serialised values (least recently used go first). Default 100.',
    ),
    CACHE_KEY_PREFIX: text({ pattern: /^[\w.:-]+$/, describe: 'letters, digits and . _ : -' }).describe(
      'Prefix of every cache key in Redis, so several apps can share one. Default mostrador:.',
    ),
    CACHE_TTL_DEFAULT_SECONDS: integer(1, 86_400).describe('Lifetime of a cached value without a preset. Default 300.'),
    CACHE_TTL_INVENTORY_SECONDS: integer(1, 86_400).describe(
      'Lifetime of a cached inventory answer (products, search results, categories). Default 300.',
    ),
    CACHE_STOCK_TTL_SECONDS: integer(1, 86_400).describe(
      'Longest a cached answer carrying stock figures lives (a customer acts on them): CheckStock and whatever carries units per size. Default 60.',
    ),
    CACHE_TTL_FUNCTION_SECONDS: integer(1, 86_400).describe(
      'Lifetime of a cached assistant tool result (capped by CACHE_STOCK_TTL_SECONDS when it carries stock). Default 600.',
    ),
    CACHE_TTL_ADMIN_SECONDS: integer(1, 3600).describe(
      'Lifetime of a cached admin API read (GET); admin writes drop them, and a request with Cache-Control: no-cache reads fresh. Default 2.',
    ),
  }),
  build(env) {
    const seconds = (value: number | undefined, fallback: number) => (value ?? fallback) * 1000;
    return {
      enabled: env.CACHE_ENABLED ?? true,
      redisUrl: env.REDIS_URL,
      redisTimeoutMs: env.REDIS_TIMEOUT_MS ?? 500,
      memoryMaxBytes: (env.CACHE_MEMORY_MAX_MB ?? 100) * 1024 * 1024,
      keyPrefix: env.CACHE_KEY_PREFIX ?? 'mostrador:',
      /** Lifetimes in ms, by preset. */
      ttlMs: {
        default: seconds(env.CACHE_TTL_DEFAULT_SECONDS, 300),
        inventory: seconds(env.CACHE_TTL_INVENTORY_SECONDS, 300),
        stock: seconds(env.CACHE_STOCK_TTL_SECONDS, 60),
        function: seconds(env.CACHE_TTL_FUNCTION_SECONDS, 600),
        admin: seconds(env.CACHE_TTL_ADMIN_SECONDS, 2),
      },
    };
  },
});
