import { secretEqual } from '@mostrador/http';

describe(secretEqual.name, () => {
  const expected = 'mostrador-dev-admin-key';

  it.each([
    ['the same secret', expected, true],
    ['a secret of the same length, one character off', 'mostrador-dev-admin-kez', false],
    ['a prefix of it', 'mostrador-dev', false],
    ['it with more after', `${expected}-and-more`, false],
    ['another case', expected.toUpperCase(), false],
    ['an empty string', '', false],
    ['nothing', undefined, false],
  ])('should answer %s with %s', (_case, given, result) => {
    expect(secretEqual(given, expected)).toBe(result);
  });

  it('should compare non-ASCII secrets by their characters', () => {
    expect(secretEqual('contraseña-ñandú', 'contraseña-ñandú')).toBe(true);
    expect(secretEqual('contrasena-nandu', 'contraseña-ñandú')).toBe(false);
  });

  it('should match an empty expected secret only with an empty one', () => {
    expect(secretEqual('', '')).toBe(true);
    expect(secretEqual('x', '')).toBe(false);
  });
});
