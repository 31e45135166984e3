import { jest } from '@jest/globals';
import { captureLogger } from '../../../../test/support/capture-logger.js';
import { InProcessTurnScheduler } from './in-process-turn-scheduler.js';
import { type TurnDeferral, TurnRunner } from './turn-runner.js';

/** A runner whose turns end when the test says so. */
class ControlledRunner extends TurnRunner {
  readonly started: { conversationId: string; at: number }[] = [];
  private readonly finishers: (() => void)[] = [];
  running = 0;
  maxRunning = 0;
  /** What the next turns answer: a deferral each, in order (the store saw a newer message inside its window). */
  readonly deferrals: TurnDeferral[] = [];

  runTurn(conversationId: string): Promise<TurnDeferral | undefined> {
    this.started.push({ conversationId, at: Date.now() });
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const deferral = this.deferrals.shift();
    return new Promise((resolve) =>
      this.finishers.push(() => {
        this.running -= 1;
        resolve(deferral);
      }),
    );
  }

  finishAll(): void {
    this.finishers.splice(0).forEach((finish) => finish());
  }
}

describe(InProcessTurnScheduler.name, () => {
  let runner: ControlledRunner;
  let scheduler: InProcessTurnScheduler;
  const start = new Date('2026-11-28T12:00:00Z').getTime();

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    runner = new ControlledRunner();
    scheduler = new InProcessTurnScheduler(
      runner,
      { coalesceMs: 1500, maxWaitMs: 5000, concurrency: 2 },
      captureLogger().logger,
    );
  });
  afterEach(() => jest.useRealTimers());

  describe('schedule', () => {
    it('should run a deferred turn again when the store says, and only then', async () => {
      runner.deferrals.push({ reason: 'quiet-window', retryAt: new Date(start + 1500 + 800) });
      scheduler.schedule('c1');
      await jest.advanceTimersByTimeAsync(1500);
      runner.finishAll();
      await jest.advanceTimersByTimeAsync(799);
      expect(runner.started).toHaveLength(1);
      // Still pending here: a sweeper would not schedule it a second time.
      expect(scheduler.isPending('c1')).toBe(true);
      await jest.advanceTimersByTimeAsync(1);
      expect(runner.started.map((s) => s.at)).toEqual([start + 1500, start + 2300]);
      runner.finishAll();
      await jest.advanceTimersByTimeAsync(0);
      expect(scheduler.isPending('c1')).toBe(false);
    });

    it('should run one turn for a burst, after the quiet window', async () => {
      for (let i = 0; i < 4; i++) {
        scheduler.schedule('c1');
        await jest.advanceTimersByTimeAsync(300);
      }
      expect(runner.started).toEqual([]);
      await jest.advanceTimersByTimeAsync(1200);
      expect(runner.started).toEqual([{ conversationId: 'c1', at: start + 900 + 1500 }]);
    });

    it('should not wait longer than the maximum for a customer who keeps writing', async () => {
      for (let i = 0; i < 10; i++) {
        scheduler.schedule('c1');
        await jest.advanceTimersByTimeAsync(1000);
      }
      expect(runner.started.map((s) => s.at - start)).toEqual([5000]);
    });

    it('should run a second turn, once, for messages that arrive during a turn', async () => {
      scheduler.schedule('c1');
      await jest.advanceTimersByTimeAsync(1500);
      expect(runner.started).toHaveLength(1);
      scheduler.schedule('c1');
      scheduler.schedule('c1');
      await jest.advanceTimersByTimeAsync(10_000);
      expect(runner.started).toHaveLength(1);
      runner.finishAll();
      await jest.advanceTimersByTimeAsync(1500);
      expect(runner.started).toHaveLength(2);
      expect(runner.maxRunning).toBe(1);
    });

    it('should answer different conversations independently, at most `concurrency` at once, in order', async () => {
      for (const id of ['c1', 'c2', 'c3']) scheduler.schedule(id);
      await jest.advanceTimersByTimeAsync(1500);
      expect(runner.started.map((s) => s.conversationId)).toEqual(['c1', 'c2']);
      runner.finishAll();
      await jest.advanceTimersByTimeAsync(0);
      expect(runner.started.map((s) => s.conversationId)).toEqual(['c1', 'c2', 'c3']);
      expect(runner.maxRunning).toBe(2);
    });

    it('should forget a conversation once its turn is over', async () => {
      scheduler.schedule('c1');
      expect(scheduler.isPending('c1')).toBe(true);
      await jest.advanceTimersByTimeAsync(1500);
      runner.finishAll();
      await jest.advanceTimersByTimeAsync(0);
      expect(scheduler.isPending('c1')).toBe(false);
      expect(scheduler.size).toBe(0);
    });

    it('should start at once with a zero window', async () => {
      const immediate = new InProcessTurnScheduler(
        runner,
        { coalesceMs: 0, maxWaitMs: 0, concurrency: 4 },
        captureLogger().logger,
      );
      immediate.schedule('c9');
      await jest.advanceTimersByTimeAsync(0);
      expect(runner.started.map((s) => s.at - start)).toEqual([0]);
    });

    it('should log a turn that throws and carry on', async () => {
      const captured = captureLogger();
      const failing = new InProcessTurnScheduler(
        { runTurn: () => Promise.reject(new Error('boom')) },
        { coalesceMs: 0, maxWaitMs: 0, concurrency: 1 },
        captured.logger,
      );
      failing.schedule('c1');
      await jest.advanceTimersByTimeAsync(0);
      expect(failing.size).toBe(0);
      expect(captured.lines()).toContainEqual(
        expect.objectContaining({ level: 'error', message: 'turn failed', conversationId: 'c1' }),
      );
    });
  });

  describe('drain', () => {
    it('should wait for running turns, drop waiting ones and take no more', async () => {
      scheduler.schedule('c1');
      await jest.advanceTimersByTimeAsync(1500);
      scheduler.schedule('c2');
      let stopped = false;
      const stopping = scheduler.drain().then(() => (stopped = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false);
      runner.finishAll();
      await stopping;
      scheduler.schedule('c3');
      await jest.advanceTimersByTimeAsync(10_000);
      expect(runner.started.map((s) => s.conversationId)).toEqual(['c1']);
    });
  });
});
