import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, openApiSchema } from '@mostrador/http';
import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { chatCompletionRequestSchema } from './chat-completions.wire.js';
import { ChatCompletionsService } from './chat-completions.service.js';

const OPENAI_ERROR = {
  schema: {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          message: { type: 'string' },
          type: { type: 'string' },
          param: { type: 'string', nullable: true },
          code: { type: 'string', nullable: true },
        },
      },
    },
  },
};

/**
 * An OpenAI-compatible endpoint for LLM_BASE_URL=http://127.0.0.1:3100/v1: the api's LLM path,
 * its tools and its failover, offline. Any model name and any Authorization are accepted.
 */
@ApiTags('llm (OpenAI-compatible)')
@Controller('v1')
export class ChatCompletionsController {
  constructor(private readonly completions: ChatCompletionsService) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({
    summary: "OpenAI's Chat Completions (non-streaming), answered by a scripted sales policy, not a model",
    description:
      "Calls search_products with the customer's words (shop_info for hours, stores, payment, shipping, returns; " +
      'remember_customer_fact for a stated name; request_human_agent for a person), then answers from the tool ' +
      "results only. Without tools it summarises the customer's messages. Faults: /sandbox/llm/faults.",
  })
  @ApiBody({ schema: openApiSchema(chatCompletionRequestSchema) })
  @ApiOkResponse({ description: 'A chat.completion: tool_calls or an answer, with estimated usage.' })
  @ApiResponse({
    status: 400,
    description: 'Not a valid request, or stream: true (OpenAI error body).',
    ...OPENAI_ERROR,
  })
  @ApiResponse({ status: 429, description: 'Injected rate limit (OpenAI error body, retry-after).', ...OPENAI_ERROR })
  @ApiResponse({ status: 500, description: 'Injected server error (OpenAI error body).', ...OPENAI_ERROR })
  async chatCompletions(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const clientGone = new AbortController();
    // The response closes before it was written only when the client went away.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) clientGone.abort();
    });
    const answer = await this.completions.complete(body, clientGone.signal);
    void reply.status(answer.status);
    if (answer.headers) void reply.headers(answer.headers);
    return answer.body;
  }

  @Get('models')
  @ApiOperation({ summary: 'The one model the stand-in lists (it answers to any name)' })
  models(): ReturnType<ChatCompletionsService['models']> {
    return this.completions.models();
  }
}
