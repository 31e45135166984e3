import { AppConfig } from '@mostrador/config';
import { InventoryClient, InventoryModule } from '@mostrador/inventory';
import { AppLogger } from '@mostrador/logging';
import { WhatsAppModule } from '@mostrador/whatsapp';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { AssistantEngine } from './assistant/assistant-engine.js';
import { RuleBasedAssistant } from './assistant/rule-based-assistant.js';
import { IntentDetector } from './intent/intent-detector.js';
import { loadShopProfile } from './shop/shop-profile.js';
import { InProcessTurnScheduler } from './turns/in-process-turn-scheduler.js';
import { TurnService } from './turns/turn.service.js';
import { TurnSweeper } from './turns/turn-sweeper.js';
import { TurnScheduler } from './turn-scheduler.js';

/** Lets running turns finish before the store closes (it closes on application shutdown). */
@Injectable()
class TurnDrain implements OnModuleDestroy {
  constructor(private readonly scheduler: TurnScheduler) {}

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler instanceof InProcessTurnScheduler) await this.scheduler.stop();
  }
}

/**
 * Turns: the scheduler the webhook hands conversations to, the worker that answers them,
 * the sweeper, and the assistant. Needs the global ConversationStore (DatabaseModule).
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
    TurnService,
    {
      provide: TurnScheduler,
      inject: [TurnService, AppConfig, AppLogger],
      useFactory: (turns: TurnService, config: AppConfig, logger: AppLogger) =>
        new InProcessTurnScheduler(turns, config.conversation, logger),
    },
    TurnSweeper,
    TurnDrain,
  ],
  exports: [TurnScheduler, TurnSweeper],
})
export class ConversationModule {}
