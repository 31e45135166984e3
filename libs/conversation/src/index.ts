export { TurnScheduler } from './turn-scheduler.js';
export { IntentDetector } from './intent/intent-detector.js';
export {
  COLOURS,
  COMMAND_INTENTS,
  INTENTS,
  LANGUAGES,
  SHOP_INFO_TOPICS,
  type Colour,
  type CommandIntent,
  type Detection,
  type DetectionSlots,
  type Intent,
  type IntentVocabulary,
  type Language,
  type ShopInfoTopic,
} from './intent/detection.js';
export {
  AssistantEngine,
  type AssistantInput,
  type AssistantReply,
  type CustomerAction,
  type ReplyPart,
} from './assistant/assistant-engine.js';
export { decodeAction, encodeAction, type InteractiveAction } from './assistant/interactive-ids.js';
export { RuleBasedAssistant } from './assistant/rule-based-assistant.js';
export type { EngineState } from './assistant/engine-state.js';
export { loadShopProfile, type ShopProfile, type ShopStore } from './shop/shop-profile.js';
export { BullTurnScheduler, type BullTurnSchedulerOptions } from './turns/bull-turn-scheduler.js';
export { InProcessTurnScheduler, type InProcessSchedulerOptions } from './turns/in-process-turn-scheduler.js';
export { type TurnDeferral, TurnRunner } from './turns/turn-runner.js';
export { ConversationModule } from './conversation.module.js';
export { TurnService } from './turns/turn.service.js';
export { ConversationSweeper, SWEEPER_JOB } from './conversation-sweeper.js';
export { OutboundService, type OutboundReceipt, type OutboundRequest } from './outbound/outbound.service.js';
export { outboundContentSchema, type OutboundContent } from './outbound/outbound-content.js';
export { ConversationSummarizer } from './llm/conversation-summarizer.js';
export { LlmAssistant, type LlmAssistantSettings } from './llm/llm-assistant.js';
export { LlmCallRecorder, type LlmCallStats, type LlmProviderActivity } from './llm/llm-call-recorder.js';
export { LlmHealthIndicator } from './llm/llm.health-indicator.js';
export { createLlmProvider, LlmProviders, type LlmProvider } from './llm/llm-providers.js';
export { SalesPrompt } from './llm/sales-prompt.js';
export { figuresIn, ungroundedFigures, type Figure, type GroundTruth } from './llm/grounding.js';
export {
  OrderDesk,
  money,
  type OrderAsk,
  type Quote,
  type QuoteResult,
  type PlacedOrder,
} from './orders/order-desk.js';
export { OrderConversation } from './assistant/rule-based-order.js';
