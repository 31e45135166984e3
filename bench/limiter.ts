/**
 * `npm run bench:limiter` — the sliding-window limiter's stores: checks per second and latency
 * of the memory store, and of the Redis store beside a bare `INCR` on the same Redis through
 * the same connection in the same run (the baseline: the least any check in Redis can cost).
 *
 * Redis figures come two ways: one call at a time (sequential awaits: p50/p99 of one call,
 * and the rate that gives), and CONCURRENCY calls in flight (throughput). ROUNDS rounds
 * alternate baseline and store (each first in turn), so drift hits both; rates are the
 * median round's. Redis's own time per call (INFO commandstats) says how much of a gap is
 * the script's work rather than the round trip.
 *
 * Workload: KEYS customers round robin, LIMIT per minute each (the phone preset): the memory
 * store starts empty and fills (most checks counted, then refused); in Redis nearly every
 * check is counted (the costlier path: ZADD and PEXPIRE).
 *
 * Goals: memory ≥ 1,000,000 checks/s; Redis store ≥ 0.8× the bare INCR in throughput and p50.
 * Redis: REDIS_URL, else TEST_REDIS_URL (127.0.0.1 only), else the Redis rows are not measured.
 */
import 'reflect-metadata';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { RedisConnection } from '@mostrador/cache';
import { type LimiterStore, MemoryLimiterStore, RedisLimiterStore } from '@mostrador/rate-limit';
import type { Redis } from 'ioredis';
import { captureLogger, testSettings } from '../test/support/capture-logger.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';
import { reportFigures } from './support/report-figures.js';

const GOALS = { memoryChecksPerSecond: 1_000_000, redisRatio: 0.8 };
const KEYS = 50_000;
const LIMIT = 30;
const WINDOW_MS = 60_000;
const CONCURRENCY = 50;
const MEMORY_WARMUP_MS = 500;
const MEMORY_MS = 3000;
const MEMORY_LATENCY_SAMPLES = 200_000;
const REDIS_WARMUP_MS = 300;
const ROUND_MS = 750;
const ROUNDS = 4;

interface Call {
  (i: number): Promise<unknown>;
}

interface RedisRow {
  /** Sequential: calls per second, and each call's µs. */
  perSecond: number;
  p50Us: number;
  p99Us: number;
  inFlightPerSecond: number;
  serverUsPerCall: number;
}

const keys = Array.from({ length: KEYS }, (_, i) => `phone:52155${String(i).padStart(8, '0')}`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sequential awaits for `ms`, untimed (reading the clock per call would be much of a memory check): calls per second. */
async function sequentialRate(call: Call, ms: number): Promise<number> {
  let calls = 0;
  const started = performance.now();
  let now = started;
  while (now - started < ms) {
    for (let i = 0; i < 1024; i++) await call(calls++);
    now = performance.now();
  }
  return (calls / (now - started)) * 1000;
}

/** Sequential awaits, each timed, until `count` calls or `ms` have passed; durations in µs. */
async function latencies(call: Call, bound: { ms?: number; count?: number }): Promise<number[]> {
  const durations: number[] = [];
  const deadline = performance.now() + (bound.ms ?? Infinity);
  for (let i = 0; i < (bound.count ?? Infinity) && performance.now() < deadline; i++) {
    const started = process.hrtime.bigint();
    await call(i);
    durations.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return durations;
}

/** `concurrency` workers of sequential awaits for `ms`: calls per second. */
async function inFlightRate(call: Call, concurrency: number, ms: number): Promise<number> {
  let calls = 0;
  const started = performance.now();
  const deadline = started + ms;
  const worker = async () => {
    while (performance.now() < deadline) await call(calls++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (calls / (performance.now() - started)) * 1000;
}

async function measureMemory(): Promise<{ perSecond: number; p50Us: number; p99Us: number; allowedShare: number }> {
  const warm = new MemoryLimiterStore();
  await sequentialRate((i) => warm.hit(keys[i % KEYS], LIMIT, WINDOW_MS), MEMORY_WARMUP_MS);

  const store = new MemoryLimiterStore();
  let checks = 0;
  let allowed = 0;
  const perSecond = await sequentialRate(async (i) => {
    checks++;
    if ((await store.hit(keys[i % KEYS], LIMIT, WINDOW_MS)).allowed) allowed++;
  }, MEMORY_MS);
  const timed = new MemoryLimiterStore();
  const durations = await latencies((i) => timed.hit(keys[i % KEYS], LIMIT, WINDOW_MS), {
    count: MEMORY_LATENCY_SAMPLES,
  });
  return {
    perSecond,
    p50Us: percentile(durations, 50),
    p99Us: percentile(durations, 99),
    allowedShare: allowed / checks,
  };
}

/** Redis's total µs and calls of a command so far (every client's: run it on a quiet Redis). */
async function commandStats(client: Redis, command: string): Promise<{ calls: number; usec: number }> {
  const info = await client.info('commandstats');
  const match = new RegExp(`^cmdstat_${command}:calls=(\\d+),usec=(\\d+)`, 'm').exec(info);
  return { calls: Number(match?.[1] ?? 0), usec: Number(match?.[2] ?? 0) };
}

async function measureRedis(url: string, prefix: string): Promise<{ incr: RedisRow; store: RedisRow }> {
  const settings = testSettings({ REDIS_URL: url, CACHE_KEY_PREFIX: prefix });
  const connection = new RedisConnection(settings, captureLogger(settings).logger);
  try {
    const client = connection.client!;
    if (!connection.ready) await once(client, 'ready');
    const store: LimiterStore = new RedisLimiterStore(client, `${prefix}ratelimit:`);
    const incrKeys = keys.map((key) => `${prefix}incr:${key}`);
    const rows = {
      incr: { command: 'incr', call: (i: number) => client.incr(incrKeys[i % KEYS]) },
      // ioredis runs a defined script by EVALSHA.
      store: { command: 'evalsha', call: (i: number) => store.hit(keys[i % KEYS], LIMIT, WINDOW_MS) },
    };
    // Sockets, JIT (both ways of calling), the script loaded.
    for (const { call } of Object.values(rows)) {
      await latencies(call, { ms: REDIS_WARMUP_MS });
      await inFlightRate(call, CONCURRENCY, REDIS_WARMUP_MS);
    }

    const measured = {
      incr: { durations: [] as number[], rates: [] as number[], inFlight: [] as number[], calls: 0, usec: 0 },
      store: { durations: [] as number[], rates: [] as number[], inFlight: [] as number[], calls: 0, usec: 0 },
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Each goes first in every other round.
      for (const name of round % 2 === 0 ? (['incr', 'store'] as const) : (['store', 'incr'] as const)) {
        const { command, call } = rows[name];
        const into = measured[name];
        const before = await commandStats(client, command);
        const started = performance.now();
        const durations = await latencies(call, { ms: ROUND_MS });
        into.rates.push((durations.length / (performance.now() - started)) * 1000);
        into.durations.push(...durations);
        into.inFlight.push(await inFlightRate(call, CONCURRENCY, ROUND_MS));
        const after = await commandStats(client, command);
        into.calls += after.calls - before.calls;
        into.usec += after.usec - before.usec;
      }
    }
    // Rates from the median round: one round slowed by something else on the machine does not move them.
    const row = (name: 'incr' | 'store'): RedisRow => {
      const { durations, rates, inFlight, calls, usec } = measured[name];
      return {
        perSecond: percentile(rates, 50),
        p50Us: percentile(durations, 50),
        p99Us: percentile(durations, 99),
        inFlightPerSecond: percentile(inFlight, 50),
        serverUsPerCall: usec / calls,
      };
    };
    return { incr: row('incr'), store: row('store') };
  } finally {
    await connection.onModuleDestroy();
  }
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const count = (value: number) => Math.round(value).toLocaleString('en');
const us = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');
/** A ratio rounded down, so a figure shown at the goal has met it. */
const times = (ratio: number) => (Math.floor(ratio * 100) / 100).toFixed(2);

const redisUrl = process.env.REDIS_URL || process.env.TEST_REDIS_URL || undefined;
if (redisUrl && !['127.0.0.1', 'localhost'].includes(new URL(redisUrl).hostname)) {
  throw new Error(`bench:limiter only talks to 127.0.0.1, not ${redisUrl}`);
}
const prefix = uniquePrefix('bench-limiter');

const memory = await measureMemory();
let redis: { incr: RedisRow; store: RedisRow } | undefined;
try {
  if (redisUrl) redis = await measureRedis(redisUrl, prefix);
} finally {
  if (redisUrl) await deleteKeys(redisUrl, prefix);
}

const memoryOk = memory.perSecond >= GOALS.memoryChecksPerSecond;
const ratios = redis && {
  throughput: redis.store.inFlightPerSecond / redis.incr.inFlightPerSecond,
  p50: redis.incr.p50Us / redis.store.p50Us,
};
const redisOk = ratios && ratios.throughput >= GOALS.redisRatio && ratios.p50 >= GOALS.redisRatio;

print(
  `\nbench:limiter — sliding log, ${KEYS.toLocaleString('en')} keys round robin, ${LIMIT} per ${WINDOW_MS / 1000} s each`,
);
print(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; Redis: ${redisUrl ?? 'none (Redis rows not measured)'}\n`,
);
print(
  `| row | sequential checks/s | p50 µs | p99 µs | ${CONCURRENCY} in flight, checks/s | Redis µs per call | vs bare INCR | goal | result |`,
);
print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
print(
  `| memory store (${(memory.allowedShare * 100).toFixed(0)}% of checks counted) | ${count(memory.perSecond)} | ${us(memory.p50Us)} | ${us(memory.p99Us)} | | | | ≥ ${count(GOALS.memoryChecksPerSecond)}/s | ${pass(memoryOk)} |`,
);
if (redis && ratios) {
  const { incr, store } = redis;
  print(
    `| bare INCR (baseline) | ${count(incr.perSecond)} | ${us(incr.p50Us)} | ${us(incr.p99Us)} | ${count(incr.inFlightPerSecond)} | ${us(incr.serverUsPerCall)} | 1× | | |`,
  );
  print(
    `| Redis store (one script) | ${count(store.perSecond)} | ${us(store.p50Us)} | ${us(store.p99Us)} | ${count(store.inFlightPerSecond)} | ${us(store.serverUsPerCall)} | ${times(ratios.throughput)}× throughput, ${times(ratios.p50)}× p50 | ≥ ${GOALS.redisRatio}× both | ${pass(redisOk === true)} |`,
  );
} else {
  print('| Redis store, bare INCR | – | – | – | – | – | – | set REDIS_URL or TEST_REDIS_URL | not measured |');
}
print(
  `\nsummary: memory ${count(memory.perSecond)} checks/s = ${times(memory.perSecond / GOALS.memoryChecksPerSecond)}× the goal (${pass(memoryOk)})${
    redis && ratios
      ? `; Redis store ${times(ratios.throughput)}× the bare INCR's throughput (${count(redis.store.inFlightPerSecond)} vs ${count(redis.incr.inFlightPerSecond)}/s, ${CONCURRENCY} in flight) and ${times(ratios.p50)}× its p50 (${us(redis.store.p50Us)} vs ${us(redis.incr.p50Us)} µs) (${pass(redisOk === true)})`
      : '; Redis not measured'
  } — ${memoryOk && redisOk !== false ? 'goals met' : 'goals NOT met'}`,
);
reportFigures('limiter', [
  {
    figure: 'memory store, sequential checks',
    value: memory.perSecond,
    unit: 'checks/s',
    goal: `≥ ${count(GOALS.memoryChecksPerSecond)}/s`,
    pass: memoryOk,
  },
  {
    figure: `Redis store, ${CONCURRENCY} in flight`,
    value: redis?.store.inFlightPerSecond ?? null,
    unit: 'checks/s',
    baseline: redis?.incr.inFlightPerSecond ?? null,
    baselineName: 'bare INCR',
    goal: `≥ ${GOALS.redisRatio}× the bare INCR`,
    pass: ratios ? ratios.throughput >= GOALS.redisRatio : null,
  },
  {
    figure: 'Redis store, one call at a time, p50',
    value: redis?.store.p50Us ?? null,
    unit: 'µs',
    baseline: redis?.incr.p50Us ?? null,
    baselineName: 'bare INCR',
    goal: `≥ ${GOALS.redisRatio}× the bare INCR's speed (≤ ${(1 / GOALS.redisRatio).toFixed(2)}× its p50)`,
    pass: ratios ? ratios.p50 >= GOALS.redisRatio : null,
  },
]);
