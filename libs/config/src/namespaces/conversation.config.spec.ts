import { ConfigError, parseSettings } from '@mostrador/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('turn queue settings', () => {
  it('should queue turns in process memory without Redis, and in Redis once REDIS_URL is set', () => {
    expect(parseSettings({}).conversation).toMatchObject({ queue: 'memory', workerMode: 'both' });
    expect(parseSettings({ REDIS_URL: 'redis://127.0.0.1:6379' }).conversation).toMatchObject({
      queue: 'redis',
      workerMode: 'both',
    });
    // A shop may keep the turns in process while Redis serves the cache and limits.
    expect(parseSettings({ REDIS_URL: 'redis://127.0.0.1:6379', TURN_QUEUE: 'memory' }).conversation.queue).toBe(
      'memory',
    );
    expect(parseSettings({ REDIS_URL: 'redis://127.0.0.1:6379', WORKER_MODE: 'worker' }).conversation.workerMode).toBe(
      'worker',
    );
  });

  it.each([
    [{ TURN_QUEUE: 'redis' }, 'TURN_QUEUE redis needs REDIS_URL'],
    [{ WORKER_MODE: 'api' }, 'WORKER_MODE api needs the redis turn queue'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379', TURN_QUEUE: 'memory', WORKER_MODE: 'worker' }, 'WORKER_MODE worker needs'],
    [{ WORKER_MODE: 'workers' }, 'WORKER_MODE must be one of api, worker, both'],
    [{ TURN_QUEUE: 'bullmq' }, 'TURN_QUEUE must be one of redis, memory'],
  ])('should refuse %j, saying why', (env, problem) => {
    expect(problemsOf(env as Record<string, string>)).toEqual([expect.stringContaining(problem)]);
  });
});
