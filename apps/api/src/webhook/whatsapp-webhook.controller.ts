import { SkipRateLimits, UseBreaker } from '@mostrador/rate-limit';
import {
  ApiBody,
  ApiErrorResponses,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
  openApiSchema,
  ZodValidationPipe,
} from '@mostrador/http';
import { webhookPayloadSchema, type WebhookPayload } from '@mostrador/whatsapp';
import { Body, Controller, Get, HttpCode, Ip, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { WhatsAppSignatureGuard } from './whatsapp-signature.guard.js';
import { type WebhookReceipt, WhatsAppWebhookService } from './whatsapp-webhook.service.js';

const verificationQuerySchema = z.object({
  'hub.mode': z.string().min(1).max(64),
  'hub.verify_token': z.string().min(1).max(512),
  'hub.challenge': z.string().min(1).max(512),
});

@ApiTags('webhook')
@SkipRateLimits()
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  constructor(private readonly webhook: WhatsAppWebhookService) {}

  @Get()
  @ApiOperation({
    summary: "Meta's webhook verification: echoes hub.challenge when hub.verify_token matches",
    description: 'Meta calls this once when the webhook is configured. A wrong token is a 403.',
  })
  @ApiQuery({ name: 'hub.mode', example: 'subscribe' })
  @ApiQuery({ name: 'hub.verify_token' })
  @ApiQuery({ name: 'hub.challenge', example: '1158201444' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The challenge, as plain text.', schema: { type: 'string', example: '1158201444' } })
  @ApiErrorResponses(400, 403)
  verify(
    @Query(new ZodValidationPipe(verificationQuerySchema, 'query')) query: z.infer<typeof verificationQuerySchema>,
    @Ip() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const challenge = this.webhook.verify(query, ip);
    // Set only on success: an error answer is JSON.
    void reply.type('text/plain; charset=utf-8');
    return challenge;
  }

  @Post()
  @HttpCode(200)
  @UseGuards(WhatsAppSignatureGuard)
  @UseBreaker('database')
  @ApiOperation({
    summary: 'WhatsApp Cloud API webhook: stores every message and status, signed by Meta',
    description:
      'X-Hub-Signature-256 must be the HMAC-SHA256 of the raw body with the app secret. 200 only once everything is stored; 503 when the database is unavailable (Meta retries) — at once, with Retry-After, while the database’s circuit breaker is open. A message Meta sends again is stored once.',
  })
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, description: 'sha256=<hex HMAC of the raw body>' })
  @ApiBody({ schema: openApiSchema(webhookPayloadSchema) })
  @ApiOkResponse({ description: 'Stored.' })
  @ApiErrorResponses(400, 401, 413, 503)
  receive(@Body(new ZodValidationPipe(webhookPayloadSchema, 'body')) payload: WebhookPayload): Promise<WebhookReceipt> {
    return this.webhook.receive(payload);
  }
}
