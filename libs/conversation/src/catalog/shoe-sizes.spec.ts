import { mexicanShoeSize } from './shoe-sizes.js';

describe(mexicanShoeSize.name, () => {
  it.each<[number, 'men' | 'women', string | undefined]>([
    [9, 'men', '27'],
    [9.5, 'men', '27.5'],
    [7, 'men', '25'],
    [12, 'men', '30'],
    [7, 'women', '24'],
    [5, 'women', '22'],
    [8.5, 'women', '25.5'],
    [10, 'women', '27'],
    [3, 'men', undefined],
    [9.3, 'men', undefined],
    [16, 'women', undefined],
  ])('should read US %j (%s) as Mexican %j', (us, fit, mx) => {
    expect(mexicanShoeSize(us, fit)).toBe(mx);
  });

  it("should read a size without a fit as a men's size", () => {
    expect(mexicanShoeSize(9)).toBe('27');
  });
});
