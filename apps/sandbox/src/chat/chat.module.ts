import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GraphApiModule } from '../graph-api/graph-api.module.js';
import { SandboxOutbox } from '../graph-api/sandbox-outbox.js';
import { ChatController } from './chat.controller.js';
import { ChatService } from './chat.service.js';

/** The customer chat page, fed by the Graph API stand-in. */
@Module({
  imports: [GraphApiModule],
  controllers: [ChatController],
  providers: [ChatService],
})
export class ChatModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly outbox: SandboxOutbox,
  ) {}

  /**
   * An open event stream never ends by itself, and the server waits for open requests when
   * it closes (graceful shutdown): end the streams first.
   */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preClose', (done) => {
      this.outbox.close();
      done();
    });
  }
}
