import { ApiOperation, ApiTags } from '@mostrador/http';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GraphApiService } from './graph-api.service.js';

@ApiTags('graph-api')
@Controller()
export class GraphApiController {
  constructor(private readonly graphApi: GraphApiService) {}

  @Post(':version/:phoneNumberId/messages')
  @HttpCode(200)
  @ApiOperation({
    summary: "Meta's Cloud API messages endpoint, played locally (send, mark read, typing indicator)",
  })
  messages(
    @Param('version') version: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): unknown {
    const answer = this.graphApi.receive(version, authorization, body);
    void reply.status(answer.status);
    return answer.body;
  }

  @Get(':version/:phoneNumberId')
  @ApiOperation({
    summary:
      "Meta's phone number node, played locally: what the api's token check reads (401, code 190, for a bad or expired token)",
  })
  phoneNumber(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): unknown {
    const answer = this.graphApi.phoneNumber(version, phoneNumberId, authorization);
    void reply.status(answer.status);
    return answer.body;
  }
}
