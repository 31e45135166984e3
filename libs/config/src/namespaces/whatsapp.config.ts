import { z } from 'zod';
import { text } from '../env-value.js';
import { defineNamespace, secretOrDevelopmentDefault } from '../namespace.js';

/** Development values used outside production when the variables are unset (printed at start). */
export const DEV_WHATSAPP_APP_SECRET = 'mostrador-dev-app-secret';
export const DEV_WHATSAPP_VERIFY_TOKEN = 'mostrador-dev-verify-token';

export const whatsappNamespace = defineNamespace({
  variables: z.object({
    WHATSAPP_APP_SECRET: text({ minLength: 8 }).describe(
      `Meta app secret: the key of the X-Hub-Signature-256 HMAC on every webhook. Required in production; development default "${DEV_WHATSAPP_APP_SECRET}".`,
    ),
    WHATSAPP_VERIFY_TOKEN: text({ minLength: 8 }).describe(
      `Token Meta echoes when it verifies the webhook (hub.verify_token). Required in production; development default "${DEV_WHATSAPP_VERIFY_TOKEN}".`,
    ),
  }),
  build(env, context) {
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
    };
  },
});
