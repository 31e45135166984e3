import { SkipRateLimits } from '@mostrador/rate-limit';
import { DatabaseHealthIndicator } from '@mostrador/database';
import { InventoryHealthIndicator } from '@mostrador/inventory';
import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthCheckFailedFilter } from './health-check-failed.filter.js';

@ApiTags('health')
@SkipRateLimits()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseHealthIndicator,
    private readonly inventory: InventoryHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: 200 while the process serves requests',
    description:
      'For the orchestrator restart probe. Checks no dependency: a failing database must not restart the process.',
  })
  @HealthCheck()
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when the database answers, 503 when it does not',
    description:
      'For the load balancer: a real round trip to the data API within a time limit, with the adapter and its latency. 503 takes the instance out of rotation without restarting it. The inventory is pinged too, but only reported degraded when it fails (still 200): without it the assistant still answers.',
  })
  @HealthCheck()
  @UseFilters(HealthCheckFailedFilter)
  ready() {
    return this.health.check([() => this.database.isHealthy('database'), () => this.inventory.isHealthy('inventory')]);
  }
}
