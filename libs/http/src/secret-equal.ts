import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether a secret someone sent (an API key, a verify token) is the expected one, in a time
 * that does not depend on how much of it is right. Both sides are hashed first: the digests
 * have equal lengths, so the comparison also hides the secret's length (and
 * `timingSafeEqual`, which throws on unequal lengths, never does).
 * https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b
 */
export function secretEqual(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}
