import {
  CATALOGUE,
  ORDER,
  PAYMENT,
  OPT_OUT,
  INFO,
  GREETING,
  THANKS,
  COMPLAINT,
  complaint,
  quiet,
  ADULTS,
  KIDS,
  ASKS_SIZE,
  SHIPPING_CHARGED,
  NONE_LEFT,
} from './expectations.js';
import type { BenchConversation } from './types.js';

/**
 * The fifth held-out table for `npm run bench:conversations` (`BENCH_SET=5`): written blind on
 * the successor of `c1ab26b`, after all four earlier tables had been tuned against, as the judge
 * of the fourth round — does what was fixed on the fourth table (`held-out-4.ts`) carry over to
 * customers nobody has tuned against? Same demo shop (Paso Firme, `catalogue.json`,
 * `shop-profile.json`), same categories in about the same proportions, same kinds of
 * expectations; other customers, mostly products the other tables hardly use (the padded winter
 * jacket at exactly the free-shipping amount, men's loafers, the school backpack, platform
 * sandals, men's Chelsea boots, the Nopal trucker cap at $279.50, slippers, sports socks at
 * $199.90, flannel shirts, the Mazahua embroidered bag, the denim jacket, basketball shoes, the
 * Yalálag and three-stitch huaraches, desert boots, light-up kids' sneakers, the zip sports
 * sweatshirt, the Chiapas blouse, girls' school shoes, women's denim shorts, a skirt the shop
 * does not sell) and other ways of saying things — norteño, chilango and tapatío WhatsApp
 * Spanish ("quiubo", "arre", "ándale", "carnal", "chingona", "perrona", "el jale", "la duela",
 * "guarachis", "morralitos", "fresquecitos"), typos and no accents, voice-note run-ons, emojis,
 * two questions in one message, corrections ("ay no perdón, mejor en beige", "me equivoqué, soy
 * del 26 y medio"), "el segundo" of a list, a store named by its suburb ("la de San Pedro"), 5
 * pairs that still fall short of free shipping, taps on the rows and buttons the previous reply
 * offered, customers back after closing, US sizes, English and Spanglish.
 *
 * Keep these sentences out of the intent corpus, the tests and the other tables, and do not tune
 * against this one either: once it is tuned against it stops measuring generalisation.
 *
 * Expectations state what a good shop assistant does, not what any engine says today. Intent
 * labels are kept permissive (a set, with `*`), as in the other tables.
 */

/** The shop sells no such thing (skirts): said so. */
const NOT_SOLD = `${NONE_LEFT}|don.?t (carry|sell)|no (manejamos|vendemos)|we only`;

export const CONVERSATIONS: BenchConversation[] = [
  // ----------------------------------------------------------------------------------- sale
  {
    id: 'sale5-acolchada',
    category: 'sale',
    profileName: 'Don Ramiro',
    turns: [
      {
        say: 'oiga buenas noches, la chamarra acolchada de dama en beige talla M la tiene? es pa mi señora aqui en saltillo que esta haciendo un frio de aquellos',
        note: 'beige M: Polanco 2, Guadalajara 4, Monterrey 2',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['CHA-0004-BEI'], size: 'M' },
          minProducts: 1,
          names: ['Chamarra Acolchada Invierno'],
        },
      },
      {
        say: 'mandemela pues, cuanto queda con todo y envio?',
        note: '1,499 is exactly the free-shipping amount ("desde $1,499"): no $149',
        expect: {
          intent: [...ORDER, ...INFO],
          products: { sku: ['CHA-0004-BEI'] },
          mustQuote: [1499],
          avoids: [SHIPPING_CHARGED, '1,?648', ASKS_SIZE],
        },
      },
      {
        say: 'ándale, confirmo',
        expect: { intent: ORDER, order: { sku: 'CHA-0004-BEI', size: 'M', quantity: 1, fulfilment: 'delivery' } },
      },
      { say: 'muy amable joven, que dios se lo pague', expect: { intent: THANKS } },
    ],
  },
  {
    id: 'sale5-mocasin-tap',
    category: 'sale',
    profileName: 'Lic. Ortega',
    turns: [
      {
        say: 'buenas tardes, q zapatos de caballero tienen del 26 y medio? algo pa la oficina',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Zapatos'], gender: ['Hombre', 'Unisex'], size: '26.5' },
          minProducts: 2,
        },
      },
      {
        tap: 'Mocasin',
        note: 'the size stays on a tap',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['ZAP-0002'], size: '26.5' },
          names: ['Mocasín Antifaz Lorenzo'],
        },
      },
      {
        say: 'en cafe, lo recojo en el centro mañana temprano',
        note: 'café 26.5: Centro has 6',
        expect: {
          intent: ORDER,
          products: { sku: ['ZAP-0002-CAF'] },
          mustQuote: [1399],
          mentions: ['total'],
          avoids: [ASKS_SIZE],
        },
      },
      {
        tap: 'Confirmar',
        expect: { intent: ORDER, order: { sku: 'ZAP-0002-CAF', size: '26.5', quantity: 1, fulfilment: 'CEN' } },
      },
    ],
  },
  {
    id: 'sale5-mochilas',
    category: 'sale',
    profileName: 'Mamá de los Trillizos',
    turns: [
      {
        say: 'hola, manejan mochilas pa la escuela? las quiero rojas',
        note: 'red: Centro 6, Polanco 4, Monterrey 1',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['BOL-0003-ROJ'] },
          minProducts: 1,
          names: ['Mochila Escolar Resistente'],
        },
      },
      {
        say: 'ocupo 3 de esas, una pa cada chamaco, me las mandan a toluca?',
        note: '3 × 699 = 2,097: from $1,499 shipping is free',
        expect: {
          intent: [...ORDER, ...INFO],
          products: { sku: ['BOL-0003-ROJ'] },
          mustQuote: [2097],
          avoids: [SHIPPING_CHARGED, '2,?246'],
        },
      },
      {
        say: 'si porfa, adelante',
        expect: { intent: ORDER, order: { sku: 'BOL-0003-ROJ', quantity: 3, fulfilment: 'delivery' } },
      },
    ],
  },
  {
    id: 'sale5-chelsea',
    category: 'sale',
    profileName: 'Chuy Garza',
    turns: [
      {
        say: 'quiubo, tienen botines chelsea pa hombre en negro del 28 y medio? estoy en monterrey',
        note: 'black 28.5: Monterrey has 4',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['BOT-0005-NEG'], size: '28.5' },
          minProducts: 1,
          mentions: ['monterrey'],
        },
      },
      {
        say: 'arre, apartamelo en la de san pedro, paso el sabado',
        note: 'the Monterrey store is in San Pedro Garza García (shop profile)',
        expect: {
          intent: ORDER,
          products: { sku: ['BOT-0005-NEG'] },
          mustQuote: [1799],
          mentions: ['total'],
          avoids: [ASKS_SIZE],
        },
      },
      {
        say: 'ándale, confírmalo',
        expect: { intent: ORDER, order: { sku: 'BOT-0005-NEG', size: '28.5', quantity: 1, fulfilment: 'MTY' } },
      },
    ],
  },
  {
    id: 'sale5-plataforma',
    category: 'sale',
    profileName: 'Fer 🌻',
    turns: [
      {
        say: 'holaa quiero las sandalias de plataforma sol en blanco del 24 porfa 🙏',
        expect: {
          intent: [...CATALOGUE, ...ORDER],
          products: { sku: ['SAN-0006'], size: '24' },
          minProducts: 1,
        },
      },
      {
        say: 'ay no perdon, mejor en beige',
        note: 'a correction: beige, still 24',
        expect: {
          intent: [...CATALOGUE, ...ORDER],
          products: { sku: ['SAN-0006-BEI'], size: '24' },
          minProducts: 1,
          avoids: [ASKS_SIZE],
        },
      },
      {
        say: 'las recojo en polanco',
        note: 'beige 24: Polanco has 5',
        expect: {
          intent: ORDER,
          products: { sku: ['SAN-0006-BEI'] },
          mustQuote: [699],
          mentions: ['total'],
          avoids: [ASKS_SIZE],
        },
      },
      {
        say: 'sip, confirmo 👍',
        expect: { intent: ORDER, order: { sku: 'SAN-0006-BEI', size: '24', quantity: 1, fulfilment: 'POL' } },
      },
    ],
  },
  {
    id: 'sale5-direccion',
    category: 'sale',
    profileName: 'Marisol',
    turns: [
      {
        say: 'oigan hice un pedido hace rato y puse mal el numero de la casa, es el 54 no el 45, lo pueden corregir?',
        note: 'a stored order changed: a person does it',
        expect: { intent: [...PAYMENT, ...ORDER, ...COMPLAINT], action: 'handoff' },
      },
      { say: 'ok gracias, quedo pendiente', expect: quiet },
    ],
  },

  // --------------------------------------------------------------------------------- budget
  {
    id: 'budget5-gorras',
    category: 'budget',
    profileName: 'Toño',
    turns: [
      {
        say: 'cual es la gorra mas barata q tienen?',
        note: 'the running cap, $259 (the Nopal trucker is $279.50, the baseball cap $299)',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Gorras'] },
          names: ['Gorra Deportiva para Correr'],
          mustQuote: [259],
        },
      },
      {
        say: 'y la del nopal? si me llevo 2 cuanto seria',
        note: '2 × 279.50 = 559',
        expect: { intent: [...CATALOGUE, ...ORDER], products: { sku: ['GOR-0002'] }, mustQuote: [559] },
      },
    ],
  },
  {
    id: 'budget5-pantuflas',
    category: 'budget',
    profileName: 'Tía Chela',
    turns: [
      {
        say: 'ocupo 4 pares de pantuflas pa regalo de navidad, cuanto seria con envio a merida?',
        note: '4 × 299 = 1,196, under $1,499: + $149 = 1,345',
        expect: { intent: [...CATALOGUE, ...ORDER, ...INFO], mustQuote: [1345] },
      },
      {
        say: 'y si son 5 pares ya me sale gratis el envio?',
        note: '5 × 299 = 1,495: still under $1,499, so + $149 = 1,644',
        expect: { intent: [...CATALOGUE, ...ORDER, ...INFO], mustQuote: [1644] },
      },
    ],
  },
  {
    id: 'budget5-botas',
    category: 'budget',
    profileName: 'Yesenia',
    turns: [
      {
        say: 'q botas vaqueras de dama tienen entre 1500 y 2800?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Mujer', 'Unisex'], minPrice: 1500, maxPrice: 2800 },
          names: ['Bota Vaquera Rodeo Dama'],
        },
      },
      {
        say: 'y pa mi esposo, unas botas o botines de hombre que no pasen de 1700?',
        note: "men's boots up to $1,700: only the desert boot ($1,599)",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'], maxPrice: 1700 },
          names: ['Botín Desierto'],
        },
      },
    ],
  },
  {
    id: 'budget5-franela',
    category: 'budget',
    profileName: 'Neto',
    turns: [
      {
        say: 'si me llevo 3 camisas de franela me hacen descuento?',
        note: 'no discount in the shop profile: 3 × 599 = 1,797, no invented percentage',
        expect: { intent: [...CATALOGUE, ...ORDER, ...INFO], mustQuote: [1797] },
      },
      {
        say: 'y las puedo pagar a meses?',
        note: '1,797 is under the $2,000 the instalments start at',
        expect: { intent: [...INFO, ...CATALOGUE, ...ORDER], mentions: ['2,?000'] },
      },
    ],
  },
  {
    id: 'budget5-calcetines',
    category: 'budget',
    profileName: 'Coach Memo',
    turns: [
      {
        say: 'cuanto salen 6 paquetes de los calcetines deportivos?',
        note: '6 × 199.90 = 1,199.40',
        expect: { intent: [...CATALOGUE, ...ORDER], products: { sku: ['CAL-0001'] }, mustQuote: [1199.4] },
      },
      {
        say: 'y con envio a tijuana?',
        note: 'under $1,499: 1,199.40 + 149 = 1,348.40',
        expect: { intent: [...CATALOGUE, ...ORDER, ...INFO], mustQuote: [1348.4] },
      },
    ],
  },

  // ------------------------------------------------------------------------------ complaint
  {
    id: 'complaint5-tardanza',
    category: 'complaint',
    profileName: 'Sra. Lozano',
    turns: [
      {
        say: 'oigan buenas tardes mire le escribo porque hice un pedido hace como dos semanas y me dijeron que de dos a cinco dias y nada que llega y ya les marque y nadie me contesta que pedo con ustedes',
        expect: complaint({ echoWords: ['pedo'] }),
      },
      { say: '??', expect: quiet },
    ],
  },
  {
    id: 'complaint5-mochila',
    category: 'complaint',
    profileName: 'Karla',
    turns: [
      { say: 'me llego una mochila azul y yo la pedi negra 😡 ahora q hago', expect: complaint() },
      { say: 'ok espero', expect: quiet },
    ],
  },
  {
    id: 'complaint5-rateros',
    category: 'complaint',
    profileName: 'Memo R',
    turns: [
      {
        say: 'son unos pinches rateros, me cobraron el pedido y nunca me mandaron nada',
        expect: complaint({ echoWords: ['pinches', 'rateros'] }),
      },
      { say: 'contesten', expect: quiet },
    ],
  },
  {
    id: 'complaint5-borrar',
    category: 'complaint',
    profileName: 'Anónimo',
    turns: [
      {
        say: 'dejen de mandarme mensajes, y borren mis datos, nombre telefono todo',
        expect: { intent: OPT_OUT, action: 'opt_out', erasureRequested: true },
      },
      { say: 'gracias', expect: quiet },
    ],
  },
  {
    id: 'complaint5-robot',
    category: 'complaint',
    profileName: 'Xime',
    turns: [
      {
        say: 'tienes la blusa chiapas roja en G?',
        note: 'red G: only Guadalajara (3)',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['BLU-0001-ROJ'], size: 'G' },
          minProducts: 1,
          mentions: ['guadalajara'],
        },
      },
      { say: 'ash no me sirve esto 🙄 mejor pasame con alguien de la tienda', expect: complaint() },
    ],
  },

  // ----------------------------------------------------------------------------------- echo
  {
    id: 'echo5-cachucha',
    category: 'echo',
    profileName: 'Beto Treviño',
    turns: [
      {
        say: 'ando buscando una cachucha bien perrona pa el jale, algo sencillo',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Gorras'] },
          minProducts: 1,
          echoWords: ['perrona', 'jale'],
        },
      },
      {
        say: 'la beisbolera negra hay en mty?',
        note: 'black: Monterrey has 2',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['GOR-0001-NEG'] },
          minProducts: 1,
          mentions: ['monterrey|mty'],
        },
      },
    ],
  },
  {
    id: 'echo5-guarachis',
    category: 'echo',
    profileName: 'El Chino',
    turns: [
      {
        say: 'unos guarachis pa la playa bien fresquecitos, del 27 porfa',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Huaraches', 'Sandalias'], gender: ADULTS, size: '27' },
          minProducts: 1,
          echoWords: ['guarachis', 'fresquecitos'],
        },
      },
      {
        say: 'los de tres puntadas negros cuanto?',
        note: 'black 27: Polanco 1, Monterrey 5',
        expect: { intent: CATALOGUE, products: { sku: ['HUA-0002-NEG'], size: '27' }, mustQuote: [599] },
      },
    ],
  },
  {
    id: 'echo5-morral',
    category: 'echo',
    profileName: 'Paty Villa',
    turns: [
      {
        say: 'tienen morralitos o bolsas bordadas de esas artesanales? pa regalarle a mi suegra',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Bolsas'] },
          names: ['Bolsa Bordada Mazahua'],
          echoWords: ['morralitos'],
        },
      },
      {
        say: 'la negra tienen?',
        note: 'the black one has no units anywhere: say so (the white is in Guadalajara)',
        expect: { intent: CATALOGUE, products: { sku: ['BOL-0002'] }, mentions: [NONE_LEFT] },
      },
    ],
  },
  {
    id: 'echo5-mezclilla',
    category: 'echo',
    profileName: 'Rulo',
    turns: [
      {
        say: 'oye carnal, tienes chamarra de mezclilla bien chingona estilo rockerillo? soy mediana',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['CHA-0003'], size: 'M' },
          names: ['Chamarra de Mezclilla'],
          echoWords: ['carnal', 'chingona', 'rockerillo'],
        },
      },
      {
        say: 'la negra, la tienen en polanco?',
        note: 'black M: Polanco has 4',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['CHA-0003-NEG'], size: 'M' },
          minProducts: 1,
          mentions: ['polanco'],
        },
      },
    ],
  },
  {
    id: 'echo5-duela',
    category: 'echo',
    profileName: 'Santi',
    turns: [
      {
        say: 'unos tenis pa la duela tipo los de la nba, calzo 29',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], size: '29' },
          names: ['Tenis de Básquetbol Clavada'],
          echoWords: ['duela', 'nba'],
        },
      },
      {
        say: 'en rojo cuanto?',
        note: 'red 29: every store has some',
        expect: { intent: CATALOGUE, products: { sku: ['TEN-0014-ROJ'], size: '29' }, mustQuote: [1999] },
      },
    ],
  },

  // --------------------------------------------------------------------------- sizes/memory
  {
    id: 'memory5-hortensia',
    category: 'sizes/memory',
    profileName: 'Tencha',
    turns: [
      {
        say: 'buenas tardes, soy Hortensia, calzo del 25 y de ropa soy G',
        note: "the customer's own name wins over the WhatsApp profile's",
        expect: { facts: { name: 'Hortensia', shoe_size: '25' }, avoids: ['\\bTencha\\b'] },
      },
      {
        say: 'q sandalias de piso tienen?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Sandalias', 'Huaraches'], gender: ADULTS, size: '25' },
          minProducts: 1,
        },
      },
      {
        say: 'y la blusa campesina hay en mi talla?',
        note: 'her clothing size, G: pink and yellow have it',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['BLU-0002'], size: 'G' },
          minProducts: 1,
          avoids: [ASKS_SIZE],
        },
      },
    ],
  },
  {
    id: 'memory5-hortensia-despues',
    category: 'sizes/memory',
    profileName: 'Tencha',
    later: 'memory5-hortensia',
    turns: [
      {
        say: 'hola otra vez! ahora ando buscando botines',
        note: 'the shoe size from the last conversation (25)',
        expect: {
          intent: [...CATALOGUE, ...GREETING],
          products: { category: ['Botas'], gender: ADULTS, size: '25' },
          minProducts: 1,
          avoids: [ASKS_SIZE],
        },
      },
      {
        say: 'el chelsea sofia en cafe hay en monterrey?',
        note: 'café 25: Monterrey has 4',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['BOT-0004-CAF'], size: '25' },
          minProducts: 1,
          mentions: ['monterrey'],
        },
      },
    ],
  },
  {
    id: 'memory5-desierto-us',
    category: 'sizes/memory',
    profileName: 'Gus',
    turns: [
      {
        say: 'mi talla en usa es 9.5, tienen botines de gamuza pa hombre?',
        note: "US men's 9.5 = MX 27.5",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'], size: '27.5' },
          names: ['Botín Desierto'],
        },
      },
      {
        say: 'el gris hay en polanco?',
        note: 'grey 27.5: Polanco has 2',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['BOT-0009-GRI'], size: '27.5' },
          minProducts: 1,
          mentions: ['polanco'],
        },
      },
    ],
  },
  {
    id: 'memory5-luces',
    category: 'sizes/memory',
    profileName: 'Nayeli',
    turns: [
      {
        say: 'tenis con lucecitas pa mi niña, calza del 18',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['TEN-0011'], gender: KIDS, size: '18' },
          names: ['Tenis con Luces Colibrí'],
        },
      },
      {
        say: 'y pa mi unos sin agujetas, yo soy del 24',
        note: "now the mother's: adults, 24",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ADULTS, size: '24' },
          names: ['Tenis sin Agujetas Brisa'],
        },
      },
      {
        say: 'los de la niña en morado cuanto y donde hay',
        note: "back to the girl's, still 18: purple 18 at Centro (2) and Guadalajara (2)",
        expect: {
          intent: CATALOGUE,
          products: { sku: ['TEN-0011-MOR'], size: '18' },
          mustQuote: [699],
          mentions: ['centro|guadalajara'],
        },
      },
    ],
  },
  {
    id: 'memory5-sudadera-tap',
    category: 'sizes/memory',
    profileName: 'Iván',
    turns: [
      {
        say: 'q sudaderas tienen en CH?',
        expect: { intent: CATALOGUE, products: { category: ['Sudaderas'], size: 'CH' }, minProducts: 2 },
      },
      {
        tap: 'Cierre',
        note: 'the size stays on a tap',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['SUD-0003'], size: 'CH' },
          names: ['Sudadera Deportiva con Cierre'],
        },
      },
      {
        say: 'la azul, cuantas quedan en el centro?',
        note: 'blue CH: Centro has 3',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['SUD-0003-AZU'], size: 'CH' },
          minProducts: 1,
          mentions: ['centro'],
        },
      },
    ],
  },
  {
    id: 'memory5-yalalag',
    category: 'sizes/memory',
    profileName: 'Lalo',
    turns: [
      {
        say: 'unos huaraches yalalag del 26',
        expect: { intent: CATALOGUE, products: { sku: ['HUA-0001'], size: '26' }, minProducts: 1 },
      },
      {
        say: 'ay no, me equivoque, soy del 26 y medio',
        note: 'a correction: now 26.5',
        expect: { intent: CATALOGUE, products: { sku: ['HUA-0001'], size: '26.5' }, minProducts: 1 },
      },
      {
        say: 'el beige, donde lo tienen?',
        note: 'beige 26.5: Centro 1, Guadalajara 1',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['HUA-0001-BEI'], size: '26.5' },
          mentions: ['centro|guadalajara'],
        },
      },
    ],
  },
  {
    id: 'memory5-chelsea-despues',
    category: 'sizes/memory',
    profileName: 'Chuy Garza',
    later: 'sale5-chelsea',
    turns: [
      {
        say: 'quiubo otra vez, ahora ocupo unas botas de trabajo con casquillo, la misma talla de la otra vez',
        note: 'the size of the last order (28.5): the work boot has it in both colours',
        expect: {
          intent: [...CATALOGUE, ...GREETING],
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'], size: '28.5' },
          names: ['Bota de Trabajo Minero'],
          avoids: [ASKS_SIZE],
        },
      },
    ],
  },

  // ------------------------------------------------------------------------------- browsing
  {
    id: 'browse5-monterrey',
    category: 'browsing',
    profileName: 'Lore',
    turns: [
      { say: 'a q hora abren el domingo en la de monterrey?', expect: { intent: INFO, mentions: ['12:00'] } },
      { say: 'y entre semana a q hora cierran?', expect: { intent: INFO, mentions: ['20:00'] } },
      { say: 'me pasas la direccion porfa', expect: { intent: INFO, mentions: ['del valle'] } },
    ],
  },
  {
    id: 'browse5-sucursales',
    category: 'browsing',
    profileName: 'Don Fito',
    turns: [
      {
        say: 'cuantas sucursales tienen y en donde?',
        expect: { intent: INFO, mentions: ['guadalajara', 'monterrey', 'polanco|centro|ciudad de m[eé]xico|cdmx'] },
      },
      { say: 'la del centro en q calle esta?', expect: { intent: INFO, mentions: ['madero'] } },
      { say: 'tienen telefono ahi?', expect: { intent: INFO, mentions: ['5512 ?3400'] } },
    ],
  },
  {
    id: 'browse5-pago-envio',
    category: 'browsing',
    profileName: 'Claudia',
    turns: [
      {
        say: 'aceptan american express? y mandan a todo mexico?',
        note: 'two questions: payment and shipping',
        expect: {
          intent: INFO,
          mentions: ['american express|amex', 'todo m[eé]xico|paqueter|2 a 5|\\$\\s?149'],
        },
      },
      {
        say: 'cuanto tarda en llegar a merida mas o menos',
        expect: { intent: INFO, mentions: ['2 a 5|2 y 5|2-5|2–5'] },
      },
      { say: 'y si no me queda la talla lo puedo cambiar?', expect: { intent: INFO, mentions: ['30'] } },
    ],
  },
  {
    id: 'browse5-ninos',
    category: 'browsing',
    profileName: 'Abuela Carmen',
    turns: [
      {
        say: 'que ropa tienen pa niño de 8 años?',
        expect: { intent: [...CATALOGUE, ...INFO], products: { gender: KIDS, size: '8' }, minProducts: 2 },
      },
      {
        say: 'el segundo en cuanto sale?',
        note: 'one product of the list, with its price',
        expect: {
          intent: CATALOGUE,
          products: { gender: KIDS },
          minProducts: 1,
          maxProducts: 1,
          mentions: ['\\$\\s?\\d'],
        },
      },
    ],
  },
  {
    id: 'browse5-cambio-gdl',
    category: 'browsing',
    profileName: 'Pau',
    turns: [
      {
        say: 'compre en linea, lo puedo cambiar en la tienda de gdl?',
        expect: { intent: INFO, mentions: ['30|ticket|sin uso'] },
      },
      { say: 'y los cambios de talla cuestan?', expect: { intent: INFO, mentions: ['gratis|sin costo'] } },
      { say: 'ok y los sabados a q hora cierran alla?', expect: { intent: INFO, mentions: ['20:00'] } },
    ],
  },

  // -------------------------------------------------------------------------------- english
  {
    id: 'en5-slippers',
    category: 'english',
    profileName: 'Jenny',
    turns: [
      {
        say: 'hi! do u sell slippers? want something cozy for my mom, she wears a 7 US',
        note: "US women's 7 = MX 24",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Sandalias'], gender: ADULTS, size: '24' },
          names: ['Pantufla Descanso'],
        },
      },
      {
        say: 'the pink ones, how much w shipping to oaxaca?',
        note: 'under $1,499: 299 + 149 = 448',
        expect: { intent: [...CATALOGUE, ...ORDER, ...INFO], mustQuote: [448] },
      },
    ],
  },
  {
    id: 'en5-skirt',
    category: 'english',
    profileName: 'Megan',
    turns: [
      {
        say: 'do you have skirts? like a denim mini skirt',
        note: 'the catalogue has no skirts: say so (denim shorts or dresses are fair to offer)',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Shorts', 'Vestidos', 'Jeans'], gender: ['Mujer', 'Unisex'] },
          mentions: [NOT_SOLD],
        },
      },
      {
        say: 'ok the denim shorts then, size 7, any at the guadalajara store?',
        note: 'size 7 at Guadalajara: the blue ones (6); the white have none there',
        expect: {
          intent: CATALOGUE,
          products: { sku: ['SHO-0003'], size: '7' },
          minProducts: 1,
          mentions: ['guadalajara|gdl', 'azul|blue'],
        },
      },
    ],
  },
  {
    id: 'en5-polanco-hours',
    category: 'english',
    profileName: 'Tom',
    turns: [
      {
        say: 'hey what time does the polanco store close on saturday',
        expect: { intent: INFO, mentions: ['21:00|9 ?pm'] },
      },
      { say: 'and sunday?', expect: { intent: INFO, mentions: ['19:00|7 ?pm'] } },
    ],
  },
  {
    id: 'en5-chiapas-spanglish',
    category: 'english',
    profileName: 'Vanessa R.',
    turns: [
      {
        say: 'hola! I want la blusa bordada chiapas in white, talla M, can u send it to monterrey?',
        note: 'under $1,499: 899 + 149 = 1,048',
        expect: {
          intent: [...ORDER, ...CATALOGUE],
          products: { sku: ['BLU-0001-BLA'] },
          mustQuote: [1048],
          avoids: [ASKS_SIZE],
        },
      },
      {
        say: 'yep go ahead',
        expect: { intent: ORDER, order: { sku: 'BLU-0001-BLA', size: 'M', quantity: 1, fulfilment: 'delivery' } },
      },
    ],
  },
  {
    id: 'en5-refund',
    category: 'english',
    profileName: 'Mark D',
    turns: [
      {
        say: "I sent the boots back 3 weeks ago and still haven't got my money back. this is ridiculous",
        expect: complaint(),
      },
      { say: 'anyone there??', expect: quiet },
    ],
  },
  {
    id: 'en5-school-shoes',
    category: 'english',
    profileName: 'Laura P',
    turns: [
      {
        say: "what's the cheapest school shoe u have for a girl? she's a mexican 20",
        note: "girls' school shoes in 20: the Guillermina, $579",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Zapatos', 'Tenis'], gender: ['Niña', 'Unisex'], size: '20' },
          names: ['Zapato Escolar Guillermina'],
          mustQuote: [579],
        },
      },
      {
        say: "white, 2 pairs, we'll pick them up at the downtown store",
        note: 'white 20: Centro has 5; 2 × 579 = 1,158',
        expect: {
          intent: ORDER,
          products: { sku: ['ZAP-0005-BLA'] },
          mustQuote: [1158],
          avoids: [ASKS_SIZE],
        },
      },
      {
        say: 'yes thats right',
        expect: { intent: ORDER, order: { sku: 'ZAP-0005-BLA', size: '20', quantity: 2, fulfilment: 'CEN' } },
      },
    ],
  },
];
