import { AppConfig } from '@mostrador/config';
import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InventoryClient } from './inventory.client.js';

/**
 * The inventory's health: a real Ping with a time limit (INVENTORY_HEALTH_TIMEOUT_MS).
 *
 * The inventory is a soft dependency: without it the assistant still answers (it says it
 * cannot check stock right now), so by default a failing Ping reports `degraded`, which
 * keeps the overall check at 200 and the instance in the load balancer. Pass
 * `{ critical: true }` where the inventory must be up (a check before a demo, say): then
 * it reports `down`, and the check answers 503.
 */
@Injectable()
export class InventoryHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly inventory: InventoryClient,
    private readonly config: AppConfig,
  ) {}

  async isHealthy<const Key extends string = 'inventory'>(
    key: Key = 'inventory' as Key,
    options: { critical?: boolean } = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    try {
      const status = await this.inventory.ping({ timeoutMs: this.config.inventory.healthTimeoutMs });
      return indicator.up({ latencyMs: status.latencyMs, products: status.products, version: status.version });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return options.critical ? indicator.down({ message }) : indicator.degraded({ message });
    }
  }
}
