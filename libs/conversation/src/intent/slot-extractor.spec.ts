import { SlotExtractor } from './slot-extractor.js';
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
      ['black sneakers size 9', '9'],
      ['size 9.5', '9.5'],
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
      ['do you have black leather boots size 9?', ['leather', 'boots']],
      ['cuánto cuestan los huaraches?', ['huaraches']],
      ['hola buenas, tienen sudaderas con gorro?', ['sudaderas', 'gorro']],
      ['¿tienen los tenis en la sucursal Polanco?', ['tenis']],
      ['Tenis NIKE Air Max 👟', ['tenis', 'nike', 'air', 'max']],
      ['¿y en rojo?', []],
      ['¿cuánto cuesta ese?', []],
    ])('should name the product in %j as %j', (text, productWords) => {
      expect(slotsOf(text).productWords).toEqual(productWords);
    });
  });
});
