import { HealthIndicatorService } from '@nestjs/terminus';
import { testSettings } from '../../../../test/support/capture-logger.js';
import { MemoryHealthIndicator, type MemoryReading } from './memory.health-indicator.js';

const MB = 1024 * 1024;

describe('MemoryHealthIndicator', () => {
  const indicator = new MemoryHealthIndicator(testSettings({ MEMORY_LIMIT_MB: '512' }), new HealthIndicatorService());
  const reading = (rss: number, heapUsed: number, heapLimit = 1000 * MB): MemoryReading => ({
    rss,
    heapUsed,
    heapLimit,
  });

  it('should read the real process: up, in bytes, under a limit it could never reach', () => {
    const real = new MemoryHealthIndicator(testSettings({ MEMORY_LIMIT_MB: '1048576' }), new HealthIndicatorService());
    const { memory } = real.isHealthy();
    expect(memory).toEqual({
      status: 'up',
      rss: expect.any(Number),
      heapUsed: expect.any(Number),
      limit: 1048576 * MB,
      heapLimit: expect.any(Number),
    });
    expect(memory.rss as number).toBeGreaterThan(memory.heapUsed as number);
  });

  it('should be down at the RSS limit, and up again once the process is back under it', () => {
    indicator.read = () => reading(512 * MB, 100 * MB);
    expect(indicator.isHealthy().memory).toMatchObject({
      status: 'down',
      limit: 512 * MB,
      message: 'RSS 512 MB at or above the 512 MB limit',
    });
    indicator.read = () => reading(511 * MB, 100 * MB);
    expect(indicator.isHealthy().memory.status).toBe('up');
  });

  it("should be down at 90% of V8's heap limit whatever the RSS", () => {
    indicator.read = () => reading(100 * MB, 900 * MB);
    expect(indicator.isHealthy().memory).toMatchObject({
      status: 'down',
      message: "heap 900 MB at or above 90% of V8's 1000 MB limit",
    });
    indicator.read = () => reading(100 * MB, 899 * MB);
    expect(indicator.isHealthy().memory.status).toBe('up');
  });
});
