import { z } from 'zod';
import { integer, text } from '../env-value.js';
import { defineNamespace } from '../namespace.js';

export const sandboxNamespace = defineNamespace({
  variables: z.object({
    SANDBOX_HOST: text({ describe: 'a host name or address' }).describe(
      'Address the sandbox (stand-ins for the shop inventory and Meta) listens on. Default 127.0.0.1.',
    ),
    SANDBOX_PORT: integer(0, 65535).describe('Port the sandbox listens on (0 picks a free one). Default 3100.'),
  }),
  build(env) {
    return {
      host: env.SANDBOX_HOST ?? '127.0.0.1',
      port: env.SANDBOX_PORT ?? 3100,
    };
  },
});
