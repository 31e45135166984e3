/**
 * Masking for everything a log line carries. A customer is identified by a phone number
 * (its WhatsApp id), a business-scoped user id (BSUID) or a username: phone numbers keep
 * their country code and last four digits, BSUIDs their country prefix and last four
 * characters, wherever they appear; any other value under a key that names a customer keeps
 * at most its last four characters. Secrets disappear. Applied once, as a winston format,
 * before any transport sees the record.
 */

export const REDACTED = '[REDACTED]';

/** ITU calling codes of one and two digits; every other code has three. */
const SHORT_CALLING_CODES = new Set([
  '1',
  '7',
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

function callingCode(digits: string): string {
  if (SHORT_CALLING_CODES.has(digits.slice(0, 1))) return digits.slice(0, 1);
  if (SHORT_CALLING_CODES.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/** `+5215512345678` → `+52*******5678`; `5215512345678` → `52*******5678`. */
export function maskPhoneDigits(digits: string, withPlus: boolean): string {
  const code = callingCode(digits);
  const hidden = Math.max(1, digits.length - code.length - 4);
  return `${withPlus ? '+' : ''}${code}${'*'.repeat(hidden)}${digits.slice(-4)}`;
}

// 8–15 digits, optionally led by "+", optionally grouped by single spaces or dashes; not part
// of a longer word, id or decimal number. The path segment after a Graph API version
// (`/v26.0/106540352242922/messages`) is the business's own phone-number id, not a person's.
const PHONE_CANDIDATE = /(?<![\w.+-])(?<!\/v\d{1,3}\.\d{1,3}\/)\+?\d(?:[ -]?\d){7,14}(?![\w-]|\.\d)/g;

/** A whole value that is a phone number: digits, "+", spaces, dashes, dots, parentheses. */
const PHONE_VALUE = /^\+?[\d\s().-]+$/;

/**
 * A WhatsApp business-scoped user id: a two-letter country code, `ENT.` for a parent BSUID,
 * then up to 128 letters and digits (`MX.1a2B3c4D5e`, `US.ENT.11815799212886844830`).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 */
const BSUID = /(?<![\w.])([A-Z]{2}\.(?:ENT\.)?)([0-9A-Za-z]{5,128})(?!\w|\.\w)/g;
const BSUID_VALUE = new RegExp(`^${BSUID.source}$`);

/** `MX.1a2B3c4D5e` → `MX.******4D5e`. */
function maskBsuid(prefix: string, id: string): string {
  return `${prefix}${'*'.repeat(Math.max(1, id.length - 4))}${id.slice(-4)}`;
}

/** Keeps the last four characters of a long value, fewer of a short one: always hides most of it. */
function maskTail(value: string): string {
  const kept = Math.min(4, Math.floor((value.length - 1) / 2));
  return `${'*'.repeat(value.length - kept)}${kept > 0 ? value.slice(-kept) : ''}`;
}

/** A customer identifier of any shape, whole: as a phone number, a BSUID, or its tail. */
function maskCustomerId(value: string): string {
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (PHONE_VALUE.test(trimmed) && digits.length >= 8) return maskPhoneDigits(digits, trimmed.startsWith('+'));
  const bsuid = BSUID_VALUE.exec(trimmed);
  if (bsuid) return maskBsuid(bsuid[1], bsuid[2]);
  return maskTail(trimmed);
}

/** Keys whose value names a customer (Meta's webhook and send fields, and ours), compared without case, `_` or `-`. */
const CUSTOMER_ID_KEYS = new Set(
  [
    'from',
    'to',
    'customer',
    'recipient',
    'recipient_id',
    'wa_id',
    'user_id',
    'from_user_id',
    'recipient_user_id',
    'parent_user_id',
    'phone',
    'phone_number',
    'customer_phone',
    'username',
  ].map((key) => key.replace(/[_-]/g, '')),
);

/**
 * Keys whose value is the business's own Cloud API id (not personal data) and looks like a
 * phone number: kept readable, they say which number and account a line is about.
 */
const BUSINESS_ID_KEYS = new Set(['phonenumberid', 'displayphonenumber', 'wabaid', 'businessaccountid']);

const normalisedKey = (key: string) => key.replace(/[_-]/g, '').toLowerCase();

function maskPhonesInText(text: string): string {
  return text.replace(PHONE_CANDIDATE, (match) => {
    const withPlus = match.startsWith('+');
    const digits = match.replace(/\D/g, '');
    const grouped = /[ -]/.test(match);
    // Without a "+", grouped digits are only a phone number when they look like one: lists of
    // sizes ("25 26 27 28") and dates ("2026-11-28") are not.
    if (grouped && !withPlus && (digits.length < 10 || !/\d{3}/.test(match))) return match;
    return maskPhoneDigits(digits, withPlus);
  });
}

const BEARER_TOKEN = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const SECRET_ASSIGNMENT =
  /\b(access_token|client_secret|app_secret|appsecret_proof|api[_-]?key|password|service_role_key)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;

function redactSecretsInText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(BEARER_TOKEN, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(SECRET_ASSIGNMENT, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
  return out;
}

const SECRET_KEY = /secret|token|password|passwd|api[-_]?key|authorization|cookie|signature|service[-_]?role/i;

export interface MaskOptions {
  /** Literal secret values (from the settings) that must never appear, wherever they occur. */
  secrets?: readonly string[];
}

export type Masker = (value: unknown, key?: string) => unknown;

/**
 * Returns a function that copies a value with customer identifiers masked and secrets
 * removed; `key` is the name the value is logged under, when it has one. Numbers and
 * booleans stay as they are (a token *count* is not a token), except under a key that
 * names a customer (a WhatsApp id may come as a number).
 */
export function createMasker(options: MaskOptions = {}): Masker {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const maskText = (text: string) =>
    maskPhonesInText(redactSecretsInText(text, secrets)).replace(BSUID, (_m, prefix: string, id: string) =>
      maskBsuid(prefix, id),
    );

  const walk = (value: unknown, key: string | undefined, seen: WeakSet<object>): unknown => {
    if (key !== undefined && SECRET_KEY.test(key) && typeof value !== 'number' && typeof value !== 'boolean') {
      return value === undefined || value === null ? value : REDACTED;
    }
    const named = key === undefined ? undefined : normalisedKey(key);
    if (named !== undefined && CUSTOMER_ID_KEYS.has(named)) {
      if (typeof value === 'string') return maskCustomerId(redactSecretsInText(value, secrets));
      if (typeof value === 'number' || typeof value === 'bigint') return maskCustomerId(String(value));
    }
    if (named !== undefined && BUSINESS_ID_KEYS.has(named) && typeof value === 'string') {
      return redactSecretsInText(value, secrets);
    }
    if (typeof value === 'string') return maskText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Date || Buffer.isBuffer(value)) return value;
    // The items of a list keep its key: `to: [...]` lists customers.
    if (Array.isArray(value)) return value.map((item) => walk(item, key, seen));
    if (value instanceof Error) {
      const copy: Record<string, unknown> = { name: value.name, message: maskText(value.message) };
      if (value.stack) copy.stack = maskText(value.stack);
      for (const [k, v] of Object.entries(value)) copy[k] = walk(v, k, seen);
      return copy;
    }
    if (value instanceof Map) return walk(Object.fromEntries(value), key, seen);
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = walk(v, k, seen);
    return copy;
  };

  return (value, key) => walk(value, key, new WeakSet());
}
