/**
 * Masking for everything a log line carries: WhatsApp ids and phone numbers keep their
 * country code and last four digits; secrets disappear. Applied once, as a winston format,
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
// of a longer word, id or decimal number.
const PHONE_CANDIDATE = /(?<![\w.+-])\+?\d(?:[ -]?\d){7,14}(?![\w-]|\.\d)/g;

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

export type Masker = (value: unknown) => unknown;

/**
 * Returns a function that copies a value with phone numbers masked and secrets removed.
 * Numbers and booleans stay as they are (a token *count* is not a token).
 */
export function createMasker(options: MaskOptions = {}): Masker {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  const maskText = (text: string) => maskPhonesInText(redactSecretsInText(text, secrets));

  const walk = (value: unknown, key: string | undefined, seen: WeakSet<object>): unknown => {
    if (key !== undefined && SECRET_KEY.test(key) && typeof value !== 'number' && typeof value !== 'boolean') {
      return value === undefined || value === null ? value : REDACTED;
    }
    if (typeof value === 'string') return maskText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Date || Buffer.isBuffer(value)) return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, undefined, seen));
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

  return (value) => walk(value, undefined, new WeakSet());
}
