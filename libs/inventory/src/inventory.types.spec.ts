import { formatMoney } from './inventory.types.js';

describe(formatMoney.name, () => {
  it.each([
    ['1299.00', '$1,299.00 MXN'],
    ['249.90', '$249.90 MXN'],
    ['1234567.5', '$1,234,567.50 MXN'],
    ['0.00', '$0.00 MXN'],
  ])('should write %s as %s', (amount, written) => {
    expect(formatMoney({ amount, currency: 'MXN' })).toBe(written);
  });
});
