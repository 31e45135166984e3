import { randomUUID } from 'node:crypto';
import { AppConfig } from '@mostrador/config';
import { AppLogger } from '@mostrador/logging';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Cache, createCache } from 'cache-manager';
import type { Keyv } from 'keyv';
import { patternToRegExp } from './cache-keys.js';
import { MemoryLevel } from './memory-level.js';
import { createRedisLevel, type RedisLevel } from './redis-level.js';
import { RedisConnection } from './redis-connection.js';

export type TtlPreset = keyof AppConfig['cache']['ttlMs'];
/** A preset's name, milliseconds, or milliseconds chosen from the value (a null answer lives less). */
export type Ttl<T = unknown> = TtlPreset | number | ((value: T) => number);

/** What both levels hold: the value and when it expires, so a copy into memory keeps the time left. */
interface Envelope<T> {
  v: T;
  exp: number;
}

interface LevelStats {
  hits: number;
  misses: number;
  hitRate: number;
}

export interface CacheStats {
  enabled: boolean;
  overall: LevelStats & { requests: number; loads: number };
  memory: LevelStats & { items: number; bytes: number; limitBytes: number };
  redis: LevelStats & {
    configured: boolean;
    connected: boolean;
    errors: number;
    /** The Redis server's own figures (every app's keys), when it answered. */
    items?: number;
    bytes?: number;
    limitBytes?: number;
  };
}

/** How long a loader may hold the cross-instance lock; others wait for its value at most this long. */
const LOCK_MS = 5000;
const LOCK_POLL_MS = 25;
const BUSY = Symbol('another instance is loading');
const RELEASE_LOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The two-level cache: process memory (an LRU bounded by bytes) in front of Redis, both
 * under cache-manager. Keys are given without the prefix (CACHE_KEY_PREFIX is added here).
 *
 * - `wrap(key, loader, ttl)` reads through both levels; concurrent misses for one key run the
 *   loader once in the process (cache-manager's coalescing) and, with Redis, once across
 *   instances (a short lock; the others wait for its value). A value found in Redis is copied
 *   into memory for the time it has left.
 * - Values are frozen: every caller shares one object, and none may change it for the others.
 * - `invalidate(pattern)` drops matching keys on both levels (Redis: SCAN + UNLINK in batches)
 *   and tells the other instances to drop them from their memory.
 * - Redis trouble never fails a call: the level is skipped while it is down and comes back
 *   with the connection.
 */
@Injectable()
export class CacheService implements OnModuleInit, OnModuleDestroy {
  private readonly settings: AppConfig['cache'];
  private readonly prefix: string;
  private readonly channel: string;
  private readonly instance = randomUUID();
  private readonly memory: MemoryLevel;
  private readonly redisLevel?: RedisLevel;
  private readonly cache: Cache;
  private requests = 0;
  private loads = 0;
  private memoryFastHits = 0;

  constructor(
    config: AppConfig,
    private readonly redis: RedisConnection,
    private readonly logger: AppLogger,
  ) {
    this.settings = config.cache;
    this.prefix = this.settings.keyPrefix;
    this.channel = `${this.prefix}cache:invalidate`;
    this.memory = new MemoryLevel(this.settings.memoryMaxBytes);
    const stores: Keyv[] = [this.memory.keyv];
    if (redis.client) {
      this.redisLevel = createRedisLevel(redis.client, {
        ready: () => redis.ready,
        failed: (what, error) => redis.reportFailure(what, error),
        succeeded: () => redis.reportSuccess(),
      });
      stores.push(this.redisLevel.keyv);
    }
    this.cache = createCache({ stores });
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** A preset's lifetime, ms. */
  ttlMs(preset: TtlPreset): number {
    return this.settings.ttlMs[preset];
  }

  /** The cached value, or the loader's (cached for `ttl`). A loader that throws caches nothing. */
  async wrap<T>(key: string, loader: () => Promise<T>, ttl: Ttl<T> = 'default'): Promise<T> {
    if (!this.settings.enabled) return loader();
    const full = this.prefix + key;
    const hit = this.memoryHit<T>(full);
    if (hit) return hit.v;
    const envelope = await this.cache.wrap<Envelope<T>>(full, () => this.load(full, loader, ttl), {
      ttl: timeLeft,
    });
    return envelope.v;
  }

  /** The cached value, from memory or else Redis (then copied into memory); undefined when neither has it. */
  async get<T>(key: string): Promise<T | undefined> {
    if (!this.settings.enabled) return undefined;
    const full = this.prefix + key;
    const hit = this.memoryHit<T>(full);
    if (hit) return hit.v;
    const envelope = (await this.redisLevel?.keyv.get(full)) as Envelope<T> | undefined;
    if (envelope === undefined) return undefined;
    await this.memory.keyv.set(full, envelope, timeLeft(envelope));
    return envelope.v;
  }

  async set<T>(key: string, value: T, ttl: Ttl<T> = 'default'): Promise<void> {
    if (!this.settings.enabled) return;
    const full = this.prefix + key;
    const frozen = deepFreeze(value);
    const envelope: Envelope<T> = { v: frozen, exp: Date.now() + this.resolveTtl(ttl, frozen) };
    await this.cache.set(full, envelope, timeLeft(envelope));
    this.broadcast(full);
  }

  async del(key: string): Promise<void> {
    if (!this.settings.enabled) return;
    const full = this.prefix + key;
    await this.cache.del(full);
    this.broadcast(full);
  }

  /**
   * Drops every key matching a Redis-style pattern (`*` any run, `?` one character) from both
   * levels here, and from the memory of every other instance. Returns how many went from each
   * level of this instance.
   */
  async invalidate(pattern: string): Promise<{ memory: number; redis: number }> {
    if (!this.settings.enabled) return { memory: 0, redis: 0 };
    const full = this.prefix + pattern;
    const memory = this.memory.deleteMatching(patternToRegExp(full));
    const redis = await this.unlinkMatching(full);
    this.broadcast(full);
    return { memory, redis };
  }

  async stats(): Promise<CacheStats> {
    const memoryHits = this.memoryFastHits + this.memory.keyv.stats.hits;
    const redisHits = this.redisLevel?.keyv.stats.hits ?? 0;
    const redisMisses = this.redisLevel?.keyv.stats.misses ?? 0;
    const hits = memoryHits + redisHits;
    return {
      enabled: this.settings.enabled,
      overall: { requests: this.requests, loads: this.loads, ...rates(hits, this.requests - hits) },
      memory: { ...rates(memoryHits, this.requests - memoryHits), ...this.memory.stats() },
      redis: {
        configured: this.redisLevel !== undefined,
        connected: this.redis.ready,
        errors: this.redis.errors,
        ...rates(redisHits, redisMisses),
        ...(await this.redisServerFigures()),
      },
    };
  }

  /** Listens for other instances' invalidations (their writes make this memory stale). */
  onModuleInit(): void {
    const subscriber = this.settings.enabled && this.redisLevel ? this.redis.subscriber() : undefined;
    if (!subscriber) return;
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // Invalidations sent while this connection was down never arrived: start memory afresh.
      if (connectedBefore) this.memory.lru.clear();
      connectedBefore = true;
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const separator = message.indexOf(' ');
      if (message.slice(0, separator) === this.instance) return;
      this.memory.deleteMatching(patternToRegExp(message.slice(separator + 1)));
    });
    subscriber.subscribe(this.channel).catch((error: unknown) => this.redis.reportFailure('SUBSCRIBE', error));
  }

  onModuleDestroy(): void {
    // The subscriber closes with the connection (RedisConnection's own destroy hook).
    this.memory.lru.clear();
  }

  /** Closes the Redis connections too: for a cache made by `standaloneCache` (Nest closes its own). */
  async close(): Promise<void> {
    this.onModuleDestroy();
    await this.redis.onModuleDestroy();
  }

  /** One request, answered from memory when it holds the key (counted as such). */
  private memoryHit<T>(full: string): Envelope<T> | undefined {
    this.requests++;
    const hit = this.memory.peek(full);
    if (!hit) return undefined;
    this.memoryFastHits++;
    return hit.value as Envelope<T>;
  }

  /** What runs on a miss: the loader, once across instances while Redis is there to coordinate. */
  private async load<T>(full: string, loader: () => Promise<T>, ttl: Ttl<T>): Promise<Envelope<T>> {
    const lock = await this.lock(full);
    if (lock === BUSY) {
      const loadedElsewhere = await this.waitForOtherInstance<T>(full);
      if (loadedElsewhere) return loadedElsewhere;
    }
    try {
      this.loads++;
      const value = deepFreeze(await loader());
      const envelope = { v: value, exp: Date.now() + this.resolveTtl(ttl, value) };
      // In Redis before the lock goes: an instance waiting on it finds the value, not an empty key
      // with no lock (which would send it to the source too). cache-manager writes it again after.
      if (typeof lock === 'string') await this.redisLevel?.keyv.set(full, envelope, timeLeft(envelope));
      return envelope;
    } finally {
      if (typeof lock === 'string') await this.unlock(full, lock);
    }
  }

  /** A lock token, BUSY when another instance holds the key's lock, undefined without Redis. */
  private async lock(full: string): Promise<string | typeof BUSY | undefined> {
    const client = this.redis.client;
    if (!client || !this.redis.ready) return undefined;
    const token = randomUUID();
    try {
      const taken = await client.set(`${full}:lock`, token, 'PX', LOCK_MS, 'NX');
      return taken === 'OK' ? token : BUSY;
    } catch (error) {
      this.redis.reportFailure('cache lock', error);
      return undefined;
    }
  }

  private async unlock(full: string, token: string): Promise<void> {
    try {
      await this.redis.client?.eval(RELEASE_LOCK, 1, `${full}:lock`, token);
    } catch (error) {
      // It expires by itself in LOCK_MS.
      this.redis.reportFailure('cache unlock', error);
    }
  }

  /** Polls Redis for the value another instance is loading; undefined if it gave up (failed, or too slow). */
  private async waitForOtherInstance<T>(full: string): Promise<Envelope<T> | undefined> {
    const deadline = Date.now() + LOCK_MS;
    while (Date.now() < deadline && this.redis.ready) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      const record = await this.redisLevel?.read(full);
      if (record) return record.value as Envelope<T>;
      const held = await this.redis.client?.exists(`${full}:lock`).catch(() => 0);
      if (!held) return undefined;
    }
    return undefined;
  }

  private async unlinkMatching(pattern: string): Promise<number> {
    const client = this.redis.client;
    if (!client || !this.redis.ready) return 0;
    let unlinked = 0;
    try {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) unlinked += await client.unlink(...keys);
      } while (cursor !== '0');
    } catch (error) {
      this.redis.reportFailure('cache invalidate', error);
    }
    return unlinked;
  }

  private broadcast(pattern: string): void {
    if (!this.redis.client || !this.redis.ready) return;
    this.redis.client
      .publish(this.channel, `${this.instance} ${pattern}`)
      .catch((error: unknown) => this.redis.reportFailure('PUBLISH', error));
  }

  private async redisServerFigures(): Promise<{ items?: number; bytes?: number; limitBytes?: number }> {
    const client = this.redis.client;
    if (!client || !this.redis.ready) return {};
    try {
      const [items, info] = await Promise.all([client.dbsize(), client.info('memory')]);
      const figure = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);
      const limit = figure('maxmemory');
      return { items, bytes: figure('used_memory'), ...(limit > 0 ? { limitBytes: limit } : {}) };
    } catch (error) {
      this.redis.reportFailure('INFO', error);
      return {};
    }
  }

  private resolveTtl<T>(ttl: Ttl<T>, value: T): number {
    if (typeof ttl === 'number') return ttl;
    if (typeof ttl === 'function') return ttl(value);
    return this.settings.ttlMs[ttl];
  }
}

/** cache-manager's TTL for an envelope: the time it has left (never 0, which would mean forever). */
function timeLeft(envelope: Envelope<unknown>): number {
  return Math.max(1, envelope.exp - Date.now());
}

function rates(hits: number, misses: number): LevelStats {
  const total = hits + misses;
  return { hits, misses, hitRate: total === 0 ? 0 : Math.round((hits / total) * 10_000) / 10_000 };
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/**
 * A CacheService outside Nest (scripts, benches, suites that build their parts by hand), on
 * the settings' Redis if any. Close it with `close()`.
 */
export function standaloneCache(settings: AppConfig, logger: AppLogger): CacheService {
  const cache = new CacheService(settings, new RedisConnection(settings, logger), logger);
  cache.onModuleInit();
  return cache;
}
