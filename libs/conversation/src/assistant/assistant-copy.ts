import type { Audience } from '../catalog/catalog-queries.js';
import type { ComplaintReason, CustomerFacts, Language } from '../intent/detection.js';

/**
 * Everything the rule-based assistant says, in Spanish and English. Facts (names, prices,
 * stock, the shop's hours…) are always arguments: no sentence here states one.
 */
export interface AssistantCopy {
  greeting(name: string | null, shop: string): string;
  capabilities: string;
  askWhatProduct: string;
  thanks: string;
  optedOut: string;
  optedIn: string;
  handoff: string;
  /** An apology for what went wrong, and the handoff to a person. */
  complaint(reason: ComplaintReason): string;
  /** The opt-out confirmation when the customer also asked to delete their data: the shop decides. */
  erasureRequested: string;
  /** What the assistant will remember; `greeted` when the greeting already used the name. */
  factsNoted(facts: CustomerFacts, greeted: boolean): string;
  media: string;
  unsupported: string;
  inventoryDown: string;
  notFound(what: string): string;
  notFoundWithFilter(what: string, filter: string, alternatives: string): string;
  found(count: number, what: string): string;
  moreResults(shown: number, total: number): string;
  chooseButton: string;
  listButton: string;
  categoriesIntro: string;
  categoryRow(count: number): string;
  colorsOf(name: string, colors: string): string;
  noOtherColour(name: string, colour: string, colors: string): string;
  sizes(list: string): string;
  size: string;
  stockIn(where: string): string;
  stockLine(store: string, city: string, units: number): string;
  noStockAnywhere(what: string): string;
  availableSummary(what: string, units: number): string;
  /** "7 piezas (Centro 4, Polanco 2, Monterrey 1)". */
  unitsAt(units: number, where: string[]): string;
  quantityNotInOneStore(quantity: number): string;
  unknownProduct: string;
  storesIntro(shop: string): string;
  hoursTitle: string;
  paymentTitle: string;
  shippingTitle: string;
  returnsTitle: string;
  buttons: {
    stock: string;
    buy: string;
    details: string;
    colors: string;
    categories: string;
    stores: string;
    hours: string;
    agent: string;
  };
  pieces: { color: string; size: string; in: string };
  /** A catalogue colour (Spanish) as this language says it. */
  colour(name: string): string;
  /** Whose models: "para niño", "for women". */
  audience(audience: Audience): string;
  /** What a search of no recognised kind looked for: "productos en color negro". */
  products: string;
  /** A price range: "de hasta $1,000", "entre $500 y $800" (amounts already written). */
  priceRange(min: string | undefined, max: string | undefined): string;
  /** Nothing for the audience asked; these are for someone else. */
  notForAudience(audience: string): string;
  /** Nothing for adults, only kids' models (which are not offered to them). */
  kidsOnly: string;
  /** Colours of a search whose words are not repeated. */
  comesIn(colors: string): string;
  /** What there is outside the price range asked. */
  cheapestIs(price: string): string;
  dearestIs(price: string): string;
  /** Before the one product picked by price. */
  cheapestPick: string;
  dearestPick: string;
  /** "2 × $249.90 MXN = $499.80 MXN". */
  total(quantity: number, unit: string, total: string): string;
  /** Fewer units of that size than asked for, across the stores. */
  onlyUnits(units: number): string;
  /** No discount or promotion is listed; a person can look at it. */
  noDiscounts: string;
  /** A US size read as a Mexican one. */
  usSize(us: string, mx: string): string;
}

/** "eso"/"that" for a search described by nothing recognised (the customer's words are never quoted). */
const orThat = (what: string, that: string) => (what.trim() === '' ? that : what);

const COMPLAINT_APOLOGY_ES: Record<ComplaintReason, string> = {
  delivery: 'Lamento mucho que tu pedido no te haya llegado como debía.',
  refund: 'Lamento mucho la molestia con tu compra.',
  billing: 'Lamento mucho el problema con el cobro.',
  damaged: 'Lamento mucho que tu producto haya llegado en mal estado.',
  wrong_item: 'Lamento mucho que no te haya llegado lo que pediste.',
  frustration: 'Lamento mucho la mala experiencia.',
  general: 'Lamento mucho lo que pasó.',
};

const COMPLAINT_APOLOGY_EN: Record<ComplaintReason, string> = {
  delivery: "I'm really sorry your order didn't reach you as it should have.",
  refund: "I'm really sorry for the trouble with your purchase.",
  billing: "I'm really sorry about the problem with the charge.",
  damaged: "I'm really sorry your product arrived damaged.",
  wrong_item: "I'm really sorry you didn't get what you ordered.",
  frustration: "I'm really sorry for the bad experience.",
  general: "I'm really sorry about what happened.",
};

const es: AssistantCopy = {
  greeting: (name, shop) => `¡Hola${name ? `, ${name}` : ''}! 👋 Soy el asistente de ${shop}.`,
  capabilities:
    'Puedo buscarte productos, precios y existencias por tienda, y darte horarios, direcciones, formas de pago, envíos y devoluciones. ¿Qué buscas hoy?',
  askWhatProduct: '¿Qué producto buscas? Por ejemplo: "tenis negros talla 27" o "chamarra de mezclilla".',
  thanks: '¡Con mucho gusto! Aquí estoy si necesitas algo más. 😊',
  optedOut:
    'Listo, ya no te enviaremos mensajes. Si cambias de opinión, escribe ALTA y con gusto te volvemos a atender.',
  optedIn: '¡Qué gusto tenerte de vuelta! Ya puedes escribirnos cuando quieras.',
  handoff:
    'Te comunico con una persona de nuestro equipo; te responderá por este mismo chat lo antes posible. Mientras tanto no responderé de forma automática.',
  complaint: (reason) =>
    `${COMPLAINT_APOLOGY_ES[reason]} Ya le pasé tu caso a una persona de nuestro equipo; te responderá por este mismo chat lo antes posible. Mientras tanto no responderé de forma automática.`,
  erasureRequested:
    'Listo, ya no te enviaremos mensajes. Le pasé a la tienda tu solicitud de borrar tu número y tus datos: una persona del equipo la revisará y se encargará (no se borra de forma automática). Si cambias de opinión, escribe ALTA.',
  factsNoted: (facts, greeted) =>
    [
      facts.name && !greeted ? `¡Mucho gusto, ${facts.name}!` : '',
      facts.shoe_size ? `Anoto que calzas del ${facts.shoe_size}.` : '',
      facts.clothing_size ? `Anoto tu talla ${facts.clothing_size}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  media:
    'Por ahora solo puedo leer mensajes de texto. Escríbeme qué buscas (producto, color, talla) y te digo precio y existencias.',
  unsupported:
    'No pude leer ese mensaje. Escríbeme con texto qué buscas y te ayudo con precios, existencias e información de la tienda.',
  inventoryDown:
    'En este momento no puedo consultar el inventario, así que no puedo confirmarte precios ni existencias. Por favor inténtalo de nuevo en unos minutos, o escribe "agente" para hablar con una persona.',
  notFound: (what) =>
    `No encontré ${orThat(what, 'eso')} en nuestro catálogo. ¿Quieres ver las categorías que manejamos?`,
  notFoundWithFilter: (what, filter, alternatives) =>
    `${what ? `Tenemos ${what}` : 'Sí lo tenemos'}, pero no ${filter}. ${alternatives}`,
  found: (count, what) =>
    count === 1
      ? `Encontré esto${what ? ` de ${what}` : ''}:`
      : `Encontré ${count} opciones${what ? ` de ${what}` : ''}:`,
  moreResults: (shown, total) => `Te muestro ${shown} de ${total}; dime color o talla para afinar la búsqueda.`,
  chooseButton: 'Elige una opción:',
  listButton: 'Ver productos',
  categoriesIntro: 'Estas son nuestras categorías:',
  categoryRow: (count) => `${count} producto${count === 1 ? '' : 's'}`,
  colorsOf: (name, colors) => `${name} viene en: ${colors}.`,
  noOtherColour: (name, colour, colors) => `${name} no viene en ${colour}; lo tenemos en: ${colors}.`,
  sizes: (list) => `Tallas: ${list}`,
  size: 'talla',
  stockIn: (where) => `Existencias de ${where}:`,
  stockLine: (store, city, units) =>
    `• ${store} (${city}): ${units === 0 ? 'sin existencias' : `${units} pieza${units === 1 ? '' : 's'}`}`,
  noStockAnywhere: (what) => `Por ahora no tenemos ${orThat(what, 'eso')} en ninguna tienda.`,
  availableSummary: (what, units) => `Sí tenemos ${what}: ${units} pieza${units === 1 ? '' : 's'} en total.`,
  unitsAt: (units, where) =>
    `${units} pieza${units === 1 ? '' : 's'}${where.length > 0 ? ` (${where.join(', ')})` : ''}`,
  quantityNotInOneStore: (quantity) => `Ninguna tienda tiene ${quantity} piezas juntas.`,
  unknownProduct: 'Ese producto ya no está en el catálogo. ¿Te busco algo parecido?',
  storesIntro: (shop) => `Tiendas ${shop}:`,
  hoursTitle: 'Horario',
  paymentTitle: 'Formas de pago',
  shippingTitle: 'Envíos',
  returnsTitle: 'Cambios y devoluciones',
  buttons: {
    stock: 'Existencias',
    buy: 'Lo quiero',
    details: 'Ver detalles',
    colors: 'Otros colores',
    categories: 'Ver categorías',
    stores: 'Tiendas',
    hours: 'Horarios',
    agent: 'Hablar con alguien',
  },
  pieces: { color: 'en color', size: 'en talla', in: 'en' },
  colour: (name) => name,
  audience: (audience) =>
    ({
      adults: 'para adulto',
      kids: 'para niños',
      men: 'para caballero',
      women: 'para dama',
      boys: 'para niño',
      girls: 'para niña',
    })[audience],
  products: 'productos',
  priceRange: (min, max) =>
    min && max ? `entre ${min} y ${max}` : max ? `de hasta ${max}` : min ? `de más de ${min}` : '',
  notForAudience: (audience) => `No lo encontré ${audience}; esto es lo que hay:`,
  kidsOnly: 'Eso solo lo tenemos en modelos infantiles.',
  comesIn: (colors) => `Viene en: ${colors}.`,
  cheapestIs: (price) => `Lo más económico así cuesta ${price}.`,
  dearestIs: (price) => `Lo de mayor precio así cuesta ${price}.`,
  cheapestPick: 'El más económico:',
  dearestPick: 'El de mayor precio:',
  total: (quantity, unit, total) => `${quantity} × ${unit} = ${total}`,
  onlyUnits: (units) => `Solo hay ${units} pieza${units === 1 ? '' : 's'} de esa talla entre todas las tiendas.`,
  noDiscounts:
    'No tenemos descuentos por cantidad ni promociones publicadas: el precio por pieza es el mismo. Si quieres, te comunico con una persona del equipo para que lo vea contigo.',
  usSize: (us, mx) => `Talla ${us} de EE. UU. ≈ ${mx} mexicana.`,
};

const ENGLISH_COLOURS: Record<string, string> = {
  negro: 'black',
  blanco: 'white',
  rojo: 'red',
  azul: 'blue',
  verde: 'green',
  gris: 'grey',
  café: 'brown',
  beige: 'beige',
  rosa: 'pink',
  amarillo: 'yellow',
  morado: 'purple',
  naranja: 'orange',
};

const en: AssistantCopy = {
  greeting: (name, shop) => `Hi${name ? `, ${name}` : ''}! 👋 I'm the ${shop} assistant.`,
  capabilities:
    'I can look up products, prices and stock by store, and tell you our hours, addresses, payment methods, shipping and returns. What are you looking for?',
  askWhatProduct: 'What product are you looking for? For example: "black sneakers size 27" or "denim jacket".',
  thanks: "You're welcome! I'm here if you need anything else. 😊",
  optedOut: "Done, we won't message you anymore. If you change your mind, write START and we'll be glad to help again.",
  optedIn: 'Welcome back! You can write to us any time.',
  handoff:
    "I'm passing you to a person on our team; they will answer in this chat as soon as they can. Until then I won't reply automatically.",
  complaint: (reason) =>
    `${COMPLAINT_APOLOGY_EN[reason]} I've passed your case to a person on our team; they will answer in this chat as soon as they can. Until then I won't reply automatically.`,
  erasureRequested:
    "Done, we won't message you anymore. I've passed your request to delete your number and data to the shop: a person on the team will review it and take care of it (nothing is deleted automatically). If you change your mind, write START.",
  factsNoted: (facts, greeted) =>
    [
      facts.name && !greeted ? `Nice to meet you, ${facts.name}!` : '',
      facts.shoe_size ? `Noted: shoe size ${facts.shoe_size}.` : '',
      facts.clothing_size ? `Noted: size ${facts.clothing_size}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  media:
    'For now I can only read text messages. Tell me what you are looking for (product, colour, size) and I will check price and stock.',
  unsupported:
    "I couldn't read that message. Write me what you are looking for and I'll help with prices, stock and store information.",
  inventoryDown:
    'I cannot reach our inventory right now, so I cannot confirm prices or stock. Please try again in a few minutes, or write "agent" to talk to a person.',
  notFound: (what) => `I couldn't find ${orThat(what, 'that')} in our catalogue. Would you like to see our categories?`,
  notFoundWithFilter: (what, filter, alternatives) =>
    `${what ? `We have ${what}` : 'We have it'}, but not ${filter}. ${alternatives}`,
  found: (count, what) =>
    count === 1
      ? `Here is what I found${what ? ` for ${what}` : ''}:`
      : `I found ${count} options${what ? ` for ${what}` : ''}:`,
  moreResults: (shown, total) => `Showing ${shown} of ${total}; tell me a colour or size to narrow it down.`,
  chooseButton: 'Choose an option:',
  listButton: 'See products',
  categoriesIntro: 'These are our categories:',
  categoryRow: (count) => `${count} product${count === 1 ? '' : 's'}`,
  colorsOf: (name, colors) => `${name} comes in: ${colors}.`,
  noOtherColour: (name, colour, colors) => `${name} doesn't come in ${colour}; we have it in: ${colors}.`,
  sizes: (list) => `Sizes: ${list}`,
  size: 'size',
  stockIn: (where) => `Stock of ${where}:`,
  stockLine: (store, city, units) => `• ${store} (${city}): ${units === 0 ? 'out of stock' : `${units} in stock`}`,
  noStockAnywhere: (what) => `We don't have ${orThat(what, 'that')} in any store right now.`,
  availableSummary: (what, units) => `Yes, we have ${what}: ${units} in total.`,
  unitsAt: (units, where) => `${units} in stock${where.length > 0 ? ` (${where.join(', ')})` : ''}`,
  quantityNotInOneStore: (quantity) => `No single store has ${quantity} together.`,
  unknownProduct: 'That product is no longer in the catalogue. Shall I look for something similar?',
  storesIntro: (shop) => `${shop} stores:`,
  hoursTitle: 'Hours',
  paymentTitle: 'Payment',
  shippingTitle: 'Shipping',
  returnsTitle: 'Exchanges and returns',
  buttons: {
    stock: 'Stock',
    buy: 'I want it',
    details: 'Details',
    colors: 'Other colours',
    categories: 'Categories',
    stores: 'Stores',
    hours: 'Hours',
    agent: 'Talk to a person',
  },
  pieces: { color: 'in', size: 'in size', in: 'in' },
  colour: (name) => ENGLISH_COLOURS[name] ?? name,
  audience: (audience) =>
    ({
      adults: 'for adults',
      kids: 'for kids',
      men: 'for men',
      women: 'for women',
      boys: 'for boys',
      girls: 'for girls',
    })[audience],
  products: 'products',
  priceRange: (min, max) =>
    min && max ? `between ${min} and ${max}` : max ? `up to ${max}` : min ? `over ${min}` : '',
  notForAudience: (audience) => `I couldn't find it ${audience}; here is what there is:`,
  kidsOnly: "We only have that in kids' models.",
  comesIn: (colors) => `It comes in: ${colors}.`,
  cheapestIs: (price) => `The cheapest one like that is ${price}.`,
  dearestIs: (price) => `The most expensive one like that is ${price}.`,
  cheapestPick: 'The cheapest:',
  dearestPick: 'The most expensive:',
  total: (quantity, unit, total) => `${quantity} × ${unit} = ${total}`,
  onlyUnits: (units) => `There ${units === 1 ? 'is only 1' : `are only ${units}`} in that size across our stores.`,
  noDiscounts:
    "We don't have volume discounts or promotions listed: the price per piece is the same. If you like, I can put you in touch with a person on our team to look at it with you.",
  usSize: (us, mx) => `US size ${us} ≈ Mexican ${mx}.`,
};

export const COPY: Record<Language, AssistantCopy> = { es, en };
