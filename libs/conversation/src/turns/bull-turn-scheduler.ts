import type { AppLogger } from '@mostrador/logging';
import type * as BullMQ from 'bullmq';
import type { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { TurnScheduler } from '../turn-scheduler.js';
import type { InProcessTurnScheduler } from './in-process-turn-scheduler.js';
import type { TurnRunner } from './turn-runner.js';

export interface BullTurnSchedulerOptions {
  redisUrl: string;
  /** Key prefix of the queue's keys (the cache's prefix + `bull`), so apps sharing a Redis never meet. */
  prefix: string;
  coalesceMs: number;
  maxWaitMs: number;
  /** Turns this process runs at once (as a worker). */
  concurrency: number;
  /** The claim's lease: a dead worker's job is taken back after about as long. */
  leaseSeconds: number;
  /** False in WORKER_MODE=api: this process queues turns and runs none. */
  runsTurns: boolean;
  /** How long queueing a turn may take before it runs here instead (Redis unreachable). */
  timeoutMs: number;
}

interface TurnJob {
  conversationId: string;
}

const QUEUE = 'turns';
/** A turn that throws is tried again 4 more times (1, 2, 4, 8 s); then the sweeper's net holds. */
const ATTEMPTS = 5;

/**
 * Turns on BullMQ (TURN_QUEUE=redis): one pending turn per conversation across every instance,
 * kept in Redis across restarts, run by whichever worker is free.
 *
 * - The quiet window is the job's delay, re-timed by each message (BullMQ deduplication by
 *   conversation id with `reschedule`); the maximum wait is the first message's time, kept in a
 *   Redis key per burst, so a customer who keeps writing is still answered.
 * - A message while the conversation's turn runs is kept as its next job (`keepLastIfActive`):
 *   never two turns of one conversation at once, and none forgotten.
 * - The database claim stays the source of truth: a turn that finds a newer message inside the
 *   quiet window, or the conversation held, is put back in the delayed set until then.
 * - A throwing turn is retried with backoff; a worker that dies mid-turn loses its job lock after
 *   the lease and another worker takes the job (stalled-job recovery).
 * - Redis unreachable: the turn runs on this process's timers (the in-process scheduler); the
 *   claim keeps it one answer, and jobs already queued run when Redis is back.
 */
export class BullTurnScheduler extends TurnScheduler {
  /** BullMQ is imported here, when the configuration uses it: a single instance never loads it. */
  static async create(
    runner: TurnRunner,
    fallback: InProcessTurnScheduler,
    options: BullTurnSchedulerOptions,
    logger: AppLogger,
  ): Promise<BullTurnScheduler> {
    return new BullTurnScheduler(await import('bullmq'), runner, fallback, options, logger);
  }

  private readonly connection: Redis;
  private readonly queue: Queue<TurnJob>;
  private readonly worker?: Worker<TurnJob>;
  private readonly workerConnection?: Redis;
  private stopped = false;
  private queueDown = false;

  private constructor(
    private readonly bullmq: typeof BullMQ,
    private readonly runner: TurnRunner,
    private readonly fallback: InProcessTurnScheduler,
    private readonly options: BullTurnSchedulerOptions,
    private readonly logger: AppLogger,
  ) {
    super();
    // Queueing fails fast (no offline queue, one try): a turn that cannot be queued runs here.
    this.connection = new Redis(options.redisUrl, {
      connectTimeout: options.timeoutMs,
      commandTimeout: options.timeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
      connectionName: 'mostrador-turns',
    });
    this.connection.on('error', () => undefined);
    this.queue = new bullmq.Queue<TurnJob>(QUEUE, {
      connection: this.connection,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        // Nothing grows with traffic: a finished turn's record is of no use (its result is in the database).
        removeOnComplete: true,
        removeOnFail: { count: 1000, age: 24 * 3600 },
      },
    });
    this.queue.on('error', (error) => this.queueFailed(error));
    if (options.runsTurns) {
      const leaseMs = options.leaseSeconds * 1000;
      // A worker waits on Redis (blocking commands): it must queue while offline and retry forever.
      this.workerConnection = new Redis(options.redisUrl, {
        connectTimeout: options.timeoutMs,
        maxRetriesPerRequest: null,
        retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
        connectionName: 'mostrador-turn-worker',
      });
      this.workerConnection.on('error', () => undefined);
      this.worker = new bullmq.Worker<TurnJob>(QUEUE, (job, token) => this.process(job, token), {
        connection: this.workerConnection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        // The job lock lasts as long as the claim's lease: a dead worker's turn is retaken as soon as
        // the database would let another worker claim it.
        lockDuration: leaseMs,
        stalledInterval: leaseMs,
        maxStalledCount: 3,
      });
      this.worker.on('error', (error) => this.queueFailed(error));
      this.worker.on('failed', (job, error) => {
        if (!job || error instanceof bullmq.DelayedError) return;
        const last = job.attemptsMade >= ATTEMPTS;
        this.logger.logEvent(
          last ? 'error' : 'warn',
          last ? 'turn failed; the sweeper will try again' : 'turn failed; retried',
          {
            event: 'turn-queue',
            context: 'TurnScheduler',
            outcome: last ? 'failed' : 'retry',
            conversationId: job.data.conversationId,
            attempt: job.attemptsMade,
            error: error.message,
          },
        );
      });
    }
  }

  schedule(conversationId: string): void {
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`not queued within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    Promise.race([this.enqueue(conversationId), limit])
      .then(() => {
        if (this.queueDown) this.queueUp();
      })
      .catch((error: unknown) => {
        this.queueFailed(error as Error);
        // The message is stored; a turn here now beats the sweeper later. If the job did reach
        // Redis after all, the claim still makes it one answer.
        this.fallback.schedule(conversationId);
      })
      .finally(() => clearTimeout(timer));
  }

  /**
   * Stops taking turns: running ones finish (bounded by the caller's shutdown deadline), queued
   * ones stay in Redis for the other workers or the next start.
   */
  async drain(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([this.worker?.close(), this.fallback.drain()]);
    await this.queue.close().catch(() => undefined);
    this.connection.disconnect();
    this.workerConnection?.disconnect();
  }

  async isPending(conversationId: string): Promise<boolean> {
    if (this.fallback.isPending(conversationId)) return true;
    // The deduplication key lives from the job's queueing to its end (`keepLastIfActive`).
    return (await this.queue.getDeduplicationJobId(conversationId)) !== null;
  }

  /** Jobs waiting, delayed and running (for tests and the dashboard). */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('wait', 'delayed', 'active', 'failed');
  }

  private async enqueue(conversationId: string): Promise<void> {
    const { coalesceMs, maxWaitMs } = this.options;
    // Connecting (at start, after an outage) is waited for, within the caller's time limit.
    await this.queue.waitUntilReady();
    const now = Date.now();
    // The burst's first message, across instances: SET NX keeps the first, GET returns it.
    const first = (await this.connection.call(
      'SET',
      this.burstKey(conversationId),
      String(now),
      'PX',
      String(2 * (coalesceMs + maxWaitMs) + 1000),
      'NX',
      'GET',
    )) as string | null;
    const burstStartedAt = first === null ? now : Number(first);
    const delay = Math.max(0, Math.min(coalesceMs, burstStartedAt + maxWaitMs - now));
    await this.queue.add(
      'turn',
      { conversationId },
      { delay, deduplication: { id: conversationId, keepLastIfActive: true, reschedule: true } },
    );
  }

  private async process(job: Job<TurnJob>, token?: string): Promise<void> {
    const { conversationId } = job.data;
    // From here a message starts a new burst (and becomes this job's successor).
    await this.connection.del(this.burstKey(conversationId)).catch(() => undefined);
    const deferral = await this.runner.runTurn(conversationId);
    if (!deferral) return;
    // The database's clock said when; bounded, so a skewed clock here costs a retry, not a stall.
    const delay = Math.min(Math.max(deferral.retryAt.getTime() - Date.now(), 10), this.options.maxWaitMs);
    await job.moveToDelayed(Date.now() + delay, token);
    throw new this.bullmq.DelayedError();
  }

  private burstKey(conversationId: string): string {
    return `${this.options.prefix}:${QUEUE}:burst:${conversationId}`;
  }

  private queueFailed(error: Error): void {
    if (this.queueDown || this.stopped) return;
    this.queueDown = true;
    this.logger.logEvent('warn', 'turn queue unreachable: turns run on this instance until Redis is back', {
      event: 'turn-queue',
      context: 'TurnScheduler',
      outcome: 'down',
      reason: error.message,
    });
  }

  private queueUp(): void {
    this.queueDown = false;
    this.logger.logEvent('info', 'turn queue back: turns go through Redis again', {
      event: 'turn-queue',
      context: 'TurnScheduler',
      outcome: 'recovered',
    });
  }
}
