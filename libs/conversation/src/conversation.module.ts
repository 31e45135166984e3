import { AppConfig } from '@mostrador/config';
import { InventoryClient, InventoryModule } from '@mostrador/inventory';
import { AppLogger } from '@mostrador/logging';
import { WhatsAppModule } from '@mostrador/whatsapp';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { AssistantEngine } from './assistant/assistant-engine.js';
import { RuleBasedAssistant } from './assistant/rule-based-assistant.js';
import { ConversationSweeper } from './conversation-sweeper.js';
import { IntentDetector } from './intent/intent-detector.js';
import { OutboundService } from './outbound/outbound.service.js';
import { loadShopProfile } from './shop/shop-profile.js';
import { InProcessTurnScheduler } from './turns/in-process-turn-scheduler.js';
import { TurnService } from './turns/turn.service.js';
import { TurnScheduler } from './turn-scheduler.js';

/** Lets running turns finish before the store closes (it closes on application shutdown). */
@Injectable()
class TurnDrain implements OnModuleDestroy {
  constructor(private readonly scheduler: TurnScheduler) {}

  onModuleDestroy(): Promise<void> {
    return this.scheduler.drain();
  }
}

/**
 * Turns and sends: the scheduler the webhook hands conversations to, the worker that
 * answers them, the assistant, the outbox every message goes out through, and the sweeper.
 * Needs the global data API ports (DatabaseModule).
 */
@Module({
  imports: [WhatsAppModule, InventoryModule],
  providers: [
    {
      provide: AssistantEngine,
      inject: [AppConfig, InventoryClient],
      useFactory: async (config: AppConfig, inventory: InventoryClient) => {
        const shop = loadShopProfile(config.conversation.shopProfilePath);
        const detector = await IntentDetector.create({ stores: shop.stores.map((s) => s.name) });
        return new RuleBasedAssistant(detector, inventory, shop);
      },
    },
    OutboundService,
    TurnService,
    {
      provide: TurnScheduler,
      inject: [TurnService, AppConfig, AppLogger],
      useFactory: (turns: TurnService, config: AppConfig, logger: AppLogger) =>
        new InProcessTurnScheduler(turns, config.conversation, logger),
    },
    ConversationSweeper,
    TurnDrain,
  ],
  exports: [TurnScheduler, ConversationSweeper, OutboundService],
})
export class ConversationModule {}
