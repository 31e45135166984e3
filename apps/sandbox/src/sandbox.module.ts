import { ConfigModule, type Settings } from '@mostrador/config';
import { type AppLogger, LoggingModule } from '@mostrador/logging';
import { type DynamicModule, Module } from '@nestjs/common';
import { ChatModule } from './chat/chat.module.js';
import { GraphApiModule } from './graph-api/graph-api.module.js';
import { InventorySandboxModule } from './inventory/inventory-sandbox.module.js';
import { LlmSandboxModule } from './llm/llm-sandbox.module.js';
import { SandboxHealthController } from './sandbox-health.controller.js';

/**
 * Local stand-ins for the outside world (the shop's SOAP inventory, Meta's Graph API, a
 * customer's chat page, an OpenAI-compatible LLM), used by the demo and the tests.
 */
@Module({})
export class SandboxModule {
  static register(settings: Settings, logger: AppLogger): DynamicModule {
    return {
      module: SandboxModule,
      imports: [
        ConfigModule.forRoot(settings),
        LoggingModule.forRoot(logger),
        InventorySandboxModule,
        GraphApiModule,
        ChatModule,
        LlmSandboxModule,
      ],
      controllers: [SandboxHealthController],
    };
  }
}
