import { CacheService } from '@mostrador/cache';
import { BreakerRegistry } from '@mostrador/rate-limit';
import { AppConfig } from '@mostrador/config';
import { OrderStore, TurnStore } from '@mostrador/database';
import { InventoryClient, InventoryModule } from '@mostrador/inventory';
import { AppLogger } from '@mostrador/logging';
import { WhatsAppModule } from '@mostrador/whatsapp';
import { Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AssistantEngine } from './assistant/assistant-engine.js';
import { ConversationSummarizer } from './llm/conversation-summarizer.js';
import { LlmAssistant } from './llm/llm-assistant.js';
import { LlmCallRecorder } from './llm/llm-call-recorder.js';
import { LlmHealthIndicator } from './llm/llm.health-indicator.js';
import { LlmProviders } from './llm/llm-providers.js';
import { SalesPrompt } from './llm/sales-prompt.js';
import { RuleBasedAssistant } from './assistant/rule-based-assistant.js';
import { OrderConversation } from './assistant/rule-based-order.js';
import { ConversationSweeper } from './conversation-sweeper.js';
import { IntentDetector } from './intent/intent-detector.js';
import { OrderDesk } from './orders/order-desk.js';
import { OutboundService } from './outbound/outbound.service.js';
import { loadShopProfile } from './shop/shop-profile.js';
import { BullTurnScheduler } from './turns/bull-turn-scheduler.js';
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
  imports: [WhatsAppModule, InventoryModule, TerminusModule],
  providers: [
    { provide: LlmCallRecorder, useValue: new LlmCallRecorder() },
    {
      provide: LlmProviders,
      inject: [AppConfig, AppLogger],
      useFactory: async (config: AppConfig, logger: AppLogger) => {
        const { providers, skipped } = config.llm;
        logger.log(
          providers.length === 0
            ? 'assistant: rule-based (no LLM provider configured)'
            : `assistant: LLM via ${providers.map((p) => `${p.name} (${p.model})`).join(', then ')}, then rule-based` +
                (skipped.length > 0 ? `; ${skipped.join(', ')} left out (no settings)` : ''),
          'Assistant',
        );
        return LlmProviders.fromSettings(providers);
      },
    },
    {
      provide: AssistantEngine,
      inject: [
        AppConfig,
        InventoryClient,
        CacheService,
        BreakerRegistry,
        OrderStore,
        LlmProviders,
        LlmCallRecorder,
        AppLogger,
      ],
      useFactory: async (
        config: AppConfig,
        inventory: InventoryClient,
        cache: CacheService,
        breakers: BreakerRegistry,
        orders: OrderStore,
        providers: LlmProviders,
        recorder: LlmCallRecorder,
        logger: AppLogger,
      ) => {
        const shop = loadShopProfile(config.conversation.shopProfilePath);
        const detector = await IntentDetector.create({ stores: shop.stores.map((s) => s.name) });
        const desk = new OrderDesk(inventory, orders, shop);
        const rules = new RuleBasedAssistant(detector, inventory, shop, new OrderConversation(desk, shop, inventory));
        if (providers.list.length === 0) return rules;
        return new LlmAssistant({
          providers: [...providers.list],
          fallback: rules,
          detector,
          inventory,
          cache,
          breakers,
          shop,
          prompt: SalesPrompt.load(config.llm.promptPath),
          settings: config.llm,
          recorder,
          logger,
          desk,
        });
      },
    },
    {
      provide: ConversationSummarizer,
      inject: [AppConfig, LlmProviders, TurnStore, LlmCallRecorder, AppLogger],
      useFactory: (
        config: AppConfig,
        providers: LlmProviders,
        store: TurnStore,
        recorder: LlmCallRecorder,
        logger: AppLogger,
      ) =>
        new ConversationSummarizer(
          [...providers.list],
          store,
          config.llm.historyMessages,
          config.llm.timeoutMs,
          recorder,
          logger,
        ),
    },
    OutboundService,
    TurnService,
    {
      provide: TurnScheduler,
      inject: [TurnService, AppConfig, AppLogger],
      useFactory: async (turns: TurnService, config: AppConfig, logger: AppLogger) => {
        const local = new InProcessTurnScheduler(turns, config.conversation, logger);
        const { queue, workerMode, coalesceMs, maxWaitMs, concurrency, leaseSeconds } = config.conversation;
        const { redisUrl, keyPrefix, redisTimeoutMs } = config.cache;
        if (queue !== 'redis' || !redisUrl) return local;
        logger.log(`turns: queued in Redis (BullMQ), WORKER_MODE=${workerMode}`, 'TurnScheduler');
        return BullTurnScheduler.create(
          turns,
          local,
          {
            redisUrl,
            prefix: `${keyPrefix}bull`,
            coalesceMs,
            maxWaitMs,
            concurrency,
            leaseSeconds,
            runsTurns: workerMode !== 'api',
            timeoutMs: Math.max(redisTimeoutMs, 1000),
          },
          logger,
        );
      },
    },
    ConversationSweeper,
    TurnDrain,
    LlmHealthIndicator,
  ],
  exports: [TurnScheduler, ConversationSweeper, OutboundService, LlmCallRecorder, LlmHealthIndicator],
})
export class ConversationModule {}
