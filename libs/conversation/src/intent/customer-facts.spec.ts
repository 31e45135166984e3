import type { CustomerFacts } from './detection.js';
import { extractCustomerFacts } from './customer-facts.js';

describe(extractCustomerFacts.name, () => {
  it.each<readonly [string, CustomerFacts]>([
    ['me llamo Roberto, calzo del 28', { name: 'Roberto', shoe_size: '28' }],
    ['Me llamo roberto gómez', { name: 'Roberto' }],
    ['me llamo Roberto Gómez', { name: 'Roberto Gómez' }],
    ['mi nombre es María José', { name: 'María José' }],
    ['soy Ana', { name: 'Ana' }],
    ['hola soy ana', { name: 'Ana' }],
    ['Buenas tardes, soy Lupita y calzo del 24 y medio', { name: 'Lupita', shoe_size: '24.5' }],
    ['mi talla es M', { clothing_size: 'M' }],
    ['soy talla chica', { clothing_size: 'CH' }],
    ['uso talla XL', { clothing_size: 'EG' }],
    ['mi talla es 27', { shoe_size: '27' }],
    ['mi talla de pantalón es 32', { clothing_size: '32' }],
    ['mi número es el 26.5', { shoe_size: '26.5' }],
    ['calzo 25½', { shoe_size: '25.5' }],
    ['my name is Tom', { name: 'Tom' }],
    ["Hi, I'm Tom", { name: 'Tom' }],
    ['my shoe size is 9', { shoe_size: '9' }],
    ['my size is medium', { clothing_size: 'M' }],
    ['hola, uso talla G y calzo del 27', { clothing_size: 'G', shoe_size: '27' }],
    ['me llamo Pati, calzo 23 y medio, mi talla es CH', { name: 'Pati', shoe_size: '23.5', clothing_size: 'CH' }],
  ])('should read %j as %j', (text, facts) => {
    expect(extractCustomerFacts(text).facts).toEqual(facts);
  });

  it.each([
    '¿tienen tenis talla 27?',
    'quiero una playera talla M',
    'soy de Monterrey',
    'hola soy nueva por aquí',
    'soy cliente de hace años',
    "i'm looking for boots",
    "I'm looking for boots",
    'me llamó la atención el modelo rojo',
    'mi número es 5512345678',
    'el 28',
  ])('should find nothing about the customer in %j', (text) => {
    expect(extractCustomerFacts(text).facts).toEqual({});
  });

  it('should leave what else the message says', () => {
    const { rest } = extractCustomerFacts('Soy Ana, busco tenis negros');
    expect(rest.trim()).toBe(', busco tenis negros');
  });
});
