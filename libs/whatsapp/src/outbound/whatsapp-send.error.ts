import type { WhatsAppError } from '../webhook/webhook-events.js';

/** A message that reached WhatsApp: its wamid and exactly what was sent. */
export interface SentMessage {
  wamid: string;
  type: 'text' | 'interactive' | 'template';
  /** The text the customer reads (the body of an interactive message, the template's name). */
  text: string;
  /** The request body, as sent. */
  payload: Record<string, unknown>;
}

/**
 * Meta error codes worth another try. Throughput (130429, and the Graph API's 4 and 80007),
 * pair rate (131056: too many messages to one customer; waits longer) and temporary
 * failures on Meta's side (1, 2, 131000, 131016). Everything else is about the message or
 * the account (131047 outside the 24-hour window, 131026 undeliverable, 190 expired token,
 * 100/131008/131009 bad parameters…): sending it again gives the same answer.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
export const THROUGHPUT_ERROR_CODES: readonly number[] = [4, 80007, 130429];
export const PAIR_RATE_ERROR_CODE = 131056;
export const TEMPORARY_ERROR_CODES: readonly number[] = [1, 2, 131000, 131016];
export const OUTSIDE_WINDOW_ERROR_CODE = 131047;

/** The message was not valid for the Cloud API (checked before any request was made). */
export class WhatsAppMessageInvalidError extends Error {
  constructor(readonly problems: string) {
    super(`WhatsApp message not valid: ${problems}`);
    this.name = 'WhatsAppMessageInvalidError';
  }
}

/** A send failed for good, after any retries. Carries what to record on the message. */
export abstract class WhatsAppSendError extends Error {
  /** Parts of a split reply that did go out before this failure, in order. */
  sent: SentMessage[] = [];

  constructor(
    message: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The code, title and details to keep on the message (`StoredMessage.error`). */
  abstract get messageError(): WhatsAppError;
}

/** Meta answered with an error (Graph API error body). */
export class WhatsAppApiError extends WhatsAppSendError {
  constructor(
    readonly code: number,
    readonly title: string,
    readonly details: string | null,
    readonly httpStatus: number,
    readonly fbtraceId: string | null,
    attempts: number,
  ) {
    super(`Cloud API error ${code} (${title})${details ? `: ${details}` : ''}`, attempts);
    this.name = 'WhatsAppApiError';
  }

  /** Worth another try (throttling, Meta temporarily failing). */
  get retryable(): boolean {
    return (
      THROUGHPUT_ERROR_CODES.includes(this.code) ||
      this.code === PAIR_RATE_ERROR_CODE ||
      TEMPORARY_ERROR_CODES.includes(this.code) ||
      this.httpStatus >= 500
    );
  }

  get messageError(): WhatsAppError {
    return { code: this.code, title: this.title, details: this.details };
  }
}

/** The Cloud API could not be reached, or did not answer in time. */
export class WhatsAppUnreachableError extends WhatsAppSendError {
  constructor(cause: unknown, attempts: number) {
    super(`Cloud API unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, attempts, { cause });
    this.name = 'WhatsAppUnreachableError';
  }

  /** Code 0: no code from Meta; the title says what happened. */
  get messageError(): WhatsAppError {
    return { code: 0, title: 'Cloud API unreachable', details: this.message };
  }
}
