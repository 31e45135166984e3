import { MAX_JSON_DEPTH, storableJson, storableText, TOO_DEEP } from './data-api.js';

/** `{ a: { a: … 'x' } }`, `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function depthOf(value: unknown): number {
  let depth = 0;
  while (typeof value === 'object' && value !== null) {
    value = (value as { a: unknown }).a;
    depth++;
  }
  return depth;
}

describe(storableText.name, () => {
  it.each([
    ['a NUL', 'talla\u000027', 'talla27'],
    ['a lone high surrogate', 'a\ud800b', 'a\ufffdb'],
    ['a lone low surrogate', '\udc00', '\ufffd'],
    ['an emoji (a paired surrogate)', 'hola 👋', 'hola 👋'],
    ['plain text', 'Crème brûlée', 'Crème brûlée'],
  ])('should store %s as Postgres can hold it', (_case, given, stored) => {
    expect(storableText(given)).toBe(stored);
  });
});

describe(storableJson.name, () => {
  it.each([
    ['a NUL in a value and a key', { 'k\u0000': 'v\u0000' }, { k: 'v' }],
    ['a lone surrogate', { body: 'x\ud83dy' }, { body: 'x\ufffdy' }],
    ['an emoji', { body: '👋' }, { body: '👋' }],
    ['a literal backslash-u text', { body: '\\u0000 and \\ud800' }, { body: '\\u0000 and \\ud800' }],
    ['an escaped backslash before a NUL', { body: '\\\u0000' }, { body: '\\' }],
  ])('should keep %s storable and otherwise untouched', (_case, given, stored) => {
    expect(JSON.parse(storableJson(given))).toEqual(stored);
  });

  it('should leave a value of ordinary depth as JSON.stringify writes it', () => {
    const value = { b: [1, { c: null }], a: 'x', d: true };
    expect(storableJson(value)).toBe(JSON.stringify(value));
  });

  it('should cut a value nested 5,000 deep at the bound instead of failing, keeping the rest', () => {
    const value = { type: 'text', deep: nested(5000), after: [1, 2, { z: 'y' }] };
    const stored = JSON.parse(storableJson(value)) as { type: string; deep: unknown; after: unknown };
    expect(stored.type).toBe('text');
    expect(stored.after).toEqual([1, 2, { z: 'y' }]);
    expect(Object.keys(stored)).toEqual(['type', 'deep', 'after']);
    expect(depthOf(stored.deep)).toBe(MAX_JSON_DEPTH - 1);
    let innermost: unknown = stored.deep;
    while (typeof innermost === 'object' && innermost !== null) innermost = (innermost as { a: unknown }).a;
    expect(innermost).toBe(TOO_DEEP);
  });
});
