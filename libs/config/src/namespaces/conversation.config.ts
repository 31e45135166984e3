import { z } from 'zod';
import { integer, text } from '../env-value.js';
import { defineNamespace } from '../namespace.js';

export const conversationNamespace = defineNamespace({
  variables: z.object({
    TURN_COALESCE_MS: integer(0, 3_600_000).describe(
      'Quiet window: a turn starts when the customer has not written for this long, so a burst gets one answer. Default 1500.',
    ),
    TURN_MAX_WAIT_MS: integer(0, 3_600_000).describe(
      'Longest a turn waits for the quiet window from the first message of a burst. Default 5000.',
    ),
    TURN_CONCURRENCY: integer(1, 1000).describe('Turns running at once in this process. Default 32.'),
    TURN_LEASE_SECONDS: integer(1, 3600).describe(
      'How long a turn holds its conversation; if its worker dies, another may take it after this. Default 60.',
    ),
    TURN_HISTORY_MESSAGES: integer(1, 200).describe('Recent messages loaded as context for a turn. Default 20.'),
    ANSWER_MAX_AGE_HOURS: integer(1, 168).describe(
      'Inbound messages older than this are not answered late (after downtime). Default 24.',
    ),
    SWEEPER_INTERVAL_MS: integer(1000, 3_600_000).describe(
      'How often the sweeper looks for conversations with unanswered messages and no turn pending. Default 30000.',
    ),
    SWEEPER_MIN_AGE_SECONDS: integer(0, 3600).describe(
      'An unanswered message must be at least this old before the sweeper schedules its turn. Default 10.',
    ),
    SHOP_PROFILE_PATH: text().describe(
      "The shop's profile (hours, stores, payment, shipping, returns) the assistant answers from. Default the demo shop's, shop-profile.json.",
    ),
  }),
  build(env) {
    return {
      coalesceMs: env.TURN_COALESCE_MS ?? 1500,
      maxWaitMs: env.TURN_MAX_WAIT_MS ?? 5000,
      concurrency: env.TURN_CONCURRENCY ?? 32,
      leaseSeconds: env.TURN_LEASE_SECONDS ?? 60,
      historyMessages: env.TURN_HISTORY_MESSAGES ?? 20,
      answerMaxAgeHours: env.ANSWER_MAX_AGE_HOURS ?? 24,
      sweeperIntervalMs: env.SWEEPER_INTERVAL_MS ?? 30_000,
      sweeperMinAgeSeconds: env.SWEEPER_MIN_AGE_SECONDS ?? 10,
      shopProfilePath: env.SHOP_PROFILE_PATH ?? 'shop-profile.json',
    };
  },
});
