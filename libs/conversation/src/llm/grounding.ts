/**
 * The grounding guard: every price-like and stock-like figure in a reply must be one the
 * tools returned in this turn (or one the shop's own policies state). A model that makes a
 * figure up, or remembers one from an earlier turn, is caught here before the customer
 * reads it.
 */

export interface Figure {
  /** As written in the reply: "$1,299.00", "3 pares". */
  text: string;
  value: number;
  kind: 'price' | 'stock';
}

export interface GroundTruth {
  /** Prices returned by the tools this turn. */
  prices: number[];
  /** Stock figures returned by the tools this turn: per store, per size, totals, quantities asked. */
  units: number[];
  /** Money figures the shop's own texts state (shipping cost, free-shipping threshold…). */
  policyAmounts: number[];
}

/** Totals a reply may state: a price for up to this many pieces, plus a policy amount (shipping). */
const MAX_QUANTITY = 10;

const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
/** "$1,299", "$ 1299.00", "MXN 499", "1,299 pesos", "499 MXN". */
const PRICE = new RegExp(String.raw`(?:\$|\bMXN)\s?${AMOUNT}|\b${AMOUNT}\s?(?:pesos|MXN)\b`, 'gi');
/** "3 pares", "12 piezas", "5 unidades", "2 disponibles", "4 in stock", "quedan 2", "hay 7". */
const STOCK = new RegExp(
  String.raw`\b(\d{1,4})\s+(?:pares?|piezas?|unidades?|disponibles?|en (?:existencia|stock)|in stock|units?|pairs?|pieces?|left)\b|\b(?:quedan|queda|hay|tenemos|only|there are)\s+(\d{1,4})\b`,
  'gi',
);

function amount(integer: string, decimals: string | undefined): number {
  return Number(`${integer.replace(/,/g, '')}.${decimals ?? '0'}`);
}

/** Every price-like and stock-like figure of a text. */
export function figuresIn(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of text.matchAll(PRICE)) {
    const [integer, decimals] = match[1] !== undefined ? [match[1], match[2]] : [match[3], match[4]];
    figures.push({ text: match[0].trim(), value: amount(integer, decimals), kind: 'price' });
  }
  for (const match of text.matchAll(STOCK)) {
    figures.push({ text: match[0].trim(), value: Number(match[1] ?? match[2]), kind: 'stock' });
  }
  return figures;
}

/** Money amounts a text states (the shop's policies). */
export function amountsIn(text: string): number[] {
  return figuresIn(text)
    .filter((f) => f.kind === 'price')
    .map((f) => f.value);
}

const same = (a: number, b: number) => Math.abs(a - b) < 0.005;

function grounded(figure: Figure, truth: GroundTruth): boolean {
  if (figure.kind === 'stock') return truth.units.includes(figure.value);
  if (truth.policyAmounts.some((p) => same(p, figure.value))) return true;
  for (const price of truth.prices) {
    for (let n = 1; n <= MAX_QUANTITY; n++) {
      if (same(price * n, figure.value)) return true;
      if (truth.policyAmounts.some((extra) => same(price * n + extra, figure.value))) return true;
    }
  }
  return false;
}

/** The figures of a reply that no tool result of this turn (nor a shop policy) backs. */
export function ungroundedFigures(reply: string, truth: GroundTruth): Figure[] {
  return figuresIn(reply).filter((figure) => !grounded(figure, truth));
}
