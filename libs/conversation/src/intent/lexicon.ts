import type { Audience } from '../catalog/catalog-queries.js';
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
  `wey we guey guei way compa compadre carnal bro broo amigo amiga amigos joven jovenes seno senorita senor porfa porfavor
   porfis favor plis pliss pls plz please xfa xfavor oye oiga oigan hey ey ok okay oki va vale sale ah eh mm mmm jaja jajaja
   jeje jejeje xd hi hola buenas buenos buen dia dias tardes noches buenos que tal saludos gracias thanks thank
   mire mira mirele fijese fijate disculpe disculpa disculpen perdon perdone oiga oigame pues bueno ahora
   escribo escribia escribe escribiendo pregunto preguntaba preguntarle comentarle decirle platicarle gustaria
   interesa interesan interesaria necesita necesitamos necesitan ocupa ocupamos busca buscamos anda andamos
   encanta encantan urge urgente favorcito bonito bonita bonitos bonitas lindo linda lindos lindas
   entrar entra usar usa usaria llevar lleva ir salir regalar regalo regalarle cumpleanos graduacion
   creo pienso acuerdo parece gusta gustan quisieramos podemos puedo sabe sabes saben
   hace haces hacen hacer hago dejas deja dejan dejaria
   comodo comoda comodos comodas comfortable comfy nice cute pretty calidad quality casualidad
   linea online internet web pagina hoy ahorita manana today tomorrow tonight
   sean esten estes nomas namas alcanzo alcanzas alcanza alcanzar alcance
   tengan tenga tengas soy eres somos estoy vi viste vio visto vimos vine volvi regrese acabo
   jugar juega juegan play plays playing little guys folks wear wears
   hermano hermana hermanos primo prima tio tia cunado cunada suegro suegra jefe jefa abuelo abuela
   subo sube subes subir subirle subimos aumento aumentar aumentarle estiro estirar`,
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
  she's he's they're we're she he her his him till until
`);

/**
 * Words that carry the request rather than the product: asking, wanting, prices, stock,
 * details, sizes and colours as topics. Removed from `productWords`.
 */
export const REQUEST_WORDS = words(`
  tienen tienes tiene tendran tendras tendra habra hay habia manejan manejas maneja venden vendes vende
  busco buscando buscaba buscar ando quiero queria quisiera quisieramos necesito necesitaba ocupo ocupaba
  dame deme denme dan dar mandame mandeme mandamelo mandamela mandamelos mandamelas mandenmelo mandenmela
  mandenmelos mandenmelas enviamelo enviamela enviamelos enviamelas muestrame muestreme mostrar ensename ensenar ver
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
  total totales junto juntos altogether
  cueste cuesten costar costaria presupuesto budget
  aceptan acepta aceptas reciben accept
`);

/**
 * What customers call a kind of product → the word the catalogue uses for it, so the search
 * and the category match find it ("chaqueta" → chamarra, "pants" → pantalón, "running" → correr).
 */
export const PRODUCT_SYNONYMS: ReadonlyMap<string, string> = new Map(
  (
    [
      [
        'chamarra',
        'chaqueta chaquetas chamarrita chamarritas campera camperas abrigo abrigos jacket jackets coat coats',
      ],
      ['sudadera', 'hoodie hoodies sudaderita sweatshirt sweatshirts sueter sueteres sweater sweaters buzo buzos'],
      ['pantalon', 'trousers slacks'],
      // "pants": see LANGUAGE_PRODUCT_SYNONYMS.
      ['jogger', 'joggers sweatpants sweatpant trackpants'],
      ['leggings', 'leggins leggin legging mallas licras'],
      // Sports as the catalogue names them ("Tenis de Básquetbol…", "…Futbol…", "…de Montaña…").
      ['basquetbol', 'basket basquet basquetball basketball baloncesto basquet bball'],
      ['futbol', 'soccer futbolito fut'],
      ['montana', 'hiking senderismo trekking hike cerro'],
      ['playa', 'beach alberca pool'],
      ['fiesta', 'party parties fiestas boda bodas wedding xv graduation'],
      ['huarache', 'huarachito huarachitos'],
      // Brands customers use for a kind of shoe: the kind the catalogue sells.
      ['basquetbol', 'jordan jordans'],
      ['tenis', 'nike nikes adidas puma pumas reebok fila asics skechers'],
      ['skate', 'vans skater skateboard'],
      ['lona', 'converse convers'],
      ['short', 'bermuda bermudas'],
      ['correr', 'running runner runners trotar jogging maraton'],
      ['escolar', 'escuela escuelas colegio secundaria preparatoria prepa school'],
      ['gorra', 'cachucha cachuchas cap caps'],
      ['sandalia', 'chancla chanclas sandal sandals flipflop flipflops crocs slides'],
      ['vestido', 'dress dresses'],
      ['blusa', 'blouse blouses'],
      ['calcetin', 'sock socks'],
      ['cinturon', 'belt belts cinto cintos'],
      ['pantufla', 'slipper slippers'],
      ['zapatilla', 'tacon tacones heels'],
      ['playera', 'camiseta camisetas remera remeras tshirt tshirts'],
      ['tenis', 'sneakers sneaker trainers'],
      ['mochila', 'backpack backpacks'],
      ['bota', 'boot boots'],
      ['capucha', 'gorrito hood hooded'],
      ['lona', 'canvas'],
      ['lluvia', 'rain'],
    ] as const
  ).flatMap(([word, forms]) => forms.split(' ').map((form) => [form, word] as const)),
);

/**
 * Where or for what the customer will wear it → the word the catalogue names the kind made for
 * it with ("pa ir al gym" → "Tenis Entrenamiento…", "chambea en obra" → "Bota de Trabajo…"). Not
 * kinds themselves: "voy a un jaripeo y me falta un cinto" asks for one kind.
 */
export const PURPOSE_SYNONYMS: ReadonlyMap<string, string> = new Map(
  (
    [
      ['entrenamiento', 'gym gimnasio crossfit pesas workout'],
      ['trabajo', 'obra construccion chamba'],
      ['vaquero', 'jaripeo jaripeos charreada rodeos'],
    ] as const
  ).flatMap(([word, forms]) => forms.split(' ').map((form) => [form, word] as const)),
);

/**
 * Words whose kind depends on the language: in Mexico "pants" are sweatpants (the catalogue's
 * joggers); in English, any trousers.
 */
export const LANGUAGE_PRODUCT_SYNONYMS: Readonly<Record<'es' | 'en', ReadonlyMap<string, string>>> = {
  es: new Map([
    ['pants', 'jogger'],
    ['pans', 'jogger'],
  ]),
  en: new Map([['pants', 'pantalon']]),
};

/**
 * Two words that together name another kind than each alone ("running shoes" are sneakers,
 * not any shoe), as the catalogue's words; read before the single-word synonyms.
 */
export const PRODUCT_PHRASES: ReadonlyMap<string, readonly string[]> = new Map(
  (
    [
      ['flip flops', 'sandalia'],
      ['flip flop', 'sandalia'],
      ['chanclas playeras', 'sandalia playa'],
      ['new balance', 'tenis'],
      ['under armour', 'tenis'],
      ['running shoes', 'tenis correr'],
      ['hiking shoes', 'montana'],
      ['hiking boots', 'bota montana'],
      ['running shoe', 'tenis correr'],
      ['walking shoes', 'tenis caminar'],
      ['dress shoes', 'zapato vestir'],
      ['work boots', 'bota trabajo'],
      ['rain boots', 'bota lluvia'],
      ['rubber boots', 'bota lluvia'],
    ] as const
  ).map(([phrase, words]) => [phrase, words.split(' ')] as const),
);

/** Words that ask for any of several kinds ("algo abrigador": a jacket or a sweatshirt). */
export const KIND_ALTERNATIVES: ReadonlyMap<string, readonly string[]> = new Map(
  'abrigador abrigadora abrigadores abrigadoras calientito calientita calientitos calientitas frio warm'
    .split(' ')
    .map((word) => [word, ['chamarra', 'sudadera']] as const),
);

/** Who a product is for, as customers say it ("para mi hijo" → boys'); by the catalogue's gender. */
export const AUDIENCE_WORDS: ReadonlyMap<string, Audience> = new Map(
  (
    [
      ['boys', 'nino hijo nene chamaco varoncito sobrino nieto ahijado chavo chavito son boy boys'],
      ['girls', 'nina ninas hija hijas nena chamaca sobrina nieta ahijada daughter girl girls'],
      [
        'kids',
        // "pa la primaria": a child's, whatever it is ("secundaria" and "prepa" may wear adults' sizes).
        'ninos hijos infantil infantiles chamacos chavos chavitos bebes kinder preescolar primaria kid kids child children',
      ],
      ['men', 'hombre hombres caballero caballeros esposo marido novio papa men man mens husband boyfriend dad father'],
      ['women', 'mujer mujeres dama damas esposa novia mama women woman womens ladies lady wife girlfriend mom mother'],
    ] as const
  ).flatMap(([audience, forms]) => forms.split(' ').map((form) => [form, audience] as const)),
);

/** Phrases before an amount that make it a price ceiling ("menos de 1000", "hasta 800", "under 50"). */
export const PRICE_CEILING_CUES: readonly string[] = [
  'menos de',
  'menos que',
  'menor a',
  'menor de',
  'menores a',
  'menores de',
  'hasta',
  'maximo',
  'max',
  'no mas de',
  'que no pase de',
  'que no pasen de',
  'debajo de',
  'abajo de',
  'por debajo de',
  'tope de',
  'presupuesto de',
  'presupuesto',
  'tengo',
  'traigo',
  'under',
  'below',
  'less than',
  'up to',
  'at most',
  'no more than',
  'budget of',
  'budget',
];

/** Phrases before an amount that make it a price floor ("más de 2000", "desde 500", "over 100"). */
export const PRICE_FLOOR_CUES: readonly string[] = [
  'mas de',
  'mas que',
  'mayor a',
  'mayor de',
  'arriba de',
  'encima de',
  'minimo',
  'desde',
  'over',
  'more than',
  'above',
  'at least',
];

/** Phrases after an amount: "800 o menos" (a ceiling), "2000 para arriba" (a floor). */
export const PRICE_CEILING_AFTER: readonly string[] = ['o menos', 'para abajo', 'pa abajo', 'maximo', 'max', 'or less'];
export const PRICE_FLOOR_AFTER: readonly string[] = [
  'o mas',
  'para arriba',
  'pa arriba',
  'en adelante',
  'minimo',
  'or more',
  'and up',
];

/** Words that make a number an amount of money. */
export const CURRENCY_WORDS = words('pesos peso mxn varos baros');

/** Hundreds and tens spelt out, for amounts ("ochocientos", "mil quinientos"). */
export const AMOUNT_WORDS: ReadonlyMap<string, number> = new Map([
  ['cien', 100],
  ['ciento', 100],
  ['doscientos', 200],
  ['trescientos', 300],
  ['cuatrocientos', 400],
  ['quinientos', 500],
  ['seiscientos', 600],
  ['setecientos', 700],
  ['ochocientos', 800],
  ['novecientos', 900],
  ['veinte', 20],
  ['treinta', 30],
  ['cuarenta', 40],
  ['cincuenta', 50],
  ['sesenta', 60],
  ['setenta', 70],
  ['ochenta', 80],
  ['noventa', 90],
]);

/** Words that ask for the cheaper first ("barato", "económico", "cheap"). */
export const CHEAP_WORDS = words(
  'barato barata baratos baratas baratito baratita baratitos baratitas economico economica economicos economicas accesible accesibles cheap cheaper cheapest inexpensive affordable',
);

/** After "más", words that ask for the dearer first ("el más caro"). */
export const DEAR_WORDS = words('caro cara caros caras costoso costosa costosos costosas');

/** Words that ask for a discount or a deal (the shop profile states none: a person decides). */
export const DISCOUNT_WORDS = words(
  'descuento descuentos promocion promociones promo promos rebaja rebajas mayoreo discount discounts deal deals',
);

/** Words next to a size that say it is a US size ("9 US", "talla americana 9"). */
export const US_SIZE_MARKERS = words('us usa americano americana americanos americanas american gringo gringa eeuu');

/** The kinds themselves, as the catalogue names them: not what they are for or made of ("fiesta", "lona"). */
export const KIND_NOUNS: ReadonlySet<string> = new Set(
  `tenis bota botas botin botines zapato zapatos zapatilla zapatillas sandalia sandalias huarache huaraches
    pantufla pantuflas flat flats mocasin mocasines choclo choclos playera playeras camisa camisas guayabera guayaberas
    blusa blusas pantalon pantalones leggings jeans sudadera sudaderas chamarra chamarras vestido vestidos short shorts
    bermuda bermudas gorra gorras bolsa bolsas mochila mochilas cinturon cinturones calcetin calcetines calceta calcetas
    jogger`.split(/\s+/),
);

/**
 * The kinds of product the shop sells, as the catalogue names them (its categories and the
 * first word of its product names) and what customers call them (PRODUCT_SYNONYMS): a message
 * with one of them is about products even before the detector knows the catalogue's categories.
 */
export const KIND_WORDS: ReadonlySet<string> = new Set([...KIND_NOUNS, ...PRODUCT_SYNONYMS.values()]);

/** Clothing after which a lone letter is a size ("2 playeras M", "sudadera G"). */
export const CLOTHING_WORDS = words(`
  playera playeras camisa camisas blusa blusas sudadera sudaderas chamarra chamarras pantalon pantalones jeans
  short shorts vestido vestidos pants jogger joggers calcetines calcetas shirt shirts hoodie hoodies jacket jackets dress
  leggings polo polos
`);
