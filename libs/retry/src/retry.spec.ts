import { backoffDelay, retry, type RetryPolicy } from './retry.js';

const POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2000 };

/** A function that fails with the given errors, in order, then succeeds. */
function failingWith(errors: Error[]) {
  let calls = 0;
  return {
    fn: (attempt: number) => {
      calls += 1;
      expect(attempt).toBe(calls);
      const error = errors[calls - 1];
      return error ? Promise.reject(error) : Promise.resolve(`ok after ${calls}`);
    },
    calls: () => calls,
  };
}

describe(retry.name, () => {
  it('should retry what the caller calls worth it and return the first success', async () => {
    const attempt = failingWith([new Error('a'), new Error('b')]);
    const waits: number[] = [];
    await expect(
      retry(attempt.fn, {
        policy: POLICY,
        decide: () => ({ retry: true }),
        onRetry: (_n, _e, ms) => waits.push(ms),
        sleep: () => Promise.resolve(),
        random: () => 0.5,
      }),
    ).resolves.toBe('ok after 3');
    expect(waits).toEqual([50, 100]);
  });

  it('should throw the last failure as it came once the tries run out', async () => {
    const last = new Error('third');
    const attempt = failingWith([new Error('1'), new Error('2'), last, new Error('4')]);
    await expect(
      retry(attempt.fn, { policy: POLICY, decide: () => ({ retry: true }), sleep: () => Promise.resolve() }),
    ).rejects.toBe(last);
    expect(attempt.calls()).toBe(3);
  });

  it('should stop at a failure not worth another try', async () => {
    const fatal = new Error('fatal');
    const attempt = failingWith([fatal]);
    await expect(retry(attempt.fn, { policy: POLICY, decide: () => ({ retry: false }) })).rejects.toBe(fatal);
    expect(attempt.calls()).toBe(1);
  });

  it('should wait at least what the decision asks, plus the jitter', async () => {
    const attempt = failingWith([new Error('slow down')]);
    const waits: number[] = [];
    await retry(attempt.fn, {
      policy: POLICY,
      decide: () => ({ retry: true, minDelayMs: 6000 }),
      sleep: (ms) => Promise.resolve(waits.push(ms)),
      random: () => 1,
    });
    expect(waits).toEqual([6100]);
  });

  it('should not try again once the signal aborted, even during the wait', async () => {
    const controller = new AbortController();
    const first = new Error('first');
    const attempt = failingWith([first, new Error('second')]);
    const started = performance.now();
    const result = retry(attempt.fn, {
      policy: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      decide: () => ({ retry: true }),
      random: () => 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(result).rejects.toBe(first);
    expect(attempt.calls()).toBe(1);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});

describe(backoffDelay.name, () => {
  it.each([
    [1, 0, 0],
    [1, 0.999, 100],
    [2, 0.999, 200],
    [3, 0.5, 200],
    [10, 0.5, 1000],
  ])('should wait at most base × 2^(n-1), capped (retry %i, random %f → %i ms)', (n, random, expected) => {
    expect(backoffDelay(POLICY, n, () => random)).toBe(expected);
  });
});
