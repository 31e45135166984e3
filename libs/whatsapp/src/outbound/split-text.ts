import { LIMITS } from './cloud-api-payload.schema.js';

/**
 * Where a long reply may be cut, best first: between paragraphs, between lines, after a
 * sentence, between words. Each pattern matches the separator; the cut goes after it.
 */
const BOUNDARIES = [/\n\s*\n/g, /\n/g, /[.!?…。！？]["'”’)\]]*\s+/g, /\s+/g];

function lastBoundary(window: string, pattern: RegExp, minimum: number): number {
  let cut = -1;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match !== null; match = pattern.exec(window)) {
    const end = match.index + match[0].length;
    if (match.index >= minimum) cut = end;
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
  return cut;
}

/** A hard cut that does not split a surrogate pair (an emoji) in two. */
function safeHardCut(text: string, limit: number): number {
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

/**
 * Splits a reply into messages of at most `limit` characters (4,096 for Meta's text body),
 * cutting at the best boundary in the second half of each window so that no part is tiny.
 * Parts are trimmed; their order is the text's order. Text within the limit comes back whole.
 */
export function splitMessageText(text: string, limit: number = LIMITS.textBody): string[] {
  if (limit < 2) throw new RangeError('limit must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const minimum = Math.floor(limit / 2);
    let cut = -1;
    for (const boundary of BOUNDARIES) {
      cut = lastBoundary(window, boundary, minimum);
      // The separator itself may end past the limit (trailing spaces): cut before those.
      if (cut > limit) cut = window.slice(0, limit).trimEnd().length;
      if (cut > 0) break;
    }
    if (cut <= 0) cut = safeHardCut(rest, limit);
    const part = rest.slice(0, cut).trim();
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}
