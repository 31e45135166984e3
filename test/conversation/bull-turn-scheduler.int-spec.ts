import { randomUUID } from 'node:crypto';
import { BullTurnScheduler, InProcessTurnScheduler, type TurnDeferral, TurnRunner } from '@mostrador/conversation';
import { captureLogger } from '../support/capture-logger.js';
import { deleteKeys, describeWithRedis, RedisProxy, uniquePrefix } from '../support/redis.js';
import { until } from '../support/until.js';

/**
 * A runner that records every turn (when, where, how many of one conversation at once) and ends
 * each after `turnMs`, or as scripted: a deferral or a failure for the next turns.
 */
class RecordingRunner extends TurnRunner {
  readonly started: { conversationId: string; at: number; instance: string }[] = [];
  readonly running = new Map<string, number>();
  maxRunningOfOne = 0;
  turnMs = 50;
  readonly script: ('fail' | TurnDeferral)[] = [];

  constructor(private readonly instance: string) {
    super();
  }

  async runTurn(conversationId: string): Promise<TurnDeferral | undefined> {
    this.started.push({ conversationId, at: Date.now(), instance: this.instance });
    const now = (this.running.get(conversationId) ?? 0) + 1;
    this.running.set(conversationId, now);
    this.maxRunningOfOne = Math.max(this.maxRunningOfOne, now);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.turnMs));
      const next = this.script.shift();
      if (next === 'fail') throw new Error('the assistant fell over');
      return next;
    } finally {
      this.running.set(conversationId, (this.running.get(conversationId) ?? 1) - 1);
    }
  }
}

const COALESCE_MS = 500;
const MAX_WAIT_MS = 1500;

/**
 * The BullMQ turn scheduler on a real Redis, with several instances (each its own queue
 * connection, worker and runner) as several api processes would have: one pending turn per
 * conversation across all of them, the quiet window and maximum wait held across them, retries,
 * workers apart from the api, shutdown, and a Redis outage.
 */
describeWithRedis(BullTurnScheduler.name, (redisUrl) => {
  let prefix: string;
  const schedulers: BullTurnScheduler[] = [];
  const proxies: RedisProxy[] = [];
  const captured = captureLogger();

  async function instance(
    name: string,
    options: { runsTurns?: boolean; url?: string; concurrency?: number } = {},
  ): Promise<{ scheduler: BullTurnScheduler; runner: RecordingRunner }> {
    const runner = new RecordingRunner(name);
    const settings = { coalesceMs: COALESCE_MS, maxWaitMs: MAX_WAIT_MS, concurrency: options.concurrency ?? 4 };
    const scheduler = await BullTurnScheduler.create(
      runner,
      new InProcessTurnScheduler(runner, settings, captured.logger),
      {
        ...settings,
        redisUrl: options.url ?? redisUrl,
        prefix,
        leaseSeconds: 3,
        runsTurns: options.runsTurns ?? true,
        timeoutMs: 1000,
      },
      captured.logger,
    );
    schedulers.push(scheduler);
    return { scheduler, runner };
  }

  const conversation = () => randomUUID();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const startsOf = (runners: RecordingRunner[], id: string) =>
    runners.flatMap((r) => r.started).filter((s) => s.conversationId === id);

  beforeEach(() => {
    prefix = `${uniquePrefix('bull-turns')}bull`;
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.drain()));
    await Promise.all(proxies.splice(0).map((p) => p.stop()));
    await deleteKeys(redisUrl, prefix);
  }, 30_000);

  it('should run one turn for a burst whose messages landed on three instances, after the quiet window from the last', async () => {
    const [a, b, c] = await Promise.all([instance('a'), instance('b'), instance('c')]);
    const id = conversation();
    a.scheduler.schedule(id);
    await sleep(300);
    b.scheduler.schedule(id);
    await sleep(300);
    const last = Date.now();
    c.scheduler.schedule(id);

    const runners = [a.runner, b.runner, c.runner];
    await until(() => (startsOf(runners, id).length > 0 ? true : undefined), 'the turn', 10_000);
    // Long enough for a second turn to have started, had the burst made two.
    await sleep(COALESCE_MS * 2);
    const starts = startsOf(runners, id);
    expect(starts).toHaveLength(1);
    expect(starts[0].at - last).toBeGreaterThanOrEqual(COALESCE_MS - 50);
  }, 30_000);

  it('should answer a customer who keeps writing within the maximum wait of the first message', async () => {
    const [a, b] = await Promise.all([instance('a'), instance('b')]);
    const id = conversation();
    const first = Date.now();
    const writing = (async () => {
      for (let i = 0; i < 12; i++) {
        (i % 2 === 0 ? a : b).scheduler.schedule(id);
        await sleep(200);
      }
    })();
    await until(() => (startsOf([a.runner, b.runner], id).length > 0 ? true : undefined), 'the first turn', 10_000);
    const firstTurn = startsOf([a.runner, b.runner], id)[0].at;
    await writing;
    // The window alone would have waited until the customer stopped (≈2.4 s + 0.5 s).
    expect(firstTurn - first).toBeGreaterThanOrEqual(MAX_WAIT_MS - 100);
    expect(firstTurn - first).toBeLessThan(2_400);
  }, 30_000);

  it('should keep a message that arrives during the turn as one more turn after it, never two at once', async () => {
    const [a, b] = await Promise.all([instance('a'), instance('b')]);
    a.runner.turnMs = b.runner.turnMs = 1200;
    const id = conversation();
    a.scheduler.schedule(id);
    await until(() => (startsOf([a.runner, b.runner], id).length === 1 ? true : undefined), 'the first turn', 10_000);
    // Three messages while it runs, on both instances.
    b.scheduler.schedule(id);
    a.scheduler.schedule(id);
    b.scheduler.schedule(id);
    await until(() => (startsOf([a.runner, b.runner], id).length === 2 ? true : undefined), 'the next turn', 10_000);
    await until(async () => ((await a.scheduler.isPending(id)) ? undefined : true), 'the conversation idle', 10_000);
    expect(startsOf([a.runner, b.runner], id)).toHaveLength(2);
    expect(Math.max(a.runner.maxRunningOfOne, b.runner.maxRunningOfOne)).toBe(1);
    expect([...a.runner.running.values(), ...b.runner.running.values()].every((n) => n === 0)).toBe(true);
  }, 30_000);

  it('should run a deferred turn again when the store says, and a failed one again after a backoff', async () => {
    const { scheduler, runner } = await instance('a');
    const deferred = conversation();
    const retryAt = new Date(Date.now() + COALESCE_MS + 800);
    runner.script.push({ reason: 'quiet-window', retryAt }, 'fail');
    scheduler.schedule(deferred);
    await until(() => (startsOf([runner], deferred).length === 3 ? true : undefined), 'three tries', 15_000);
    const [, second, third] = startsOf([runner], deferred).map((s) => s.at);
    // Deferred to the time the store gave (not before; a busy machine only makes it later), then
    // failed, then retried after BullMQ's first backoff (1 s).
    expect(second).toBeGreaterThanOrEqual(retryAt.getTime() - 50);
    expect(third - second).toBeGreaterThanOrEqual(900);
    await until(async () => ((await scheduler.isPending(deferred)) ? undefined : true), 'done', 10_000);
    expect(captured.lines().some((l) => l.event === 'turn-queue' && l.outcome === 'retry')).toBe(true);
  }, 30_000);

  it('should leave turns queued by an api-only instance to a worker instance, whenever one runs', async () => {
    const api = await instance('api', { runsTurns: false });
    const id = conversation();
    api.scheduler.schedule(id);
    await sleep(COALESCE_MS + 700);
    expect(api.runner.started).toHaveLength(0);
    expect(await api.scheduler.isPending(id)).toBe(true);
    const worker = await instance('worker');
    await until(() => (startsOf([worker.runner], id).length === 1 ? true : undefined), 'the worker ran it', 10_000);
    expect(api.runner.started).toHaveLength(0);
  }, 30_000);

  it('should let running turns finish on shutdown and leave the queued ones to another instance', async () => {
    const a = await instance('a', { concurrency: 1 });
    a.runner.turnMs = 1000;
    const [running, queued] = [conversation(), conversation()];
    a.scheduler.schedule(running);
    await until(() => (a.runner.started.length === 1 ? true : undefined), 'the first turn', 10_000);
    a.scheduler.schedule(queued);
    await a.scheduler.drain();
    schedulers.splice(schedulers.indexOf(a.scheduler), 1);
    // It finished the running turn before it stopped, and did not take the queued one.
    expect(a.runner.running.get(running)).toBe(0);
    expect(startsOf([a.runner], queued)).toHaveLength(0);
    const b = await instance('b');
    await until(() => (startsOf([b.runner], queued).length === 1 ? true : undefined), 'b runs the queued one', 10_000);
  }, 30_000);

  it('should run turns on the instance itself while Redis is unreachable, and queue them again once it is back', async () => {
    const proxy = await RedisProxy.start(redisUrl);
    proxies.push(proxy);
    const a = await instance('a', { url: proxy.url });
    const id = conversation();
    a.scheduler.schedule(id);
    await until(() => (a.runner.started.length === 1 ? true : undefined), 'a turn through Redis', 10_000);
    await until(async () => ((await a.scheduler.isPending(id)) ? undefined : true), 'done', 10_000);

    await proxy.stop();
    const during = conversation();
    a.scheduler.schedule(during);
    await until(() => (startsOf([a.runner], during).length === 1 ? true : undefined), 'a turn without Redis', 10_000);
    const down = captured.lines().filter((l) => l.event === 'turn-queue' && l.outcome === 'down');
    expect(down.length).toBeGreaterThanOrEqual(1);

    await proxy.start();
    const after = conversation();
    await until(
      () => {
        a.scheduler.schedule(after);
        return startsOf([a.runner], after).length > 0 ? true : undefined;
      },
      'a turn once Redis is back',
      20_000,
    );
    await until(
      () => (captured.lines().some((l) => l.event === 'turn-queue' && l.outcome === 'recovered') ? true : undefined),
      'the recovery logged',
      10_000,
    );
  }, 60_000);
});
