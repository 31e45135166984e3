/**
 * US shoe sizes as Mexican ones. Mexican sizes are the foot's length in centimetres ("27" fits
 * a 27 cm foot); US sizes count barleycorns (⅓ inch) on a scale that differs for men and
 * women, so one US size is about 0.85 cm and a women's size sits one below a men's of the same
 * length. The table is the one Mexican shoe shops print (men's US 9 = MX 27, women's US 7 =
 * MX 24), i.e. MX = US + 18 for men and US + 17 for women in the adult range; brands run up to
 * half a size apart, which is why a reply states the conversion for the customer to correct.
 * Source: the US and Mondopoint (foot length) scales in https://en.wikipedia.org/wiki/Shoe_size.
 * Children's US sizes (a separate scale, 10C, 1Y…) are not converted.
 */
const US_TO_MX: Readonly<Record<'men' | 'women', ReadonlyArray<readonly [number, number]>>> = {
  // [US, MX]
  men: [
    [6, 24],
    [6.5, 24.5],
    [7, 25],
    [7.5, 25.5],
    [8, 26],
    [8.5, 26.5],
    [9, 27],
    [9.5, 27.5],
    [10, 28],
    [10.5, 28.5],
    [11, 29],
    [11.5, 29.5],
    [12, 30],
    [13, 31],
  ],
  women: [
    [5, 22],
    [5.5, 22.5],
    [6, 23],
    [6.5, 23.5],
    [7, 24],
    [7.5, 24.5],
    [8, 25],
    [8.5, 25.5],
    [9, 26],
    [9.5, 26.5],
    [10, 27],
    [11, 28],
  ],
};

export type ShoeFit = keyof typeof US_TO_MX;

/** The Mexican size ("27", "24.5") of an adult US size, or undefined outside the table. */
export function mexicanShoeSize(us: number, fit: ShoeFit = 'men'): string | undefined {
  const row = US_TO_MX[fit].find(([size]) => size === us);
  return row ? String(row[1]) : undefined;
}
