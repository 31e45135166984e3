import { AppConfig } from '@mostrador/config';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ChatCompletionsController } from './chat-completions.controller.js';
import { ChatCompletionsService } from './chat-completions.service.js';
import { LlmAdminController } from './llm-admin.controller.js';
import { LlmFaults } from './llm-faults.js';
import { LlmRequestLog } from './llm-request-log.js';

/** An OpenAI-compatible LLM, played by a scripted sales policy, with faults to inject. */
@Module({
  controllers: [ChatCompletionsController, LlmAdminController],
  providers: [
    ChatCompletionsService,
    LlmRequestLog,
    {
      provide: LlmFaults,
      useFactory: (config: AppConfig) => new LlmFaults(config.sandbox.llmFaults),
      inject: [AppConfig],
    },
  ],
})
export class LlmSandboxModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly completions: ChatCompletionsService,
  ) {}

  /** A slow answer in progress would hold the server's close (graceful shutdown): end it first. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preClose', (done) => {
      this.completions.close();
      done();
    });
  }
}
