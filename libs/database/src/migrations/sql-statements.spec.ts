import { migrationFingerprint, splitStatements } from './sql-statements.js';

describe(splitStatements.name, () => {
  it.each([
    [
      'plain statements',
      'create table a (id int);\ninsert into a values (1);',
      ['create table a (id int)', 'insert into a values (1)'],
    ],
    ['a semicolon in a string', "insert into a values ('x;y');select 1;", ["insert into a values ('x;y')", 'select 1']],
    ['a doubled quote', "select 'it''s; fine';", ["select 'it''s; fine'"]],
    ['an escaped quote in E-string', "select E'a\\';b';select 2", ["select E'a\\';b'", 'select 2']],
    ['a quoted identifier', 'select 1 as "a;b";', ['select 1 as "a;b"']],
    [
      'a dollar-quoted body',
      'create function f() returns int language sql as $$ select 1; $$;',
      ['create function f() returns int language sql as $$ select 1; $$'],
    ],
    [
      'a tagged dollar quote',
      'do $body$ begin perform 1; end $body$;select 3;',
      ['do $body$ begin perform 1; end $body$', 'select 3'],
    ],
    ['a line comment', '-- drop; everything\nselect 1;', ['-- drop; everything\nselect 1']],
    ['a nested block comment', '/* a; /* b; */ c; */ select 1;', ['/* a; /* b; */ c; */ select 1']],
    ['a parameter, not a dollar quote', 'select $1; select 2;', ['select $1', 'select 2']],
    ['blank statements', ';;\n  ;select 1;;  ', ['select 1']],
  ])('should split %s', (_case, sql, expected) => {
    expect(splitStatements(sql)).toEqual(expected);
  });

  it('should keep everything but blanks and semicolons, so the fingerprint survives a split', () => {
    const sql = '-- head\ncreate table a (id int);\n\ndo $$ begin perform 1; end $$;\n';
    expect(migrationFingerprint(splitStatements(sql).join(''))).toBe(migrationFingerprint(sql));
    expect(migrationFingerprint(sql)).not.toBe(migrationFingerprint(sql.replace('int', 'bigint')));
  });
});
