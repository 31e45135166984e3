// nest-winston's index also loads its Nest module, which require()s the ESM-only
// @nestjs/common: a cycle Jest's ESM mode refuses. The logger class alone needs neither.
import { WinstonLogger } from 'nest-winston/dist/winston.classes.js';
import type winston from 'winston';

export type Outcome = 'ok' | 'error' | 'timeout' | 'fault' | 'retry' | 'rejected';

export interface ConversationStartEvent {
  conversationId: string;
  /** Phone number or WhatsApp id; masked on the way out. */
  customer: string;
  phoneNumberId?: string;
  newCustomer?: boolean;
}

export interface FunctionCallEvent {
  name: string;
  durationMs: number;
  outcome: Outcome;
  arguments?: unknown;
  error?: string;
}

export interface SoapRequestEvent {
  operation: string;
  durationMs: number;
  outcome: Outcome;
  endpoint?: string;
  error?: string;
}

export interface DatabaseOperationEvent {
  operation: string;
  durationMs: number;
  outcome: Outcome;
  attempt?: number;
  adapter?: string;
  error?: string;
}

export interface SecurityEvent {
  event: string;
  reason: string;
  ip?: string;
  route?: string;
  [field: string]: unknown;
}

/** Receives every structured event (its fields, `event` included), whatever the log level. */
export type EventObserver = (fields: Readonly<Record<string, unknown>>) => void;

/**
 * The Nest logger of every app (`app.useLogger`), plus one method per kind of event we
 * want to find again: each writes a structured line with an `event` field.
 *
 * Observers (`observe`) see every event before the level decides whether it is written: the
 * metrics are counted from the same events the logs describe, in one place, without timers
 * scattered through the code, and whatever LOG_LEVEL says.
 */
export class AppLogger extends WinstonLogger {
  private readonly winston: winston.Logger;
  private observers: EventObserver[] = [];

  constructor(logger: winston.Logger) {
    super(logger);
    this.winston = logger;
  }

  /** Adds an observer of every event; returns the function that removes it. */
  observe(observer: EventObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  private notify(fields: Record<string, unknown>): void {
    for (const observer of this.observers) {
      try {
        observer(fields);
      } catch {
        // An observer's failure must never cost the event its log line, nor the caller its work.
      }
    }
  }

  logConversationStart(event: ConversationStartEvent): void {
    this.notify({ ...event, event: 'conversation_start' });
    this.winston.info('conversation started', { event: 'conversation_start', context: 'Conversation', ...event });
  }

  logFunctionCall(event: FunctionCallEvent): void {
    this.notify({ ...event, event: 'function_call' });
    this.winston.log(event.outcome === 'ok' ? 'info' : 'warn', `function ${event.name} ${event.outcome}`, {
      context: 'FunctionCall',
      ...event,
      event: 'function_call',
    });
  }

  logSOAPRequest(event: SoapRequestEvent): void {
    if (this.observers.length > 0) this.notify({ ...event, event: 'soap_request' });
    const level = event.outcome === 'ok' ? 'debug' : 'warn';
    if (!this.winston.isLevelEnabled(level)) return;
    this.winston.log(level, `SOAP ${event.operation} ${event.outcome}`, {
      context: 'Inventory',
      ...event,
      event: 'soap_request',
    });
  }

  logDatabaseOperation(event: DatabaseOperationEvent): void {
    const level = event.outcome === 'ok' || event.outcome === 'retry' ? 'debug' : 'warn';
    if (!this.winston.isLevelEnabled(level)) return;
    this.winston.log(level, `db ${event.operation} ${event.outcome}`, {
      context: 'Database',
      ...event,
      event: 'database_operation',
    });
  }

  logSecurityEvent(event: SecurityEvent): void {
    this.winston.warn(`security: ${event.event}`, {
      context: 'Security',
      ...event,
      securityEvent: event.event,
      event: 'security',
    });
  }

  /** A structured line of any other kind (`http_request`, `shutdown`, …). */
  logEvent(
    level: 'error' | 'warn' | 'info' | 'http' | 'debug',
    message: string,
    fields: Record<string, unknown>,
  ): void {
    if (this.observers.length > 0) this.notify(fields);
    // winston runs every format (masking included) before a transport drops a line below
    // its level: skip that work for lines nobody will write (a request log at warn, say).
    if (!this.winston.isLevelEnabled(level)) return;
    this.winston.log(level, message, fields);
  }

  /** Waits until every transport has written what it was given (before the process exits). */
  async flush(): Promise<void> {
    // Done with: the process's exception and rejection listeners go with it.
    this.winston.exceptions.unhandle();
    this.winston.rejections.unhandle();
    await new Promise<void>((resolve) => {
      this.winston.on('finish', () => resolve());
      this.winston.end();
    });
  }
}
