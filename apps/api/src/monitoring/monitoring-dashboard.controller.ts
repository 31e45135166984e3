import {
  ApiErrorResponses,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@mostrador/http';
import { DashboardService } from '@mostrador/monitoring';
import { Controller, Get, Header, NotFoundException, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminApiKeyGuard } from '../admin/admin-api-key.guard.js';
import { DASHBOARD_ASSETS, DASHBOARD_PAGE, type PageFile } from './page/dashboard-page.js';

/**
 * The operator's view: the figures as JSON behind the admin key, and a page that draws them
 * live. The page and its files are public (they hold no data); it asks for the key and sends it
 * with each poll.
 */
@ApiTags('monitoring')
@Controller('monitoring')
export class MonitoringDashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('dashboard')
  @UseGuards(AdminApiKeyGuard)
  @ApiSecurity('admin-key')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary:
      'Dashboard figures: requests, response times, tools, conversations, process, cache, breakers, limits, alerts',
    description:
      'Read from the metrics registry (what GET /metrics exposes) and the alerts. Totals are since the process started; `requests.perSecond`, `responseTime.recent` and `process.cpu.percent` cover about the last 10 s.',
  })
  @ApiOkResponse({ description: 'The snapshot.' })
  @ApiErrorResponses(401, 429)
  snapshot() {
    return this.dashboard.snapshot();
  }

  @Get()
  @ApiOperation({ summary: 'The monitoring page: live charts of the dashboard figures (asks for the admin key)' })
  @ApiProduces('text/html')
  page(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    return serve(DASHBOARD_PAGE, request, reply);
  }

  @Get('assets/:name')
  @ApiOperation({ summary: "The monitoring page's script and styles, and uPlot's (served here: no CDN)" })
  @ApiParam({ name: 'name', enum: Object.keys(DASHBOARD_ASSETS) })
  @ApiErrorResponses(404)
  asset(
    @Param('name') name: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const file = Object.hasOwn(DASHBOARD_ASSETS, name) ? DASHBOARD_ASSETS[name] : undefined;
    if (!file) throw new NotFoundException(`No asset ${name}`);
    return serve(file, request, reply);
  }
}

function serve(file: PageFile, request: FastifyRequest, reply: FastifyReply): string {
  void reply
    .header('content-type', file.contentType)
    .header('cache-control', file.cacheControl)
    .header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) {
    void reply.status(304);
    return '';
  }
  return file.body;
}
