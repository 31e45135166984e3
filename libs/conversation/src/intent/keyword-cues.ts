import type { Intent, ShopInfoTopic } from './detection.js';

/**
 * Phrases (comma-separated) that signal an intent or a shop-information topic, folded
 * (lower-case, no accents) and matched on whole tokens. They are the keyword half of the detector: the
 * trained model generalises, these keep the obvious cases obvious.
 */
const INTENT_CUES: ReadonlyArray<readonly [Exclude<Intent, 'shop_info' | 'other'>, number, string]> = [
  [
    'greeting',
    1,
    `hola, holi, holis, ola, hello, hi, hey, buenas, buenos dias, buen dia, buenas tardes, buenas noches, que onda, ke onda,
     q onda, que tal, quiubo, quiubole, que hubo, saludos, good morning, good afternoon, good evening, howdy, hiya`,
  ],
  [
    'thanks_goodbye',
    1,
    `gracias, grax, grasias, graxias, thx, thanks, thank you, ty, tnx, adios, bye, byebye, bai, hasta luego, hasta pronto,
     hasta manana, hasta la proxima, nos vemos, chao, chau, cuidate, see you, see ya, es todo, eso es todo, seria todo,
     that's all, thats all, muy amable, te agradezco, le agradezco, excelente dia, bonito dia, appreciate it`,
  ],
  [
    'thanks_goodbye',
    0.5,
    `ok, okay, oki, okey, okis, oka, va, vale, perfecto, listo, de acuerdo, entendido, ah ok, ah ya, great, perfect, cool, awesome, got it,
     sounds good, muy bien, esta bien`,
  ],
  [
    'price',
    1,
    `precio, precios, presio, presios, cuesta, cuestan, cuestas, costo, costos, cuanto sale, cuanto salen, cuanto es,
     cuanto son, cuanto vale, cuanto valen, cuanto cobran, cuanto cobras, cuanto esta, cuanto estan, cuanto me sale,
     cuanto me salen, cuanto seria, cuanto serian, en cuanto, a como, a cuanto, que precio, price, prices, pricing, cost,
     costs, how much, barato, baratos, barata, baratas, economico, economicos, economicas, caro, caros, cara, caras, oferta,
     ofertas, descuento, descuentos, promocion, promociones, promo, promos, rebaja, rebajas, cheap, cheaper, cheapest,
     expensive, discount, discounts, deal, deals, $, pesos, mxn`,
  ],
  ['price', 0.5, `cuanto, cuanta`],
  [
    'availability',
    1,
    `stock, existencia, existencias, disponible, disponibles, disponibilidad, quedan, queda, les queda, les quedan,
     te quedan, agotado, agotados, agotada, agotadas, se acabaron, se agoto, surtido, resurtir, resurten, cuantos hay,
     cuantos quedan, cuantas hay, cuantas quedan, cuantos tienen, cuantas tienen, in stock, available, availability,
     any left, sold out, out of stock, back in stock, restock, still have, aun hay, aun tienen, aun tienes, todavia hay,
     todavia tienen, todavia tienes, todavia quedan, aun quedan, tienen en existencia, que tallas, en que tallas,
     que numeros, what sizes, which sizes, en cual tienda, en que tienda, en cuales tiendas, en que tiendas,
     en cual sucursal, en que sucursal, en que sucursales, which store, which stores, what store, donde hay, en donde hay,
     donde los hay, donde las hay, donde lo hay, donde la hay, donde tienen, donde los tienen, donde las tienen,
     where can i get, where can i find, where do you have, cuando llegan, cuando les llegan, cuando vuelven, apartar, apartan, apartame,
     apartenme, reservar`,
  ],
  [
    'product_details',
    1,
    `material, materiales, de que es, de que son, de que material, de que esta hecho, de que estan hechos, hecho de,
     hechos de, made of, made from, what material, caracteristicas, detalles, detalle, mas info, mas informacion,
     mas detalles, informacion de, informacion del, informacion sobre, info de, info del, info sobre, medidas, mide, miden,
     como es, como son, como vienen, como viene, como quedan, como queda, como horman, como horma, como tallan, como talla,
     horma, hormas, tallan, tallan grande, tallan chico, son originales, es original, originales, original, autentico,
     autenticos, fotos, foto, imagen, imagenes, pictures, picture, photos, photo, pics, details, detail, tell me more,
     tell me about, more info, describe, description, descripcion, suela, impermeable, waterproof, que colores,
     en que colores, what colors, what colours, which colors, specs, fit, fits, run small, run big, run large,
     true to size, que marca, what brand`,
  ],
  [
    'categories',
    1,
    `categorias, categoria, catalogo, catalog, catalogue, que venden, que vendes, que manejan, que manejas, que productos,
     que cosas, que articulos, que tipo de, que tipos de, que clase de, que clases de, que mas tienen, que mas venden, que mas manejan, que ofrecen,
     que me ofreces, secciones, departamentos, lineas, marcas, brands, what do you sell, what do you guys sell, what do you have,
     what do you carry, what else do you, what kind of, what products, categories, product lines, departments`,
  ],
  ['categories', 0.5, `que tienen, que tienes, que hay`],
  [
    'product_search',
    0.5,
    `busco, buscando, buscaba, ando buscando, quiero, queria, quisiera, necesito, ocupo, ocupaba, tienen, tienes, tendran,
     tendras, manejan, manejas, venden, vendes, me muestras, muestrame, muestreme, ensename, quiero ver, me ensenas,
     me recomiendas, recomiendame, recomiendan, looking for, do you have, do you sell, do you carry, you have, got any,
     i want, i need, i'd like, show me, recommend, something for, algo para, necesita, necesitan, necesitamos, ocupa,
     ocupan, ocupamos, busca, buscamos, anda buscando, andamos buscando, quiere, queremos, para mi hijo, para mi hija,
     para mis hijos, para mi nino, para mi nina, para mi esposo, para mi esposa, for my son, for my daughter, for my kids`,
  ],
];

/**
 * Days of the week say when, which is often about the hours ("¿abren el domingo?") and as
 * often about something else ("zapatos para una boda el sábado"): they count for the hours
 * only when nothing in the message names a product (`Cues.daysOnly`).
 */
const DAY_CUES = `domingo, domingos, sabado, sabados, weekend, weekends, sunday, sundays, saturday, saturdays, fin de semana`;

const TOPIC_CUES: ReadonlyArray<readonly [ShopInfoTopic, string]> = [
  [
    'hours',
    `horario, horarios, hora, horas, abren, abre, abres, cierran, cierra, cierras, abierto, abiertos, abierta, cerrado,
     cerrados, a que hora, hasta que hora, open, opens, opening, close, closes, closing, hours, festivo, festivos,
     dias festivos, what time`,
  ],
  [
    'address',
    `direccion, direcciones, ubicacion, ubicaciones, ubicados, ubicada, ubicado, donde estan, donde esta la tienda,
     donde se encuentran, donde queda, donde quedan, donde los encuentro, donde puedo ir, donde los veo, como llego,
     como llegar, mapa, maps, address, location, located, where are you, where is the store, where is your store,
     where's the store, where's the, where is the, where are the, donde esta la tienda, donde esta la sucursal,
     donde queda la tienda, donde queda la sucursal, donde esta la de, donde esta el de, donde queda la de,
     donde queda el de, donde esta la del, donde queda la del, como llego a la de, where's the store, en que parte,
     por que parte, en que zona, por que zona, por donde queda, por donde esta, en que calle, que calle, what street,
     which street`,
  ],
  [
    'stores',
    `sucursal, sucursales, tiendas, tienda fisica, tiendas fisicas, tienen tienda, hay tienda, otra tienda, otras tiendas,
     cuantas tiendas, stores, branches, branch, physical store, a store, your store, your stores, locales`,
  ],
  [
    'payment',
    `pago, pagos, pagar, formas de pago, metodos de pago, tarjeta, tarjetas, credito, debito, efectivo, transferencia,
     transferencias, deposito, depositar, oxxo, paypal, mercado pago, mercadopago, meses sin intereses, a meses, msi, spei,
     visa, mastercard, amex, american express, pay, payment, payments, card, cards, cash, credit, debit, installments,
     contra entrega, contraentrega, vales, vales de despensa, monedero electronico`,
  ],
  [
    'shipping',
    `envio, envios, envian, envias, enviar, envia, mandan a, mandan hasta, mandas hasta, manda hasta, envian hasta,
     envias hasta, llegan hasta, llega hasta, hacen envios, me lo mandan, me la mandan, me los mandan, me las mandan,
     me lo envian, me la envian, me los envian, me las envian, lo mandan, los mandan, mandarlo, mandarlos, enviarlo,
     enviarlos, send it, send them, ship to, deliver to, ship it to, send it to, paqueteria, paqueterias, fedex, dhl, estafeta,
     entregan, entrega, entregas, a domicilio, shipping, ship, ships, deliver, delivers, delivery, deliveries, cuanto tarda,
     cuanto tardan, tarda, tardan, dias en llegar, en cuanto llega, cuando llega, en cuantos dias, cuantos dias tarda,
     cuantos dias tardan, llega, llegaria, rastreo, tracking`,
  ],
  [
    'returns',
    `devolucion, devoluciones, devolver, regresar, reembolso, reembolsos, cambio, cambios, cambiar, garantia, garantias,
     cambiarlo, cambiarla, cambiarlos, cambiarlas, devolverlo, devolverla, devolverlos, devolverlas, regresarlo,
     regresarla, regresarlos, regresarlas, return, returns, refund, refunds, exchange, exchanges, warranty, no me quedaron,
     no me quedo, no me queda, no me quedan`,
  ],
];

function matcher(list: string): { pattern: RegExp; words: string[] } {
  const all = list
    .split(',')
    .map((phrase) => phrase.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  const alternatives = all
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return {
    pattern: new RegExp(`(?<=^| )(?:${alternatives})(?= |$)`, 'g'),
    words: all.flatMap((phrase) => phrase.split(' ')),
  };
}

const INTENT_MATCHERS = INTENT_CUES.map(([intent, weight, list]) => ({ intent, weight, ...matcher(list) }));
const TOPIC_MATCHERS = TOPIC_CUES.map(([topic, list]) => ({ topic, ...matcher(list) }));
const DAY_MATCHER = matcher(DAY_CUES);

/** Every word of every cue: they ask for something, they never name the product. */
export const CUE_WORDS: ReadonlySet<string> = new Set(
  [...INTENT_MATCHERS, ...TOPIC_MATCHERS, DAY_MATCHER].flatMap(({ words }) => words),
);

export interface Cues {
  /** Summed cue weights per intent (shop topics count for `shop_info`). */
  scores: Map<Intent, number>;
  /** The shop-information topic with most cues, if any. */
  topic?: ShopInfoTopic;
  /** Every topic with a cue, in the order the message asks them (two questions in one message). */
  topics: ShopInfoTopic[];
  /** The topic is the hours only because the message names a day ("…el sábado"). */
  daysOnly?: boolean;
}

/** "¿Dónde hay tienda?" asks where the shop is, not where a product is in stock. */
const WHERE_IS_A_STORE = /(?<=^| )(?:en )?donde (?:hay|tienen) (?:tiendas?|sucursal(?:es)?)(?= |$)/g;

export function findCues(tokens: readonly string[]): Cues {
  const text = tokens.join(' ').replace(WHERE_IS_A_STORE, 'donde esta la tienda');
  const scores = new Map<Intent, number>();
  for (const { intent, weight, pattern } of INTENT_MATCHERS) {
    const hits = text.match(pattern)?.length ?? 0;
    if (hits > 0) scores.set(intent, (scores.get(intent) ?? 0) + weight * hits);
  }
  let topic: ShopInfoTopic | undefined;
  let topicHits = 0;
  const asked: { topic: ShopInfoTopic; at: number }[] = [];
  for (const { topic: candidate, pattern } of TOPIC_MATCHERS) {
    const found = [...text.matchAll(pattern)];
    if (found.length > 0) asked.push({ topic: candidate, at: found[0].index });
    if (found.length > topicHits) {
      topic = candidate;
      topicHits = found.length;
    }
  }
  if (!topic) {
    const days = text.match(DAY_MATCHER.pattern)?.length ?? 0;
    if (days > 0) {
      scores.set('shop_info', days);
      return { scores, topic: 'hours', topics: ['hours'], daysOnly: true };
    }
  }
  if (topic) scores.set('shop_info', topicHits);
  return { scores, topic, topics: asked.sort((a, b) => a.at - b.at).map((a) => a.topic) };
}
