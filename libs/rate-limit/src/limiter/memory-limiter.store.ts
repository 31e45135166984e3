import { type LimitResult, LimiterStore } from './limiter.store.js';

export interface MemoryLimiterOptions {
  /** The clock, ms (tests drive their own). Default `performance.now`: monotonic, so a clock change moves no window. */
  now?: () => number;
  /** How often a check also drops every key whose hits have all left their window, ms. Default 60000. */
  sweepEveryMs?: number;
}

/** Room a new key's ring starts with, in hits. */
const INITIAL_PAIRS = 8;

/**
 * An array of `length` doubles. Filled with a fraction so V8 stores doubles from the start,
 * not small integers that the first time written would make it copy into a double array.
 */
function doubles(length: number): number[] {
  return new Array<number>(length).fill(0.5);
}

/**
 * One key's counted hits, oldest first, in a ring of [time, id] pairs: dropping the hits
 * that left the window moves the head (O(1) a hit, nothing shifted). Only allowed hits are
 * kept, so it never holds more than the limit; it starts small (most keys see a few hits a
 * window) and doubles up to the limit, after which a busy key allocates nothing more.
 */
class HitLog {
  private ring: number[];
  /** Where the oldest pair starts. */
  private head = 0;
  size = 0;
  /** When the newest hit leaves its window: past it the whole log is dead. */
  expiresAt = 0;

  constructor(limit: number) {
    this.ring = doubles(2 * Math.min(limit, INITIAL_PAIRS));
  }

  /** Drops the hits at least `windowMs` old (differences of times, so no rounding moves a hit across the edge). */
  dropOlderThan(now: number, windowMs: number): void {
    const ring = this.ring;
    while (this.size > 0 && now - ring[this.head] >= windowMs) {
      this.head += 2;
      if (this.head === ring.length) this.head = 0;
      this.size--;
    }
  }

  /** Ms until the oldest hit leaves its window. */
  resetMs(now: number, windowMs: number): number {
    return Math.ceil(windowMs - (now - this.ring[this.head]));
  }

  /** Counts a hit; the caller has checked that fewer than `limit` are held. */
  push(time: number, id: number, limit: number): void {
    if (this.size * 2 === this.ring.length) this.grow(limit);
    const at = this.slot(this.size);
    this.ring[at] = time;
    this.ring[at + 1] = id;
    this.size++;
  }

  remove(id: number): void {
    let found = 0;
    while (found < this.size && this.ring[this.slot(found) + 1] !== id) found++;
    if (found === this.size) return;
    for (let i = found; i < this.size - 1; i++) {
      const to = this.slot(i);
      const from = this.slot(i + 1);
      this.ring[to] = this.ring[from];
      this.ring[to + 1] = this.ring[from + 1];
    }
    this.size--;
  }

  /** Index in the ring of the `nth` oldest pair. */
  private slot(nth: number): number {
    const at = this.head + nth * 2;
    return at < this.ring.length ? at : at - this.ring.length;
  }

  private grow(limit: number): void {
    const ring = doubles(2 * Math.min(this.ring.length, limit));
    for (let i = 0; i < this.size; i++) {
      const from = this.slot(i);
      ring[i * 2] = this.ring[from];
      ring[i * 2 + 1] = this.ring[from + 1];
    }
    this.ring = ring;
    this.head = 0;
  }
}

/**
 * Sliding-window limits in this process.
 *
 * A sliding LOG, not the weighted two-window counter: the limits are small (≤ 100 a minute),
 * so keeping each counted hit's time is cheap, and the count is then exact at every instant:
 * no span of one window ever holds more than `limit` hits, where the weighted counter only
 * estimates the previous window's share and lets a burst through at a window boundary. A hit
 * is counted only when allowed, so a refused client gets slots back as its old hits age out,
 * however hard it keeps knocking.
 *
 * Bounded: a key whose hits have all expired is dropped by a sweep that a check runs every
 * `sweepEveryMs` (one pass over the keys, no timer to stop), so memory follows the keys with
 * hits in the last window plus one sweep interval, each holding at most its limit of hits,
 * not every key ever seen.
 */
export class MemoryLimiterStore extends LimiterStore {
  private readonly logs = new Map<string, HitLog>();
  private readonly now: () => number;
  private readonly sweepEveryMs: number;
  private nextSweepAt: number;
  private sequence = 0;

  constructor(options: MemoryLimiterOptions = {}) {
    super();
    this.now = options.now ?? (() => performance.now());
    this.sweepEveryMs = options.sweepEveryMs ?? 60_000;
    this.nextSweepAt = this.now() + this.sweepEveryMs;
  }

  /** Keys held now (the sweep keeps it bounded). */
  get size(): number {
    return this.logs.size;
  }

  hit(key: string, limit: number, windowMs: number): Promise<LimitResult> {
    return Promise.resolve(this.hitNow(key, limit, windowMs));
  }

  release(key: string, token: string): Promise<void> {
    this.logs.get(key)?.remove(Number(token));
    return Promise.resolve();
  }

  private hitNow(key: string, limit: number, windowMs: number): LimitResult {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    let log = this.logs.get(key);
    log?.dropOlderThan(now, windowMs);
    const count = log ? log.size : 0;
    if (count >= limit) {
      const resetMs = log && count > 0 ? log.resetMs(now, windowMs) : 0;
      return { allowed: false, limit, count, remaining: 0, resetMs };
    }
    if (!log) {
      log = new HitLog(limit);
      this.logs.set(key, log);
    }
    const id = ++this.sequence;
    log.push(now, id, limit);
    log.expiresAt = now + windowMs;
    return {
      allowed: true,
      limit,
      count: count + 1,
      remaining: limit - count - 1,
      resetMs: log.resetMs(now, windowMs),
      token: String(id),
    };
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [key, log] of this.logs) if (log.expiresAt <= now) this.logs.delete(key);
  }
}
