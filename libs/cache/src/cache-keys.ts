/**
 * Cache keys are `:`-joined parts. Each part is percent-encoded, and the characters Redis
 * patterns give a meaning to (`*`, `?`, `[`, `]`, `\`) are encoded too, so a key never
 * matches a pattern by accident and `invalidate('inventory:GetProduct:*')` means what it says.
 */
export function cacheKey(...parts: readonly (string | number)[]): string {
  return parts.map((part) => encodeURIComponent(String(part)).replace(/[*?[\]\\]/g, percent)).join(':');
}

/** `sku=TEN-0004&size=26` from arguments: sorted by name, absent ones left out. */
export function argumentsKey(args: Record<string, unknown>): string {
  return Object.keys(args)
    .filter((name) => args[name] !== undefined && args[name] !== null)
    .sort()
    .map((name) => `${name}=${String(args[name])}`)
    .join('&');
}

function percent(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * A Redis `MATCH` pattern (`*` any run, `?` one character; nothing else is special here)
 * as a RegExp, so the memory level drops exactly what `SCAN MATCH` finds in Redis.
 */
export function patternToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (char) =>
    char === '*' ? '.*' : char === '?' ? '.' : `\\${char}`,
  );
  return new RegExp(`^${body}$`, 's');
}
