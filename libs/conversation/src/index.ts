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
