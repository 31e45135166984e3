import type { Colour } from './detection.js';

/** Words (folded: lower-case, no accents) that never name a product. */
const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Every inflection and English name of a colour, mapped to its canonical name. */
export const COLOUR_WORDS: ReadonlyMap<string, Colour> = new Map(
  (
    [
      ['negro', 'negro negra negros negras negrito negrita negritos negritas black blacks'],
      ['blanco', 'blanco blanca blancos blancas blanquito blanquitos white whites'],
      ['rojo', 'rojo roja rojos rojas rojito rojitos red reds'],
      ['azul', 'azul azules azulito marino navy blue blues'],
      ['verde', 'verde verdes green greens'],
      ['gris', 'gris grises gray grey'],
      ['café', 'cafe cafes marron marrones brown browns camel'],
      ['beige', 'beige beiges beis nude arena'],
      ['rosa', 'rosa rosas rosado rosada rosados rosadas rosita rositas fucsia fiusha pink'],
      ['amarillo', 'amarillo amarilla amarillos amarillas yellow'],
      ['morado', 'morado morada morados moradas lila lilas violeta purple'],
      ['naranja', 'naranja naranjas anaranjado anaranjada anaranjados orange'],
    ] as const
  ).flatMap(([colour, forms]) => forms.split(' ').map((form) => [form, colour] as const)),
);

/** Spelled-out numbers up to ten (quantities and positions). */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['un', 1],
  ['una', 1],
  ['uno', 1],
  ['dos', 2],
  ['tres', 3],
  ['cuatro', 4],
  ['cinco', 5],
  ['seis', 6],
  ['siete', 7],
  ['ocho', 8],
  ['nueve', 9],
  ['diez', 10],
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
]);

/** Ordinal words; -1 is "the last one". */
export const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ['primer', 1],
  ['primero', 1],
  ['primera', 1],
  ['segundo', 2],
  ['segunda', 2],
  ['tercer', 3],
  ['tercero', 3],
  ['tercera', 3],
  ['cuarto', 4],
  ['cuarta', 4],
  ['quinto', 5],
  ['quinta', 5],
  ['sexto', 6],
  ['sexta', 6],
  ['septimo', 7],
  ['septima', 7],
  ['octavo', 8],
  ['octava', 8],
  ['noveno', 9],
  ['novena', 9],
  ['decimo', 10],
  ['decima', 10],
  ['ultimo', -1],
  ['ultima', -1],
  ['first', 1],
  ['second', 2],
  ['third', 3],
  ['fourth', 4],
  ['fifth', 5],
  ['sixth', 6],
  ['seventh', 7],
  ['eighth', 8],
  ['ninth', 9],
  ['tenth', 10],
  ['last', -1],
]);

/** Units after a number that make it a quantity. */
export const QUANTITY_UNITS = words(
  'par pares piezas pieza pzas pza pz unidades unidad pairs pair pieces piece pcs units unit',
);

/** Units after a number that make it anything but a size or a position. */
export const NON_SIZE_UNITS = words(
  'pesos peso mxn dlls dls dolares dollars usd mil k anos ano dias dia min minutos hrs horas hours days years meses semanas km mts metros % porciento',
);

/** Words that introduce a size and nothing else. */
export const STRONG_SIZE_CUES = words('talla tallas size sz calzo calzas calza calzado uso');

/** Clothing sizes, as written after a cue, to their label. */
export const CLOTHING_SIZES: ReadonlyMap<string, string> = new Map([
  ['xxs', 'XXS'],
  ['xs', 'XS'],
  ['s', 'S'],
  ['m', 'M'],
  ['l', 'L'],
  ['xl', 'XL'],
  ['xxl', 'XXL'],
  ['xxxl', 'XXXL'],
  ['ch', 'CH'],
  ['chica', 'CH'],
  ['chico', 'CH'],
  ['g', 'G'],
  ['eg', 'EG'],
  ['xg', 'EG'],
  ['mediana', 'M'],
  ['mediano', 'M'],
  ['grande', 'G'],
  ['small', 'S'],
  ['medium', 'M'],
  ['large', 'L'],
  ['unitalla', 'UNITALLA'],
]);

/** Clothing sizes that are unmistakable even without "talla" before them. */
export const STANDALONE_CLOTHING_SIZES = words('xxs xs xl xxl xxxl ch eg xg unitalla');

/** Words pointing back at what was shown before. */
export const REFERENCE_WORDS = words(
  'ese esa esos esas este estos estas aquel aquella aquellos aquellas mismo misma mismos mismas otro otra otros otras that this those these it them same other another one ones',
);

/** Connectors that open a follow-up ("¿y en rojo?", "and in blue?"). */
export const FOLLOW_UP_OPENERS = words('y and e also tambien entonces what about');

/** Politeness, fillers and Mexican slang: never a product, never an intent. */
export const FILLER_WORDS = words(
  'wey we guey guei way compa compadre carnal bro broo amigo amiga amigos joven jovenes seno senorita senor dama caballero porfa porfavor porfis favor plis pliss pls plz please xfa xfavor oye oiga oigan hey ey ok okay oki va vale sale ah eh mm mmm jaja jajaja jeje jejeje xd hi hola buenas buenos buen dia dias tardes noches buenos que tal saludos gracias thanks thank',
);

/** Function words, Spanish and English. */
export const STOP_WORDS = words(`
  a al algo algun alguna algunas alguno algunos ante aqui asi cada como con contra cual cuales de del desde donde
  el ella ellas ellos en entre era es esa ese eso esta estan estar este esto estos estas fue ha han hasta hay la las le les lo los
  mas me mi mis mucho muy nada ni no nos nosotros o otra otro para pero poco por porque pues que quien se sea ser si sin
  sobre solo son su sus tal tambien tan te ti tiene tienen tengo tu tus un una unas uno unos usted ustedes vos y ya yo
  mio mia tuyo aun bien vez veces todo toda todos todas cosa cosas alguien ahi alla aca ke q k xq pq pa pal
  an the and or of to in on at by for from with without is are was were be been am do does did have has had
  i me my we our you your he she it its they them their this that these those there here what which who how
  can could would will shall should may might must any some all just also too very really so not no yes yeah
  get got im i'm i'd i'll you're it's that's what's dont don't do you u ur r pls please
`);

/**
 * Words that carry the request rather than the product: asking, wanting, prices, stock,
 * details, sizes and colours as topics. Removed from `productWords`.
 */
export const REQUEST_WORDS = words(`
  tienen tienes tiene tendran tendras tendra habra hay habia manejan manejas maneja venden vendes vende
  busco buscando buscaba buscar ando quiero queria quisiera quisieramos necesito necesitaba ocupo ocupaba
  dame deme denme dan dar mandame mandeme muestrame muestreme mostrar ensename ensenar ver
  recomiendas recomiendan recomienda recomendar recomiendame sugieres me puedes pueden puede podrias podria
  precio precios presio presios cuesta cuestan cuestas costo costos cuanto cuanta cuantos cuantas sale salen
  vale valen cobran cobras a como barato baratos barata baratas caro caros oferta ofertas descuento descuentos
  disponible disponibles disponibilidad stock existencia existencias inventario quedan queda quedaron agotado agotados
  agotada agotadas surtido aun todavia
  talla tallas numero num no size sizes color colores colour colours modelo modelos producto productos articulo articulos
  info informacion detalles detalle caracteristicas material materiales hechos hecho hecha hechas medidas foto fotos
  imagen imagenes opcion opciones option options item items tipo tipos
  have got looking look want wanted need needs show see find sell selling carry price prices cost costs much many
  available availability left sold out details detail info information material made pictures picture photos photo
  kind type model models products product sizes colors
  pregunta preguntar saber consulta duda informes compro comprar compra comprarlos comprarlas buy
`);
