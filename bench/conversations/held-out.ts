import {
  CATALOGUE,
  ORDER,
  PAYMENT,
  OPT_OUT,
  INFO,
  GREETING,
  THANKS,
  complaint,
  quiet,
  ADULTS,
  KIDS,
  ASKS_SIZE,
} from './expectations.js';
import type { BenchConversation } from './types.js';

/**
 * Held-out conversations for `npm run bench:conversations`: customers of the demo shop (Paso
 * Firme, `catalogue.json`) as they write on WhatsApp — Mexican Spanish with slang, typos and no
 * accents, voice-note run-ons, some English — written for this table and for nothing else:
 * do not copy these sentences into the intent corpus or the tests, or the figure stops
 * meaning anything.
 *
 * Expectations state what a right answer is, not what any engine says today: the products
 * within the customer's filters, every figure from the catalogue (or the shop profile), the
 * sale closed one question at a time and stored, complaints apologised for and handed to a
 * person, opt-outs honoured, nothing the customer said quoted back, sizes and names kept.
 * Intent labels are kept permissive (a set, with `*`): labels are an engine's own.
 */

export const CONVERSATIONS: BenchConversation[] = [
  // ----------------------------------------------------------------------------------- sale
  {
    id: 'sale-lona-centro',
    category: 'sale',
    profileName: 'Maru Gtz',
    turns: [
      {
        say: 'buenas tardes, ando buscando tenis de lona blancos',
        expect: { intent: CATALOGUE, products: { category: ['Tenis'], colour: ['blanco'] }, minProducts: 1 },
      },
      {
        say: 'hay en 26?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], colour: ['blanco'], size: '26' },
          minProducts: 1,
        },
      },
      {
        tap: 'Lona Clásico',
        note: 'the size said before is kept on a tap',
        expect: { intent: CATALOGUE, products: { sku: ['TEN-0004-BLA'], size: '26' }, minProducts: 1 },
      },
      {
        tap: 'Lo quiero',
        expect: { intent: ORDER, products: { sku: ['TEN-0004-BLA'] }, avoids: [ASKS_SIZE] },
      },
      {
        say: 'apartamelo en centro porfa',
        expect: { intent: ORDER, products: { sku: ['TEN-0004-BLA'] }, mustQuote: [649], mentions: ['total'] },
      },
      {
        say: 'si, confirmo',
        expect: {
          intent: ORDER,
          order: { sku: 'TEN-0004-BLA', size: '26', quantity: 1, fulfilment: 'CEN' },
          mentions: ['pago|payment'],
        },
      },
      { say: 'listo ya les transferi, me confirman porfa', expect: { intent: PAYMENT, action: 'handoff' } },
      { say: '???', expect: quiet },
    ],
  },
  {
    id: 'sale-chamarra-envio',
    category: 'sale',
    profileName: 'Jorge',
    turns: [
      {
        say: 'q tal, tienen chamarras de mezclilla?',
        expect: { intent: CATALOGUE, products: { category: ['Chamarras'] }, names: ['Chamarra de Mezclilla'] },
      },
      {
        say: 'la azul en M cuanto sale',
        expect: { intent: CATALOGUE, products: { sku: ['CHA-0003-AZU'] }, mustQuote: [999] },
      },
      {
        say: 'me la llevo, mandamela a mi casa porfa',
        note: 'under $1,499: shipping $149 from the shop profile',
        expect: { intent: ORDER, products: { sku: ['CHA-0003-AZU'] }, mustQuote: [149, 1148], avoids: [ASKS_SIZE] },
      },
      {
        say: 'si',
        expect: { intent: ORDER, order: { sku: 'CHA-0003-AZU', size: 'M', quantity: 1, fulfilment: 'delivery' } },
      },
      {
        say: 'y en cuantos dias me llega?',
        expect: { intent: [...INFO, ...ORDER, 'delivery*'], mentions: ['2 a 5'] },
      },
    ],
  },
  {
    id: 'sale-botas-envio-gratis',
    category: 'sale',
    profileName: 'Don Chuy',
    turns: [
      {
        say: 'botas vaqueras pa hombre',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'] },
          names: ['Bota Vaquera Charro'],
        },
      },
      {
        say: 'las cafes del 27',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0001-CAF'], size: '27' }, minProducts: 1 },
      },
      {
        say: 'quiero comprarlas, me las envian?',
        note: 'from $1,499 shipping is free',
        expect: { intent: ORDER, mustQuote: [2899], avoids: ['\\$\\s?149\\b', ASKS_SIZE] },
      },
      {
        say: 'dale',
        expect: { intent: ORDER, order: { sku: 'BOT-0001-CAF', size: '27', quantity: 1, fulfilment: 'delivery' } },
      },
    ],
  },
  {
    id: 'sale-playeras-cantidad',
    category: 'sale',
    profileName: 'Fer',
    turns: [
      {
        say: 'me das precio de 2 playeras basicas negras talla M? cuanto seria en total',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Playeras'], colour: ['negro'] },
          names: ['Playera Básica Algodón'],
          mustQuote: [499.8],
        },
      },
      {
        say: 'va me las llevo, paso por ellas a polanco',
        expect: { intent: ORDER, products: { sku: ['PLA-0001-NEG'] }, mustQuote: [499.8], mentions: ['total'] },
      },
      {
        say: 'sip',
        expect: { intent: ORDER, order: { sku: 'PLA-0001-NEG', size: 'M', quantity: 2, fulfilment: 'POL' } },
      },
    ],
  },
  {
    id: 'sale-huaraches-tap',
    category: 'sale',
    profileName: 'Lupita',
    turns: [
      {
        say: 'busco huaraches para mujer',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Huaraches'], gender: ['Mujer', 'Unisex'] },
          minProducts: 2,
        },
      },
      {
        tap: 'Pátzcuaro café',
        expect: { intent: CATALOGUE, products: { sku: ['HUA-0003-CAF'] }, names: ['Huarache Trenzado Pátzcuaro'] },
      },
      {
        say: 'me gusta, apartamelo en centro en talla 24',
        expect: { intent: ORDER, products: { sku: ['HUA-0003-CAF'] }, mustQuote: [699], mentions: ['total'] },
      },
      {
        tap: 'Confirmar',
        expect: { intent: ORDER, order: { sku: 'HUA-0003-CAF', size: '24', quantity: 1, fulfilment: 'CEN' } },
      },
    ],
  },
  {
    id: 'sale-cancela',
    category: 'sale',
    profileName: 'Alejandra R.',
    turns: [
      {
        say: 'tienen el mocasin camila en rojo?',
        expect: { intent: CATALOGUE, products: { sku: ['ZAP-0006-ROJ'] }, minProducts: 1 },
      },
      {
        say: 'lo quiero del 23',
        expect: { intent: ORDER, products: { sku: ['ZAP-0006-ROJ'] }, avoids: [ASKS_SIZE] },
      },
      {
        say: 'lo recojo en guadalajara',
        expect: { intent: ORDER, products: { sku: ['ZAP-0006-ROJ'] }, mustQuote: [999] },
      },
      {
        say: 'mejor no, lo pienso y te aviso',
        expect: { intent: [...ORDER, ...THANKS, 'other'], order: 'none' },
      },
    ],
  },
  {
    id: 'sale-sin-stock-en-tienda',
    category: 'sale',
    profileName: 'Beto',
    turns: [
      {
        say: 'tienen el tenis urbano kairo negro en 27?',
        expect: { intent: CATALOGUE, products: { sku: ['TEN-0001-NEG'], size: '27' }, minProducts: 1 },
      },
      {
        say: 'apartamelo en guadalajara',
        note: 'Guadalajara has none in 27: say so and offer where there is',
        expect: {
          intent: ORDER,
          order: 'none',
          mentions: ['centro|polanco|monterrey'],
          avoids: ['recoges en guadalajara', 'total'],
        },
      },
      {
        say: 'ah ok entonces en polanco',
        expect: { intent: ORDER, products: { sku: ['TEN-0001-NEG'] }, mustQuote: [1299], mentions: ['total'] },
      },
      {
        say: 'si porfa',
        note: 'the customer is told whether the pieces are held',
        expect: {
          intent: ORDER,
          order: { sku: 'TEN-0001-NEG', size: '27', quantity: 1, fulfilment: 'POL' },
          mentions: ['apart|held|hold'],
        },
      },
    ],
  },
  {
    id: 'sale-jeans-cambia-entrega',
    category: 'sale',
    profileName: 'Ricardo',
    turns: [
      {
        say: 'quiero unos jeans slim negros talla 32',
        expect: { intent: CATALOGUE, products: { sku: ['JEA-0002-NEG'], size: '32' }, minProducts: 1 },
      },
      { say: 'me los llevo', expect: { intent: ORDER, products: { sku: ['JEA-0002-NEG'] }, avoids: [ASKS_SIZE] } },
      { say: 'a domicilio', expect: { intent: ORDER, mustQuote: [899, 149, 1048] } },
      {
        say: 'no mejor los recojo en el centro',
        expect: { intent: ORDER, order: 'none', mustQuote: [899], avoids: ['\\$\\s?149\\b', '1,?048'] },
      },
      {
        say: 'si asi',
        expect: { intent: ORDER, order: { sku: 'JEA-0002-NEG', size: '32', quantity: 1, fulfilment: 'CEN' } },
      },
    ],
  },
  {
    id: 'sale-pago-oxxo',
    category: 'sale',
    profileName: 'Sra. Reyes',
    turns: [
      {
        say: 'ya pague en oxxo lo del pedido, les mando foto del ticket?',
        expect: { intent: PAYMENT, action: 'handoff' },
      },
      { say: 'bueno', expect: quiet },
    ],
  },

  // --------------------------------------------------------------------------------- budget
  {
    id: 'budget-correr',
    category: 'budget',
    profileName: 'Iván',
    turns: [
      {
        say: 'quiero algo para correr que cueste menos de 1000 pesos',
        expect: { intent: CATALOGUE, products: { maxPrice: 1000 }, minProducts: 1 },
      },
      {
        say: 'y cual sale mas baratito?',
        expect: { intent: CATALOGUE, products: { maxPrice: 1000 }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'budget-rango-tenis',
    category: 'budget',
    profileName: 'Óscar',
    turns: [
      {
        say: 'tenis de hombre entre 800 y 1200',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ['Hombre', 'Unisex'], minPrice: 800, maxPrice: 1200 },
          minProducts: 2,
        },
      },
      {
        say: 'cual sale mas barato de esos',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ['Hombre', 'Unisex'], minPrice: 800, maxPrice: 1200 },
          names: ['Tenis de Futbol Rápido Cancha'],
        },
      },
      {
        say: 'y en 28 lo tienen?',
        expect: { intent: CATALOGUE, products: { sku: ['TEN-0015'], size: '28' }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'budget-vestidos-blusas',
    category: 'budget',
    profileName: 'Karla',
    turns: [
      {
        say: 'vestidos que no pasen de 800',
        expect: { intent: CATALOGUE, products: { category: ['Vestidos'], maxPrice: 800 }, minProducts: 1 },
      },
      {
        say: 'y blusas en ese mismo presupuesto?',
        expect: { intent: CATALOGUE, products: { category: ['Blusas'], maxPrice: 800 }, minProducts: 2 },
      },
      {
        say: 'cual es la mas economica para dama?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Blusas'], maxPrice: 800, gender: ['Mujer', 'Unisex'] },
          names: ['Blusa Manga Tres Cuartos'],
        },
      },
    ],
  },
  {
    id: 'budget-total-varios',
    category: 'budget',
    profileName: 'Pepe',
    turns: [
      {
        say: 'cuanto me sale una sudadera con capucha gris y una gorra trucker?',
        expect: {
          intent: CATALOGUE,
          names: ['Sudadera con Capucha Básica', 'Gorra Trucker Nopal'],
          mustQuote: [878.5],
        },
      },
      {
        say: 'y si son 2 sudaderas y la gorra, con envio?',
        note: '2 × 599 + 279.50 = 1,477.50, under $1,499: + $149',
        expect: { intent: CATALOGUE, mustQuote: [1626.5] },
      },
    ],
  },
  {
    id: 'budget-descuento',
    category: 'budget',
    profileName: 'Rocío',
    turns: [
      {
        say: 'el vestido de manta bordado cuanto cuesta?',
        expect: { intent: CATALOGUE, names: ['Vestido de Manta Bordado Oaxaqueño'], mustQuote: [1299] },
      },
      {
        say: 'si me llevo 3 me hacen descuento?',
        note: 'no discount is in the catalogue or the profile: none invented (no %, no other price)',
        expect: { action: 'any', products: { sku: ['VES-0001'] }, mentions: ['descuento|promoci|discount'] },
      },
      {
        say: 'ok y cuanto seria por los 3?',
        expect: { intent: [...CATALOGUE, ...ORDER], mustQuote: [3897] },
      },
    ],
  },
  {
    id: 'budget-extremos',
    category: 'budget',
    profileName: 'Sofi',
    turns: [
      {
        say: 'cuales son las botas mas baratas para dama?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Mujer', 'Unisex'] },
          names: ['Botín Chelsea Sofía'],
        },
      },
      {
        say: 'tienen algo de mas de 2000 en chamarras?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Chamarras'], minPrice: 2000 },
          names: ['Chamarra de Piel Motociclista'],
        },
      },
    ],
  },
  {
    id: 'budget-camisas',
    category: 'budget',
    profileName: 'Rodrigo',
    turns: [
      {
        say: 'camisas de hombre de menos de 600',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Camisas'], gender: ['Hombre', 'Unisex'], maxPrice: 600 },
          minProducts: 2,
        },
      },
      {
        say: 'la de franela en talla G',
        expect: { intent: CATALOGUE, products: { sku: ['CAM-0004'], size: 'G' }, minProducts: 1 },
      },
      { say: '3 de esas cuanto serian?', expect: { intent: [...CATALOGUE, ...ORDER], mustQuote: [1797] } },
      {
        say: 'y con envio?',
        note: 'from $1,499 shipping is free',
        expect: {
          intent: [...CATALOGUE, ...ORDER, ...INFO],
          mentions: ['gratis|free|sin costo'],
          mustQuote: [1797],
          avoids: ['1,?946'],
        },
      },
    ],
  },

  // ------------------------------------------------------------------------------ complaint
  {
    id: 'complaint-repartidor',
    category: 'complaint',
    profileName: 'Miguel',
    turns: [
      { say: 'oigan mi pedido nunca llego, el repartidor dice que lo entrego y es mentira', expect: complaint() },
      { say: 'bueno??', expect: quiet },
    ],
  },
  {
    id: 'complaint-suela',
    category: 'complaint',
    profileName: 'Tania',
    turns: [
      {
        say: 'compre unos tenis hace una semana y ya se les despego la suela',
        expect: complaint({ echoWords: ['despego'] }),
      },
      { say: 'quiero que me regresen mi dinero', expect: quiet },
    ],
  },
  {
    id: 'complaint-frustrado',
    category: 'complaint',
    profileName: 'Raúl',
    turns: [
      {
        say: 'tienen tenis nike air max?',
        note: 'a brand the shop does not carry: no echo, nothing made up',
        expect: { intent: CATALOGUE, products: { category: ['Tenis'] }, echoWords: ['nike', 'air max'] },
      },
      { say: 'no pues que mal, ya me canse de preguntar, pasame con alguien de verdad', expect: complaint() },
      { say: 'ok', expect: quiet },
    ],
  },
  {
    id: 'complaint-cobro-doble',
    category: 'complaint',
    profileName: 'El Diablo',
    turns: [{ say: 'son unos rateros me cobraron dos veces la misma compra', expect: complaint() }],
  },
  {
    id: 'complaint-talla-equivocada',
    category: 'complaint',
    profileName: 'Paty',
    turns: [
      { say: 'hola me llego el pedido pero en otra talla, yo pedi 24 y me mandaron 25', expect: complaint() },
      { say: 'gracias', expect: quiet },
    ],
  },
  {
    id: 'complaint-borren-numero',
    category: 'complaint',
    profileName: 'Hugo',
    turns: [
      {
        say: 'ya no me interesa nada, borren mi numero de su lista',
        expect: { intent: OPT_OUT, action: 'opt_out', erasureRequested: true },
      },
      { say: 'hola', expect: quiet },
    ],
  },
  {
    id: 'complaint-bot',
    category: 'complaint',
    profileName: 'Tony',
    turns: [
      {
        say: 'busco una gorra negra',
        expect: { intent: CATALOGUE, products: { category: ['Gorras'], colour: ['negro'] } },
      },
      { say: 'ya me hartaron con su pinche bot que no entiende nada', expect: complaint() },
    ],
  },
  {
    id: 'complaint-cambio-pendiente',
    category: 'complaint',
    profileName: 'Lety',
    turns: [{ say: 'pesimo servicio, llevo 3 dias esperando que me contesten lo de mi cambio', expect: complaint() }],
  },

  // ----------------------------------------------------------------------------------- echo
  {
    id: 'echo-traje-bano',
    category: 'echo',
    profileName: 'Vane',
    turns: [
      {
        say: 'hola, tienen trajes de baño para alberca?',
        note: 'not in the catalogue: say so without quoting the customer',
        expect: { intent: [...CATALOGUE, ...GREETING], echoWords: ['alberca'] },
      },
      {
        say: 'y chanclas pa la playa?',
        expect: { intent: CATALOGUE, products: { category: ['Sandalias', 'Huaraches'] }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'echo-chidos',
    category: 'echo',
    profileName: 'Brayan',
    turns: [
      {
        say: 'oye compa busco unos tenis bien chidos pa salir el finde',
        note: 'filler words dropped: a search for tenis',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'] },
          minProducts: 1,
          echoWords: ['compa', 'chidos', 'finde'],
        },
      },
      {
        say: 'unos negros que esten bonitos',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], colour: ['negro'] },
          minProducts: 1,
          echoWords: ['esten', 'bonitos'],
        },
      },
    ],
  },
  {
    id: 'echo-abrigador',
    category: 'echo',
    profileName: 'Doña Mari',
    turns: [
      {
        say: 'necesito algo abrigador para el frio que hace en las noches',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Chamarras', 'Sudaderas'] },
          minProducts: 1,
          echoWords: ['noches'],
        },
      },
      {
        say: 'algo para mujer en talla CH',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Chamarras', 'Sudaderas'], gender: ['Mujer', 'Unisex'], size: 'CH' },
          minProducts: 1,
        },
      },
    ],
  },
  {
    id: 'echo-boda',
    category: 'echo',
    profileName: 'Alberto',
    turns: [
      {
        say: 'ando buscando unos zapatos de vestir negros para una boda el sabado',
        expect: { intent: CATALOGUE, products: { category: ['Zapatos'], colour: ['negro'] }, minProducts: 1 },
      },
      {
        say: 'del 27 y medio',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Zapatos'], colour: ['negro'], size: '27.5' },
          minProducts: 1,
        },
      },
    ],
  },
  {
    id: 'echo-dodgers',
    category: 'echo',
    profileName: 'Kevin',
    turns: [
      {
        say: 'tienen gorras de los dodgers o de los yankees?',
        expect: { intent: CATALOGUE, products: { category: ['Gorras'] }, echoWords: ['dodgers', 'yankees'] },
      },
      {
        say: 'bueno y cuales gorras tienen?',
        expect: { intent: CATALOGUE, products: { category: ['Gorras'] }, minProducts: 2 },
      },
    ],
  },
  {
    id: 'echo-mochila',
    category: 'echo',
    profileName: 'Claudia',
    turns: [
      {
        say: 'me urge una mochila para la escuela de mi hijo que entra a la primaria',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Bolsas'] },
          names: ['Mochila Escolar Resistente'],
          echoWords: ['urge', 'primaria'],
        },
      },
      {
        say: 'en azul cuanto cuesta?',
        expect: { intent: CATALOGUE, products: { sku: ['BOL-0003-AZU'] }, mustQuote: [699] },
      },
    ],
  },
  {
    id: 'echo-nota-de-voz',
    category: 'echo',
    profileName: 'Doña Tere',
    turns: [
      {
        say: 'hola buenas tardes fijese que ando buscando unos tenis para mi esposo que sean negros y que aguanten porque trabaja parado todo el dia el calza del 27 y medio',
        expect: {
          intent: [...CATALOGUE, ...GREETING],
          products: { category: ['Tenis'], colour: ['negro'], gender: ['Hombre', 'Unisex'], size: '27.5' },
          minProducts: 1,
          echoWords: ['fijese', 'esposo', 'aguanten', 'parado'],
        },
      },
      {
        say: 'y cuantos hay en monterrey de esos',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], colour: ['negro'], size: '27.5', store: 'MTY' },
          minProducts: 1,
          echoWords: ['fijese', 'esposo', 'aguanten', 'parado'],
        },
      },
    ],
  },
  {
    id: 'echo-sudadera-nino',
    category: 'echo',
    profileName: 'Jessy',
    turns: [
      {
        say: 'tienes sudaderas con gorrito para niño talla 8?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Sudaderas'], gender: KIDS, size: '8' },
          names: ['Sudadera Infantil Dinosaurio'],
          echoWords: ['gorrito'],
        },
      },
      {
        say: 'la verde cuanto es',
        expect: { intent: CATALOGUE, products: { sku: ['SUD-0004-VER'] }, mustQuote: [399] },
      },
    ],
  },

  // --------------------------------------------------------------------------- sizes/memory
  {
    id: 'memory-roberto',
    category: 'sizes/memory',
    profileName: 'Rob M',
    turns: [
      {
        say: 'hola, me llamo Roberto y calzo del 28',
        note: "the customer's own name wins over the WhatsApp profile's",
        expect: { facts: { name: 'Roberto', shoe_size: '28' }, avoids: ['\\bRob\\b'] },
      },
      {
        say: 'busco botas de trabajo',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'], size: '28' },
          minProducts: 1,
        },
      },
      {
        say: 'y en polanco cuantos pares tienen?',
        expect: { intent: CATALOGUE, products: { category: ['Botas'], size: '28' } },
      },
      { say: 'gracias, luego me doy una vuelta', expect: { intent: THANKS } },
    ],
  },
  {
    id: 'memory-roberto-despues',
    category: 'sizes/memory',
    profileName: 'Rob M',
    later: 'memory-roberto',
    turns: [
      { say: 'que tal, otra vez por aca', expect: { intent: GREETING, mentions: ['Roberto'], avoids: ['\\bRob\\b'] } },
      {
        say: 'manejan tenis color negro?',
        note: 'the size from the last conversation',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], colour: ['negro'], size: '28', gender: ADULTS },
          minProducts: 1,
        },
      },
      {
        say: 'cuanto cuesta el primero?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], colour: ['negro'], size: '28', gender: ADULTS },
          minProducts: 1,
        },
      },
    ],
  },
  {
    id: 'memory-sudadera-tap',
    category: 'sizes/memory',
    profileName: 'Dani',
    turns: [
      {
        say: 'sudaderas con capucha talla G',
        expect: { intent: CATALOGUE, products: { category: ['Sudaderas'], size: 'G' }, minProducts: 1 },
      },
      {
        tap: 'Básica',
        note: 'the size stays on a tap',
        expect: { intent: CATALOGUE, products: { sku: ['SUD-0001'], size: 'G' }, minProducts: 1 },
      },
      {
        say: 'y en guadalajara cuantas quedan?',
        expect: { intent: CATALOGUE, products: { sku: ['SUD-0001'], size: 'G' } },
      },
    ],
  },
  {
    id: 'memory-talla-us',
    category: 'sizes/memory',
    profileName: 'Mike',
    turns: [
      {
        say: 'tienen tenis para correr de hombre en 10 americano?',
        note: 'US men 10 = MX 28',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ['Hombre', 'Unisex'], size: '28' },
          minProducts: 1,
        },
      },
      {
        say: 'y si es 9.5 US?',
        note: 'US men 9.5 = MX 27.5',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ['Hombre', 'Unisex'], size: '27.5' },
          minProducts: 1,
        },
      },
    ],
  },
  {
    id: 'memory-ninos-adultos',
    category: 'sizes/memory',
    profileName: 'Gaby',
    turns: [
      {
        say: 'tenis para mi niña de 6 años, calza del 18',
        expect: { intent: CATALOGUE, products: { category: ['Tenis'], gender: KIDS, size: '18' }, minProducts: 1 },
      },
      {
        say: 'y para mi unos blancos del 24',
        note: 'an adult now: no models for children',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ADULTS, colour: ['blanco'], size: '24' },
          minProducts: 1,
        },
      },
      {
        say: 'ahora botas para hombre talla 26',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'], size: '26' },
          minProducts: 1,
        },
      },
    ],
  },
  {
    id: 'memory-chelsea',
    category: 'sizes/memory',
    profileName: 'Ernesto',
    turns: [
      {
        say: 'busco botines chelsea de hombre',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: ['Hombre', 'Unisex'] },
          names: ['Botín Chelsea Ramiro'],
        },
      },
      {
        say: 'muestrame el negro',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0005-NEG'] }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'memory-chelsea-despues',
    category: 'sizes/memory',
    profileName: 'Ernesto',
    later: 'memory-chelsea',
    turns: [
      {
        say: 'y en color cafe?',
        note: 'the product last shown carries into the new conversation',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0005-CAF'] }, names: ['Botín Chelsea Ramiro'] },
      },
      { say: 'cuanto cuesta?', expect: { intent: CATALOGUE, mustQuote: [1799] } },
    ],
  },
  {
    id: 'memory-talla-ropa',
    category: 'sizes/memory',
    profileName: 'Pau',
    turns: [
      { say: 'soy talla CH en blusas', expect: { facts: { clothing_size: 'CH' } } },
      {
        say: 'enseñame blusas negras',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Blusas'], colour: ['negro'], size: 'CH' },
          minProducts: 1,
        },
      },
      {
        say: 'la bordada cuanto cuesta?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Blusas'] },
          names: ['Blusa Bordada Chiapas'],
          mustQuote: [899],
        },
      },
    ],
  },
  {
    id: 'memory-talla-ropa-despues',
    category: 'sizes/memory',
    profileName: 'Pau',
    later: 'memory-talla-ropa',
    turns: [
      {
        say: 'hola! busco una playera cuello v',
        note: 'the clothing size from the last conversation',
        expect: {
          intent: [...CATALOGUE, ...GREETING],
          products: { category: ['Playeras'], size: 'CH' },
          names: ['Playera Cuello V Dama'],
        },
      },
    ],
  },
  {
    id: 'memory-talla-polanco',
    category: 'sizes/memory',
    profileName: 'Luis',
    turns: [
      {
        say: 'tienen el botin desierto en 29?',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0009'], size: '29' }, names: ['Botín Desierto'] },
      },
      {
        say: '¿cuantos tienen en la de Polanco?',
        note: 'the size stays on a follow-up',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0009'], size: '29' } },
      },
      {
        say: 'y en beige?',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0009-BEI'], size: '29' }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'memory-nombre-perfil',
    category: 'sizes/memory',
    profileName: 'Refacciones El Güero',
    turns: [
      {
        say: 'hola soy Jesús, uso talla M de playera',
        expect: { facts: { name: 'Jesús', clothing_size: 'M' }, avoids: ['Refacciones', 'G[uü]ero'] },
      },
      {
        say: 'busco playeras polo',
        expect: { intent: CATALOGUE, products: { category: ['Playeras'], size: 'M' }, names: ['Playera Polo Piqué'] },
      },
    ],
  },

  // ------------------------------------------------------------------------------- browsing
  {
    id: 'browse-horarios',
    category: 'browsing',
    profileName: 'Carmen',
    turns: [
      { say: 'hola buen dia', expect: { intent: GREETING } },
      { say: 'a que hora abren los domingos?', expect: { intent: INFO, mentions: ['11:00'] } },
      { say: 'y donde queda la de polanco?', expect: { intent: INFO, mentions: ['Masaryk'] } },
      { say: 'muchas gracias!', expect: { intent: THANKS } },
    ],
  },
  {
    id: 'browse-categorias',
    category: 'browsing',
    profileName: 'Isa',
    turns: [
      { say: 'que venden?', expect: { intent: ['categories', ...INFO, ...GREETING], mentions: ['sandalias'] } },
      { tap: 'Sandalias', expect: { intent: CATALOGUE, products: { category: ['Sandalias'] }, minProducts: 2 } },
      {
        say: 'el segundo que colores tiene?',
        expect: { intent: CATALOGUE, products: { category: ['Sandalias'] }, minProducts: 1, maxProducts: 5 },
      },
      { say: 'y ese cuanto sale?', expect: { intent: CATALOGUE, products: { category: ['Sandalias'] } } },
    ],
  },
  {
    id: 'browse-huaraches',
    category: 'browsing',
    profileName: 'Memo',
    turns: [
      {
        say: 'tienen huaraches?',
        expect: { intent: CATALOGUE, products: { category: ['Huaraches'] }, minProducts: 2 },
      },
      {
        say: 'y negros tienen?',
        expect: { intent: CATALOGUE, products: { category: ['Huaraches'], colour: ['negro'] }, minProducts: 1 },
      },
      {
        say: 'cuanto cuesta el yalalag?',
        expect: { intent: CATALOGUE, names: ['Huarache Artesanal Yalálag'], mustQuote: [649] },
      },
    ],
  },
  {
    id: 'browse-pagos-envios',
    category: 'browsing',
    profileName: 'Gerardo',
    turns: [
      { say: 'aceptan pago con tarjeta o nomas efectivo?', expect: { intent: INFO, mentions: ['tarjeta'] } },
      { say: 'mandan hasta merida yucatan?', expect: { intent: INFO, mentions: ['149'] } },
      { say: 'y si no me queda la talla la puedo cambiar?', expect: { intent: INFO, mentions: ['30 d[ií]as'] } },
    ],
  },
  {
    id: 'browse-jeans',
    category: 'browsing',
    profileName: 'Ximena',
    turns: [
      {
        say: 'jeans de mujer',
        expect: { intent: CATALOGUE, products: { category: ['Jeans'], gender: ['Mujer', 'Unisex'] }, minProducts: 1 },
      },
      {
        say: 'los mom fit en negro talla 7',
        expect: { intent: CATALOGUE, products: { sku: ['JEA-0004-NEG'], size: '7' }, names: ['Jeans Mom Fit'] },
      },
      { tap: 'colores', expect: { intent: CATALOGUE, products: { sku: ['JEA-0004'] }, minProducts: 1 } },
    ],
  },
  {
    id: 'browse-calcetines',
    category: 'browsing',
    profileName: 'Don Pancho',
    turns: [
      {
        say: 'buenas, venden calcetines?',
        expect: { intent: [...CATALOGUE, ...GREETING], products: { category: ['Calcetines'] }, minProducts: 1 },
      },
      {
        say: 'los deportivos en blanco',
        expect: { intent: CATALOGUE, products: { sku: ['CAL-0001-BLA'] }, minProducts: 1 },
      },
      {
        say: 'cuanto cuesta el paquete?',
        expect: { intent: CATALOGUE, products: { sku: ['CAL-0001'] }, mustQuote: [199.9] },
      },
      { say: 'ok gracias joven', expect: { intent: THANKS } },
    ],
  },
  {
    id: 'browse-pantuflas',
    category: 'browsing',
    profileName: 'Nayeli',
    turns: [
      {
        say: 'muestrame sandalias de plataforma',
        expect: { intent: CATALOGUE, products: { category: ['Sandalias', 'Zapatillas'] }, minProducts: 1 },
      },
      { say: 'tienen pantuflas?', expect: { intent: CATALOGUE, names: ['Pantufla Descanso'] } },
      {
        say: 'en rosa del 24 hay?',
        expect: { intent: CATALOGUE, products: { sku: ['SAN-0004-ROS'], size: '24' }, minProducts: 1 },
      },
    ],
  },

  // -------------------------------------------------------------------------------- english
  {
    id: 'en-boots',
    category: 'english',
    profileName: 'Sarah',
    turns: [
      {
        say: 'hi! do you have black boots for women?',
        expect: {
          intent: [...CATALOGUE, ...GREETING],
          products: { category: ['Botas'], colour: ['negro'], gender: ['Mujer', 'Unisex'] },
          minProducts: 1,
        },
      },
      {
        say: 'how much are the chelsea ones?',
        expect: {
          intent: CATALOGUE,
          products: { gender: ['Mujer', 'Unisex'] },
          names: ['Botín Chelsea Sofía'],
          mustQuote: [1499],
        },
      },
      {
        say: 'which stores have them in size 24?',
        expect: { intent: CATALOGUE, products: { sku: ['BOT-0004'], size: '24' }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'en-info',
    category: 'english',
    profileName: 'Tom',
    turns: [
      { say: 'what time do you close on saturday?', expect: { intent: INFO, mentions: ['20:00'] } },
      { say: "where's the monterrey store?", expect: { intent: INFO, mentions: ['del valle'] } },
      { say: 'thanks, that helps a lot', expect: { intent: THANKS } },
    ],
  },
  {
    id: 'en-order',
    category: 'english',
    profileName: 'Emily',
    turns: [
      {
        say: "I'm looking for white canvas sneakers, size 26",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], colour: ['blanco'], size: '26' },
          minProducts: 1,
        },
      },
      {
        say: "I'll take the classic ones, can I pick them up at Polanco?",
        note: 'Polanco has none in 26: say so and offer where there is',
        expect: { intent: ORDER, order: 'none', mentions: ['centro|monterrey|deliver'], avoids: ['total'] },
      },
      {
        say: 'ok Centro then',
        expect: { intent: ORDER, products: { sku: ['TEN-0004-BLA'] }, mustQuote: [649], mentions: ['total'] },
      },
      {
        say: 'yes please',
        expect: { intent: ORDER, order: { sku: 'TEN-0004-BLA', size: '26', quantity: 1, fulfilment: 'CEN' } },
      },
    ],
  },
  {
    id: 'en-complaint',
    category: 'english',
    profileName: 'Jake',
    turns: [
      {
        say: 'my package never showed up and nobody answers, this is ridiculous',
        expect: complaint({ echoWords: ['ridiculous'] }),
      },
      { say: 'hello??', expect: quiet },
    ],
  },
  {
    id: 'en-charged-twice',
    category: 'english',
    profileName: 'Mark',
    turns: [{ say: 'wtf you charged me twice for the same order, fix this now', expect: complaint() }],
  },
  {
    id: 'en-optout',
    category: 'english',
    profileName: 'Nina',
    turns: [
      {
        say: 'stop texting me and delete my number please',
        expect: { intent: OPT_OUT, action: 'opt_out', erasureRequested: true },
      },
      { say: 'hey', expect: quiet },
    ],
  },
  {
    id: 'en-running',
    category: 'english',
    profileName: 'Chris',
    turns: [
      {
        say: 'any running shoes under 1700 pesos for men?',
        expect: {
          intent: CATALOGUE,
          products: { category: ['Tenis'], gender: ['Hombre', 'Unisex'], maxPrice: 1700 },
          names: ['Tenis para Correr Veloz'],
        },
      },
      {
        say: 'do you have them in US size 9?',
        note: 'US men 9 = MX 27',
        expect: { intent: CATALOGUE, products: { sku: ['TEN-0002'], size: '27' }, minProducts: 1 },
      },
    ],
  },
  {
    id: 'en-kids-rain-boots',
    category: 'english',
    profileName: 'Laura',
    turns: [
      {
        say: "do you have rain boots for my daughter? she's a size 17",
        expect: {
          intent: CATALOGUE,
          products: { category: ['Botas'], gender: KIDS, size: '17' },
          names: ['Bota de Lluvia Charco'],
        },
      },
      { say: 'how much?', expect: { intent: CATALOGUE, mustQuote: [399] } },
      {
        say: "great, I'll take the pink one",
        expect: { intent: ORDER, products: { sku: ['BOT-0007-ROS'] }, avoids: [ASKS_SIZE] },
      },
      { say: 'delivery please', expect: { intent: ORDER, mustQuote: [399, 149, 548] } },
      {
        say: 'yes',
        expect: { intent: ORDER, order: { sku: 'BOT-0007-ROS', size: '17', quantity: 1, fulfilment: 'delivery' } },
      },
    ],
  },
];
