import type { Language } from '../intent/detection.js';

/**
 * What the assistant says while settling an order request, in Spanish and English. Every
 * figure is an argument (from the inventory or the shop profile); no sentence states one.
 */
export interface OrderCopy {
  whichProduct: string;
  whichOfThese: string;
  askSize(product: string, sizes: string[]): string;
  sizeNotOffered(product: string, size: string, sizes: string[]): string;
  /** `price`: the unit price, or "2 × $249.90 MXN = $499.80 MXN". */
  askFulfilment(product: string, price: string): string;
  /** No one store has `quantity`, the stores together do: only a delivery gathers them. */
  deliveryOnly(product: string, price: string, quantity: number): string;
  pickupRow(store: string): string;
  pickupRowDetail(units: number): string;
  deliveryRow: string;
  deliveryRowDetail: string;
  /** `stores`: those that do have that many, to pick up at instead. */
  noStockThere(product: string, store: string | null, quantity: number, stores: readonly string[]): string;
  noStockAnywhere(product: string, size: string): string;
  unknownStore(stores: string): string;
  summaryTitle: string;
  item(name: string, colour: string, size: string | null): string;
  line(quantity: number, unitPrice: string, subtotal: string): string;
  pickup(store: string, city: string): string;
  delivery(shipping: string | null): string;
  total(total: string): string;
  confirmQuestion: string;
  placed(shop: string): string;
  held(until: string): string;
  notHeld: string;
  cancelled: string;
  payment: string;
  quoteTitle: string;
  /** One product of a quote: its name and "2 × $599.00 MXN = $1,198.00 MXN". */
  quoteItem(name: string, line: string): string;
  /** Delivery is free for this quote; `from`: the shop's free-shipping amount. */
  freeShipping(from: string | null): string;
  shippingCost(shipping: string, from: string | null): string;
  totalDelivered(total: string): string;
  /** Whether `total` reaches interest-free instalments, which start at `from`. */
  instalments(total: string, from: string, reached: boolean): string;
  /** What to do next with a quote of `items` products. */
  quoteNext(items: number): string;
  buttons: { confirm: string; change: string; cancel: string; buy: string; sizes: string; where: string };
}

const es: OrderCopy = {
  whichProduct: '¿Cuál producto te gustaría? Búscalo (por ejemplo "tenis negros talla 27") y toca *Lo quiero*.',
  whichOfThese: '¿Cuál de ellos? Tócalo en la lista o dime cuál (el primero, el segundo…).',
  askSize: (product, sizes) => `¿En qué talla quieres ${product}? Hay en: ${sizes.join(', ')}.`,
  sizeNotOffered: (product, size, sizes) => `${product} no viene en talla ${size}; viene en: ${sizes.join(', ')}.`,
  askFulfilment: (product, price) =>
    `${product}: ${price}. ¿Dónde quieres recibirlo? Puedes recogerlo en tienda o pedir envío a domicilio.`,
  deliveryOnly: (product, price, quantity) =>
    `${product}: ${price}. Ninguna tienda tiene las ${quantity} piezas juntas, pero te las enviamos a domicilio reuniéndolas. ¿Te las enviamos?`,
  pickupRow: (store) => `Recoger en ${store}`,
  pickupRowDetail: (units) => `${units} disponible${units === 1 ? '' : 's'} en tu talla`,
  deliveryRow: 'Envío a domicilio',
  deliveryRowDetail: 'Paquetería a todo México',
  noStockThere: (product, store, quantity, stores) =>
    store
      ? `En ${store} no hay ${quantity} de ${product} en esa talla${stores.length > 0 ? `; sí hay en ${listOf(stores, 'y')}` : ''}. ¿Lo recoges ${stores.length === 1 ? 'ahí' : 'en otra tienda'} o te lo enviamos a domicilio?`
      : `No tenemos ${quantity} de ${product} en esa talla en una sola tienda.`,
  noStockAnywhere: (product, size) => `Por ahora no tenemos ${product} en talla ${size} en ninguna tienda.`,
  unknownStore: (stores) => `No tenemos una tienda con ese nombre; nuestras tiendas son: ${stores}.`,
  summaryTitle: '*Tu pedido*',
  item: (name, colour, size) => `${name} — ${colour}${size ? ` — talla ${size}` : ''}`,
  line: (quantity, unitPrice, subtotal) => `${quantity} × ${unitPrice} = ${subtotal}`,
  pickup: (store, city) => `Recoges en ${store} (${city}), sin costo.`,
  delivery: (shipping) =>
    shipping === null ? 'Envío a domicilio: la tienda te confirma el costo.' : `Envío a domicilio: ${shipping}.`,
  total: (total) => `*Total: ${total}*`,
  confirmQuestion: '¿Lo confirmo?',
  placed: (shop) =>
    `✅ Listo, registramos tu pedido. Alguien de ${shop} te escribe por aquí para confirmarlo y mandarte los datos de pago. Todavía no se cobra nada.`,
  held: (until) => `Te apartamos las piezas hasta las ${endSentence(until)}`,
  notHeld: 'Las piezas aún no quedan apartadas: la tienda confirma existencias al revisar tu pedido.',
  cancelled: 'Listo, no registré ningún pedido. ¿Te ayudo con algo más?',
  payment: 'Gracias por avisar. Le paso tu mensaje a la tienda para que confirme tu pago y te responda por aquí.',
  quoteTitle: '*Cotización*',
  quoteItem: (name, line) => `${name}: ${line}`,
  freeShipping: (from) =>
    from ? `Envío a domicilio: gratis (en compras desde ${from}).` : 'Envío a domicilio: gratis.',
  shippingCost: (shipping, from) =>
    `Envío a domicilio: ${shipping}${from ? ` (gratis en compras desde ${from})` : ''}.`,
  totalDelivered: (total) => `*Total con envío: ${total}*`,
  instalments: (total, from, reached) =>
    reached
      ? `Con ${total} sí alcanzas meses sin intereses (en compras desde ${from}, con tarjetas participantes).`
      : `Con ${total} todavía no alcanzas meses sin intereses: son en compras desde ${from}, con tarjetas participantes.`,
  quoteNext: (items) =>
    items === 1
      ? 'Si lo quieres, dime "lo quiero" y te ayudo a pedirlo.'
      : 'Los pedidos van de un producto a la vez: dime cuál quieres pedir primero.',
  buttons: {
    confirm: 'Confirmar',
    change: 'Cambiar',
    cancel: 'Cancelar',
    buy: 'Lo quiero',
    sizes: 'Ver tallas',
    where: 'Elegir entrega',
  },
};

const en: OrderCopy = {
  whichProduct: 'Which product would you like? Search for it (e.g. "black sneakers size 27") and tap *I want it*.',
  whichOfThese: 'Which one? Tap it in the list or tell me which (the first, the second…).',
  askSize: (product, sizes) => `Which size of ${product} would you like? Available: ${sizes.join(', ')}.`,
  sizeNotOffered: (product, size, sizes) =>
    `${product} doesn't come in size ${size}; it comes in: ${sizes.join(', ')}.`,
  askFulfilment: (product, price) =>
    `${product}: ${price}. Where would you like it? You can pick it up at a store or have it delivered.`,
  deliveryOnly: (product, price, quantity) =>
    `${product}: ${price}. No single store has all ${quantity}, but we can gather them and deliver them to you. Shall we ship them?`,
  pickupRow: (store) => `Pick up at ${store}`,
  pickupRowDetail: (units) => `${units} available in your size`,
  deliveryRow: 'Home delivery',
  deliveryRowDetail: 'Courier anywhere in Mexico',
  noStockThere: (product, store, quantity, stores) =>
    store
      ? `${store} doesn't have ${quantity} of ${product} in that size${stores.length > 0 ? `; ${listOf(stores, 'and')} ${stores.length === 1 ? 'does' : 'do'}` : ''}. Pick up ${stores.length === 1 ? 'there' : 'at another store'}, or have it delivered?`
      : `No single store has ${quantity} of ${product} in that size.`,
  noStockAnywhere: (product, size) => `We don't have ${product} in size ${size} in any store right now.`,
  unknownStore: (stores) => `We have no store by that name; our stores are: ${stores}.`,
  summaryTitle: '*Your order*',
  item: (name, colour, size) => `${name} — ${colour}${size ? ` — size ${size}` : ''}`,
  line: (quantity, unitPrice, subtotal) => `${quantity} × ${unitPrice} = ${subtotal}`,
  pickup: (store, city) => `Pick-up at ${store} (${city}), free.`,
  delivery: (shipping) =>
    shipping === null ? 'Home delivery: the shop will confirm the cost.' : `Home delivery: ${shipping}.`,
  total: (total) => `*Total: ${total}*`,
  confirmQuestion: 'Shall I confirm it?',
  placed: (shop) =>
    `✅ Done, your order request is in. Someone from ${shop} will write to you here to confirm it and send payment details. Nothing is charged yet.`,
  held: (until) => `We're holding the items for you until ${endSentence(until)}`,
  notHeld: "The items aren't held yet: the shop confirms stock when it reviews your order.",
  cancelled: "Alright, I didn't place any order. Anything else I can help with?",
  payment:
    "Thanks for letting us know. I'm passing your message to the shop so they confirm your payment and reply here.",
  quoteTitle: '*Your quote*',
  quoteItem: (name, line) => `${name}: ${line}`,
  freeShipping: (from) => (from ? `Home delivery: free (on orders from ${from}).` : 'Home delivery: free.'),
  shippingCost: (shipping, from) => `Home delivery: ${shipping}${from ? ` (free on orders from ${from})` : ''}.`,
  totalDelivered: (total) => `*Total with delivery: ${total}*`,
  instalments: (total, from, reached) =>
    reached
      ? `At ${total} you qualify for interest-free monthly instalments (on purchases from ${from}, with participating cards).`
      : `At ${total} you don't reach interest-free monthly instalments yet: they start at ${from}, with participating cards.`,
  quoteNext: (items) =>
    items === 1
      ? 'If you want it, say "I\'ll take it" and I\'ll help you order it.'
      : 'Orders go one product at a time: tell me which one to order first.',
  buttons: {
    confirm: 'Confirm',
    change: 'Change',
    cancel: 'Cancel',
    buy: 'I want it',
    sizes: 'See sizes',
    where: 'Choose delivery',
  },
};

/** "Centro, Polanco y Monterrey". */
function listOf(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

export const ORDER_COPY: Record<Language, OrderCopy> = { es, en };

/** es-MX writes times as "6:08 p.m.": the sentence's full stop is the abbreviation's own. */
function endSentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}
