/**
 * A small reading of what a customer wrote, for the scripted stand-in: which language, what
 * they ask about, the words worth searching for. Deliberately its own word lists (not the
 * api's intent detection): the stand-in plays an outside model and must not share the code
 * it is used to test.
 */

export type Language = 'es' | 'en';
export type ShopTopic = 'hours' | 'stores' | 'payment' | 'shipping' | 'returns';

/** Lower-case, no accents: "Café" → "cafe". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words and numbers ("26.5" and "1,299" stay whole). */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:[.,'][\p{L}\p{N}]+)*/gu) ?? [];
}

const set = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

const SPANISH = set(`hola buenas buenos tienen tienes tiene hay que de la el los las en por para con quiero busco
  talla donde cuanto cuesta gracias y es son mi me una un unos unas como cual horario abren envian precio
  negro negros negra blanco rojo azul tenis botas zapatos playera dias tardes noches llamo nombre soy agente`);
const ENGLISH = set(`hi hello hey do does you have has the what is are my i where how much size any want
  looking for please thanks thank open store stores hours shoes sneakers boots shirt black white red blue
  name can and with of it there your when ship shipping pay payment return returns agent human`);

/** Spanish unless the message is clearly English. */
export function languageOf(text: string): Language {
  const words = tokens(fold(text));
  const en = words.filter((w) => ENGLISH.has(w)).length;
  const es = words.filter((w) => SPANISH.has(w)).length;
  return en > es && (en >= 2 || (es === 0 && words.length <= 3)) ? 'en' : 'es';
}

/** In the order they are tried: "¿puedo devolverlos si pago con tarjeta?" is about returns. */
const TOPICS: [ShopTopic, RegExp][] = [
  [
    'returns',
    /\b(devolucion(es)?|devolver\w*|devuelv\w+|reembolsos?|cambios? de talla|returns?|refunds?|exchanges?)\b/,
  ],
  [
    'shipping',
    /\b(envios?|envian|enviar|envias|envio a|mandan|mandar|entregas?|a domicilio|paqueteria|shipping|ship|delivery|deliver)\b/,
  ],
  ['payment', /\b(pagos?|pagar|tarjetas?|efectivo|transferencias?|meses sin intereses|payments?|pay|cards?|cash)\b/],
  ['hours', /\b(horarios?|a que hora|abren|abre|cierran|cierra|abiertos?|hours|open|opening|closing|what time)\b/],
  [
    'stores',
    /\b(sucursal(es)?|direccion(es)?|ubicacion(es)?|ubicados?|donde (estan|quedan|se encuentran|los encuentro)|tiendas fisicas|address(es)?|locations?|branch(es)?|where are you|where is the (store|shop))\b/,
  ],
];

/** The shop topic a message asks about, if any. */
export function shopTopic(text: string): ShopTopic | undefined {
  const folded = fold(text);
  return TOPICS.find(([, pattern]) => pattern.test(folded))?.[0];
}

const PERSON =
  /\b(agente|humano|una persona|persona real|asesora?|alguien de la tienda|hablar con alguien|human|agent|real person|representative|someone at the (store|shop))\b/;

/** Whether the customer asks for a person instead of the assistant. */
export function asksForPerson(text: string): boolean {
  return PERSON.test(fold(text));
}

/** Whether the customer thanks (and asks nothing else the policy would act on). */
export function thanks(text: string): boolean {
  return /\b(gracias|thanks|thank you|thx)\b/.test(fold(text));
}

/** "me llamo ana", "my name is Ana": any word; "soy Ana", "I'm Ana": only a capitalised one. */
const NAMED = /\b(?:me llamo|mi nombre es|my name is)\s+(\p{L}[\p{L}'-]*)/iu;
const INTRODUCED = /(?:^|[^\p{L}])(?:[Ss]oy|[Ii] am|[Ii]'m|[Ii]m)\s+(\p{Lu}\p{Ll}[\p{L}'-]*)/u;

/** A name the customer states, and the rest of the message without that clause. */
export function statedName(text: string): { name: string; rest: string } | undefined {
  const match = NAMED.exec(text) ?? INTRODUCED.exec(text);
  if (!match) return undefined;
  const name = match[1];
  if (FILLER.has(fold(name)) || colourOf(name) !== undefined) return undefined;
  return {
    name: name.charAt(0).toUpperCase() + name.slice(1),
    rest: `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`,
  };
}

/** Colours as the catalogue writes them (lower-case Spanish), from Spanish forms and English. */
const COLOURS: [string, RegExp][] = [
  ['negro', /^(negr[oa]s?|black)$/],
  ['blanco', /^(blanc[oa]s?|white)$/],
  ['rojo', /^(roj[oa]s?|red)$/],
  ['azul', /^(azul(es)?|marino|blue|navy)$/],
  ['verde', /^(verdes?|green)$/],
  ['gris', /^(gris(es)?|gr[ae]y)$/],
  ['café', /^(cafes?|marron(es)?|brown)$/],
  ['beige', /^(beiges?)$/],
  ['rosa', /^(rosas?|rosad[oa]s?|pink)$/],
  ['amarillo', /^(amarill[oa]s?|yellow)$/],
  ['morado', /^(morad[oa]s?|lila|purple)$/],
  ['naranja', /^(naranjas?|anaranjad[oa]s?|orange)$/],
];

function colourOf(word: string): string | undefined {
  const folded = fold(word);
  return COLOURS.find(([, pattern]) => pattern.test(folded))?.[0];
}

/** Greetings, courtesy, question words and filler: never worth searching for. */
const FILLER = set(`
  hola holi buenas buenos buen buena dia dias tardes noches saludos oye oiga disculpa disculpe perdon
  hi hello hey good morning afternoon evening
  gracias muchas mil ok okay vale perfecto bien genial excelente super listo sale adios bye thanks thank you
  que cual cuales cuanto cuanta cuantos cuantas como cuando donde quien cuesta cuestan vale valen precio precios
  tienen tienes tiene tendran tendras hay venden vendes vende manejan manejas manejan
  quiero quisiera queria busco buscaba buscando necesito necesitaba me gustaria ver mostrar muestrame ensename
  podrias puedes pueden puede por favor porfa porfavor
  si no algun alguno alguna algunos algunas un una unos unas el la los las lo le les de del en y e o u al a mi mis
  su sus tu tus ustedes usted algo otro otra otros otras tambien ahi aqui alla este esta estos estas ese esa
  segundo segunda primero primera tercero tercera ultimo ultima
  do does did you your have has got any some the an i im me my want would like need looking for show please
  what which how much is are there in of and or can could get find sell cost costs it this that these those
  pesos mxn dollars
`);

/** Words that name a size or a price rather than a product. */
const SIZE_WORDS = /\b(?:talla|tallas|size|numero|num|no\.)\s*(\d{1,2}(?:[.,]5)?|ch|eg|xxl|xl|xs|s|m|g|l|unitalla)\b/;
const BARE_SIZE = /(?:^|\s)((?:1[5-9]|2\d|3[0-2])(?:[.,]5)?)(?=[\s?!.,;:]|$)/;
const MAX_PRICE =
  /\b(?:menos de|menor a|debajo de|hasta|maximo|no mas de|under|below|less than|up to|max|cheaper than)\s*\$?\s*(\d[\d,]*(?:\.\d+)?)(?:\s*(?:pesos|mxn))?/;
const MIN_PRICE =
  /\b(?:mas de|arriba de|minimo|desde|over|above|more than|at least|from)\s*\$?\s*(\d[\d,]*(?:\.\d+)?)(?:\s*(?:pesos|mxn))?/;

/** Letter sizes as the catalogue writes them (CH, M, G, EG). */
const LETTER_SIZES: Record<string, string> = {
  xs: 'CH',
  s: 'CH',
  ch: 'CH',
  m: 'M',
  g: 'G',
  l: 'G',
  xl: 'EG',
  xxl: 'EG',
  eg: 'EG',
};

function normaliseSize(raw: string): string {
  const size = raw.replace(',', '.');
  if (/^\d/.test(size)) return size;
  return size === 'unitalla' ? 'UNITALLA' : (LETTER_SIZES[size] ?? size.toUpperCase());
}

/** What a customer asks to find, read from their words. */
export interface ProductAsk {
  /** The words worth searching for (greetings, filler, colour, size and price taken out). */
  words: string[];
  colour?: string;
  size?: string;
  maxPrice?: number;
  minPrice?: number;
}

/**
 * The product a message asks about, or undefined when it asks about none ("gracias",
 * "hola"). A message that only refines ("¿y en rojo?") borrows the words of the customer's
 * earlier message that had some (`earlier`, newest first).
 */
export function productAsk(text: string, earlier: readonly string[] = []): ProductAsk | undefined {
  let folded = ` ${fold(text)} `;
  const ask: Omit<ProductAsk, 'words'> = {};
  const take = (pattern: RegExp, use: (value: string) => void) => {
    const match = pattern.exec(folded);
    if (!match) return;
    use(match[1]);
    folded = `${folded.slice(0, match.index)} ${folded.slice(match.index + match[0].length)}`;
  };
  take(MAX_PRICE, (value) => (ask.maxPrice = Number(value.replace(/,/g, ''))));
  take(MIN_PRICE, (value) => (ask.minPrice = Number(value.replace(/,/g, ''))));
  take(SIZE_WORDS, (value) => (ask.size = normaliseSize(value)));
  if (ask.size === undefined) take(BARE_SIZE, (value) => (ask.size = normaliseSize(value)));

  const words: string[] = [];
  for (const word of tokens(folded)) {
    const colour = colourOf(word);
    if (colour !== undefined) ask.colour ??= colour;
    else if (!FILLER.has(word) && !/^\d+([.,]\d+)?$/.test(word)) words.push(word);
  }
  // Accents back where the customer wrote them ("café", "niño"): the words as written.
  const written = new Map(tokens(text).map((w) => [fold(w), w.toLowerCase()]));
  const asWritten = words.map((w) => written.get(w) ?? w);

  const refines = ask.colour !== undefined || ask.size !== undefined || ask.maxPrice !== undefined;
  if (asWritten.length > 0) return { words: asWritten, ...ask };
  if (!refines) return undefined;
  for (const previous of earlier) {
    const before = productAsk(previous);
    if (before && before.words.length > 0) return { words: before.words, ...ask };
  }
  return { words: [], ...ask };
}

/** A line of the customer's, greetings and filler out, for a summary: "tenis negros talla 27". */
export function gist(text: string): string {
  return tokens(text)
    .filter((word) => !FILLER.has(fold(word)) && !/^\$?\d[\d,]*\.\d{2}$/.test(word))
    .map((word) => word.toLowerCase())
    .join(' ');
}

/**
 * The api's own data in a user message (what the customer told us before, the summary of
 * older messages), marked as data: not the customer's words of this turn.
 */
const DATA_LINE =
  /^\s*(\[(datos, no instrucciones|data, not instructions)\]|lo que el cliente nos dijo de s[ií] mismo:|what the customer told us about themselves:|resumen de lo anterior:|summary of earlier messages:)/i;

/** The customer's own lines of a user message. */
export function customerLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !DATA_LINE.test(line))
    .join('\n')
    .trim();
}

/** A user message the api wrote itself: its automatic review of a reply, not the customer. */
export function isShopReview(text: string): boolean {
  return /\(no es del cliente\)|\(not from the customer\)|^\s*revisi[oó]n autom[aá]tica|^\s*automatic review/i.test(
    text,
  );
}
