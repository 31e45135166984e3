/**
 * Splits a SQL file into statements at the semicolons that end them: not inside quotes,
 * dollar quotes, identifiers or comments. Like the Supabase CLI, each statement keeps its
 * comments and loses its trailing semicolon and surrounding blanks (the CLI records them
 * this way in supabase_migrations.schema_migrations.statements).
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const statement = sql.slice(start, end).replace(/;+$/, '').trim();
    if (statement !== '') statements.push(statement);
  };
  while (i < sql.length) {
    const char = sql[i];
    const next = sql[i + 1];
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (char === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (char === "'" || char === '"') {
      // A doubled quote is the quote itself; a backslash escapes in E'' strings.
      const escapes = char === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      i++;
      while (i < sql.length) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === char && sql[i + 1] === char) i += 2;
        else if (sql[i] === char) {
          i++;
          break;
        } else i++;
      }
    } else if (char === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? sql.length : end + tag[0].length;
      } else i++;
    } else if (char === ';') {
      push(i + 1);
      i++;
      start = i;
    } else i++;
  }
  push(sql.length);
  return statements;
}

/**
 * What must not change once a migration is applied: everything but blanks and semicolons,
 * so the file compares equal to the statements the Supabase CLI or this runner recorded.
 */
export function migrationFingerprint(sql: string): string {
  return sql.replace(/[\s;]+/g, '');
}
