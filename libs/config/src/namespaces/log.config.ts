import { z } from 'zod';
import { oneOf, text } from '../env-value.js';
import { defineNamespace } from '../namespace.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logNamespace = defineNamespace({
  variables: z.object({
    LOG_LEVEL: oneOf(LOG_LEVELS).describe('Lowest level written to the console and combined.log. Default info.'),
    LOG_FORMAT: oneOf(['json', 'pretty'] as const).describe(
      'Console format: json lines, or pretty for people. Default pretty in development, json otherwise.',
    ),
    LOG_DIR: text().describe(
      'Folder for rotating log files (combined, error, application, exceptions, rejections). Default ./logs in production; unset elsewhere means console only.',
    ),
  }),
  build(env, { nodeEnv }) {
    return {
      level: env.LOG_LEVEL ?? 'info',
      format: env.LOG_FORMAT ?? (nodeEnv === 'development' ? 'pretty' : 'json'),
      dir: env.LOG_DIR ?? (nodeEnv === 'production' ? './logs' : undefined),
    };
  },
});
