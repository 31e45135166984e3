import { getHeapStatistics } from 'node:v8';
import { AppConfig } from '@mostrador/config';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/**
 * V8 dies of "heap out of memory" near its heap limit, collecting garbage ever harder on the
 * way there: at this share of it the instance stops taking traffic while it can still answer.
 */
export const HEAP_LIMIT_SHARE = 0.9;

export interface MemoryReading {
  rss: number;
  heapUsed: number;
  /** V8's heap_size_limit (`--max-old-space-size`, or what V8 chose for the machine). */
  heapLimit: number;
}

function readMemory(): MemoryReading {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed, heapLimit: getHeapStatistics().heap_size_limit };
}

/**
 * The process's memory, in bytes: down when the RSS reaches MEMORY_LIMIT_MB (the container's
 * budget: past it the orchestrator kills the process) or the heap reaches 90% of V8's limit.
 * Down takes the instance out of rotation, so it can finish what it has instead of being
 * killed mid-turn with more coming in.
 */
@Injectable()
export class MemoryHealthIndicator {
  /** A seam for tests: what the process uses now. */
  read: () => MemoryReading = readMemory;

  constructor(
    private readonly config: AppConfig,
    private readonly indicators: HealthIndicatorService,
  ) {}

  isHealthy<const Key extends string = 'memory'>(key: Key = 'memory' as Key): HealthIndicatorResult<Key> {
    const { rss, heapUsed, heapLimit } = this.read();
    const limit = this.config.monitoring.memoryLimitBytes;
    const details = { rss, heapUsed, limit, heapLimit };
    const indicator = this.indicators.check(key);
    if (rss >= limit)
      return indicator.down({ ...details, message: `RSS ${mb(rss)} at or above the ${mb(limit)} limit` });
    if (heapUsed >= heapLimit * HEAP_LIMIT_SHARE) {
      return indicator.down({
        ...details,
        message: `heap ${mb(heapUsed)} at or above ${HEAP_LIMIT_SHARE * 100}% of V8's ${mb(heapLimit)} limit`,
      });
    }
    return indicator.up(details);
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
