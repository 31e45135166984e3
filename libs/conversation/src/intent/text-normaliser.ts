/** Lower-case without accents or diacritics ("¿Cuánto?" → "¿cuanto?", "niño" → "nino"). */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * Emoji that carry a request in WhatsApp chats, as the words a customer would have typed.
 * Everything else pictographic is dropped.
 */
const EMOJI_WORDS: ReadonlyArray<readonly [RegExp, { es: string; en: string }]> = [
  [/👋/gu, { es: 'hola', en: 'hello' }],
  [/🙏|🙌/gu, { es: 'gracias', en: 'thanks' }],
  [/👍|👌/gu, { es: 'ok', en: 'ok' }],
  [/💰|💲|💵|🤑/gu, { es: 'precio', en: 'price' }],
  [/📍|🗺/gu, { es: 'direccion', en: 'address' }],
  [/[🕐-🕧]|⏰|⌚/gu, { es: 'horario', en: 'hours' }],
  [/🚚|📦/gu, { es: 'envio', en: 'shipping' }],
  [/💳/gu, { es: 'pago tarjeta', en: 'pay card' }],
  [/👟/gu, { es: 'tenis', en: 'sneakers' }],
  [/👢/gu, { es: 'botas', en: 'boots' }],
  [/👠/gu, { es: 'tacones', en: 'heels' }],
  [/👡/gu, { es: 'sandalias', en: 'sandals' }],
  [/👞/gu, { es: 'zapatos', en: 'shoes' }],
  [/👕/gu, { es: 'playera', en: 'shirt' }],
  [/👖/gu, { es: 'jeans', en: 'jeans' }],
  [/👗/gu, { es: 'vestido', en: 'dress' }],
  [/🧥/gu, { es: 'chamarra', en: 'jacket' }],
  [/🧢/gu, { es: 'gorra', en: 'cap' }],
  [/👜|👛/gu, { es: 'bolsa', en: 'bag' }],
];

const PICTOGRAPHS = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}]/gu;

/** Emoji replaced by the words they stand for in `language`; other pictographs removed. */
export function replaceEmoji(text: string, language: 'es' | 'en'): string {
  let out = text;
  for (const [pattern, words] of EMOJI_WORDS) out = out.replace(pattern, ` ${words[language]} `);
  return out.replace(PICTOGRAPHS, ' ');
}

export function stripEmoji(text: string): string {
  return text.replace(PICTOGRAPHS, ' ');
}

/** Chat spellings of common words, so rules and model see one form ("q precio" = "que precio"). */
const CHAT_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['q', 'que'],
  ['k', 'que'],
  ['ke', 'que'],
  ['xq', 'porque'],
  ['pq', 'porque'],
  ['porq', 'porque'],
  ['dnd', 'donde'],
  ['tb', 'tambien'],
  ['tmb', 'tambien'],
  ['tmbn', 'tambien'],
  ['tambn', 'tambien'],
  ['cn', 'con'],
  ['xfa', 'porfa'],
  ['xfavor', 'porfa'],
  ['porfis', 'porfa'],
  ['plis', 'porfa'],
  ['pliz', 'porfa'],
  ['u', 'you'],
  ['r', 'are'],
  ['wanna', 'want'],
  ['gonna', 'going'],
  ['ur', 'your'],
  ['pls', 'please'],
  ['plz', 'please'],
  ['thx', 'thanks'],
  ['thks', 'thanks'],
  ['tks', 'thanks'],
  // Cities as chat writes them ("la de gdl"), so a store named after its city is found.
  ['gdl', 'guadalajara'],
  ['mty', 'monterrey'],
  ['msj', 'mensaje'],
  ['msjs', 'mensajes'],
  ['mjs', 'mensajes'],
]);

/** Chat words customers stretch by one letter ("holaa", "graciass", "sii"): runs of three collapse anyway. */
const STRETCHED_WORDS = new Set([
  'hola',
  'holi',
  'holis',
  'buenas',
  'gracias',
  'porfa',
  'oye',
  'ok',
  'si',
  'no',
  'va',
  'bueno',
]);

function unstretched(token: string): string {
  if (!/([a-z])\1$/.test(token)) return token;
  const word = token.slice(0, -1);
  return STRETCHED_WORDS.has(word) ? word : token;
}

/** Damerau–Levenshtein (optimal string alignment) distance, bounded: returns max + 1 once beyond it. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    rows.push(Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  }
  for (let i = 1; i <= a.length; i += 1) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2][j - 2] + 1);
      }
      rows[i][j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length][b.length];
}

/**
 * A typo of a known word: same first letter, at least five letters, one edit away
 * ("negors" → "negros", "polanko" → "polanco"). Short words must match exactly, or "rosa"
 * would find "cosa".
 */
export function isTypoOf(token: string, word: string): boolean {
  if (token === word) return true;
  if (token.length < 5 || word.length < 5 || token[0] !== word[0]) return false;
  return editDistance(token, word, 1) <= 1;
}

/**
 * Folded text as tokens: words, numbers, "$" and "#n" positions. Letter runs of three or
 * more collapse ("holaaa" → "hola", "graciasss" → "gracias"; not x: "xxxl"). Half sizes
 * become decimals ("26,5", "26½", "26 1/2", "26 y medio", "26 and a half" → "26.5");
 * ordinal numerals become positions ("2do", "3ro", "1°", "2nd" → "#2"); thousands
 * separators go ("$1,299" and "$1.299" → "$ 1299").
 */
export function tokenize(text: string): string[] {
  const folded = foldAccents(text)
    .replace(/[’‘`´]/g, "'")
    .replace(/([a-wyz])\1{2,}/g, '$1')
    .replace(/(\d),(\d{3})(?!\d)/g, '$1$2')
    .replace(/(\d)\.(\d{3})(?![\d.,])/g, '$1$2')
    .replace(/(\d),(\d)(?!\d)/g, '$1.$2')
    .replace(/(\d+)\s*(?:½|1\/2|y medio|and a half)/g, '$1.5')
    .replace(/\b(\d{1,2})(?:ro|ra|do|da|er|to|ta|vo|va|no|na|mo|ma|st|nd|rd|th)\b|\b(\d{1,2})\s?[°º]/g, '#$1$2');
  const tokens = folded.match(/#\d+|\$|\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?/g) ?? [];
  return tokens.map((token, index) =>
    token === 'k' && /^\d/.test(tokens[index - 1] ?? '') ? token : (CHAT_SPELLINGS.get(token) ?? unstretched(token)),
  );
}
