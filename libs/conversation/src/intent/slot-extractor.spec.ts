import { SlotExtractor, shopperFiltersOf } from './slot-extractor.js';
import { tokenize } from './text-normaliser.js';

const extractor = new SlotExtractor({
  stores: ['Centro', 'Polanco', 'Guadalajara', 'Monterrey', 'Santa Fe'],
  categories: ['Tenis', 'Botas', 'Sandalias', 'Playeras', 'Ropa de dama'],
});

const slotsOf = (text: string) => extractor.extract(tokenize(text));

describe(SlotExtractor.name, () => {
  describe('extract', () => {
    it.each([
      ['¿tienen tenis negros talla 27?', '27'],
      ['unos del 26', '26'],
      ['tenis del 26.5', '26.5'],
      ['tenis 26,5', '26.5'],
      ['número 27', '27'],
      ['talla 27 y medio', '27.5'],
      ['botas 25½', '25.5'],
      ['unos del 24 1/2', '24.5'],
      ['tenis negros 27', '27'],
      ['calzo del 28', '28'],
      ['tenis 27 cm', '27'],
      ['sudaderas del número 5', '5'],
      ['playera talla M', 'M'],
      ['sudadera talla ch', 'CH'],
      ['chamarra talla eg', 'EG'],
      ['talla extra grande', 'EG'],
      ['hoodie size XL', 'XL'],
      ['¿tienen en xs?', 'XS'],
      ['black sneakers size 9', '27'],
      ['size 9.5', '27.5'],
    ])('should read the size in %j as %j', (text, size) => {
      expect(slotsOf(text).size).toBe(size);
    });

    it.each([
      '¿cuestan $500?',
      'tengo 25 años',
      'quiero 2 pares',
      'el 2',
      'tenis para correr',
      'cuánto cuestan 3 piezas',
      'me lo mandas en 3 días',
    ])('should find no size in %j', (text) => {
      expect(slotsOf(text).size).toBeUndefined();
    });

    it.each([
      ['tenis negros', 'negro'],
      ['bota negra', 'negro'],
      ['black sneakers', 'negro'],
      ['tenis negors', 'negro'],
      ['blusa blanca', 'blanco'],
      ['WHITE shirt', 'blanco'],
      ['blanko', 'blanco'],
      ['sandalias rojas', 'rojo'],
      ['pantalón azul marino', 'azul'],
      ['navy hoodie', 'azul'],
      ['botas cafés', 'café'],
      ['brown boots', 'café'],
      ['sudaderas grises', 'gris'],
      ['grey joggers', 'gris'],
      ['tenis beige', 'beige'],
      ['vestido rosa', 'rosa'],
      ['pink dress', 'rosa'],
      ['playeras amarillas', 'amarillo'],
      ['gorras moradas', 'morado'],
      ['bolsa lila', 'morado'],
      ['chamarra naranja', 'naranja'],
      ['tenis verdes', 'verde'],
    ])('should read the colour in %j as %j', (text, colour) => {
      expect(slotsOf(text).colour).toBe(colour);
    });

    it.each(['pago con banco', 'tenis para correr', '¿cuánto vendes?', 'hola'])(
      'should find no colour in %j',
      (text) => {
        expect(slotsOf(text).colour).toBeUndefined();
      },
    );

    it.each([
      ['quiero 2 pares', 2],
      ['dos pares de botas', 2],
      ['quiero tres', 3],
      ['tres', 3],
      ['a couple of hoodies', 2],
      ['un par de tenis', 1],
      ['dame 4', 4],
      ['3 piezas', 3],
      ['I need two pairs', 2],
      // How many, said after the product.
      ['mándamelas a Mérida, que sean 3', 3],
      ['son dos eh', 2],
    ])('should read the quantity in %j as %j', (text, quantity) => {
      expect(slotsOf(text).quantity).toBe(quantity);
    });

    it.each(['tenis del 27', 'quiero unos tenis', 'quiero una playera', 'el segundo'])(
      'should find no quantity in %j',
      (text) => {
        expect(slotsOf(text).quantity).toBeUndefined();
      },
    );

    it.each([
      ['¿hay en polanco?', 'Polanco'],
      ['en la sucursal del centro', 'Centro'],
      ['GUADALAJARA', 'Guadalajara'],
      ['en monterey', 'Monterrey'],
      ['polanko', 'Polanco'],
      ['¿los tienen en Santa Fe?', 'Santa Fe'],
    ])('should read the store in %j as %j', (text, store) => {
      expect(slotsOf(text).store).toBe(store);
    });

    it.each(['en puebla', 'tenis negros', 'santa'])('should find no store in %j', (text) => {
      expect(slotsOf(text).store).toBeUndefined();
    });

    it('should find no store when the shop gave no store names', () => {
      expect(new SlotExtractor().extract(tokenize('¿hay en polanco?')).store).toBeUndefined();
    });

    it.each([
      ['¿tienen botas?', 'Botas'],
      ['una bota', 'Botas'],
      ['sandalia', 'Sandalias'],
      ['tennis', 'Tenis'],
      ['playera blanca', 'Playeras'],
      ['algo de ropa de dama', 'Ropa de dama'],
    ])('should read the category in %j as %j', (text, category) => {
      expect(slotsOf(text).category).toBe(category);
    });

    it.each(['gorras', 'ropa'])('should find no category in %j', (text) => {
      expect(slotsOf(text).category).toBeUndefined();
    });

    it.each([
      ['el segundo', 2],
      ['la primera', 1],
      ['the third one', 3],
      ['#2', 2],
      ['el 2', 2],
      ['opción 3', 3],
      ['el 2do', 2],
      ['the 2nd one', 2],
      ['el último', -1],
      ['the last one', -1],
      ['number 4', 4],
      ['el número 2', 2],
      ['2', 2],
      ['¿cuánto cuesta el tercero?', 3],
    ])('should read the position in %j as %j', (text, ordinal) => {
      expect(slotsOf(text).ordinal).toBe(ordinal);
    });

    it.each(['es la primera vez que compro', 'espera un segundo', 'del 27', 'tenis negros'])(
      'should find no position in %j',
      (text) => {
        expect(slotsOf(text).ordinal).toBeUndefined();
      },
    );

    it.each([
      ['¿tienen tenis negros talla 27?', ['tenis']],
      ['busco botas de piel cafés del 26 porfa wey', ['botas', 'piel']],
      ['do you have black leather boots size 9?', ['leather', 'bota']],
      ['cuánto cuestan los huaraches?', ['huaraches']],
      ['hola buenas, tienen sudaderas con gorro?', ['sudaderas', 'gorro']],
      ['¿tienen los tenis en la sucursal Polanco?', ['tenis']],
      // A sneaker brand is the kind of shoe the shop sells.
      ['Tenis NIKE Air Max 👟', ['tenis', 'air', 'max']],
      ['¿y en rojo?', []],
      ['¿cuánto cuesta ese?', []],
    ])('should name the product in %j as %j', (text, productWords) => {
      expect(slotsOf(text).productWords).toEqual(productWords);
    });
  });
});

describe(shopperFiltersOf.name, () => {
  it.each<[string, number | undefined, number | undefined]>([
    ['algo para correr de menos de 1000 pesos', 1000, undefined],
    ['tenis de menos de mil', 1000, undefined],
    ['menos de 1,000', 1000, undefined],
    ['que no pase de $1.500', 1500, undefined],
    ['hasta 800', 800, undefined],
    ['hasta $800', 800, undefined],
    ['máximo 1k', 1000, undefined],
    ['tengo 600 pesos', 600, undefined],
    ['unos de 1200 o menos', 1200, undefined],
    ['menos de dos mil quinientos', 2500, undefined],
    ['hasta ochocientos', 800, undefined],
    ['sneakers under 900', 900, undefined],
    ['entre 500 y 800', 800, 500],
    ['de 500 a 800 pesos', 800, 500],
    ['between 300 and 600', 600, 300],
    ['más de 2000', undefined, 2000],
    ['de 2 mil para arriba', undefined, 2000],
    ['desde $1,500', undefined, 1500],
  ])('should read the price range of %j as at most %j and at least %j', (text, maxPrice, minPrice) => {
    const filters = shopperFiltersOf(text);
    expect(filters.maxPrice).toBe(maxPrice);
    expect(filters.minPrice).toBe(minPrice);
  });

  it.each(['hasta luego', 'más de 2 pares', 'tengo 25 años', 'talla 27', 'hasta 27', 'quiero 3', 'hola'])(
    'should find no price in %j',
    (text) => {
      const filters = shopperFiltersOf(text);
      expect([filters.maxPrice, filters.minPrice]).toEqual([undefined, undefined]);
    },
  );

  it.each<[string, 'price_asc' | 'price_desc', boolean]>([
    ['tenis baratos', 'price_asc', false],
    ['algo económico', 'price_asc', false],
    ['lo más barato que tengan', 'price_asc', false],
    ['el más barato', 'price_asc', true],
    ['¿cuál es más barato?', 'price_asc', true],
    ['¿cuál es la más económica?', 'price_asc', true],
    ['el más caro', 'price_desc', true],
    ['los más caros', 'price_desc', false],
    ['the cheapest one', 'price_asc', true],
    ['which is cheaper?', 'price_asc', true],
  ])('should read the order of %j as %j (one product: %j)', (text, sort, pickOne) => {
    expect(shopperFiltersOf(text)).toMatchObject({ sort });
    expect(shopperFiltersOf(text).pickOne ?? false).toBe(pickOne);
  });

  it.each(['¿por qué tan caro?', 'tenis negros', 'más de 2000'])('should find no order in %j', (text) => {
    expect(shopperFiltersOf(text).sort).toBeUndefined();
  });

  it.each([
    ['tenis para mi hijo', 'boys'],
    ['de niño', 'boys'],
    ['for my son', 'boys'],
    ['algo para mi hija', 'girls'],
    ['ropa para niños', 'kids'],
    ['para mis hijos, un niño y una niña', 'kids'],
    ['tenis infantiles', 'kids'],
    ['kids sneakers', 'kids'],
    ['botas de dama', 'women'],
    ['para mi esposo', 'men'],
    ['para dama y caballero', 'adults'],
    // "son" is Spanish for "are": only "my son" is someone's.
    ['¿cuáles son las sandalias de caballero?', 'men'],
    ['¿qué tenis son para dama?', 'women'],
    ['sandals for my son', 'boys'],
    ['a jacket for my mom', 'women'],
    // The customer themself, after asking for a child: an adult again.
    ['¿y para mí unas sandalias cafés?', 'adults'],
    ['and something for me in size 26', 'adults'],
    ['para mi sobrina del 18', 'girls'],
    // "Mi chavo" is a son; a school year before secundaria is a child's.
    ['unos tenis pa mi chavo', 'boys'],
    ['mochila pal kinder', 'kids'],
    ['pantalón de uniforme de primaria', 'kids'],
  ])('should read whose models %j asks for as %j', (text, audience) => {
    expect(shopperFiltersOf(text).audience).toBe(audience);
  });

  it.each([
    'tenis negros talla 27',
    'hola, ¿tienen botas?',
    '¿cuánto son los huaraches?',
    'unos jeans mom fit azules',
    // Any young man, not someone's child.
    'busco algo para un chavo de 20 años',
  ])('should name nobody in %j', (text) => {
    expect(shopperFiltersOf(text).audience).toBeUndefined();
  });

  it.each([
    ['talla 9 US', '9', '27'],
    ['size 9', '9', '27'],
    ['9 americano', '9', '27'],
    ['tenis us 10.5', '10.5', '28.5'],
    ['tenis de mujer talla 7 US', '7', '24'],
    ['women sneakers size 7', '7', '24'],
  ])('should read the US size in %j as %j, Mexican %j', (text, usSize, size) => {
    expect(shopperFiltersOf(text)).toMatchObject({ usSize, size });
  });

  it.each(['talla 9', 'jeans size 9', 'talla 27', 'tenis para mi hijo talla 9 US', 'size 40 us'])(
    'should read no US size in %j',
    (text) => {
      expect(shopperFiltersOf(text).usSize).toBeUndefined();
    },
  );

  it.each([
    ['algo abrigador', ['chamarra', 'sudadera']],
    ['algo para el frío', ['chamarra', 'sudadera']],
  ])('should read %j as any of %j', (text, kinds) => {
    expect(shopperFiltersOf(text).anyOf).toEqual(kinds);
  });

  it.each([
    ['¿tienen trajes de astronauta?', ['trajes', 'astronauta']],
    ['quería ver si manejan sombreros de charro o algo parecido', ['sombreros', 'charro']],
    ['ando buscando unos zapatos de astronauta para una fiesta de disfraces', ['zapatos', 'astronauta']],
    ['mi hijo va a entrar a la secundaria y necesita unos tenis negros', ['tenis']],
    ['busco botas vaqueras', ['botas', 'vaqueras']],
    ['do you have leather boots?', ['leather', 'bota']],
    ['tenis para correr', undefined],
  ])('should read the product named in %j as %j', (text, named) => {
    expect(shopperFiltersOf(text).named).toEqual(named);
  });

  it.each([
    ['¿tienen sombreros de palma?', ['palma']],
    ['busco unos tenis con luces', ['luces']],
    ['¿manejan sudaderas? son pal frío de la sierra', undefined],
    ['quiero unas sandalias bonitas pal mar', undefined],
  ])('should read what the product named in %j must be as %j', (text, hung) => {
    expect(shopperFiltersOf(text).hung).toEqual(hung);
  });

  it('should not take what a product is for, after "pa", as the product', () => {
    expect(shopperFiltersOf('¿tienen camisas? es pa una graduación').named).toEqual(['camisas']);
  });

  it.each([
    ['una mochila que no sea de piel', ['piel']],
    ['unos jeans, pero que no sean negros', ['negros']],
    ['una gorra que no tenga estampado', ['estampado']],
    ['una bolsa de piel', undefined],
  ])('should read what %j rules out as %j', (text, without) => {
    expect(shopperFiltersOf(text).without).toEqual(without);
  });

  it.each([
    ['para el bautizo me faltan una camisa blanca y un cinturón', ['camisa', 'cinturon']],
    ['quiero una gorra trucker y unos tenis de lona', ['gorra trucker', 'tenis lona']],
    ['tenis de bota de lona', undefined],
    ['unas botas y unos botines', ['botas', 'botines']],
    ['unas botas o unas botas cafés', undefined],
  ])('should read the kinds asked together in %j as %j', (text, kinds) => {
    expect(shopperFiltersOf(text).kinds).toEqual(kinds);
  });

  it.each([
    ['¿aún tienen la gorra que me mostraste ayer?', true],
    ['¿siguen los botines que vi el otro día?', true],
    ['are the boots you showed me still there?', true],
    ['¿tienen botines cafés?', undefined],
  ])('should read whether %j asks about what was shown before', (text, seen) => {
    expect(shopperFiltersOf(text).seen).toBe(seen);
  });

  it.each([
    ['¿descuento por 3?', true],
    ['¿tienen promociones?', true],
    ['¿precio de mayoreo?', true],
    ['¿cuánto cuestan 3?', undefined],
  ])('should read a request for a deal in %j as %j', (text, discount) => {
    expect(shopperFiltersOf(text).discount).toBe(discount);
  });
});

describe('what a shopper says besides the product', () => {
  const extractor = new SlotExtractor({
    stores: ['Centro', 'Polanco'],
    categories: ['Tenis', 'Chamarras', 'Sudaderas', 'Pantalones', 'Shorts', 'Playeras', 'Gorras', 'Sandalias'],
  });
  const slotsOf = (text: string) => extractor.extract(tokenize(text));

  it.each([
    ['una chaqueta de mezclilla', 'Chamarras', ['chamarra', 'mezclilla']],
    ['jacket', 'Chamarras', ['chamarra']],
    ['hoodie negro', 'Sudaderas', ['sudadera']],
    ['black trousers', 'Pantalones', ['pantalon']],
    ['bermudas', 'Shorts', ['short']],
    ['tenis de running', 'Tenis', ['tenis', 'correr']],
    ['black sneakers', 'Tenis', ['tenis']],
    ['cachucha', 'Gorras', ['gorra']],
    ['unos tenis pal gimnasio', 'Tenis', ['tenis', 'entrenamiento']],
    ['chanclas', 'Sandalias', ['sandalia']],
    ['camiseta blanca', 'Playeras', ['playera']],
    // Two English words that name one kind, and English words for what a product is made of.
    ['some running shoes in blue', 'Tenis', ['tenis', 'correr']],
    ['canvas sneakers', 'Tenis', ['lona', 'tenis']],
    ['una sudadera con gorrito gris', 'Sudaderas', ['sudadera', 'capucha']],
    ['hooded sweatshirt', 'Sudaderas', ['capucha', 'sudadera']],
  ])('should read %j as the category %j and the catalogue words %j', (text, category, productWords) => {
    expect(slotsOf(text)).toMatchObject({ category, productWords });
  });

  it.each([
    ['mire, fíjese que le escribo porque busco unos tenis', ['tenis']],
    ['oiga joven, quiero ver chamarras', ['chamarras']],
    ['buenas tardes, disculpe, ¿tienen sudaderas?', ['sudaderas']],
    ['tenis para mi hijo', ['tenis']],
    ['for my son, sneakers', ['tenis']],
    ['algo para correr de menos de 1000 pesos', ['correr']],
    ['tenis baratos', ['tenis']],
    ['el más caro', []],
    ['algo abrigador', []],
    ['¿descuento por 3?', []],
    ['talla 9 US', []],
    // Verbs of price and being are the request, not the product.
    ['shorts que cuesten menos de 400', ['shorts']],
    ['gorras que sean rojas', ['gorras']],
    ['playeras en mi presupuesto', ['playeras']],
    ["sandals for my wife, she's a 24", ['sandalia']],
  ])('should keep the product words of %j as %j and drop the rest', (text, productWords) => {
    expect(slotsOf(text).productWords).toEqual(productWords);
  });

  it.each([
    ['talla 9 US', '27'],
    ['botas 9 americano', '27'],
    ['tenis de mujer talla 7 US', '24'],
    ['2 playeras M', 'M'],
    ['sudadera negra G', 'G'],
    ['¿y en M?', 'M'],
    ['tenis para correr de menos de 1000', undefined],
    ['hasta 28', '28'],
  ])('should read the size in %j as %j', (text, size) => {
    expect(slotsOf(text).size).toBe(size);
  });

  it.each([
    ['2 playeras M, ¿cuánto es en total?', 2],
    ['dos tenis negros', 2],
    ['¿descuento por 3?', 3],
    ['¿cuánto sale por 2?', 2],
    ['tenis de menos de 1000 pesos', undefined],
    ['por favor', undefined],
    ['tengo 2 hijos', undefined],
  ])('should read the quantity in %j as %j', (text, quantity) => {
    expect(slotsOf(text).quantity).toBe(quantity);
  });

  it.each([
    ['soy L, quiero una playera', 'L'],
    ["I'm a M", 'M'],
    ['una chamarra, soy CH', 'CH'],
  ])('should read the size the customer wears in %j as %j', (text, size) => {
    expect(slotsOf(text).size).toBe(size);
  });

  it.each([
    ['busco zapatillas de mujer, uso 8 en americano', '8', '25'],
    ['botas de dama 6 de usa', '6', '23'],
    ['tenis de hombre US 10', '10', '28'],
  ])('should read the US size in %j as US %s, Mexican %s', (text, us, mx) => {
    expect(shopperFiltersOf(text)).toMatchObject({ usSize: us, size: mx });
  });

  it.each([
    ['oye, ¿tienen cachuchas?', ['gorra']],
    ['holaa, quiero huaraches', ['huaraches']],
    ['hey do you have slides?', ['sandalia']],
    ['tienen algo tipo vans?', ['skate']],
    ['unos de basquet', ['basquetbol']],
  ])('should leave the talk in %j out of the product words: %j', (text, words) => {
    expect(slotsOf(text).productWords).toEqual(words);
  });

  it('should read "pants" as joggers in Spanish and as trousers in English', () => {
    expect(extractor.extract(tokenize('unos pants grises'), 'es').productWords).toEqual(['jogger']);
    expect(extractor.extract(tokenize('grey pants please'), 'en').productWords).toEqual(['pantalon']);
  });
});
