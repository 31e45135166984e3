import { CacheTtl, HttpCacheInterceptor } from '@mostrador/cache';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiErrorResponses,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  openApiSchema,
  ZodValidationPipe,
} from '@mostrador/http';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { AdminApiKeyGuard } from './admin-api-key.guard.js';
import {
  conversationSchema,
  conversationSummarySchema,
  idParamsSchema,
  listConversationsQuerySchema,
  manualMessageResultSchema,
  manualMessageSchema,
  messageSchema,
  pageOf,
  pageQuerySchema,
} from './admin.schemas.js';
import { AdminService } from './admin.service.js';
import { StoreErrorsFilter } from './store-errors.filter.js';

const idParams = new ZodValidationPipe(idParamsSchema, 'params');

@ApiTags('admin')
@ApiSecurity('admin-key')
@ApiErrorResponses(401)
@UseGuards(AdminApiKeyGuard)
@UseFilters(StoreErrorsFilter)
@UseInterceptors(HttpCacheInterceptor)
@CacheTtl('admin')
@Controller('admin/conversations')
export class AdminConversationsController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOperation({
    summary:
      'Conversations, most recent first, optionally by status or by whether an order request waits (keyset pagination)',
  })
  @ApiOkResponse({ schema: openApiSchema(pageOf(conversationSummarySchema), 'output') })
  @ApiErrorResponses(400)
  list(
    @Query(new ZodValidationPipe(listConversationsQuerySchema, 'query'))
    query: z.output<typeof listConversationsQuerySchema>,
  ) {
    return this.admin.listConversations(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conversation, with who it is with and what it was last about' })
  @ApiOkResponse({ schema: openApiSchema(conversationSummarySchema, 'output') })
  @ApiErrorResponses(400, 404)
  get(@Param(idParams) { id }: z.output<typeof idParamsSchema>) {
    return this.admin.conversation(id);
  }

  @Get(':id/messages')
  @ApiOperation({ summary: "A conversation's messages, oldest first, with their delivery status (keyset pagination)" })
  @ApiOkResponse({ schema: openApiSchema(pageOf(messageSchema), 'output') })
  @ApiErrorResponses(400, 404)
  messages(
    @Param(idParams) { id }: z.output<typeof idParamsSchema>,
    @Query(new ZodValidationPipe(pageQuerySchema, 'query')) page: z.output<typeof pageQuerySchema>,
  ) {
    return this.admin.conversationMessages(id, page);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a handoff: the assistant answers this conversation again' })
  @ApiOkResponse({ schema: openApiSchema(conversationSchema, 'output') })
  @ApiErrorResponses(400, 404, 409)
  release(@Param(idParams) { id }: z.output<typeof idParamsSchema>) {
    return this.admin.release(id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: "Close a conversation: the customer's next message opens a new one" })
  @ApiOkResponse({ schema: openApiSchema(conversationSchema, 'output') })
  @ApiErrorResponses(400, 404)
  close(@Param(idParams) { id }: z.output<typeof idParamsSchema>) {
    return this.admin.close(id);
  }

  @Post(':id/messages')
  @ApiOperation({
    summary: 'Send a message as the shop (within 24 hours of the customer’s last message)',
    description:
      'Sent through the outbox like the assistant’s replies: 201 once WhatsApp took it; 202 when WhatsApp could not take it yet (5xx, throttling, unreachable) and it will be tried again; 502 when WhatsApp refused it for good. Outside the 24-hour window WhatsApp allows only templates: 409. An Idempotency-Key header makes a retried request send once (the same key answers with the first request’s message).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: openApiSchema(manualMessageSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(manualMessageResultSchema, 'output') })
  @ApiAcceptedResponse({ schema: openApiSchema(manualMessageResultSchema, 'output') })
  @ApiErrorResponses(400, 404, 409, 502)
  async send(
    @Param(idParams) { id }: z.output<typeof idParamsSchema>,
    @Body(new ZodValidationPipe(manualMessageSchema, 'body')) body: z.output<typeof manualMessageSchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.admin.sendManualMessage(id, body.text, idempotencyKey?.slice(0, 128));
    void reply.status(result.status === 'queued' ? 202 : 201);
    return result;
  }
}
