import type { Settings } from '@mostrador/config';
import { AppLogger } from './app-logger.js';
import { createWinstonLogger, type WinstonLoggerOptions } from './create-winston-logger.js';

export {
  AppLogger,
  type ConversationStartEvent,
  type DatabaseOperationEvent,
  type EventObserver,
  type FunctionCallEvent,
  type Outcome,
  type SecurityEvent,
  type SoapRequestEvent,
} from './app-logger.js';
export { LogContext, type LogFields } from './log-context.js';
export { LoggingModule } from './logging.module.js';
export { createMasker, maskPhoneDigits, REDACTED, type Masker } from './mask.js';

/** The process's logger, from the settings: call it first, before Nest exists. */
export function createAppLogger(settings: Settings, options?: WinstonLoggerOptions): AppLogger {
  return new AppLogger(createWinstonLogger(settings, options));
}
