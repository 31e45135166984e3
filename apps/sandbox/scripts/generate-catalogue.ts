/**
 * Writes the demo shop's catalogue, apps/sandbox/src/inventory/catalogue.json, from the
 * models below. Deterministic: the same script writes the same file, byte for byte.
 *
 *   node --import @swc-node/register/esm-register apps/sandbox/scripts/generate-catalogue.ts
 *
 * Stock is drawn from a seeded generator, except for the few products the suites and the
 * demo rely on (PINNED_STOCK): the black Tenis Urbano Kairo in size 27 is in stock in
 * Centro, Polanco and Monterrey but not in Guadalajara, and its red sibling only in Guadalajara.
 */
import { writeFileSync } from 'node:fs';
import {
  type CatalogueFile,
  type CatalogueProduct,
  catalogueFileSchema,
  type Gender,
} from '../src/inventory/catalogue.js';

const STORES = [
  { id: 'CEN', name: 'Centro', city: 'Ciudad de México' },
  { id: 'POL', name: 'Polanco', city: 'Ciudad de México' },
  { id: 'GDL', name: 'Guadalajara', city: 'Guadalajara' },
  { id: 'MTY', name: 'Monterrey', city: 'Monterrey' },
];
/** Relative size of each store's stock. */
const STORE_DEPTH: Record<string, number> = { CEN: 1, POL: 0.7, GDL: 0.9, MTY: 0.8 };

const COLOR_CODES: Record<string, string> = {
  negro: 'NEG',
  blanco: 'BLA',
  rojo: 'ROJ',
  azul: 'AZU',
  verde: 'VER',
  gris: 'GRI',
  café: 'CAF',
  beige: 'BEI',
  rosa: 'ROS',
  amarillo: 'AMA',
  morado: 'MOR',
  naranja: 'NAR',
};
type Color = keyof typeof COLOR_CODES;

const halves = (from: number, to: number) => {
  const sizes: string[] = [];
  for (let size = from; size <= to; size += 0.5) sizes.push(String(size));
  return sizes;
};
const SIZES = {
  men: [...halves(25, 29), '30'],
  women: halves(22, 26),
  unisex: [...halves(22, 29), '30'],
  kids: ['15', '16', '17', '18', '19', '20', '21'],
  clothing: ['CH', 'M', 'G', 'EG'],
  kidsClothing: ['4', '6', '8', '10', '12', '14'],
  waistMen: ['28', '30', '32', '34', '36', '38'],
  waistWomen: ['3', '5', '7', '9', '11', '13'],
  socks: ['CH', 'M', 'G'],
  one: ['UNITALLA'],
} as const;
type SizeRun = keyof typeof SIZES;

const CATEGORIES = [
  {
    code: 'TEN',
    name: 'Tenis',
    description: 'Tenis deportivos, urbanos y de lona para toda la familia.',
    keywords: ['deportivos', 'sneakers', 'zapatillas deportivas', 'shoes'],
  },
  {
    code: 'BOT',
    name: 'Botas',
    description: 'Botas vaqueras, de trabajo y de montaña, y botines de piel.',
    keywords: ['botines', 'botín', 'boots', 'shoes'],
  },
  {
    code: 'ZAP',
    name: 'Zapatos',
    description: 'Zapatos de vestir, mocasines, choclos y zapatos escolares.',
    keywords: ['calzado', 'shoes'],
  },
  {
    code: 'ZTL',
    name: 'Zapatillas',
    description: 'Zapatillas de tacón y flats para dama.',
    keywords: ['tacones', 'flats', 'heels', 'shoes'],
  },
  {
    code: 'SAN',
    name: 'Sandalias',
    description: 'Sandalias, chanclas y pantuflas para el calor y la casa.',
    keywords: ['chanclas', 'sandals', 'shoes'],
  },
  {
    code: 'HUA',
    name: 'Huaraches',
    description: 'Huaraches artesanales de piel, tejidos a mano en Oaxaca y Michoacán.',
    keywords: ['sandalias', 'artesanales', 'sandals', 'shoes'],
  },
  {
    code: 'PLA',
    name: 'Playeras',
    description: 'Playeras de algodón, polos y playeras deportivas.',
    keywords: ['camisetas', 'remeras', 't-shirt', 'tshirt', 'shirt'],
  },
  {
    code: 'CAM',
    name: 'Camisas',
    description: 'Camisas de vestir y casuales, y guayaberas.',
    keywords: ['shirt'],
  },
  {
    code: 'BLU',
    name: 'Blusas',
    description: 'Blusas bordadas, de oficina y de noche.',
    keywords: ['blouse', 'top'],
  },
  {
    code: 'PAN',
    name: 'Pantalones',
    description: 'Pantalones de vestir, cargo, deportivos y leggings.',
    keywords: ['pants', 'trousers'],
  },
  {
    code: 'JEA',
    name: 'Jeans',
    description: 'Jeans de mezclilla para dama, caballero y niño.',
    keywords: ['mezclilla', 'vaqueros', 'pantalón', 'denim', 'pants'],
  },
  {
    code: 'SUD',
    name: 'Sudaderas',
    description: 'Sudaderas con y sin capucha.',
    keywords: ['hoodie', 'sweatshirt', 'sudadera'],
  },
  {
    code: 'CHA',
    name: 'Chamarras',
    description: 'Chamarras de piel, de mezclilla, rompevientos y acolchadas.',
    keywords: ['chaquetas', 'abrigos', 'jacket', 'coat'],
  },
  {
    code: 'VES',
    name: 'Vestidos',
    description: 'Vestidos casuales, bordados y de noche.',
    keywords: ['dress'],
  },
  {
    code: 'SHO',
    name: 'Shorts',
    description: 'Shorts y bermudas.',
    keywords: ['bermudas', 'pantalón corto'],
  },
  {
    code: 'GOR',
    name: 'Gorras',
    description: 'Gorras beisboleras, trucker y deportivas.',
    keywords: ['cachuchas', 'cap', 'hat'],
  },
  {
    code: 'BOL',
    name: 'Bolsas',
    description: 'Bolsas de mano y mochilas.',
    keywords: ['mochilas', 'bag', 'backpack'],
  },
  {
    code: 'CIN',
    name: 'Cinturones',
    description: 'Cinturones de piel.',
    keywords: ['cintos', 'belt'],
  },
  {
    code: 'CAL',
    name: 'Calcetines',
    description: 'Calcetines y calcetas en paquete.',
    keywords: ['calcetas', 'socks'],
  },
] as const;
type CategoryCode = (typeof CATEGORIES)[number]['code'];

interface Model {
  category: CategoryCode;
  name: string;
  brand: string;
  gender: Gender;
  sizes: SizeRun;
  price: string;
  colors: Color[];
  description: string;
}

const m = (
  category: CategoryCode,
  name: string,
  brand: string,
  gender: Gender,
  sizes: SizeRun,
  price: string,
  colors: Color[],
  description: string,
): Model => ({ category, name, brand, gender, sizes, price, colors, description });

// prettier-ignore
const MODELS: Model[] = [
  // Tenis
  m('TEN', 'Tenis Urbano Kairo', 'Cactus Sport', 'Unisex', 'unisex', '1299.00', ['negro', 'blanco', 'rojo', 'azul'], 'Tenis urbanos de piel sintética con suela de hule vulcanizado y plantilla acolchada. Cómodos para todo el día.'),
  m('TEN', 'Tenis para Correr Veloz', 'Cactus Sport', 'Hombre', 'men', '1599.00', ['negro', 'gris', 'azul', 'naranja'], 'Tenis para correr con malla transpirable, entresuela de espuma que amortigua cada pisada y suela con tracción para asfalto.'),
  m('TEN', 'Tenis para Correr Veloz Dama', 'Cactus Sport', 'Mujer', 'women', '1599.00', ['negro', 'rosa', 'morado'], 'La versión para dama del Veloz: horma más angosta, malla transpirable y amortiguación de espuma.'),
  m('TEN', 'Tenis de Lona Clásico', 'Urbana MX', 'Unisex', 'unisex', '649.00', ['negro', 'blanco', 'rojo', 'azul', 'verde'], 'Tenis de lona de corte bajo con puntera de hule. El clásico que combina con todo.'),
  m('TEN', 'Tenis de Bota Lona', 'Urbana MX', 'Unisex', 'unisex', '749.00', ['negro', 'blanco', 'rojo'], 'Tenis de lona de caña alta con ojillos metálicos y suela de hule.'),
  m('TEN', 'Tenis Skate Bajío', 'Urbana MX', 'Hombre', 'men', '999.00', ['negro', 'gris', 'café'], 'Tenis de gamuza para patineta, con suela plana de alta adherencia y cuello acolchado.'),
  m('TEN', 'Tenis Entrenamiento Fuerza', 'Cactus Sport', 'Hombre', 'men', '1449.00', ['negro', 'blanco', 'rojo'], 'Para el gimnasio: base firme y estable, refuerzo lateral y suela que no se derrapa.'),
  m('TEN', 'Tenis sin Agujetas Brisa', 'Andariega', 'Mujer', 'women', '699.00', ['blanco', 'beige', 'rosa', 'negro'], 'Tenis sin agujetas de tela elástica; se ponen en un segundo y pesan casi nada.'),
  m('TEN', 'Tenis Plataforma Nube', 'Andariega', 'Mujer', 'women', '1199.00', ['blanco', 'negro', 'rosa'], 'Tenis de plataforma de 4 cm en piel sintética, con plantilla de memoria.'),
  m('TEN', 'Tenis Escolar Colibrí', 'Colibrí', 'Niño', 'kids', '549.00', ['negro', 'blanco'], 'Tenis escolares de piel con cierre de velcro y puntera reforzada para el recreo.'),
  m('TEN', 'Tenis con Luces Colibrí', 'Colibrí', 'Niña', 'kids', '699.00', ['rosa', 'morado', 'blanco'], 'Tenis con luces en la suela que se encienden a cada paso. Cierre de velcro.'),
  m('TEN', 'Tenis de Montaña Sierra Madre', 'Montaña Azul', 'Unisex', 'unisex', '1899.00', ['gris', 'verde', 'negro'], 'Tenis de montaña con suela de tacos profundos, puntera protectora y malla repelente al agua.'),
  m('TEN', 'Tenis Retro Ochentero', 'Urbana MX', 'Unisex', 'unisex', '1099.00', ['blanco', 'azul', 'rojo'], 'Tenis de inspiración retro con paneles de gamuza y suela de goma color miel.'),
  m('TEN', 'Tenis de Básquetbol Clavada', 'Cactus Sport', 'Hombre', 'men', '1999.00', ['negro', 'blanco', 'rojo'], 'Tenis de bota para básquetbol con soporte de tobillo y cámara de aire en el talón.'),
  m('TEN', 'Tenis de Futbol Rápido Cancha', 'Cactus Sport', 'Hombre', 'men', '899.00', ['negro', 'azul', 'naranja'], 'Para futbol rápido y pasto sintético: suela de microtacos y empeine de piel sintética.'),
  m('TEN', 'Tenis para Caminar Confort', 'Pasos Norte', 'Unisex', 'unisex', '1149.00', ['gris', 'azul', 'beige'], 'Tenis para caminar con plantilla ortopédica removible y suela flexible de una sola pieza.'),
  // Botas
  m('BOT', 'Bota Vaquera Charro', 'Tierra Brava', 'Hombre', 'men', '2899.00', ['café', 'negro'], 'Bota vaquera de piel genuina con bordado tradicional en la caña, tacón de 4 cm y suela de cuero.'),
  m('BOT', 'Bota Vaquera Rodeo Dama', 'Tierra Brava', 'Mujer', 'women', '2699.00', ['café', 'negro', 'rojo'], 'Bota vaquera para dama en piel, punta fina y bordado de flores en la caña.'),
  m('BOT', 'Bota de Trabajo Minero', 'Tierra Brava', 'Hombre', 'men', '1899.00', ['café', 'negro'], 'Bota industrial con casco de acero, suela antiderrapante resistente a aceites y piel engrasada.'),
  m('BOT', 'Botín Chelsea Sofía', 'Andariega', 'Mujer', 'women', '1499.00', ['negro', 'café', 'beige'], 'Botín de piel con resorte lateral y tacón bajo de 3 cm. Elegante y fácil de poner.'),
  m('BOT', 'Botín Chelsea Ramiro', 'Pasos Norte', 'Hombre', 'men', '1799.00', ['negro', 'café'], 'Botín Chelsea de piel para caballero, con resorte lateral y suela de hule cosida.'),
  m('BOT', 'Bota de Montaña Pico de Orizaba', 'Montaña Azul', 'Unisex', 'unisex', '2299.00', ['café', 'gris', 'verde'], 'Bota de excursionismo impermeable, con soporte de tobillo y suela de tacos para terreno difícil.'),
  m('BOT', 'Bota de Lluvia Charco', 'Colibrí', 'Niña', 'kids', '399.00', ['amarillo', 'rosa', 'azul', 'rojo'], 'Bota de hule para lluvia, con forro de algodón y suela antiderrapante. Para brincar en los charcos.'),
  m('BOT', 'Bota Alta Valeria', 'Andariega', 'Mujer', 'women', '2199.00', ['negro', 'café'], 'Bota a la rodilla en piel sintética con cierre interior y tacón de bloque de 6 cm.'),
  m('BOT', 'Botín Desierto', 'Pasos Norte', 'Hombre', 'men', '1599.00', ['café', 'beige', 'gris'], 'Botín de gamuza tipo desierto con suela de crepé natural.'),
  m('BOT', 'Bota Vaquera Potrillo', 'Tierra Brava', 'Niño', 'kids', '999.00', ['café', 'negro'], 'Bota vaquera para niño en piel, con tirantes para jalarla y suela antiderrapante.'),
  // Zapatos
  m('ZAP', 'Zapato Oxford Ejecutivo', 'Pasos Norte', 'Hombre', 'men', '1699.00', ['negro', 'café'], 'Zapato Oxford de piel con suela de cuero cosida y forro transpirable. Para traje y ocasiones formales.'),
  m('ZAP', 'Mocasín Antifaz Lorenzo', 'Pasos Norte', 'Hombre', 'men', '1399.00', ['café', 'negro', 'beige'], 'Mocasín de piel con antifaz, costura a mano en el empeine y plantilla acojinada.'),
  m('ZAP', 'Choclo Casual Bajío', 'Pasos Norte', 'Hombre', 'men', '1199.00', ['café', 'negro', 'gris'], 'Choclo casual en piel flor entera con suela ligera de poliuretano.'),
  m('ZAP', 'Zapato Escolar Colegial', 'Colibrí', 'Niño', 'kids', '599.00', ['negro', 'café'], 'Zapato escolar de piel lustrable con puntera reforzada y suela que no marca el piso.'),
  m('ZAP', 'Zapato Escolar Guillermina', 'Colibrí', 'Niña', 'kids', '579.00', ['negro', 'blanco'], 'Guillermina de piel con correa y hebilla, suela de hule antiderrapante.'),
  m('ZAP', 'Mocasín Dama Camila', 'Andariega', 'Mujer', 'women', '999.00', ['negro', 'café', 'rojo', 'beige'], 'Mocasín de piel suave para dama con detalle de herraje dorado.'),
  m('ZAP', 'Zapato Náutico Puerto', 'Pasos Norte', 'Hombre', 'men', '1099.00', ['azul', 'café', 'blanco'], 'Zapato náutico de piel con agujeta perimetral y suela blanca que no marca.'),
  m('ZAP', 'Zapato Confort Jornada', 'Andariega', 'Mujer', 'women', '899.00', ['blanco', 'negro'], 'Zapato de piel con suela acojinada para jornadas largas de pie; ideal para enfermería.'),
  // Zapatillas
  m('ZTL', 'Zapatilla de Tacón Gala', 'Andariega', 'Mujer', 'women', '1299.00', ['negro', 'rojo', 'beige', 'morado'], 'Zapatilla de punta con tacón de aguja de 9 cm, en charol.'),
  m('ZTL', 'Zapatilla Tacón de Bloque Daniela', 'Andariega', 'Mujer', 'women', '1099.00', ['negro', 'café', 'rojo'], 'Zapatilla con tacón de bloque de 7 cm: toda la altura, con más estabilidad.'),
  m('ZTL', 'Flat Bailarina Lucía', 'Andariega', 'Mujer', 'women', '649.00', ['negro', 'beige', 'rosa', 'rojo'], 'Flat tipo bailarina de piel sintética con moño y plantilla acolchada.'),
  m('ZTL', 'Sandalia de Tacón Fiesta', 'Andariega', 'Mujer', 'women', '1199.00', ['negro', 'beige', 'rojo'], 'Sandalia de tacón de 8 cm con tiras delgadas y cierre al tobillo.'),
  m('ZTL', 'Zapatilla Plataforma Noche', 'Andariega', 'Mujer', 'women', '1399.00', ['negro', 'rojo'], 'Zapatilla de plataforma con tacón de 11 cm en gamuza.'),
  m('ZTL', 'Flat Bordado Oaxaca', 'Lucía Bordados', 'Mujer', 'women', '749.00', ['negro', 'blanco', 'azul'], 'Flat de manta con bordado de flores hecho a mano por artesanas de Oaxaca.'),
  // Sandalias
  m('SAN', 'Sandalia de Playa Cancún', 'Cactus Sport', 'Unisex', 'unisex', '349.00', ['negro', 'azul', 'verde', 'naranja'], 'Sandalia de hule ligera, a prueba de agua, para la playa y la alberca.'),
  m('SAN', 'Sandalia Deportiva Río', 'Montaña Azul', 'Unisex', 'unisex', '799.00', ['negro', 'gris', 'café'], 'Sandalia con correas ajustables de velcro y suela de tacos para ríos y caminatas.'),
  m('SAN', 'Sandalia de Piso Tulum', 'Andariega', 'Mujer', 'women', '549.00', ['café', 'beige', 'blanco', 'negro'], 'Sandalia de piso con tiras de piel trenzada y plantilla acolchada.'),
  m('SAN', 'Pantufla Descanso', 'Colibrí', 'Unisex', 'unisex', '299.00', ['gris', 'azul', 'rosa'], 'Pantufla de felpa con suela antiderrapante para estar en casa.'),
  m('SAN', 'Sandalia Infantil Ajolote', 'Colibrí', 'Niño', 'kids', '329.00', ['azul', 'verde', 'rojo'], 'Sandalia de hule con figura de ajolote y correa trasera para que no se salga.'),
  m('SAN', 'Sandalia Plataforma Sol', 'Andariega', 'Mujer', 'women', '699.00', ['blanco', 'negro', 'beige'], 'Sandalia de plataforma de yute de 5 cm con correas de piel sintética.'),
  // Huaraches
  m('HUA', 'Huarache Artesanal Yalálag', 'Maguey', 'Unisex', 'unisex', '649.00', ['café', 'negro', 'beige'], 'Huarache de piel curtida tejido a mano en Yalálag, Oaxaca, con suela de llanta reciclada.'),
  m('HUA', 'Huarache Tres Puntadas', 'Maguey', 'Hombre', 'men', '599.00', ['café', 'negro'], 'Huarache clásico de tres puntadas en piel de res, hecho a mano en Jalisco.'),
  m('HUA', 'Huarache Trenzado Pátzcuaro', 'Maguey', 'Mujer', 'women', '699.00', ['café', 'beige', 'rojo', 'azul'], 'Huarache de piel trenzada hecho en Michoacán, con planta de cuero.'),
  m('HUA', 'Huarache Infantil Michoacano', 'Maguey', 'Niña', 'kids', '379.00', ['café', 'rosa'], 'Huarache tejido para niña con hebilla ajustable y suela de hule.'),
  m('HUA', 'Huarache Moderno Mezcal', 'Maguey', 'Unisex', 'unisex', '749.00', ['café', 'negro', 'verde'], 'Huarache tejido con suela acolchada de espuma: lo artesanal con la comodidad de un tenis.'),
  // Playeras
  m('PLA', 'Playera Básica Algodón', 'Urbana MX', 'Unisex', 'clothing', '249.90', ['negro', 'blanco', 'gris', 'azul', 'rojo', 'verde', 'amarillo'], 'Playera de cuello redondo, 100 % algodón peinado. La básica de todos los días.'),
  m('PLA', 'Playera Polo Piqué', 'Urbana MX', 'Hombre', 'clothing', '449.00', ['azul', 'blanco', 'negro', 'rojo'], 'Playera tipo polo de tejido piqué con cuello y puños de rib.'),
  m('PLA', 'Playera Lotería El Catrín', 'Urbana MX', 'Unisex', 'clothing', '349.00', ['negro', 'blanco'], 'Playera de algodón con estampado de la carta de lotería «El Catrín».'),
  m('PLA', 'Playera Deportiva Dry', 'Cactus Sport', 'Hombre', 'clothing', '399.00', ['negro', 'azul', 'rojo', 'gris'], 'Playera de poliéster que seca rápido y aleja el sudor. Para correr y entrenar.'),
  m('PLA', 'Playera Deportiva Dry Dama', 'Cactus Sport', 'Mujer', 'clothing', '399.00', ['negro', 'rosa', 'morado'], 'Playera deportiva para dama de secado rápido, con costuras planas que no rozan.'),
  m('PLA', 'Playera Infantil Camión de Bomberos', 'Alebrije', 'Niño', 'kidsClothing', '219.00', ['rojo', 'azul'], 'Playera de algodón para niño con estampado de camión de bomberos. Suave y resistente al lavado.'),
  m('PLA', 'Playera Infantil Mariposa Monarca', 'Alebrije', 'Niña', 'kidsClothing', '219.00', ['rosa', 'blanco', 'morado'], 'Playera de algodón para niña con estampado de mariposa monarca.'),
  m('PLA', 'Playera Manga Larga Térmica', 'Montaña Azul', 'Unisex', 'clothing', '459.00', ['negro', 'gris', 'azul'], 'Primera capa térmica de manga larga que guarda el calor sin pesar.'),
  m('PLA', 'Playera Cuello V Dama', 'Urbana MX', 'Mujer', 'clothing', '229.00', ['blanco', 'negro', 'rosa', 'rojo', 'beige'], 'Playera de algodón con elastano, cuello en V y corte entallado.'),
  m('PLA', 'Playera de Aficionado Tricolor', 'Cactus Sport', 'Unisex', 'clothing', '799.00', ['verde', 'blanco', 'rojo'], 'Playera de aficionado con los colores de la bandera, tela transpirable y escudo bordado.'),
  // Camisas
  m('CAM', 'Camisa Oxford Manga Larga', 'Pasos Norte', 'Hombre', 'clothing', '699.00', ['blanco', 'azul', 'rosa', 'gris'], 'Camisa de tela Oxford 100 % algodón, cuello con botones. Va de la oficina al fin de semana.'),
  m('CAM', 'Camisa de Mezclilla Ligera', 'Peñasco', 'Hombre', 'clothing', '649.00', ['azul', 'negro'], 'Camisa de mezclilla ligera con dos bolsas al pecho y botones de presión.'),
  m('CAM', 'Guayabera Yucateca de Lino', 'Lucía Bordados', 'Hombre', 'clothing', '1199.00', ['blanco', 'beige', 'azul'], 'Guayabera de lino con alforzas y cuatro bolsas, hecha en Yucatán. Fresca para el calor.'),
  m('CAM', 'Camisa de Franela a Cuadros', 'Montaña Azul', 'Hombre', 'clothing', '599.00', ['rojo', 'azul', 'verde', 'gris'], 'Camisa de franela a cuadros, gruesa y suave, para las tardes frescas.'),
  m('CAM', 'Camisa Manga Corta Estampada', 'Urbana MX', 'Hombre', 'clothing', '549.00', ['azul', 'negro', 'verde'], 'Camisa de rayón con estampado de hojas tropicales y cuello cubano.'),
  m('CAM', 'Camisa Escolar Blanca', 'Alebrije', 'Niño', 'kidsClothing', '259.00', ['blanco'], 'Camisa escolar de manga corta en tela antiarrugas.'),
  // Blusas
  m('BLU', 'Blusa Bordada Chiapas', 'Lucía Bordados', 'Mujer', 'clothing', '899.00', ['blanco', 'negro', 'rojo'], 'Blusa de manta con bordado floral de Chiapas hecho a mano. Cada pieza es única.'),
  m('BLU', 'Blusa Campesina Hombros Descubiertos', 'Lucía Bordados', 'Mujer', 'clothing', '649.00', ['blanco', 'rosa', 'amarillo'], 'Blusa campesina de algodón con resorte en los hombros y bordado en el escote.'),
  m('BLU', 'Blusa de Gasa Oficina', 'Andariega', 'Mujer', 'clothing', '549.00', ['blanco', 'negro', 'rosa', 'azul'], 'Blusa de gasa con moño al cuello y forro interior. Ideal para la oficina.'),
  m('BLU', 'Blusa Manga Tres Cuartos', 'Urbana MX', 'Mujer', 'clothing', '399.00', ['negro', 'blanco', 'verde'], 'Blusa de punto con manga tres cuartos y cuello redondo.'),
  m('BLU', 'Blusa Infantil Bordada', 'Lucía Bordados', 'Niña', 'kidsClothing', '349.00', ['blanco', 'rosa'], 'Blusa de manta para niña con bordado de flores en el pecho.'),
  m('BLU', 'Blusa Satinada Noche', 'Andariega', 'Mujer', 'clothing', '699.00', ['negro', 'rojo', 'morado'], 'Blusa de satín con caída suave y botones forrados.'),
  // Pantalones
  m('PAN', 'Pantalón de Vestir Slim', 'Pasos Norte', 'Hombre', 'waistMen', '899.00', ['negro', 'gris', 'azul', 'café'], 'Pantalón de vestir corte slim, tela con un toque de elastano que no se arruga.'),
  m('PAN', 'Pantalón Cargo Explorador', 'Montaña Azul', 'Hombre', 'waistMen', '799.00', ['verde', 'beige', 'negro'], 'Pantalón cargo de gabardina con seis bolsas y tela resistente al desgarre.'),
  m('PAN', 'Pantalón Deportivo Jogger', 'Cactus Sport', 'Unisex', 'clothing', '549.00', ['negro', 'gris', 'azul'], 'Jogger de felpa ligera con puños en el tobillo y cordón en la cintura.'),
  m('PAN', 'Pantalón Palazzo', 'Andariega', 'Mujer', 'clothing', '649.00', ['negro', 'beige', 'blanco'], 'Pantalón palazzo de pierna amplia y tiro alto, en tela fresca que cae bonito.'),
  m('PAN', 'Pantalón Escolar', 'Alebrije', 'Niño', 'kidsClothing', '299.00', ['azul', 'gris'], 'Pantalón escolar de gabardina con rodillas reforzadas y cintura ajustable.'),
  m('PAN', 'Leggings Deportivos', 'Cactus Sport', 'Mujer', 'clothing', '429.00', ['negro', 'morado', 'gris'], 'Leggings de compresión con cintura alta y bolsa lateral para el celular.'),
  // Jeans
  m('JEA', 'Jeans Corte Recto Clásico', 'Peñasco', 'Hombre', 'waistMen', '799.00', ['azul', 'negro', 'gris'], 'Jeans de mezclilla 100 % algodón, corte recto y cinco bolsas.'),
  m('JEA', 'Jeans Slim Elástico', 'Peñasco', 'Hombre', 'waistMen', '899.00', ['azul', 'negro'], 'Jeans corte slim de mezclilla con elastano para moverte con libertad.'),
  m('JEA', 'Jeans Skinny Tiro Alto', 'Peñasco', 'Mujer', 'waistWomen', '849.00', ['azul', 'negro', 'blanco'], 'Jeans skinny de tiro alto que moldea la figura, con mezclilla elástica.'),
  m('JEA', 'Jeans Mom Fit', 'Peñasco', 'Mujer', 'waistWomen', '899.00', ['azul', 'negro'], 'Jeans holgados de tiro alto con bastilla deshilachada, estilo de los noventa.'),
  m('JEA', 'Jeans Infantil Rudo', 'Peñasco', 'Niño', 'kidsClothing', '399.00', ['azul'], 'Jeans para niño con rodillas reforzadas y cintura ajustable por dentro.'),
  // Sudaderas
  m('SUD', 'Sudadera con Capucha Básica', 'Urbana MX', 'Unisex', 'clothing', '599.00', ['negro', 'gris', 'azul', 'rojo', 'verde'], 'Sudadera de felpa perchada con capucha y bolsa canguro. Calientita para las mañanas frías.'),
  m('SUD', 'Sudadera Bordada México', 'Urbana MX', 'Unisex', 'clothing', '649.00', ['negro', 'blanco', 'beige'], 'Sudadera de cuello redondo con «México» bordado al frente.'),
  m('SUD', 'Sudadera Deportiva con Cierre', 'Cactus Sport', 'Hombre', 'clothing', '749.00', ['negro', 'azul'], 'Sudadera deportiva con cierre completo, bolsas laterales y tela que respira.'),
  m('SUD', 'Sudadera Infantil Dinosaurio', 'Alebrije', 'Niño', 'kidsClothing', '399.00', ['verde', 'azul', 'gris'], 'Sudadera con capucha de dinosaurio y picos de tela en la espalda.'),
  // Chamarras
  m('CHA', 'Chamarra de Piel Motociclista', 'Tierra Brava', 'Hombre', 'clothing', '3499.00', ['negro', 'café'], 'Chamarra de piel genuina estilo motociclista, cierres metálicos y forro acolchado.'),
  m('CHA', 'Chamarra Rompevientos Ligera', 'Montaña Azul', 'Unisex', 'clothing', '899.00', ['negro', 'azul', 'rojo', 'amarillo'], 'Rompevientos impermeable que se guarda en su propia bolsa.'),
  m('CHA', 'Chamarra de Mezclilla', 'Peñasco', 'Unisex', 'clothing', '999.00', ['azul', 'negro'], 'Chamarra de mezclilla clásica con botones metálicos y bolsas al pecho.'),
  m('CHA', 'Chamarra Acolchada Invierno', 'Montaña Azul', 'Mujer', 'clothing', '1499.00', ['negro', 'rosa', 'beige'], 'Chamarra acolchada con capucha desmontable y relleno que abriga sin pesar.'),
  m('CHA', 'Chamarra Infantil Impermeable', 'Alebrije', 'Niña', 'kidsClothing', '599.00', ['rosa', 'morado', 'amarillo'], 'Chamarra impermeable para niña con forro de borrega y capucha.'),
  // Vestidos
  m('VES', 'Vestido de Manta Bordado Oaxaqueño', 'Lucía Bordados', 'Mujer', 'clothing', '1299.00', ['blanco', 'negro'], 'Vestido de manta con bordado de flores en el pecho, hecho a mano en Oaxaca.'),
  m('VES', 'Vestido Camisero Casual', 'Andariega', 'Mujer', 'clothing', '749.00', ['azul', 'verde', 'beige'], 'Vestido camisero de algodón con cinturón de la misma tela.'),
  m('VES', 'Vestido de Noche Satinado', 'Andariega', 'Mujer', 'clothing', '1599.00', ['negro', 'rojo', 'azul'], 'Vestido largo de satín con tirantes delgados y abertura lateral.'),
  m('VES', 'Vestido Infantil de Fiesta', 'Alebrije', 'Niña', 'kidsClothing', '549.00', ['rosa', 'blanco'], 'Vestido de fiesta para niña con falda de tul y moño en la cintura.'),
  // Shorts
  m('SHO', 'Short Deportivo para Correr', 'Cactus Sport', 'Hombre', 'clothing', '349.00', ['negro', 'azul', 'gris'], 'Short ligero con malla interior y bolsa trasera con cierre.'),
  m('SHO', 'Bermuda Cargo', 'Montaña Azul', 'Hombre', 'waistMen', '499.00', ['beige', 'verde', 'azul'], 'Bermuda cargo de gabardina con bolsas laterales de fuelle.'),
  m('SHO', 'Short de Mezclilla Dama', 'Peñasco', 'Mujer', 'waistWomen', '449.00', ['azul', 'blanco'], 'Short de mezclilla de tiro alto con bastilla deshilachada.'),
  // Gorras
  m('GOR', 'Gorra Beisbolera Bordada', 'Urbana MX', 'Unisex', 'one', '299.00', ['negro', 'blanco', 'azul', 'rojo'], 'Gorra beisbolera de seis gajos con logo bordado y ajuste de broche.'),
  m('GOR', 'Gorra Trucker Nopal', 'Urbana MX', 'Unisex', 'one', '279.50', ['verde', 'negro'], 'Gorra de malla trasera con parche de nopal bordado.'),
  m('GOR', 'Gorra Deportiva para Correr', 'Cactus Sport', 'Unisex', 'one', '259.00', ['negro', 'blanco', 'rosa'], 'Gorra ligera de tela que seca rápido, con banda que absorbe el sudor.'),
  // Bolsas
  m('BOL', 'Bolsa Tote de Piel', 'Andariega', 'Mujer', 'one', '1599.00', ['negro', 'café', 'beige'], 'Bolsa tote de piel con cierre, bolsa interior y asas reforzadas. Cabe la laptop.'),
  m('BOL', 'Bolsa Bordada Mazahua', 'Lucía Bordados', 'Mujer', 'one', '899.00', ['blanco', 'negro'], 'Bolsa de manta con bordado mazahua en punto de cruz, hecha a mano en el Estado de México.'),
  m('BOL', 'Mochila Escolar Resistente', 'Colibrí', 'Unisex', 'one', '699.00', ['azul', 'negro', 'rosa', 'rojo'], 'Mochila escolar con respaldo acolchado, tres compartimentos y tela repelente al agua.'),
  // Cinturones
  m('CIN', 'Cinturón Vaquero Piteado', 'Tierra Brava', 'Hombre', 'clothing', '899.00', ['café', 'negro'], 'Cinturón de piel con piteado artesanal (bordado con fibra de pita) y hebilla metálica.'),
  m('CIN', 'Cinturón Casual Reversible', 'Pasos Norte', 'Hombre', 'clothing', '499.00', ['negro'], 'Cinturón reversible negro y café con hebilla que gira.'),
  // Calcetines
  m('CAL', 'Calcetines Deportivos Paquete de 3', 'Cactus Sport', 'Unisex', 'socks', '199.90', ['blanco', 'negro', 'gris'], 'Tres pares de calcetines de algodón con planta acojinada.'),
  m('CAL', 'Calcetas Escolares Paquete de 3', 'Colibrí', 'Niño', 'socks', '149.00', ['blanco', 'azul'], 'Tres pares de calcetas escolares a la rodilla, de algodón resistente.'),
];

/**
 * Stock the suites and the demo rely on, per SKU and size: units in [CEN, POL, GDL, MTY].
 * "¿tienen tenis negros talla 27?" → yes (Centro, Polanco, Monterrey; none in Guadalajara);
 * "¿y en rojo?" → only in Guadalajara.
 */
const PINNED_STOCK: Record<string, Record<string, [number, number, number, number]>> = {
  'TEN-0001-NEG': { '27': [4, 2, 0, 1] },
  'TEN-0001-ROJ': { '27': [0, 0, 3, 0] },
  'TEN-0001-BLA': { '27': [0, 0, 0, 0] },
};
/** Products with nothing in any store ("agotado"). */
const SOLD_OUT = new Set(['TEN-0013-ROJ', 'BOT-0007-AMA', 'PLA-0010-VER', 'VES-0003-AZU']);

/** mulberry32: small, fast, and the same sequence on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stockFor(random: () => number, sku: string, sizes: readonly string[]): Record<string, number[]> {
  const stock: Record<string, number[]> = {};
  const middle = (sizes.length - 1) / 2;
  for (const [index, store] of STORES.entries()) {
    stock[store.id] = sizes.map((size, i) => {
      const pinned = PINNED_STOCK[sku]?.[size];
      if (pinned) return pinned[index];
      if (SOLD_OUT.has(sku)) return 0;
      // Middle sizes sell most, so the shop keeps more of them.
      const popularity = 1 - Math.abs(i - middle) / (sizes.length || 1);
      if (random() < 0.3) return 0;
      return Math.round(random() * 8 * popularity * STORE_DEPTH[store.id]);
    });
  }
  return stock;
}

export function generateCatalogue(): CatalogueFile {
  const random = seededRandom(20261128);
  const counters = new Map<string, number>();
  const products: CatalogueProduct[] = [];
  for (const model of MODELS) {
    const number = (counters.get(model.category) ?? 0) + 1;
    counters.set(model.category, number);
    const modelCode = `${model.category}-${String(number).padStart(4, '0')}`;
    const category = CATEGORIES.find((c) => c.code === model.category)!;
    for (const color of model.colors) {
      const sku = `${modelCode}-${COLOR_CODES[color]}`;
      const sizes = [...SIZES[model.sizes]];
      products.push({
        sku,
        model: modelCode,
        name: model.name,
        description: model.description,
        category: category.name,
        brand: model.brand,
        gender: model.gender,
        color,
        price: model.price,
        sizes,
        stock: stockFor(random, sku, sizes),
      });
    }
  }
  return catalogueFileSchema.parse({
    currency: 'MXN',
    stores: STORES,
    categories: CATEGORIES.map(({ name, description, keywords }) => ({ name, description, keywords: [...keywords] })),
    products,
  });
}

if (import.meta.filename === process.argv[1]) {
  const target = new URL('../src/inventory/catalogue.json', import.meta.url);
  const catalogue = generateCatalogue();
  // One product per line: reviewable in a diff, and small.
  const lines = catalogue.products.map((p) => `    ${JSON.stringify(p)}`);
  const head = JSON.stringify(
    { currency: catalogue.currency, stores: catalogue.stores, categories: catalogue.categories },
    null,
    2,
  ).replace(/\n}$/, ',');
  writeFileSync(target, `${head}\n  "products": [\n${lines.join(',\n')}\n  ]\n}\n`);
  process.stdout.write(`wrote ${catalogue.products.length} products to ${target.pathname}\n`);
}
