import { DEFAULT_RETRY_POLICY, type Failure, withRetry } from './retry.js';
import { StoreQueryError, StoreUnavailableError } from './store-errors.js';

function failing(failures: Failure[], result = 'ok') {
  let calls = 0;
  return {
    fn: () => {
      const failure = failures[calls++];
      if (failure === undefined) return Promise.resolve(result);
      return Promise.reject(Object.assign(new Error(`failure ${calls}`), { failure }));
    },
    calls: () => calls,
    classify: (error: unknown) => (error as { failure: Failure }).failure,
  };
}

const noWait = { sleep: () => Promise.resolve() };

describe(withRetry.name, () => {
  it('should retry transient failures and return the first success', async () => {
    const attempt = failing([{ kind: 'transient' }, { kind: 'transient' }]);
    const waits: number[] = [];
    await expect(
      withRetry(
        'op',
        DEFAULT_RETRY_POLICY,
        { classify: attempt.classify, ...noWait, onRetry: (_n, _e, ms) => waits.push(ms) },
        attempt.fn,
      ),
    ).resolves.toBe('ok');
    expect(attempt.calls()).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('should give up after the last try with StoreUnavailableError, keeping the cause', async () => {
    const attempt = failing(Array.from({ length: 5 }, () => ({ kind: 'transient' }) as const));
    const error = await withRetry(
      'record_inbound_message',
      DEFAULT_RETRY_POLICY,
      { classify: attempt.classify, ...noWait },
      attempt.fn,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({
      operation: 'record_inbound_message',
      attempts: 3,
      message: 'database unavailable: record_inbound_message failed after 3 tries: failure 3',
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(attempt.calls()).toBe(3);
  });

  it.each([
    ['a query error', { kind: 'query', code: '23505', message: 'duplicate key' } as const, StoreQueryError],
    ['an unavailable database', { kind: 'unavailable' } as const, StoreUnavailableError],
  ])('should not retry %s', async (_case, failure, type) => {
    const attempt = failing([failure]);
    await expect(
      withRetry('op', DEFAULT_RETRY_POLICY, { classify: attempt.classify, ...noWait }, attempt.fn),
    ).rejects.toBeInstanceOf(type);
    expect(attempt.calls()).toBe(1);
  });

  it('should tell a conflict from bad input by the SQLSTATE', async () => {
    const attempt = failing([{ kind: 'query', code: '23505', message: 'duplicate key' }]);
    await expect(
      withRetry('op', DEFAULT_RETRY_POLICY, { classify: attempt.classify }, attempt.fn),
    ).rejects.toMatchObject({ kind: 'conflict', code: '23505', message: 'op: duplicate key' });
  });
});
