import { gunzipSync, gzipSync } from 'node:zlib';
import { KeyvAdapter } from 'cache-manager';
import { redisInsStore } from 'cache-manager-ioredis-yet';
import type { Redis } from 'ioredis';
import { Keyv } from 'keyv';

/**
 * The Redis level: the design card's cache-manager-ioredis-yet store on the shared ioredis
 * client, behind cache-manager's KeyvAdapter. Its author has deprecated it in favour of Keyv
 * stores; this file is the only one that knows it, so a `@keyv/redis` store can replace it here.
 *
 * Redis trouble never reaches a caller: while the connection is not ready the level is
 * skipped without a round trip, and a failed command is reported and reads as a miss.
 */
export interface RedisLevelHooks {
  ready(): boolean;
  failed(what: string, error: unknown): void;
  succeeded(): void;
}

interface InsStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number): Promise<void>;
  del(key: string): Promise<void>;
  mget(...keys: string[]): Promise<unknown[]>;
  mdel(...keys: string[]): Promise<void>;
}

/** Values whose JSON is longer than this are stored gzipped (base64, behind a marker). */
export const COMPRESS_ABOVE_BYTES = 1024;
const GZIP_MARKER = 'gz:';

export interface RedisLevel {
  /** The level as cache-manager's store: counts its hits and misses. */
  keyv: Keyv;
  /** A read that counts nothing (polling for another instance's value). */
  read(key: string): Promise<{ value: unknown; expires?: number } | undefined>;
}

export function createRedisLevel(client: Redis, hooks: RedisLevelHooks): RedisLevel {
  // Its types extend cache-manager 5's Store, which v7 no longer has: this is its shape.
  const store = redisInsStore(client) as unknown as InsStore;
  const guarded = {
    get: (key: string) => guard('GET', undefined, () => store.get(key)),
    set: (key: string, value: unknown, ttl?: number) => guard('SET', undefined, () => store.set(key, value, ttl)),
    del: (key: string) => guard('DEL', undefined, () => store.del(key)),
    mget: (...keys: string[]) =>
      guard(
        'MGET',
        keys.map(() => undefined),
        () => store.mget(...keys),
      ),
    mdel: (...keys: string[]) => guard('DEL', undefined, () => store.mdel(...keys)),
    // Never FLUSHDB a Redis that others may share: clearing goes through invalidate(pattern).
    reset: () => Promise.resolve(),
  };
  async function guard<T>(what: string, fallback: T, command: () => Promise<T>): Promise<T> {
    if (!hooks.ready()) return fallback;
    try {
      const result = await command();
      hooks.succeeded();
      return result;
    } catch (error) {
      hooks.failed(`cache ${what}`, error);
      return fallback;
    }
  }
  const keyv = new Keyv({
    store: new KeyvAdapter(guarded as unknown as ConstructorParameters<typeof KeyvAdapter>[0]),
    useKeyPrefix: false,
    serialize: encode,
    deserialize: decode,
    stats: true,
  });
  // Failures are reported by the guard; Keyv's own events would say it twice.
  keyv.on('error', () => undefined);
  return {
    keyv,
    async read(key) {
      const raw = await guarded.get(key);
      if (typeof raw !== 'string') return undefined;
      const record = decode<{ value: unknown; expires?: number }>(raw);
      return record.expires !== undefined && record.expires <= Date.now() ? undefined : record;
    },
  };
}

/**
 * JSON that keeps Dates (records carry them) and gzips what is over 1 KB: catalogue answers
 * shrink several times.
 */
export function encode(data: unknown): string {
  const json = JSON.stringify(data, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : value;
  });
  if (json.length <= COMPRESS_ABOVE_BYTES) return json;
  return GZIP_MARKER + gzipSync(json).toString('base64');
}

export function decode<T>(text: string): T {
  const json = text.startsWith(GZIP_MARKER)
    ? gunzipSync(Buffer.from(text.slice(GZIP_MARKER.length), 'base64')).toString('utf8')
    : text;
  return JSON.parse(json, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && '$date' in value) {
      const keys = Object.keys(value);
      const iso = value.$date;
      if (keys.length === 1 && typeof iso === 'string') return new Date(iso);
    }
    return value;
  }) as T;
}
