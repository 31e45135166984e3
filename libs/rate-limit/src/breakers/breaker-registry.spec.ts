import { AllExceptionsFilter } from '@mostrador/http';
import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type CapturedLogger, captureLogger, testSettings } from '../../../../test/support/capture-logger.js';
import { until } from '../../../../test/support/until.js';
import { BreakerOpenError, BreakerRegistry, BreakerTimeoutError } from './breaker-registry.js';
import { BreakerGuard, UseBreaker } from './use-breaker.js';
import { QuotaExceededError } from '../call-refused.error.js';

const RESET_MS = 200;
const VOLUME = 4;

/** A call the test settles by hand, and whether it was made. */
class PendingWork<T = string> {
  started = false;
  signal?: AbortSignal;
  private settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };

  readonly work = (signal: AbortSignal): Promise<T> => {
    this.started = true;
    this.signal = signal;
    return new Promise<T>((resolve, reject) => (this.settle = { resolve, reject }));
  };

  resolve(value: T): void {
    this.settle.resolve(value);
  }

  reject(error: unknown): void {
    this.settle.reject(error);
  }
}

const answers = () => Promise.resolve('answer');
const fails = () => Promise.reject(new Error('dependency down'));

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe(BreakerRegistry.name, () => {
  const registries: BreakerRegistry[] = [];
  let logs: CapturedLogger;

  function registryWith(env: Record<string, string> = {}): BreakerRegistry {
    const settings = testSettings({
      LOG_LEVEL: 'info',
      BREAKER_VOLUME_THRESHOLD: String(VOLUME),
      BREAKER_ERROR_THRESHOLD_PERCENT: '50',
      BREAKER_RESET_MS: String(RESET_MS),
      BREAKER_ROLLING_WINDOW_MS: '10000',
      ...env,
    });
    logs = captureLogger(settings);
    const registry = new BreakerRegistry(settings, logs.logger);
    registries.push(registry);
    return registry;
  }

  const run = (registry: BreakerRegistry, work: (signal: AbortSignal) => Promise<string>, timeoutMs = 1000) =>
    registry.run('inventory', work, { timeoutMs });

  /** `count` failed calls, each one made. */
  async function failTimes(registry: BreakerRegistry, count: number): Promise<void> {
    for (let i = 0; i < count; i++)
      expect(await failureOf(run(registry, fails))).toHaveProperty('message', 'dependency down');
  }

  const breakerLogs = () =>
    logs
      .lines()
      .filter((line) => line.event === 'breaker')
      .map((line) => [line.name, line.state]);

  afterEach(() => {
    for (const registry of registries.splice(0)) registry.onModuleDestroy();
  });

  describe('run', () => {
    it("should give the work's answer and its own error while closed", async () => {
      const registry = registryWith();
      expect(await run(registry, answers)).toBe('answer');
      expect(await failureOf(run(registry, fails))).toHaveProperty('message', 'dependency down');
      expect(registry.states().inventory).toMatchObject({ state: 'closed', successes: 1, failures: 1 });
    });

    it('should stay closed until the calls reach the volume threshold, however many fail', async () => {
      const registry = registryWith();
      await failTimes(registry, VOLUME - 1);
      expect(registry.states().inventory.state).toBe('closed');
      expect(registry.openFor('inventory')).toBeUndefined();
    });

    it('should open at the volume threshold when the error percentage is reached (2 of 4 at 50%)', async () => {
      const registry = registryWith();
      await run(registry, answers);
      await run(registry, answers);
      await failTimes(registry, 2);
      expect(registry.states().inventory.state).toBe('open');
    });

    it('should stay closed below the error percentage (1 of 4 at 50%)', async () => {
      const registry = registryWith();
      for (let i = 0; i < VOLUME - 1; i++) await run(registry, answers);
      await failTimes(registry, 1);
      expect(registry.states().inventory.state).toBe('closed');
    });

    it('should refuse at once while open, without making the call: BreakerOpenError with the time left', async () => {
      const registry = registryWith();
      await failTimes(registry, VOLUME);
      const pending = new PendingWork();
      const started = performance.now();
      const error = await failureOf(run(registry, pending.work));
      expect(performance.now() - started).toBeLessThan(50);
      expect(pending.started).toBe(false);
      expect(error).toBeInstanceOf(BreakerOpenError);
      const { breaker, retryAfterMs } = error as BreakerOpenError;
      expect(breaker).toBe('inventory');
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(RESET_MS);
      expect(registry.openFor('inventory')).toBeLessThanOrEqual(RESET_MS);
    });

    it('should go half-open after the reset time, let one probe through, and close when it answers', async () => {
      const registry = registryWith();
      await failTimes(registry, VOLUME);
      await until(() => (registry.states().inventory.state === 'half-open' ? true : undefined), 'half-open', 2000);
      expect(registry.openFor('inventory')).toBeUndefined();

      const probe = new PendingWork();
      const probing = run(registry, probe.work);
      expect(probe.started).toBe(true);
      // One probe at a time: the others are refused until it answers.
      const refused = await failureOf(run(registry, answers));
      expect(refused).toMatchObject({ breaker: 'inventory', retryAfterMs: 0 });
      probe.resolve('back');
      expect(await probing).toBe('back');

      expect(registry.states().inventory.state).toBe('closed');
      expect(await run(registry, answers)).toBe('answer');
      expect(breakerLogs()).toEqual([
        ['inventory', 'open'],
        ['inventory', 'half-open'],
        ['inventory', 'closed'],
      ]);
    }, 10_000);

    it('should open again when the probe fails, for another reset time', async () => {
      const registry = registryWith();
      await failTimes(registry, VOLUME);
      const firstOpening = registry.states().inventory.openedAt!;
      await until(() => (registry.states().inventory.state === 'half-open' ? true : undefined), 'half-open', 2000);
      await failTimes(registry, 1);
      const state = registry.states().inventory;
      expect(state.state).toBe('open');
      expect(Date.parse(state.openedAt!)).toBeGreaterThan(Date.parse(firstOpening));
      expect(Date.parse(state.nextAttemptAt!) - Date.parse(state.openedAt!)).toBe(RESET_MS);
      expect(await failureOf(run(registry, answers))).toBeInstanceOf(BreakerOpenError);
      expect(breakerLogs()).toEqual([
        ['inventory', 'open'],
        ['inventory', 'half-open'],
        ['inventory', 'open'],
      ]);
    }, 10_000);

    it("should not count failures the caller says are not the dependency's, and still pass them on", async () => {
      const registry = registryWith();
      const notFound = new Error('PRODUCT_NOT_FOUND');
      for (let i = 0; i < VOLUME * 3; i++) {
        const error = await failureOf(
          registry.run('inventory', () => Promise.reject(notFound), {
            timeoutMs: 1000,
            countsAsFailure: (e) => e !== notFound,
          }),
        );
        expect(error).toBe(notFound);
      }
      expect(registry.states().inventory).toMatchObject({ state: 'closed', failures: 0, successes: VOLUME * 3 });
    });

    it('should abort the signal of a call past its time limit and fail it with BreakerTimeoutError, counted', async () => {
      const registry = registryWith();
      const slow = new PendingWork();
      const started = performance.now();
      const error = await failureOf(run(registry, slow.work, 50));
      expect(performance.now() - started).toBeLessThan(500);
      expect(error).toBeInstanceOf(BreakerTimeoutError);
      expect(error).toMatchObject({ breaker: 'inventory', timeoutMs: 50 });
      expect(slow.signal?.aborted).toBe(true);
      expect(slow.signal?.reason).toBe(error);
      expect(registry.states().inventory).toMatchObject({ failures: 1, timeouts: 1 });
    });

    it("should hand the caller's abort to the work, and not count it against the dependency", async () => {
      const registry = registryWith();
      const caller = new AbortController();
      const abandoned = new PendingWork();
      const call = registry.run('inventory', abandoned.work, { timeoutMs: 1000, signal: caller.signal });
      caller.abort();
      expect(abandoned.signal?.aborted).toBe(true);
      abandoned.reject(new Error('abandoned'));
      expect(await failureOf(call)).toHaveProperty('message', 'abandoned');
      expect(registry.states().inventory).toMatchObject({ failures: 0, timeouts: 0 });
    });
  });

  describe('states', () => {
    it('should show every breaker made, by name, with its counts and times', async () => {
      const registry = registryWith();
      await registry.run('llm:openrouter', answers, { timeoutMs: 1000 });
      await failTimes(registry, VOLUME);
      await failureOf(run(registry, answers));
      const states = registry.states();
      expect(Object.keys(states).sort()).toEqual(['inventory', 'llm:openrouter']);
      expect(states['llm:openrouter']).toEqual({ state: 'closed', failures: 0, successes: 1, rejects: 0, timeouts: 0 });
      expect(states.inventory).toEqual({
        state: 'open',
        failures: VOLUME,
        successes: 0,
        rejects: 1,
        timeouts: 0,
        openedAt: expect.any(String),
        nextAttemptAt: expect.any(String),
      });
    });
  });

  describe('with BREAKER_ENABLED=false', () => {
    it('should run every call, however many fail, still with its time limit', async () => {
      const registry = registryWith({ BREAKER_ENABLED: 'false' });
      let made = 0;
      for (let i = 0; i < VOLUME * 3; i++) {
        await failureOf(
          run(registry, () => {
            made++;
            return fails();
          }),
        );
      }
      expect(made).toBe(VOLUME * 3);
      const slow = new PendingWork();
      expect(await failureOf(run(registry, slow.work, 50))).toBeInstanceOf(BreakerTimeoutError);
      expect(slow.signal?.aborted).toBe(true);
      expect(registry.states()).toEqual({});
    });
  });

  describe('onModuleDestroy', () => {
    it('should drop the breakers, and let calls still in flight run straight through', async () => {
      const registry = registryWith();
      await failTimes(registry, VOLUME);
      registry.onModuleDestroy();
      expect(registry.states()).toEqual({});
      expect(await run(registry, answers)).toBe('answer');
    });
  });
});

describe(BreakerGuard.name, () => {
  @Controller()
  class ProbeController {
    handled = 0;
    probe?: PendingWork;

    constructor(private readonly breakers: BreakerRegistry) {}

    @Get('stock')
    @UseBreaker('inventory')
    stock(): Promise<string> {
      this.handled++;
      return this.breakers.run('inventory', this.probe?.work ?? answers, { timeoutMs: 1000 });
    }

    @Get('other')
    other(): string {
      return 'unguarded';
    }

    @Get('quota')
    quota(): string {
      throw new Error('inventory lookup failed', { cause: new QuotaExceededError('inventory', 10, 60_000, 2_500) });
    }

    @Get('broken')
    broken(): string {
      throw new Error('inventory lookup failed');
    }
  }

  let app: NestFastifyApplication;
  let registry: BreakerRegistry;
  let controller: ProbeController;

  beforeEach(async () => {
    const settings = testSettings({
      BREAKER_VOLUME_THRESHOLD: String(VOLUME),
      BREAKER_RESET_MS: String(RESET_MS),
    });
    const { logger } = captureLogger(settings);
    registry = new BreakerRegistry(settings, logger);
    const module = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [{ provide: BreakerRegistry, useValue: registry }],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new AllExceptionsFilter(logger));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    controller = app.get(ProbeController);
  }, 30_000);
  afterEach(async () => {
    await app.close();
    registry.onModuleDestroy();
  }, 30_000);

  async function openInventoryBreaker(): Promise<void> {
    for (let i = 0; i < VOLUME; i++) await failureOf(registry.run('inventory', fails, { timeoutMs: 1000 }));
  }

  it('should let the route run while its breaker is closed', async () => {
    const response = await app.inject({ method: 'GET', url: '/stock' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('answer');
  });

  it('should answer 503 with Retry-After and the usual error body while the breaker is open, without running the route', async () => {
    await openInventoryBreaker();
    const response = await app.inject({ method: 'GET', url: '/stock' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'inventory is unavailable right now; try again in 1 s',
      requestId: expect.any(String),
    });
    expect(controller.handled).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/other' })).statusCode).toBe(200);
  });

  it('should answer any refusal that reaches the filter, on any route, with 503 and Retry-After; any other error stays a 500', async () => {
    const refused = await app.inject({ method: 'GET', url: '/quota' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('3');
    expect(refused.json()).toMatchObject({ message: 'inventory is unavailable right now; try again in 3 s' });
    const failed = await app.inject({ method: 'GET', url: '/broken' });
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['retry-after']).toBeUndefined();
  });

  it('should answer 503 when the route itself was refused: half-open, its one probe already out', async () => {
    await openInventoryBreaker();
    await until(() => (registry.states().inventory.state === 'half-open' ? true : undefined), 'half-open', 2000);
    const probe = (controller.probe = new PendingWork());
    const probing = app.inject({ method: 'GET', url: '/stock' });
    await until(() => (probe.started ? true : undefined), 'the probe call', 2000);
    controller.probe = undefined;

    const refused = await app.inject({ method: 'GET', url: '/stock' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(controller.handled).toBe(2);
    probe.resolve('back');
    expect((await probing).statusCode).toBe(200);
  }, 10_000);
});
