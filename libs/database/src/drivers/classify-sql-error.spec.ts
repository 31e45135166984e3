import { classifySqlError } from './classify-sql-error.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe(classifySqlError.name, () => {
  it.each([
    ['a serialization failure', withCode('40001')],
    ['a deadlock', withCode('40P01')],
    ['a statement timeout', withCode('57014')],
    ['a terminated backend', withCode('57P01')],
    ['a server starting up', withCode('57P03')],
    ['too many connections', withCode('53300')],
    ['a connection failure', withCode('08006')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a read timeout', new Error('Query read timeout')],
  ])('should retry %s', (_case, error) => {
    expect(classifySqlError(error)).toEqual({ kind: 'transient' });
  });

  it.each([
    ['a closed PGlite', new Error('PGlite is closed')],
    ['an ended pool', new Error('Cannot use a pool after calling end on the pool')],
  ])('should report %s as unavailable at once', (_case, error) => {
    expect(classifySqlError(error)).toEqual({ kind: 'unavailable' });
  });

  it.each([
    ['a unique violation', '23505'],
    ['a bad argument', '22023'],
    ['a missing function', '42883'],
    ['a refused privilege', '42501'],
  ])('should surface %s as a query error', (_case, code) => {
    expect(classifySqlError(withCode(code, 'boom'))).toEqual({ kind: 'query', code, message: 'boom' });
  });
});
