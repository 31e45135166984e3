import type { CustomerFacts } from './detection.js';
import { foldAccents } from './text-normaliser.js';

/**
 * What customers say about themselves in passing ("me llamo Roberto, calzo del 28", "soy Ana",
 * "mi talla es M", "my name is Tom"), read from the text as written so a name keeps its
 * letters. Only statements about the customer count: "tenis talla 27" asks for a size, it does
 * not say theirs. The phrases are cut from the text, so the rest is read as any message ("soy
 * Ana, busco tenis" → a product search).
 */

const WORD = String.raw`\p{L}[\p{L}'’-]*`;
/** Where a clause starts: "soy Ana" after a greeting or a comma, not inside "yo soy de Monterrey". */
const CLAUSE_START = String.raw`(?<=^|[,.;:!¡¿?]\s*|\b(?:hola|holi|buenas|buenos\s+d[ií]as|buen\s+d[ií]a|buenas\s+tardes|buenas\s+noches|qu[eé]\s+tal|hey|hi|hello)[\s,!.]+)`;

/**
 * How each phrase gives a name. "Me llamo" and "my name is" say it plainly; "soy ana" may be
 * "soy nueva", so a lower-case word after "soy" counts only when the clause ends with it; an
 * English "I'm" needs a capital ("I'm Tom", not "i'm looking").
 */
const NAME_PATTERNS: ReadonlyArray<readonly [RegExp, 'plain' | 'capital-or-clause-end' | 'capital']> = [
  [
    new RegExp(
      String.raw`(?<!\p{L})(?:me\s+llamo|mi\s+nombre\s+es|my\s+name\s+is|my\s+name['’]s|call\s+me)\s+(${WORD})(?:\s+(${WORD}))?`,
      'iu',
    ),
    'plain',
  ],
  [new RegExp(String.raw`${CLAUSE_START}soy\s+(${WORD})(?:\s+(${WORD}))?`, 'iu'), 'capital-or-clause-end'],
  [new RegExp(String.raw`${CLAUSE_START}(?:i['’]?m|i\s+am|this\s+is)\s+(${WORD})(?:\s+(${WORD}))?`, 'iu'), 'capital'],
];

/** Words that follow "soy" / "I'm" / "me llamo" without being a name ("soy de Monterrey", "I'm looking"). */
const NOT_NAMES = new Set(
  `de del la el los las lo un una uno unos unas su sus tu tus mi mis yo el ella usted que quien como asi muy bien mas
   cliente clienta proveedor proveedora nuevo nueva nuevos talla numero mujer hombre nino nina mama papa estudiante maestro
   maestra vendedor vendedora mayorista distribuidor distribuidora persona humano alguien bot robot agente asesor socio socia
   interesado interesada chica chico mediana mediano grande extra en para por con sin a al medio media y o pero ya no si
   tan casi super re originario originaria fan
   a an the looking interested fine good ok okay from here new back sorry trying not just so very waiting still going in on
   at with glad happy wondering asking writing calling sure ready done size customer buying searching also really well great
   having getting thinking after trying interested your the`.split(/\s+/),
);

/** A shoe size as said: "28", "26.5", "26,5", "26½", "26 y medio". */
const NUMBER = String.raw`\d{1,2}(?:[.,]5|\s*½|\s*1/2|\s+y\s+medio|\s+and\s+a\s+half)?(?!\d)`;
/** A clothing size as said, in Mexican or US letters or words. */
const LETTER = String.raw`(?:extra\s*grande|extra\s+large|xxl|xl|xs|eg|xg|ch|chica|chico|mediana|mediano|medium|small|large|grande|s|m|l|g)(?!\p{L})`;

/** Whose size a phrase states: a shoe ("calzo"), clothing ("mi talla de playera"), or the value decides ("mi talla es"). */
type SizeKind = 'shoe' | 'clothing' | 'any';

const SIZE_PATTERNS: ReadonlyArray<readonly [SizeKind, RegExp]> = [
  [
    'shoe',
    new RegExp(String.raw`\bcalz(?:o|amos)\s+(?:(?:del|de|el|en|talla|n[uú]mero|un|una)\s+){0,2}(${NUMBER})`, 'iu'),
  ],
  [
    'shoe',
    new RegExp(
      String.raw`\bmi\s+(?:n[uú]mero(?:\s+de\s+(?:zapato|zapatos|calzado|tenis|pie))?|talla\s+de\s+(?:zapato|zapatos|calzado|tenis|pie)|calzado)\s+es\s+(?:(?:el|del|de)\s+)?(${NUMBER})`,
      'iu',
    ),
  ],
  ['shoe', new RegExp(String.raw`\buso\s+(?:del|el\s+n[uú]mero|n[uú]mero)\s+(${NUMBER})`, 'iu')],
  ['shoe', new RegExp(String.raw`\bmy\s+shoe\s+size\s+is\s+(${NUMBER})`, 'iu')],
  [
    'clothing',
    new RegExp(
      String.raw`\bmi\s+talla\s+de\s+(?:ropa|playera|playeras|camisa|camisas|pantal[oó]n|pantalones|jeans|sudadera|chamarra)\s+es\s+(?:(?:la|el|de)\s+)?(${LETTER}|${NUMBER})`,
      'iu',
    ),
  ],
  [
    'any',
    new RegExp(
      String.raw`(?:\bmi\s+talla\s+es|\bsoy\s+talla|\buso\s+talla|\bmy\s+size\s+is|\bi\s+wear\s+(?:a\s+)?(?:size\s+)?|\bi['’]?m\s+a\s+size)\s+(?:(?:la|el|de)\s+)?(${LETTER}|${NUMBER})`,
      'iu',
    ),
  ],
];

/** Clothing sizes as customers say them → as the catalogue writes them (Mexican sizing). */
const CLOTHING: Readonly<Record<string, string>> = {
  xs: 'CH',
  s: 'CH',
  ch: 'CH',
  chica: 'CH',
  chico: 'CH',
  small: 'CH',
  m: 'M',
  mediana: 'M',
  mediano: 'M',
  medium: 'M',
  l: 'G',
  g: 'G',
  grande: 'G',
  large: 'G',
  xl: 'EG',
  xxl: 'EG',
  eg: 'EG',
  xg: 'EG',
  extragrande: 'EG',
  extralarge: 'EG',
};

export interface StatedFacts {
  facts: CustomerFacts;
  /** The text without the phrases that stated them. */
  rest: string;
}

/** The facts a message states about the customer, and what is left of it to read. */
export function extractCustomerFacts(text: string): StatedFacts {
  const facts: CustomerFacts = {};
  let rest = text;
  for (const [pattern, rule] of NAME_PATTERNS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const capital = /^\p{Lu}/u.test(match[1]);
    const clauseEnds = /^\s*(?:$|[,.;:!?]|y\s|and\s)/u.test(rest.slice(match.index + match[0].length));
    if ((rule === 'capital' && !capital) || (rule === 'capital-or-clause-end' && !capital && !clauseEnds)) continue;
    const name = nameFrom(match[1], match[2]);
    if (!name) continue;
    facts.name = name;
    rest = cut(rest, match.index, match[0].length);
    break;
  }
  // "calzo 24 y soy talla M": a shoe size and a clothing size, each the first said.
  for (const [kind, pattern] of SIZE_PATTERNS) {
    const match = pattern.exec(rest);
    const size = match && sizeFact(kind, match[1]);
    if (!match || !size || Object.keys(size).some((key) => key in facts)) continue;
    Object.assign(facts, size);
    rest = cut(rest, match.index, match[0].length);
  }
  return { facts, rest };
}

function cut(text: string, index: number, length: number): string {
  return `${text.slice(0, index)} ${text.slice(index + length)}`;
}

function nameFrom(first: string, second: string | undefined): string | undefined {
  if (NOT_NAMES.has(foldAccents(first)) || first.length < 2 || first.length > 20) return undefined;
  // A second word is part of the name only when written as one ("Roberto Gómez", not "Roberto y").
  const words = second && /^\p{Lu}/u.test(second) && !NOT_NAMES.has(foldAccents(second)) ? [first, second] : [first];
  return words.map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase()).join(' ');
}

function sizeFact(kind: SizeKind, said: string): CustomerFacts | undefined {
  const number = /^(\d{1,2})(.*)$/su.exec(said);
  if (number) {
    const value = number[2].trim() === '' ? String(Number(number[1])) : `${Number(number[1])}.5`;
    const n = Number(value);
    if (kind === 'shoe') return n >= 3 && n <= 32 ? { shoe_size: value } : undefined;
    if (kind === 'clothing') return { clothing_size: value };
    // "mi talla es 27" in a shoe shop is a shoe size; 32 and up is a waist.
    if (n >= 12 && n <= 31.5) return { shoe_size: value };
    return n >= 32 && n <= 50 ? { clothing_size: value } : undefined;
  }
  if (kind === 'shoe') return undefined;
  const clothing = CLOTHING[foldAccents(said).replace(/\s+/g, '')];
  return clothing ? { clothing_size: clothing } : undefined;
}
