import fc from 'fast-check';
import { MemoryLimiterStore } from './memory-limiter.store.js';

/** A store on a clock the test moves by hand. */
function storeAt(start = 1_000_000, sweepEveryMs?: number) {
  const clock = { now: start };
  const store = new MemoryLimiterStore({ now: () => clock.now, sweepEveryMs });
  return { clock, store };
}

describe('MemoryLimiterStore', () => {
  it('should allow exactly the limit in a window, then refuse, with remaining and resetMs right', async () => {
    const { clock, store } = storeAt();
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await store.hit('phone:5215550001', 3, 1000));
      clock.now += 100;
    }
    expect(results.map((r) => [r.allowed, r.count, r.remaining, r.resetMs])).toEqual([
      [true, 1, 2, 1000],
      [true, 2, 1, 900],
      [true, 3, 0, 800],
    ]);
    expect(new Set(results.map((r) => r.token)).size).toBe(3);

    const refused = await store.hit('phone:5215550001', 3, 1000);
    expect(refused).toEqual({ allowed: false, limit: 3, count: 3, remaining: 0, resetMs: 700 });
    expect(refused.token).toBeUndefined();
  });

  it('should keep resetMs within the window on a clock with fractions of a ms', async () => {
    const { clock, store } = storeAt(1_234_567.891);
    expect((await store.hit('k', 2, 2000)).resetMs).toBe(2000);
    clock.now += 0.3;
    expect((await store.hit('k', 2, 2000)).resetMs).toBe(2000);
    clock.now += 1999.7; // the first hit is exactly one window old now
    expect(await store.hit('k', 2, 2000)).toMatchObject({ allowed: true, count: 2, resetMs: 1 });
  });

  it('should slide: each hit frees its slot one window after it, not at a window boundary', async () => {
    const { clock, store } = storeAt();
    const start = clock.now;
    await store.hit('k', 2, 1000); // at +0
    clock.now = start + 400;
    await store.hit('k', 2, 1000); // at +400
    clock.now = start + 999;
    expect(await store.hit('k', 2, 1000)).toMatchObject({ allowed: false, resetMs: 1 });
    clock.now = start + 1000; // the first left the window; the second stays until +1400
    expect(await store.hit('k', 2, 1000)).toMatchObject({ allowed: true, count: 2, resetMs: 400 });
    expect(await store.hit('k', 2, 1000)).toMatchObject({ allowed: false, count: 2, resetMs: 400 });
    clock.now = start + 1400;
    expect(await store.hit('k', 2, 1000)).toMatchObject({ allowed: true, count: 2, resetMs: 600 });
  });

  it('should never let a burst at a window boundary through: at most the limit in any window-long span', async () => {
    const { clock, store } = storeAt();
    const windowMs = 1000;
    const limit = 5;
    const allowedAt: number[] = [];
    // `limit` hits just before a fixed window would end, `limit` just after it starts again, then one a ms.
    const times = [
      ...Array.from({ length: limit }, (_, i) => 990 + i),
      ...Array.from({ length: limit }, (_, i) => 1000 + i),
      ...Array.from({ length: 2000 }, (_, i) => 1005 + i),
    ];
    for (const time of times) {
      clock.now = time;
      if ((await store.hit('k', limit, windowMs)).allowed) allowedAt.push(time);
    }
    expect(allowedAt.slice(0, limit)).toEqual([990, 991, 992, 993, 994]);
    expect(allowedAt).not.toContain(1000);
    for (const [i, start] of allowedAt.entries()) {
      const inSpan = allowedAt.slice(i).filter((t) => t < start + windowMs).length;
      expect(inSpan).toBeLessThanOrEqual(limit);
    }
    expect(allowedAt.slice(limit, limit * 2)).toEqual([1990, 1991, 1992, 1993, 1994]);
  });

  it('should give a slot back on release, and only the released hit', async () => {
    const { clock, store } = storeAt();
    const first = await store.hit('k', 2, 1000);
    clock.now += 300;
    const second = await store.hit('k', 2, 1000);
    expect((await store.hit('k', 2, 1000)).allowed).toBe(false);

    await store.release('k', second.token!);
    expect(await store.hit('k', 2, 1000)).toMatchObject({ allowed: true, count: 2, resetMs: 700 });
    await store.release('k', first.token!);
    // The oldest counted is now the one just made, at +300.
    expect(await store.hit('k', 2, 1000)).toMatchObject({ allowed: true, count: 2, resetMs: 1000 });
    await store.release('k', first.token!); // twice: nothing more
    await store.release('other', second.token!);
    expect((await store.hit('k', 2, 1000)).allowed).toBe(false);
  });

  it('should keep keys independent', async () => {
    const { store } = storeAt();
    expect((await store.hit('ip:10.0.0.1', 1, 1000)).allowed).toBe(true);
    expect((await store.hit('ip:10.0.0.1', 1, 1000)).allowed).toBe(false);
    expect((await store.hit('ip:10.0.0.2', 1, 1000)).allowed).toBe(true);
    expect((await store.hit('user:10.0.0.1', 1, 1000)).allowed).toBe(true);
  });

  it('should keep the hits in order when a key past its first room grows after wrapping around', async () => {
    const { clock, store } = storeAt(0);
    for (let t = 0; t < 800; t += 100) {
      clock.now = t;
      await store.hit('k', 12, 1000); // 8 hits: the ring's first room, full
    }
    clock.now = 1050; // the hit at 0 leaves; the next one lands where it was
    expect(await store.hit('k', 12, 1000)).toMatchObject({ allowed: true, count: 8, resetMs: 50 });
    clock.now = 1060; // full again, wrapped: grows
    expect(await store.hit('k', 12, 1000)).toMatchObject({ allowed: true, count: 9, resetMs: 40 });
    clock.now = 1150;
    expect(await store.hit('k', 12, 1000)).toMatchObject({ allowed: true, count: 9, resetMs: 50 });
    clock.now = 2055; // still in the window: the hits at 1060 and 1150
    expect(await store.hit('k', 12, 1000)).toMatchObject({ allowed: true, count: 3, resetMs: 5 });
  });

  it('should answer as a plain list of hit times would, over any run of hits, releases and time', async () => {
    const limits = [1, 3, 12]; // 12: past the ring's first size, so it grows
    const windowMs = 1000;
    const step = fc.oneof(
      fc.record({ op: fc.constant('hit' as const), key: fc.nat(2), advanceMs: fc.oneof(fc.nat(20), fc.nat(400)) }),
      fc.record({ op: fc.constant('release' as const), key: fc.nat(2), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 300 }), async (steps) => {
        const { clock, store } = storeAt(0);
        const model = limits.map(() => [] as { time: number; token: string }[]);
        for (const s of steps) {
          const key = `k${s.key}`;
          if (s.op === 'release') {
            const hits = model[s.key];
            if (hits.length === 0) continue;
            const [released] = hits.splice(s.pick % hits.length, 1);
            await store.release(key, released.token);
            continue;
          }
          clock.now += s.advanceMs;
          const live = (model[s.key] = model[s.key].filter((h) => clock.now - h.time < windowMs));
          const limit = limits[s.key];
          const result = await store.hit(key, limit, windowMs);
          const allowed = live.length < limit;
          if (allowed) live.push({ time: clock.now, token: result.token! });
          expect(result).toEqual({
            allowed,
            limit,
            count: live.length,
            remaining: limit - live.length,
            resetMs: windowMs - (clock.now - live[0].time),
            ...(allowed && { token: expect.any(String) }),
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('should drop keys whose hits all expired: the map does not grow without bound', async () => {
    const { clock, store } = storeAt(0, 5000);
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1000; i++) await store.hit(`ip:${round}:${i}`, 10, 1000);
      clock.now += 1000;
    }
    // 20 rounds of 1,000 new keys, swept every 5 s: never more than the last sweep interval's.
    expect(store.size).toBeLessThanOrEqual(6000);
    clock.now += 6000;
    await store.hit('ip:last', 10, 1000);
    expect(store.size).toBe(1);
  });

  it('should count right on a busy key, half its hits refused, as old hits are dropped', async () => {
    const { clock, store } = storeAt();
    let allowed = 0;
    for (let i = 0; i < 100_000; i++) {
      clock.now += 10; // 100 a second against 50 a second: half refused
      if ((await store.hit('busy', 50, 1000)).allowed) allowed++;
    }
    expect(allowed).toBeGreaterThanOrEqual(49_000);
    expect(allowed).toBeLessThanOrEqual(50_100);
    expect(await store.hit('busy', 50, 1000)).toMatchObject({ count: 50 });
  });
});
