import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Meta signs every webhook POST with. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;
const DIGEST_BYTES = 32;

export type SignatureCheck = { valid: true } | { valid: false; reason: 'missing' | 'malformed' | 'mismatch' };

/** `sha256=<hex>`: HMAC-SHA256 of the exact bytes sent, keyed with the app secret, as Meta computes it. */
export function signWebhookBody(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` against the raw request bytes. Meta signs the bytes it sends
 * (unicode escaped as `\uXXXX`), so the body must never be re-serialised before this.
 * The digests are compared in constant time, after a length check (`timingSafeEqual` throws
 * on different lengths, which must be a 401, not a 500).
 * See https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */
export function verifyWebhookSignature(
  rawBody: Buffer | undefined,
  header: string | string[] | undefined,
  appSecret: string,
): SignatureCheck {
  const value = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header;
  if (value === undefined || value.trim() === '') return { valid: false, reason: 'missing' };
  const match = SIGNATURE_FORMAT.exec(value.trim());
  if (!match || rawBody === undefined) return { valid: false, reason: 'malformed' };
  const given = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  if (given.length !== DIGEST_BYTES || given.length !== expected.length) return { valid: false, reason: 'malformed' };
  return timingSafeEqual(given, expected) ? { valid: true } : { valid: false, reason: 'mismatch' };
}

/**
 * JSON the way Meta sends webhooks: every character outside ASCII escaped as `\uXXXX`
 * (emoji as surrogate pairs). The signature covers these bytes, not a re-serialised body.
 */
export function toMetaJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
