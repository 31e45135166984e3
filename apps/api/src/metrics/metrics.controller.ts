import { ApiOperation, ApiProduces, ApiTags } from '@mostrador/http';
import { MetricsService } from '@mostrador/monitoring';
import { SkipRateLimits } from '@mostrador/rate-limit';
import { Controller, Get, Header } from '@nestjs/common';

@ApiTags('health')
@SkipRateLimits()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'HTTP requests by route template, webhook events, messages, Meta error codes, turns, LLM calls and tokens, tool and SOAP calls, cache, breakers, limits, conversations, and the process. Labels never carry a phone number, wamid or conversation id.',
  })
  @ApiProduces('text/plain')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
