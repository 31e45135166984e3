import fc from 'fast-check';
import { splitMessageText } from '@mostrador/whatsapp';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe(splitMessageText.name, () => {
  it('should keep a text within the limit whole', () => {
    expect(splitMessageText('  Hola, ¿en qué te ayudo?  ')).toEqual(['Hola, ¿en qué te ayudo?']);
    expect(splitMessageText('x'.repeat(4096))).toHaveLength(1);
  });

  it('should cut 5,000 characters of paragraphs into 2 messages at a paragraph end', () => {
    const paragraph = `${'Tenemos tenis de correr en varias tallas. '.repeat(24).trim()}`;
    const text = Array.from({ length: 5 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n');
    expect(text.length).toBeGreaterThan(4096);
    const parts = splitMessageText(text);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts[1].startsWith('5. ')).toBe(true);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('should cut at a sentence end when there is no paragraph break', () => {
    const text = `${'Una frase de ejemplo. '.repeat(300)}`.trim();
    const parts = splitMessageText(text, 1000);
    for (const part of parts) expect(part).toMatch(/\.$/);
    expect(parts.join(' ')).toBe(text);
  });

  it('should never split an emoji', () => {
    const parts = splitMessageText('👟'.repeat(3000), 4096);
    expect(parts.join('')).toBe('👟'.repeat(3000));
    for (const part of parts) expect(part).not.toMatch(/[\ud800-\udbff]$/);
  });

  it('should keep every word, in order, in parts within the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\n\n', '. ', '! ')), {
          maxLength: 400,
        }),
        fc.integer({ min: 20, max: 300 }),
        (pieces, limit) => {
          const text = pieces.join(' ');
          const parts = splitMessageText(text, limit);
          for (const part of parts) {
            expect(part.length).toBeLessThanOrEqual(limit);
            expect(part).toBe(part.trim());
            expect(part).not.toBe('');
          }
          expect(words(parts.join(' ')).join('')).toBe(words(text).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });
});
