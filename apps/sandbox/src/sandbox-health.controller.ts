import { ApiOkResponse, ApiOperation, ApiTags } from '@mostrador/http';
import { Controller, Get } from '@nestjs/common';

@ApiTags('health')
@Controller('health')
export class SandboxHealthController {
  @Get('live')
  @ApiOperation({ summary: 'Liveness of the sandbox' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', example: 'ok' } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
