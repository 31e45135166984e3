/**
 * What the held-out tables expect, in the words they share: the intent labels a turn may carry
 * (permissive sets, with `*`), a complaint's apology and handoff, silence, audiences, and the
 * patterns a reply must or must not show.
 */
import type { Expectations } from './types.js';

/** Any label about products: a search, a price, stock, details, a tap on a product, a comparison. */
export const CATALOGUE = [
  'product_search',
  'availability',
  'price',
  'product_details',
  'interactive',
  'categories',
  'compar*',
  'recommend*',
  'budget*',
  'quote*',
  'total*',
  'stock*',
  'size*',
];
export const ORDER = ['order_*', 'purchase*', 'buy*', 'checkout*'];
export const PAYMENT = ['payment*', 'order_*', 'handoff*', 'human_agent', 'complaint*'];
export const COMPLAINT = [
  'complaint*',
  'handoff*',
  'human_agent',
  'after_sale*',
  'frustrat*',
  'refund*',
  'delivery*',
  'return*',
  'claim*',
  'escalat*',
  'abuse*',
  'insult*',
];
export const OPT_OUT = ['opt_out*', 'erasure*', 'unsubscribe*'];
export const INFO = [
  'shop_info',
  'shop_*',
  'hours*',
  'address*',
  'stores*',
  'payment*',
  'shipping*',
  'returns*',
  'info*',
];
export const GREETING = ['greeting*', 'greet*', 'welcome*', 'small_talk*'];
export const THANKS = ['thanks*', 'goodbye*', 'farewell*'];

/** A complaint: an apology and a person. */
export const APOLOGY = 'lo siento|lament|disculp|perd[oó]n|sorry|apolog';
export const complaint = (extra: Expectations = {}): Expectations => ({
  intent: COMPLAINT,
  action: 'handoff',
  mentions: [APOLOGY],
  ...extra,
});
/** After a handoff or an opt-out the assistant is quiet. */
export const quiet: Expectations = { silent: true };
export const ADULTS = ['Hombre', 'Mujer', 'Unisex'];
export const KIDS = ['Niño', 'Niña'];
/** Every category of shoes, boots and sandals. */
export const FOOTWEAR = ['Tenis', 'Botas', 'Zapatos', 'Zapatillas', 'Sandalias', 'Huaraches'];
/** "¿En qué talla…?": asked again although the customer said it. */
export const ASKS_SIZE = String.raw`(qu[eé]|cu[aá]l)\s+talla|which size|what size`;
/** A $149 shipping charge (or its total) where shipping is free from $1,499. */
export const SHIPPING_CHARGED = String.raw`\$\s?149\b`;
/** "There is none": out of stock in that colour or size. */
export const NONE_LEFT = String.raw`agotad|no (hay|tenemos|tengo|nos quedan?|queda|contamos|est[aá] disponible)|sin (existencias?|stock|piezas)|out of stock|sold out|not available|unavailable|don.?t have|no (stock|units)`;
