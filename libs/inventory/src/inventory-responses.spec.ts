import {
  checkStockResponse,
  getProductResponse,
  listCategoriesResponse,
  searchProductsResponse,
} from './inventory-responses.js';

const raw = {
  sku: 'TEN-0001-NEG',
  model: 'TEN-0001',
  name: 'Tenis Urbano Kairo',
  description: 'Tenis urbanos.',
  category: 'Tenis',
  brand: 'Cactus Sport',
  gender: 'Unisex',
  color: 'negro',
  price: '1299.00',
  currency: 'MXN',
  sizes: '26 26.5 27',
  unitsInStock: 12,
  otherColor: [{ sku: 'TEN-0001-ROJ', color: 'rojo' }],
};

describe('searchProductsResponse', () => {
  it('should turn strong-soap output into products', () => {
    expect(searchProductsResponse.parse({ totalMatches: 1, product: [raw] })).toEqual([
      {
        sku: 'TEN-0001-NEG',
        model: 'TEN-0001',
        name: 'Tenis Urbano Kairo',
        description: 'Tenis urbanos.',
        category: 'Tenis',
        brand: 'Cactus Sport',
        gender: 'Unisex',
        color: 'negro',
        price: { amount: '1299.00', currency: 'MXN' },
        sizes: ['26', '26.5', '27'],
        unitsInStock: 12,
        otherColors: [{ sku: 'TEN-0001-ROJ', color: 'rojo' }],
      },
    ]);
  });

  it.each([[undefined], [null], [''], [{ totalMatches: 0 }], [{ totalMatches: 0, product: undefined }]])(
    'should make %j an empty list',
    (answer) => {
      expect(searchProductsResponse.parse(answer)).toEqual([]);
    },
  );

  it('should take one product given as an object, not a list', () => {
    expect(searchProductsResponse.parse({ product: raw })).toHaveLength(1);
  });

  it.each([
    ['1299.00', '1299.00'],
    ['19.9', '19.90'],
    ['349', '349.00'],
    [1299, '1299.00'],
    [0.1 + 0.2, '0.30'],
    [19.99, '19.99'],
  ])('should carry the price %j as the exact amount %s', (price, amount) => {
    expect(getProductResponse.parse({ product: { ...raw, price } }).price.amount).toBe(amount);
  });

  it.each([['12,99'], ['-5.00'], ['1.999'], [Number.NaN], ['gratis']])('should refuse the price %j', (price) => {
    expect(getProductResponse.safeParse({ product: { ...raw, price } }).success).toBe(false);
  });

  it.each([
    [27, ['27']],
    ['UNITALLA', ['UNITALLA']],
    [
      ['CH', 'M'],
      ['CH', 'M'],
    ],
    [undefined, []],
  ])('should read the sizes %j as %j', (sizes, expected) => {
    expect(getProductResponse.parse({ product: { ...raw, sizes } }).sizes).toEqual(expected);
  });

  it('should refuse an answer without the fields the WSDL promises', () => {
    const { sku: _sku, ...withoutSku } = raw;
    expect(searchProductsResponse.safeParse({ product: [withoutSku] }).success).toBe(false);
  });
});

describe('checkStockResponse', () => {
  it('should read single stores and sizes, and text booleans and numbers', () => {
    expect(
      checkStockResponse.parse({
        sku: 'TEN-0001-ROJ',
        name: 'Tenis Urbano Kairo',
        color: 'rojo',
        size: '27',
        quantity: '1',
        available: 'true',
        units: 3,
        store: {
          storeId: 'GDL',
          storeName: 'Guadalajara',
          city: 'Guadalajara',
          units: 3,
          available: true,
          sizeStock: { size: 27, units: 3 },
        },
      }),
    ).toEqual({
      sku: 'TEN-0001-ROJ',
      name: 'Tenis Urbano Kairo',
      color: 'rojo',
      size: '27',
      quantity: 1,
      available: true,
      units: 3,
      stores: [
        {
          storeId: 'GDL',
          storeName: 'Guadalajara',
          city: 'Guadalajara',
          units: 3,
          available: true,
          sizes: [{ size: '27', units: 3 }],
        },
      ],
    });
  });
});

describe('listCategoriesResponse', () => {
  it('should make no categories an empty list', () => {
    expect(listCategoriesResponse.parse(undefined)).toEqual([]);
    expect(listCategoriesResponse.parse({ category: { name: 'Tenis', description: 'x', productCount: '52' } })).toEqual(
      [{ name: 'Tenis', description: 'x', productCount: 52 }],
    );
  });
});
