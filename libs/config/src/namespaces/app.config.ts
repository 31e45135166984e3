import { z } from 'zod';
import { flag, integer, oneOf, text } from '../env-value.js';
import { defineNamespace, secretOrDevelopmentDefault } from '../namespace.js';

/** Development value used when ADMIN_API_KEY is unset outside production (printed at start). */
export const DEV_ADMIN_API_KEY = 'mostrador-dev-admin-key';

export const appNamespace = defineNamespace({
  variables: z.object({
    HOST: text({ describe: 'a host name or address' }).describe('Address the api listens on. Default 0.0.0.0.'),
    PORT: integer(0, 65535).describe('Port the api listens on (0 picks a free one). Default 3000.'),
    BODY_LIMIT_BYTES: integer(1024, 50 * 1024 * 1024).describe(
      "Largest request body accepted, in bytes. Default 3145728 (3 MB, Meta's largest webhook payload).",
    ),
    SWAGGER_ENABLED: flag().describe(
      'Serve Swagger UI at /docs and the OpenAPI JSON at /docs/json. Default true, false in production.',
    ),
    SHUTDOWN_TIMEOUT_MS: integer(100, 120_000).describe(
      'On SIGTERM/SIGINT, how long in-flight work may take before the process gives up and exits 1. Default 10000.',
    ),
    TRUST_PROXY: flag().describe(
      'Take the client address from X-Forwarded-For (set it behind a load balancer). Default false.',
    ),
    ADMIN_API_KEY: text({ minLength: 16 }).describe(
      `Key for the /admin API (x-api-key header). Required in production; development default "${DEV_ADMIN_API_KEY}".`,
    ),
  }),
  build(env, context) {
    const production = context.nodeEnv === 'production';
    return {
      host: env.HOST ?? '0.0.0.0',
      port: env.PORT ?? 3000,
      bodyLimitBytes: env.BODY_LIMIT_BYTES ?? 3 * 1024 * 1024,
      swaggerEnabled: env.SWAGGER_ENABLED ?? !production,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10_000,
      trustProxy: env.TRUST_PROXY ?? false,
      adminApiKey: secretOrDevelopmentDefault('ADMIN_API_KEY', env.ADMIN_API_KEY, DEV_ADMIN_API_KEY, context),
    };
  },
});

export const nodeEnvVariable = oneOf(['development', 'test', 'production'] as const).describe(
  'development (pretty logs, development secrets allowed), test, or production (JSON logs, log files, secrets required). Default development.',
);
