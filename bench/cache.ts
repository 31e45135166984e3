/**
 * `npm run bench:cache` — the two-level cache in front of the inventory, on a realistic
 * stream of questions: a Zipf (s = 1.1) replay of 50,000 catalogue queries over 2,000
 * distinct ones (searches, product lookups, stock checks), through InventoryClient against
 * the sandbox's SOAP service (its own process, as the shop's service would be).
 *
 * In the same run, the baseline: the same client with the cache off, every call a SOAP
 * round trip. Printed: the replay's hit rate; p50/p99 of a memory hit, of a Redis hit (a
 * second instance with an empty memory, same Redis) and of the uncached call; memory used
 * against its limit. Goals: hit rate ≥ 85%, memory hit p50 ≤ 2 µs and ≥ 100× faster than
 * the SOAP call.
 *
 * Redis: REDIS_URL, else TEST_REDIS_URL, else memory only (the Redis row says so).
 */
import 'reflect-metadata';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { type CacheService, standaloneCache } from '@mostrador/cache';
import { InventoryClient } from '@mostrador/inventory';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { readCatalogueFile } from '../apps/sandbox/src/inventory/catalogue.js';
import { captureLogger, testSettings } from '../test/support/capture-logger.js';
import { deleteKeys, uniquePrefix } from '../test/support/redis.js';
import { reportFigures } from './support/report-figures.js';
import { startSandboxProcess } from './support/sandbox-process.js';

const DISTINCT = 2000;
const REPLAY = 50_000;
const ZIPF_S = 1.1;
const BASELINE_CALLS = 3000;
const GOALS = { hitRate: 0.85, memoryP50Us: 2, speedup: 100 };

type Query =
  { op: 'search'; query: string } | { op: 'product'; sku: string } | { op: 'stock'; sku: string; size: string };

/** A small seeded PRNG (mulberry32): the same stream every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 2,000 distinct questions a shop's customers ask, in a random popularity order. */
function distinctQueries(next: () => number): Query[] {
  const catalogue = readCatalogueFile();
  const words = new Set<string>();
  for (const p of catalogue.products) {
    for (const word of p.name.toLowerCase().split(/\s+/)) if (word.length > 3) words.add(word);
    words.add(`${p.category.toLowerCase()} ${p.color}`);
    words.add(p.brand.toLowerCase());
  }
  const searches: Query[] = [...words].slice(0, 600).map((query) => ({ op: 'search', query }));
  const products: Query[] = catalogue.products.map((p) => ({ op: 'product', sku: p.sku }));
  const stocks: Query[] = catalogue.products.flatMap((p) =>
    p.sizes.map((size) => ({ op: 'stock' as const, sku: p.sku, size })),
  );
  const all = [...searches, ...products, ...stocks];
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  if (all.length < DISTINCT) throw new Error(`only ${all.length} distinct queries in the catalogue`);
  return all.slice(0, DISTINCT);
}

/** Ranks drawn with P(k) ∝ 1/k^s. */
function zipfStream(count: number, n: number, s: number, next: () => number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k += 1) cumulative.push((total += 1 / k ** s));
  return Array.from({ length: count }, () => {
    const target = next() * total;
    let [lo, hi] = [0, n - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

function ask(client: InventoryClient, query: Query): Promise<unknown> {
  switch (query.op) {
    case 'search':
      return client.searchProducts({ query: query.query, maxResults: 10 });
    case 'product':
      return client.getProduct(query.sku);
    case 'stock':
      return client.checkStock({ sku: query.sku, size: query.size });
  }
}

/** Each call timed alone, sequentially; durations in µs. */
async function timed(client: InventoryClient, queries: Query[]): Promise<number[]> {
  const durations: number[] = [];
  for (const query of queries) {
    const started = process.hrtime.bigint();
    await ask(client, query);
    durations.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return durations;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function client(wsdlUrl: string, env: Record<string, string>): { inventory: InventoryClient; cache: CacheService } {
  // LOG_LEVEL info: the SOAP call's log line is written on every real call, as in production.
  const settings = testSettings({ INVENTORY_WSDL_URL: wsdlUrl, LOG_LEVEL: 'info', ...env });
  const { logger } = captureLogger(settings);
  const cache = standaloneCache(settings, logger);
  return { inventory: new InventoryClient(settings, logger, cache, new BreakerRegistry(settings, logger)), cache };
}

const print = (line: string) => process.stdout.write(`${line}\n`);

const redisUrl = process.env.REDIS_URL || process.env.TEST_REDIS_URL || undefined;
const prefix = uniquePrefix('bench-cache');
const next = random(20261201);
const queries = distinctQueries(next);
const stream = zipfStream(REPLAY, DISTINCT, ZIPF_S, next).map((rank) => queries[rank]);

const { child, wsdlUrl } = await startSandboxProcess();
try {
  // Baseline: no cache, every call a SOAP round trip (after a warm-up: WSDL, sockets, JIT).
  const uncached = client(wsdlUrl, { CACHE_ENABLED: 'false' });
  await timed(uncached.inventory, stream.slice(0, 300));
  const soap = await timed(uncached.inventory, stream.slice(0, BASELINE_CALLS));

  // The replay on a cold cache: what a shop's stream of questions gets from it.
  const env = { CACHE_KEY_PREFIX: prefix, ...(redisUrl && { REDIS_URL: redisUrl }) };
  const first = client(wsdlUrl, env);
  const replayStarted = performance.now();
  const replay = await timed(first.inventory, stream);
  const replayMs = performance.now() - replayStarted;
  const replayStats = await first.cache.stats();

  // Memory hits: the same stream again, every answer now in this instance's memory.
  const memory = await timed(first.inventory, stream);
  const afterMemory = await first.cache.stats();
  const memoryHits = afterMemory.memory.hits - replayStats.memory.hits;

  // Redis hits: a second instance (empty memory, same Redis) asks each question once.
  let redis: number[] | undefined;
  let redisHits = 0;
  if (redisUrl) {
    const second = client(wsdlUrl, env);
    const seen = [...new Set(stream)];
    redis = await timed(second.inventory, seen);
    redisHits = (await second.cache.stats()).redis.hits;
    await second.cache.close();
    second.inventory.onModuleDestroy();
  }

  const soapP50 = percentile(soap, 50);
  const memoryP50 = percentile(memory, 50);
  const hitRate = replayStats.overall.hitRate;
  const usedMb = afterMemory.memory.bytes / 1024 / 1024;
  const limitMb = afterMemory.memory.limitBytes / 1024 / 1024;
  const us = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
  const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');

  print(`\nbench:cache — ${REPLAY.toLocaleString('en')} Zipf(s=${ZIPF_S}) queries over ${DISTINCT} distinct`);
  print(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; Redis: ${redisUrl ?? 'none (memory only)'}\n`,
  );
  print('| figure | p50 µs | p99 µs | vs uncached SOAP p50 | goal | result |');
  print('| --- | ---: | ---: | ---: | --- | --- |');
  print(
    `| uncached SOAP call (baseline, ${BASELINE_CALLS} calls) | ${us(soapP50)} | ${us(percentile(soap, 99))} | 1× | | |`,
  );
  print(
    `| memory hit (${memoryHits.toLocaleString('en')} of ${REPLAY.toLocaleString('en')} calls) | ${us(memoryP50)} | ${us(percentile(memory, 99))} | ${Math.round(soapP50 / memoryP50)}× faster | ≤ ${GOALS.memoryP50Us} µs, ≥ ${GOALS.speedup}× | ${pass(memoryP50 <= GOALS.memoryP50Us && soapP50 / memoryP50 >= GOALS.speedup)} |`,
  );
  print(
    redis
      ? `| Redis hit (${redisHits} of ${redis.length} first reads by a 2nd instance) | ${us(percentile(redis, 50))} | ${us(percentile(redis, 99))} | ${(soapP50 / percentile(redis, 50)).toFixed(1)}× faster | | |`
      : '| Redis hit | – | – | – | set REDIS_URL or TEST_REDIS_URL | not measured |',
  );
  print(`| cold replay, every call | ${us(percentile(replay, 50))} | ${us(percentile(replay, 99))} | | | |`);
  print('\n| figure | value | goal | result |');
  print('| --- | ---: | --- | --- |');
  print(
    `| hit rate of the cold replay | ${(hitRate * 100).toFixed(1)}% (${replayStats.overall.loads} SOAP loads for ${REPLAY.toLocaleString('en')} calls) | ≥ ${GOALS.hitRate * 100}% | ${pass(hitRate >= GOALS.hitRate)} |`,
  );
  print(
    `| cold replay wall time | ${(replayMs / 1000).toFixed(1)} s (uncached: ~${((soapP50 * REPLAY) / 1e6).toFixed(1)} s at the SOAP p50) | | |`,
  );
  print(
    `| memory level | ${usedMb.toFixed(1)} MB of ${limitMb.toFixed(0)} MB (${afterMemory.memory.items} entries) | ≤ limit | ${pass(usedMb <= limitMb)} |`,
  );
  const ok = hitRate >= GOALS.hitRate && memoryP50 <= GOALS.memoryP50Us && soapP50 / memoryP50 >= GOALS.speedup;
  print(
    `\nsummary: hit rate ${(hitRate * 100).toFixed(1)}%, memory hit p50 ${us(memoryP50)} µs = ${Math.round(soapP50 / memoryP50)}× faster than the SOAP call (${us(soapP50)} µs)${redis ? `, Redis hit p50 ${us(percentile(redis, 50))} µs` : ''} — ${ok ? 'goals met' : 'goals NOT met'}`,
  );
  reportFigures('cache', [
    {
      figure: 'hit rate of the cold replay',
      value: hitRate * 100,
      unit: '%',
      goal: `≥ ${GOALS.hitRate * 100}%`,
      pass: hitRate >= GOALS.hitRate,
    },
    {
      figure: 'memory hit, p50',
      value: memoryP50,
      unit: 'µs',
      baseline: soapP50,
      baselineName: 'uncached SOAP call',
      goal: `≤ ${GOALS.memoryP50Us} µs and ≥ ${GOALS.speedup}× faster than the SOAP call (≤ ${1 / GOALS.speedup}×)`,
      pass: memoryP50 <= GOALS.memoryP50Us && soapP50 / memoryP50 >= GOALS.speedup,
    },
    {
      figure: 'Redis hit (a 2nd instance), p50',
      value: redis ? percentile(redis, 50) : null,
      unit: 'µs',
      baseline: soapP50,
      baselineName: 'uncached SOAP call',
    },
  ]);
  await first.cache.close();
  first.inventory.onModuleDestroy();
  uncached.inventory.onModuleDestroy();
  if (redisUrl) await deleteKeys(redisUrl, prefix);
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
