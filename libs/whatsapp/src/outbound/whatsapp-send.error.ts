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

/** A send failed, after any retries made in the call. Carries what to record on the message. */
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

  /** Worth another try later (throttling, Meta or the network failing for now). */
  abstract get retryable(): boolean;

  /**
   * Meta may have the message even though the call failed (a timeout or a connection lost
   * after the request went out, a 200 without a wamid): sending it again at once could
   * deliver it twice, so it waits for Meta's status webhook first.
   */
  abstract get inDoubt(): boolean;
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
  override get retryable(): boolean {
    return (
      THROUGHPUT_ERROR_CODES.includes(this.code) ||
      this.code === PAIR_RATE_ERROR_CODE ||
      TEMPORARY_ERROR_CODES.includes(this.code) ||
      this.httpStatus >= 500
    );
  }

  override get inDoubt(): boolean {
    // Meta answered 200: it took the message, only the answer was not what it documents.
    return this.httpStatus >= 200 && this.httpStatus < 300;
  }

  get messageError(): WhatsAppError {
    return { code: this.code, title: this.title, details: this.details };
  }
}

/**
 * Failures that happen before a request can reach Meta (no connection was made): the
 * message certainly did not go out. Anything else (a reset, a timeout) may have happened
 * after Meta read the request.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // HttpClient's timeout before any connection was made.
  'ECONNECT_TIMEOUT',
]);

/** The first `code` along the cause chain (a wrapper may put the socket's error in `cause`). */
function errorCode(error: unknown): string | undefined {
  for (let link = error, depth = 0; typeof link === 'object' && link !== null && depth < 5; depth++) {
    const { code, cause } = link as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    link = cause;
  }
  return undefined;
}

/** The Cloud API could not be reached, or did not answer in time. */
export class WhatsAppUnreachableError extends WhatsAppSendError {
  readonly connectionFailed: boolean;

  constructor(cause: unknown, attempts: number) {
    super(`Cloud API unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, attempts, { cause });
    this.name = 'WhatsAppUnreachableError';
    const code = errorCode(cause);
    this.connectionFailed = code !== undefined && NOT_SENT_CODES.has(code);
  }

  override get retryable(): boolean {
    return true;
  }

  override get inDoubt(): boolean {
    return !this.connectionFailed;
  }

  /** Code 0: no code from Meta; the title says what happened. */
  get messageError(): WhatsAppError {
    return { code: 0, title: 'Cloud API unreachable', details: this.message };
  }
}
