import { ApiOperation, ApiTags, WhenDocumented } from '@mostrador/http';
import { SkipRateLimits } from '@mostrador/rate-limit';
import { ReadinessProbe } from '@mostrador/monitoring';
import { Controller, Get, UseFilters } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthCheckFailedFilter } from './health-check-failed.filter.js';

/**
 * Terminus's `@HealthCheck()` loads @nestjs/swagger to document the route whenever it is
 * installed: here it sets the no-cache header alone, and documents only when Swagger is set up.
 */
const HEALTH_CHECK = HealthCheck({ noCache: true, swaggerDocumentation: false });
const HEALTH_CHECK_DOCS = WhenDocumented(() => HealthCheck({ noCache: false, swaggerDocumentation: true }));

@ApiTags('health')
@SkipRateLimits()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessProbe,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: 200 while the process serves requests',
    description:
      'For the orchestrator restart probe. Checks no dependency: a failing database must not restart the process.',
  })
  @HEALTH_CHECK
  @HEALTH_CHECK_DOCS
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 503 naming the required parts down (database, memory), 200 otherwise',
    description:
      'For the load balancer. Every part is in `details` with its status: database and memory are required (down → 503, `error` names them); Redis (when configured), the inventory, the WhatsApp token and each LLM provider are optional (down → `degraded`, still 200). Each check has a time limit (HEALTH_TIMEOUT_MS); the result is reused for HEALTH_CACHE_MS, the token check for WHATSAPP_HEALTH_INTERVAL_MS.',
  })
  @HEALTH_CHECK
  @HEALTH_CHECK_DOCS
  @UseFilters(HealthCheckFailedFilter)
  async ready() {
    const { parts } = await this.readiness.check();
    return this.health.check(
      Object.entries(parts).map(([key, { status, required, ...details }]) => () => {
        const indicator = this.indicators.check(key);
        if (status === 'up') return indicator.up(details);
        return required ? indicator.down(details) : indicator.degraded(details);
      }),
    );
  }
}
