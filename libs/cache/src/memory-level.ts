import { Keyv } from 'keyv';
import { LRUCache } from 'lru-cache';

/** What the memory level holds per key: Keyv's record, kept as the object itself (no serialising). */
export interface MemoryRecord {
  value: unknown;
  expires?: number;
}

/**
 * The in-process level: a Keyv over an `lru-cache` bounded by bytes. Values are kept as
 * objects (a hit costs no parsing); the bound counts each value's JSON size, computed once
 * when it is stored. The least recently used go first when a new value needs the room.
 */
export class MemoryLevel {
  readonly lru: LRUCache<string, MemoryRecord>;
  readonly keyv: Keyv;

  constructor(readonly maxBytes: number) {
    this.lru = new LRUCache<string, MemoryRecord>({
      maxSize: maxBytes,
      sizeCalculation: (record, key) => key.length + (JSON.stringify(record.value)?.length ?? 0) + 16,
    });
    const lru = this.lru;
    this.keyv = new Keyv({
      // Keyv's adapter shape over the LRU, so the LRU also knows each value's lifetime.
      store: {
        get: (key: string) => lru.get(key),
        set: (key: string, record: MemoryRecord, ttl?: number) => {
          lru.set(key, record, ttl ? { ttl } : undefined);
          return true;
        },
        delete: (key: string) => lru.delete(key),
        clear: () => lru.clear(),
        on: () => undefined,
      },
      serialize: undefined,
      deserialize: undefined,
      useKeyPrefix: false,
      stats: true,
    });
  }

  /** The value under a key when it is here and alive: synchronous, the hit path. */
  peek(key: string): { value: unknown } | undefined {
    const record = this.lru.get(key);
    if (record === undefined) return undefined;
    if (record.expires !== undefined && record.expires <= Date.now()) {
      this.lru.delete(key);
      return undefined;
    }
    return record;
  }

  /** Drops the keys matching a pattern; how many went. */
  deleteMatching(pattern: RegExp): number {
    let deleted = 0;
    for (const key of [...this.lru.keys()]) {
      if (pattern.test(key) && this.lru.delete(key)) deleted++;
    }
    return deleted;
  }

  stats(): { items: number; bytes: number; limitBytes: number } {
    return { items: this.lru.size, bytes: this.lru.calculatedSize, limitBytes: this.maxBytes };
  }
}
