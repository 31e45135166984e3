import { RedisHealthIndicator } from '@mostrador/cache';
import { AppConfig } from '@mostrador/config';
import { LlmHealthIndicator } from '@mostrador/conversation';
import { DatabaseHealthIndicator } from '@mostrador/database';
import { InventoryHealthIndicator } from '@mostrador/inventory';
import { MemoryHealthIndicator, type ReadinessPart, ReadinessProbe, type ReadinessReport } from '@mostrador/monitoring';
import { WhatsAppHealthIndicator } from '@mostrador/whatsapp';
import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

interface Check {
  key: string;
  /** Down takes the instance out of rotation (503); an optional part down only degrades it. */
  required: boolean;
  run: () => Promise<HealthIndicatorResult> | HealthIndicatorResult;
}

/**
 * The instance's readiness, composed from each lib's indicator. Only the database and the
 * process's memory are required: without the others the assistant still answers (from
 * process memory instead of Redis, without stock checks, with the rule-based assistant), or
 * nothing a new request brings would fix them (a WhatsApp token is the same on every instance).
 *
 * Every check runs at once, each within HEALTH_TIMEOUT_MS (the indicators stop at it
 * themselves; a short grace later the part is down whatever it is doing). The whole report is
 * kept HEALTH_CACHE_MS after it is made, and callers arriving while one is being made share it:
 * load balancers polling every second and the monitor cost one round of checks per interval.
 */
@Injectable()
export class ReadinessService extends ReadinessProbe {
  private current?: { report: Promise<ReadinessReport>; until: number };

  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly inventory: InventoryHealthIndicator,
    private readonly whatsapp: WhatsAppHealthIndicator,
    private readonly llm: LlmHealthIndicator,
  ) {
    super();
  }

  check(): Promise<ReadinessReport> {
    if (this.current && Date.now() < this.current.until) return this.current.report;
    const entry = { report: this.run(), until: Infinity };
    this.current = entry;
    void entry.report.then(() => (entry.until = Date.now() + this.config.monitoring.healthCacheMs));
    return entry.report;
  }

  private async run(): Promise<ReadinessReport> {
    const timeoutMs = this.config.monitoring.healthTimeoutMs;
    const checks: Check[] = [
      { key: 'database', required: true, run: () => this.database.isHealthy('database', timeoutMs) },
      { key: 'memory', required: true, run: () => this.memory.isHealthy('memory') },
      ...(this.redis.configured
        ? [{ key: 'redis', required: false, run: () => this.redis.isHealthy(timeoutMs, 'redis') }]
        : []),
      { key: 'inventory', required: false, run: () => this.inventory.isHealthy('inventory') },
      { key: 'whatsapp', required: false, run: () => this.whatsapp.isHealthy(timeoutMs) },
      ...this.llm.keys().map((key) => ({ key, required: false, run: () => this.llm.isHealthy(key) })),
    ];
    const parts = Object.fromEntries(
      await Promise.all(checks.map(async (check) => [check.key, await part(check, timeoutMs)] as const)),
    );
    const down = Object.values(parts).filter((p) => p.status === 'down');
    return {
      status: down.some((p) => p.required) ? 'down' : down.length > 0 ? 'degraded' : 'ok',
      parts,
    };
  }
}

/** Past the indicator's own limit, a part that has still not answered is down. */
const GRACE_MS = 100;

async function part(check: Check, timeoutMs: number): Promise<ReadinessPart> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs + GRACE_MS);
  });
  try {
    const result = await Promise.race([check.run(), late]);
    // Terminus says `degraded` for an optional part that failed (the inventory does): down here.
    const { status, ...details } = result[check.key];
    return { ...details, status: status === 'up' ? 'up' : 'down', required: check.required };
  } catch (error) {
    return { status: 'down', required: check.required, message: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
