import { z } from 'zod';
import { flag, integer } from '../env-value.js';
import { defineNamespace } from '../namespace.js';

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
  }),
  build(env) {
    return {
      enabled: env.RATE_LIMIT_ENABLED ?? true,
      windowMs: env.RATE_LIMIT_WINDOW_MS ?? 60_000,
      limits: {
        ip: env.RATE_LIMIT_IP ?? 100,
        user: env.RATE_LIMIT_USER ?? 50,
        phone: env.RATE_LIMIT_PHONE ?? 30,
      },
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
