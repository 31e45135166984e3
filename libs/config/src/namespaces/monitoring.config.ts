import { z } from 'zod';
import { flag, integer, url } from '../env-value.js';
import { defineNamespace } from '../namespace.js';

export const monitoringNamespace = defineNamespace({
  variables: z.object({
    METRICS_ENABLED: flag().describe(
      'Count requests and domain events for GET /metrics (Prometheus) and the dashboard. Default true.',
    ),
    MONITOR_INTERVAL_MS: integer(1000, 3_600_000).describe(
      'How often the monitor runs the health checks in the background and evaluates the alert rules, ms. Default 30000.',
    ),
    MEMORY_LIMIT_MB: integer(32, 1_048_576).describe(
      "The process's memory budget, MB: /health/ready reports `memory` down at or above it (RSS), the monitor warns above ALERT_MEMORY_PERCENT of it. Default 1024.",
    ),
    HEALTH_CACHE_MS: integer(0, 60_000).describe(
      'How long a /health/ready result is reused, ms: load balancers polling every second cost one check per interval. Default 1000.',
    ),
    HEALTH_TIMEOUT_MS: integer(50, 60_000).describe(
      'Time limit of each readiness check (database, Redis, inventory, WhatsApp token), ms. Default 1000.',
    ),
    WHATSAPP_HEALTH_INTERVAL_MS: integer(10_000, 86_400_000).describe(
      'How often the WhatsApp access token is checked against the Graph API (its result is cached in between), ms. Default 300000.',
    ),
    ALERT_WEBHOOK_URL: url().describe(
      'Where alerts are posted (Slack-compatible JSON: {"text": …}), retried with backoff. Default none: alerts are logged and kept in the history only.',
    ),
    ALERT_COOLDOWN_MS: integer(0, 86_400_000).describe(
      'An alert still firing is not raised again within this time, ms. Default 300000.',
    ),
    ALERT_HISTORY_SIZE: integer(1, 10_000).describe('Alerts kept in the history (newest first). Default 200.'),
    ALERT_ERROR_RATE_PERCENT: integer(0, 100).describe(
      'Warn when more than this share of the HTTP requests since the last run failed (5xx). Default 2.',
    ),
    ALERT_P95_MS: integer(1, 600_000).describe(
      'Warn when the p95 response time since the last run is above this, ms. Default 2000.',
    ),
    ALERT_MEMORY_PERCENT: integer(1, 100).describe('Warn when RSS is above this share of MEMORY_LIMIT_MB. Default 85.'),
    ALERT_CACHE_HIT_RATE_PERCENT: integer(0, 100).describe(
      'Warn when the cache hit rate since the last run is below this (only after 20 lookups). Default 50.',
    ),
    ALERT_META_ERRORS: integer(1, 1_000_000).describe(
      'Warn when Meta answered this many sends with 131047 (outside the window), 130429 (throttled) or 190 (expired token) since the last run, per code. Default 5.',
    ),
  }),
  build(env) {
    return {
      metricsEnabled: env.METRICS_ENABLED ?? true,
      intervalMs: env.MONITOR_INTERVAL_MS ?? 30_000,
      memoryLimitBytes: (env.MEMORY_LIMIT_MB ?? 1024) * 1024 * 1024,
      healthCacheMs: env.HEALTH_CACHE_MS ?? 1000,
      healthTimeoutMs: env.HEALTH_TIMEOUT_MS ?? 1000,
      whatsappHealthIntervalMs: env.WHATSAPP_HEALTH_INTERVAL_MS ?? 300_000,
      alerts: {
        webhookUrl: env.ALERT_WEBHOOK_URL,
        cooldownMs: env.ALERT_COOLDOWN_MS ?? 300_000,
        historySize: env.ALERT_HISTORY_SIZE ?? 200,
        errorRatePercent: env.ALERT_ERROR_RATE_PERCENT ?? 2,
        p95Ms: env.ALERT_P95_MS ?? 2000,
        memoryPercent: env.ALERT_MEMORY_PERCENT ?? 85,
        cacheHitRatePercent: env.ALERT_CACHE_HIT_RATE_PERCENT ?? 50,
        metaErrors: env.ALERT_META_ERRORS ?? 5,
      },
    };
  },
});
