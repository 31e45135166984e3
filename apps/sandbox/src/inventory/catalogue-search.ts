import MiniSearch, { type SearchResult } from 'minisearch';
import type { CatalogueProduct, CategoryEntry } from './catalogue.js';

/** Lower-case, no accents: "Camión" → "camion", "NIÑO" → "nino". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words that never narrow a product search ("tenis para niño talla 20" → tenis, niño, 20). */
const STOP_WORDS = new Set(
  `a al con de del el en la las lo los para por un una unos unas y o que mi me tienen tienes tiene hay busco
   quiero quisiera necesito talla tallas numero num no size the and or of for with in a an`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A light Spanish stemmer, the same for the index and the query, so that plural and gender
 * do not matter: "negros", "negra", "negro" → "negr"; "pantalones" → "pantalon";
 * "azules" → "azul". Words ending in "is" keep it ("tenis", "gris").
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ones')) w = w.slice(0, -2);
  else if (w.length > 4 && /[lnrjs]es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && /[aeou]s$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && /[ao]$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** minisearch's `processTerm`: folded, stop-words out, stemmed. */
export function processTerm(term: string): string | null {
  const folded = fold(term);
  if (folded === '' || STOP_WORDS.has(folded)) return null;
  return /^\d/.test(folded) ? folded : stem(folded);
}

/** Words and numbers; keeps "26.5" whole (a size), splits "TEN-0001" and "100 %" apart. */
export function tokenize(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}.]+/u)
    .map((token) => token.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
}

const GENDER_WORDS: Record<CatalogueProduct['gender'], string> = {
  Hombre: 'hombre caballero men man',
  Mujer: 'mujer dama señora women woman ladies',
  Unisex: 'unisex hombre mujer caballero dama men women',
  Niño: 'niño infantil niños kids boy',
  Niña: 'niña infantil niñas kids girl',
};

const COLOR_WORDS: Record<string, string> = {
  negro: 'black',
  blanco: 'white',
  rojo: 'red',
  azul: 'blue marino',
  verde: 'green',
  gris: 'gray grey',
  café: 'brown marrón',
  beige: 'arena caqui',
  rosa: 'pink rosado',
  amarillo: 'yellow',
  morado: 'purple lila',
  naranja: 'orange',
};

interface IndexedProduct {
  sku: string;
  name: string;
  category: string;
  brand: string;
  color: string;
  keywords: string;
  sizes: string;
  description: string;
  inStock: boolean;
}

export interface SearchQuery {
  /** Words to look for; empty means "everything" (then a category is required by the caller). */
  text: string;
  /** Exact category name (already resolved), or undefined for all. */
  category?: string;
}

/**
 * Full-text search over the catalogue with minisearch: accent- and case-insensitive,
 * plurals and gender folded, prefix matching ("camis" finds camisas), and typo tolerance
 * for words of five letters or more. Every word must match; if no product has them all,
 * products matching some of them are returned, best first. Sizes are indexed too, so
 * "tenis negros 27" prefers black sneakers that come in 27.
 */
export class CatalogueSearch {
  private readonly index: MiniSearch<IndexedProduct>;
  private readonly order: ReadonlyMap<string, number>;

  constructor(products: readonly CatalogueProduct[], categories: readonly CategoryEntry[]) {
    const keywords = new Map(categories.map((c) => [c.name, c.keywords.join(' ')]));
    this.order = new Map(products.map((p, i) => [p.sku, i]));
    this.index = new MiniSearch<IndexedProduct>({
      idField: 'sku',
      fields: ['name', 'category', 'brand', 'color', 'keywords', 'sizes', 'description'],
      storeFields: ['category', 'inStock'],
      tokenize,
      processTerm,
      searchOptions: {
        boost: { name: 3, category: 2, color: 2.5, brand: 1.5, keywords: 1.2, sizes: 1, description: 0.6 },
        prefix: (term) => term.length >= 3 && !/^\d/.test(term),
        fuzzy: (term) => (term.length >= 5 && !/^\d/.test(term) ? 0.2 : false),
        // What is on the shelves comes first among equally good matches.
        boostDocument: (_id, _term, stored) => (stored?.inStock ? 1 : 0.6),
      },
    });
    this.index.addAll(
      products.map((p) => ({
        sku: p.sku,
        name: p.name,
        category: p.category,
        brand: p.brand,
        color: p.color,
        keywords: `${keywords.get(p.category) ?? ''} ${GENDER_WORDS[p.gender]} ${COLOR_WORDS[p.color] ?? ''}`,
        sizes: p.sizes.join(' '),
        description: p.description,
        inStock: Object.values(p.stock).some((units) => units.some((n) => n > 0)),
      })),
    );
  }

  /** True when the text has no searchable word (empty, blank, or only stop-words). */
  static isBlank(text: string): boolean {
    return tokenize(text).every((token) => processTerm(token) === null);
  }

  /** SKUs best first, all of them (the caller cuts to maxResults and counts the total). */
  search(query: SearchQuery): string[] {
    const filter = query.category ? (result: SearchResult) => result.category === query.category : undefined;
    if (CatalogueSearch.isBlank(query.text)) {
      // Browsing a category: catalogue order, which groups a model's colours together.
      const all = [...this.order.keys()];
      return query.category ? all.filter((sku) => this.categoryOf(sku) === query.category) : all;
    }
    let results = this.index.search(query.text, { combineWith: 'AND', filter });
    if (results.length === 0) results = this.index.search(query.text, { combineWith: 'OR', filter });
    return results.map((r) => r.id as string);
  }

  private categoryOf(sku: string): string | undefined {
    return (this.index.getStoredFields(sku) as { category?: string } | undefined)?.category;
  }
}
