import { z } from 'zod';
import { integer, oneOf, text } from '../env-value.js';
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
    TURN_QUEUE: oneOf(['redis', 'memory'] as const).describe(
      'Where turns wait for their quiet window: `redis` (BullMQ on REDIS_URL: one pending turn per conversation across every instance, kept across restarts, run by any worker) or `memory` (timers in this process; claims in the database keep it one answer across instances). Default redis when REDIS_URL is set, else memory.',
    ),
    WORKER_MODE: oneOf(['api', 'worker', 'both'] as const).describe(
      'What this process does with turns: `both` takes webhooks and runs turns; `api` takes webhooks and queues turns for the workers; `worker` runs queued turns (it still serves health and metrics). api and worker need TURN_QUEUE=redis. Default both.',
    ),
    TURN_LEASE_SECONDS: integer(3, 3600).describe(
      'How long a turn holds its conversation without a heartbeat (renewed every third of it while the turn runs); if its worker dies, another takes it after this. Default 10.',
    ),
    TURN_HISTORY_MESSAGES: integer(1, 200).describe(
      'Recent messages loaded with a turn for an assistant that reads them (the LLM one; the rule-based one reads none). Default 20.',
    ),
    ANSWER_MAX_AGE_HOURS: integer(1, 168).describe(
      'Inbound messages older than this are not answered late (after downtime). Default 24.',
    ),
    SWEEPER_INTERVAL_MS: integer(1000, 3_600_000).describe(
      'How often the sweepers look for conversations with unanswered messages and no live turn, and for messages due to be sent again. Default 5000.',
    ),
    SWEEPER_MIN_AGE_SECONDS: integer(0, 3600).describe(
      'An unanswered message must be at least this old before the sweeper schedules its turn. Default 10.',
    ),
    SEND_RETRY_WINDOW_MINUTES: integer(0, 1440).describe(
      'A message that failed to send for a reason worth another try (Meta 5xx, throttling, the network) is tried again for this long; then it fails. Default 30.',
    ),
    SEND_RETRY_BASE_MS: integer(100, 3_600_000).describe(
      'First wait before sending again; it doubles each time (with jitter) up to SEND_RETRY_MAX_MS. Default 5000.',
    ),
    SEND_RETRY_MAX_MS: integer(100, 3_600_000).describe(
      'Longest wait between two tries of one message. Default 60000.',
    ),
    SEND_LEASE_SECONDS: integer(5, 3600).describe(
      'How long one send attempt holds its message. A send whose result is unknown (the process died mid-request, a timeout) is not tried again before this, so the status Meta posts for it can prove it went out. Default 60.',
    ),
    SHOP_PROFILE_PATH: text().describe(
      "The shop's profile (hours, stores, payment, shipping, returns) the assistant answers from. Default the demo shop's, shop-profile.json.",
    ),
  }),
  build(env, context) {
    const queue = env.TURN_QUEUE ?? (context.env.REDIS_URL ? 'redis' : 'memory');
    if (queue === 'redis' && !context.env.REDIS_URL) context.problem('TURN_QUEUE', 'redis needs REDIS_URL');
    const workerMode = env.WORKER_MODE ?? 'both';
    if (workerMode !== 'both' && queue !== 'redis') {
      // Without a shared queue an api-only process would leave its turns to nobody.
      context.problem('WORKER_MODE', `${workerMode} needs the redis turn queue (REDIS_URL, TURN_QUEUE=redis)`);
    }
    return {
      coalesceMs: env.TURN_COALESCE_MS ?? 1500,
      maxWaitMs: env.TURN_MAX_WAIT_MS ?? 5000,
      concurrency: env.TURN_CONCURRENCY ?? 32,
      leaseSeconds: env.TURN_LEASE_SECONDS ?? 10,
      queue,
      workerMode,
      historyMessages: env.TURN_HISTORY_MESSAGES ?? 20,
      answerMaxAgeHours: env.ANSWER_MAX_AGE_HOURS ?? 24,
      sweeperIntervalMs: env.SWEEPER_INTERVAL_MS ?? 5000,
      sweeperMinAgeSeconds: env.SWEEPER_MIN_AGE_SECONDS ?? 10,
      send: {
        retryWindowSeconds: (env.SEND_RETRY_WINDOW_MINUTES ?? 30) * 60,
        retry: { baseDelayMs: env.SEND_RETRY_BASE_MS ?? 5000, maxDelayMs: env.SEND_RETRY_MAX_MS ?? 60_000 },
        leaseSeconds: env.SEND_LEASE_SECONDS ?? 60,
      },
      shopProfilePath: env.SHOP_PROFILE_PATH ?? 'shop-profile.json',
    };
  },
});
