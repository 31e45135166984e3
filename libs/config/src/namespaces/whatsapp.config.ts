import { z } from 'zod';
import { integer, text, url } from '../env-value.js';
import { type BuildContext, defineNamespace, secretOrDevelopmentDefault } from '../namespace.js';

/** Development values used outside production when the variables are unset (printed at start). */
export const DEV_WHATSAPP_APP_SECRET = 'mostrador-dev-app-secret';
export const DEV_WHATSAPP_VERIFY_TOKEN = 'mostrador-dev-verify-token';
export const DEV_WHATSAPP_ACCESS_TOKEN = 'mostrador-dev-access-token';
/** The business number the sandbox plays (its Graph API stand-in accepts any id). */
export const SANDBOX_PHONE_NUMBER_ID = '100000000000001';

export const META_GRAPH_API_URL = 'https://graph.facebook.com';
/** Graph API v26.0 is Meta's newest (released July 29, 2026). */
export const DEFAULT_GRAPH_VERSION = 'v26.0';

/** Outside production the Cloud API is the sandbox's stand-in, wherever SANDBOX_PORT puts it. */
function defaultApiBaseUrl(context: BuildContext): string {
  if (context.nodeEnv === 'production') return META_GRAPH_API_URL;
  const port = integer(0, 65535).safeParse(context.env.SANDBOX_PORT);
  return `http://127.0.0.1:${(port.success ? port.data : undefined) || 3100}`;
}

export const whatsappNamespace = defineNamespace({
  variables: z.object({
    WHATSAPP_APP_SECRET: text({ minLength: 8 }).describe(
      `Meta app secret: the key of the X-Hub-Signature-256 HMAC on every webhook. Required in production; development default "${DEV_WHATSAPP_APP_SECRET}".`,
    ),
    WHATSAPP_VERIFY_TOKEN: text({ minLength: 8 }).describe(
      `Token Meta echoes when it verifies the webhook (hub.verify_token). Required in production; development default "${DEV_WHATSAPP_VERIFY_TOKEN}".`,
    ),
    WHATSAPP_ACCESS_TOKEN: text({ minLength: 8 }).describe(
      `Cloud API access token (system user token) sent as Bearer on every send. Required in production; development default "${DEV_WHATSAPP_ACCESS_TOKEN}".`,
    ),
    WHATSAPP_PHONE_NUMBER_ID: text({
      pattern: /^\d{1,32}$/,
      describe: 'a Cloud API phone number id (digits)',
    }).describe(
      `The business phone number id replies are sent from. Required in production; default the sandbox's ${SANDBOX_PHONE_NUMBER_ID}.`,
    ),
    WHATSAPP_API_BASE_URL: url().describe(
      `Cloud API base URL. Default ${META_GRAPH_API_URL} in production, the sandbox (http://127.0.0.1:<SANDBOX_PORT>) elsewhere.`,
    ),
    WHATSAPP_GRAPH_VERSION: text({
      pattern: /^v\d{1,3}\.\d{1,3}$/,
      describe: 'a Graph API version like v26.0',
    }).describe(`Graph API version in every Cloud API path. Default ${DEFAULT_GRAPH_VERSION}.`),
    WHATSAPP_OUTSIDE_WINDOW_TEMPLATE: text({
      pattern: /^[a-z0-9_]{1,512}$/,
      describe: 'an approved template name (lowercase letters, digits, _)',
    }).describe(
      'Approved template sent instead of a free-form reply when the 24-hour window is closed. Unset: nothing is sent (and the log says so).',
    ),
    WHATSAPP_OUTSIDE_WINDOW_TEMPLATE_LANGUAGE: text({
      pattern: /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/,
      describe: 'a template language code like es, es_MX or en_US',
    }).describe('Language code of that template. Default es.'),
    WHATSAPP_ORDER_UPDATE_TEMPLATE: text({
      pattern: /^[a-z0-9_]{1,512}$/,
      describe: 'an approved template name (lowercase letters, digits, _)',
    }).describe(
      "Approved template that tells a customer their order request changed status when the 24-hour window is closed; its body takes two parameters: the order's reference and its new status. Unset: outside the window the customer is not told (the admin API says so).",
    ),
    WHATSAPP_ORDER_UPDATE_TEMPLATE_LANGUAGE: text({
      pattern: /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/,
      describe: 'a template language code like es, es_MX or en_US',
    }).describe('Language code of that template. Default es.'),
    WHATSAPP_SEND_MAX_ATTEMPTS: integer(1, 10).describe(
      'Tries per Cloud API request when Meta throttles (130429, 131056), fails (5xx) or cannot be reached. Default 4.',
    ),
    WHATSAPP_RETRY_BASE_MS: integer(1, 60_000).describe(
      'Backoff base: retry n waits a random time up to base x 2^n (full jitter). Default 500.',
    ),
    WHATSAPP_RETRY_MAX_MS: integer(1, 300_000).describe('Longest single backoff wait. Default 20000.'),
    WHATSAPP_PAIR_RATE_RETRY_MS: integer(1, 300_000).describe(
      'After 131056 (too many messages to one customer) wait at least this long, plus jitter. Default 6000.',
    ),
    WHATSAPP_REQUEST_TIMEOUT_MS: integer(100, 120_000).describe('Timeout of one Cloud API request. Default 10000.'),
  }),
  build(env, context) {
    const production = context.nodeEnv === 'production';
    if (production && env.WHATSAPP_PHONE_NUMBER_ID === undefined) {
      context.problem('WHATSAPP_PHONE_NUMBER_ID', 'is required when NODE_ENV=production');
    }
    return {
      appSecret: secretOrDevelopmentDefault(
        'WHATSAPP_APP_SECRET',
        env.WHATSAPP_APP_SECRET,
        DEV_WHATSAPP_APP_SECRET,
        context,
      ),
      verifyToken: secretOrDevelopmentDefault(
        'WHATSAPP_VERIFY_TOKEN',
        env.WHATSAPP_VERIFY_TOKEN,
        DEV_WHATSAPP_VERIFY_TOKEN,
        context,
      ),
      accessToken: secretOrDevelopmentDefault(
        'WHATSAPP_ACCESS_TOKEN',
        env.WHATSAPP_ACCESS_TOKEN,
        DEV_WHATSAPP_ACCESS_TOKEN,
        context,
      ),
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID ?? SANDBOX_PHONE_NUMBER_ID,
      apiBaseUrl: env.WHATSAPP_API_BASE_URL ?? defaultApiBaseUrl(context),
      graphVersion: env.WHATSAPP_GRAPH_VERSION ?? DEFAULT_GRAPH_VERSION,
      outsideWindowTemplate:
        env.WHATSAPP_OUTSIDE_WINDOW_TEMPLATE === undefined
          ? null
          : {
              name: env.WHATSAPP_OUTSIDE_WINDOW_TEMPLATE,
              language: env.WHATSAPP_OUTSIDE_WINDOW_TEMPLATE_LANGUAGE ?? 'es',
            },
      orderUpdateTemplate:
        env.WHATSAPP_ORDER_UPDATE_TEMPLATE === undefined
          ? null
          : {
              name: env.WHATSAPP_ORDER_UPDATE_TEMPLATE,
              language: env.WHATSAPP_ORDER_UPDATE_TEMPLATE_LANGUAGE ?? 'es',
            },
      retry: {
        maxAttempts: env.WHATSAPP_SEND_MAX_ATTEMPTS ?? 4,
        baseMs: env.WHATSAPP_RETRY_BASE_MS ?? 500,
        maxMs: env.WHATSAPP_RETRY_MAX_MS ?? 20_000,
        pairRateMs: env.WHATSAPP_PAIR_RATE_RETRY_MS ?? 6000,
      },
      requestTimeoutMs: env.WHATSAPP_REQUEST_TIMEOUT_MS ?? 10_000,
    };
  },
});
