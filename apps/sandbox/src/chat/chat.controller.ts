import { ApiOperation, ApiTags, ZodValidationPipe } from '@mostrador/http';
import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Sse } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { CHAT_PAGE } from './chat-page.js';
import { type ChatMessageEvent, ChatService } from './chat.service.js';

const phone = z.string().regex(/^\d{8,15}$/, 'must be 8 to 15 digits, with the country code');
const wamid = z.string().min(1).max(512);

const sendSchema = z.object({
  phone,
  name: z.string().trim().min(1).max(60),
  message: z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), body: z.string().trim().min(1).max(4096) }),
    z.object({
      type: z.literal('button_reply'),
      id: z.string().min(1).max(256),
      title: z.string().min(1).max(20),
      context: wamid,
    }),
    z.object({
      type: z.literal('list_reply'),
      id: z.string().min(1).max(200),
      title: z.string().min(1).max(24),
      description: z.string().max(72).optional(),
      context: wamid,
    }),
  ]),
});

const eventsQuerySchema = z.object({ phone, after: z.coerce.number().int().min(0).default(0) });

/** The customer's side: a chat page, and the routes it talks to. */
@ApiTags('chat')
@Controller()
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: 'The chat page: write to the shop as a WhatsApp customer' })
  page(): string {
    return CHAT_PAGE.html;
  }

  @Get('chat/chat.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: "The chat page's script" })
  script(): string {
    return CHAT_PAGE.script;
  }

  @Get('chat/chat.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: "The chat page's styles" })
  styles(): string {
    return CHAT_PAGE.styles;
  }

  @Post('sandbox/chat/messages')
  @HttpCode(200)
  @ApiOperation({
    summary: "Deliver a customer's message (text, button or list reply) to the api as a signed Meta webhook",
  })
  send(@Body(new ZodValidationPipe(sendSchema, 'body')) body: z.infer<typeof sendSchema>) {
    return this.chat.send({ phone: body.phone, name: body.name, content: body.message });
  }

  @Sse('sandbox/chat/events')
  @ApiOperation({ summary: 'Server-sent events: what the api sends this customer, live' })
  events(
    @Query(new ZodValidationPipe(eventsQuerySchema, 'query')) query: z.infer<typeof eventsQuerySchema>,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Observable<ChatMessageEvent> {
    const resumed = Number(lastEventId);
    return this.chat.events(query.phone, Number.isInteger(resumed) && resumed > query.after ? resumed : query.after);
  }
}
