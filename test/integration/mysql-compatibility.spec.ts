import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDataSource } from '../../src/index.js';
import { createTestDatabase } from '../support/databases.js';

/**
 * The tests run on MariaDB 10.11; vendors also run MySQL 8. The two differ where MariaDB has
 * syntax of its own (which our MariaDB tests would never notice) and where MySQL 8 reserves
 * words MariaDB does not (an unquoted column named `rank` works on one and fails on the other).
 * This check keeps the plugin's SQL on the common ground; README "Database" says the same.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Syntax MariaDB accepts and MySQL 8 does not. */
const MARIADB_ONLY: { construct: string; pattern: RegExp }[] = [
  { construct: 'RETURNING (INSERT/DELETE/REPLACE … RETURNING)', pattern: /\bRETURNING\b/ },
  { construct: 'sequences (CREATE SEQUENCE, NEXTVAL, NEXT VALUE FOR, LASTVAL)', pattern: /\bCREATE\s+SEQUENCE\b|\bNEXTVAL\s*\(|\bNEXT\s+VALUE\s+FOR\b|\bLASTVAL\s*\(/ },
  { construct: 'SET STATEMENT … FOR', pattern: /\bSET\s+STATEMENT\b/ },
  { construct: 'max_statement_time (MySQL: max_execution_time)', pattern: /\bmax_statement_time\b/i },
  { construct: 'a lock clause WAIT n (MySQL has NOWAIT only)', pattern: /\bFOR\s+UPDATE\s+WAIT\b|\bLOCK\s+IN\s+SHARE\s+MODE\s+WAIT\b/ },
  { construct: 'CREATE OR REPLACE TABLE/INDEX', pattern: /\bCREATE\s+OR\s+REPLACE\s+(TABLE|INDEX|USER|DATABASE)\b/ },
  { construct: 'IF [NOT] EXISTS on columns and indexes', pattern: /\b(ADD|DROP|MODIFY|CHANGE)\s+(COLUMN\s+|INDEX\s+|KEY\s+)?IF\s+(NOT\s+)?EXISTS\b|\bCREATE\s+(UNIQUE\s+)?INDEX\s+IF\s+NOT\s+EXISTS\b/ },
  { construct: 'EXCEPT ALL / INTERSECT ALL / MINUS', pattern: /\b(EXCEPT|INTERSECT)\s+ALL\b|\bMINUS\b/ },
  { construct: "MariaDB's JSON functions (JSON_DETAILED, JSON_EQUALS, JSON_NORMALIZE, JSON_EXISTS)", pattern: /\bJSON_(DETAILED|EQUALS|NORMALIZE|EXISTS|LOOSE|COMPACT)\s*\(/ },
  { construct: 'system versioning', pattern: /\bSYSTEM\s+VERSIONING\b|\bFOR\s+SYSTEM_TIME\b/ },
  { construct: 'ROWNUM() and UUID_SHORT()', pattern: /\bROWNUM\s*\(|\bUUID_SHORT\s*\(/ },
  { construct: 'LIMIT … ROWS EXAMINED', pattern: /\bROWS\s+EXAMINED\b/ },
  { construct: "MariaDB's column types (INET4, INET6, UUID) and engines (Aria)", pattern: /['"`]\s*(inet4|inet6|uuid)\s*['"`]|\bENGINE\s*=\s*Aria\b/i },
];

/** Words MySQL 8.0 and 8.4 reserve that MariaDB 10.11 lets through unquoted. */
const MYSQL8_RESERVED = new Set(
  [
    'ARRAY', 'CUBE', 'CUME_DIST', 'DENSE_RANK', 'EMPTY', 'EXCEPT', 'FIRST_VALUE', 'FUNCTION', 'GENERATED', 'GROUPING', 'GROUPS',
    'INTERSECT', 'IO_AFTER_GTIDS', 'IO_BEFORE_GTIDS', 'JSON_TABLE', 'LAG', 'LAST_VALUE', 'LATERAL', 'LEAD', 'MANUAL', 'MASTER_BIND',
    'MEMBER', 'NTH_VALUE', 'NTILE', 'OF', 'OPTIMIZER_COSTS', 'OVER', 'PARALLEL', 'PERCENT_RANK', 'QUALIFY', 'RANK', 'RECURSIVE',
    'ROW', 'ROWS', 'ROW_NUMBER', 'STORED', 'SYSTEM', 'TABLESAMPLE', 'VIRTUAL', 'WINDOW',
  ].map((word) => word.toLowerCase()),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'app' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('SQL that runs on MySQL 8 as on MariaDB', () => {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'migrations'))].map((path) => ({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

  it('uses none of the MariaDB-only constructs', () => {
    const found = files.flatMap(({ file, text }) => MARIADB_ONLY.filter(({ pattern }) => pattern.test(text)).map(({ construct }) => `${file}: ${construct}`));
    expect(found).toEqual([]);
  });

  it('the check catches what it names', () => {
    const caught = (sql: string) => MARIADB_ONLY.filter(({ pattern }) => pattern.test(sql)).map(({ construct }) => construct.split(' ')[0]);
    expect(caught('INSERT INTO rc_x (a) VALUES (1) RETURNING id')).toEqual(['RETURNING']);
    expect(caught('ALTER TABLE rc_x ADD COLUMN IF NOT EXISTS note varchar(10)')).toEqual(['IF']);
    expect(caught('SELECT * FROM rc_x FOR UPDATE WAIT 3')).toEqual(['a']);
    expect(caught('SELECT * FROM rc_x FOR UPDATE SKIP LOCKED')).toEqual([]);
  });

  it('names no table, column, index or alias with a word MySQL 8 reserves', async () => {
    const database = await createTestDatabase('sqlite');
    const dataSource = await (await createDataSource({ database: { url: database.url }, lockWaitTimeoutSeconds: 3 })).initialize();
    try {
      const names = dataSource.entityMetadatas.flatMap((entity) => [
        entity.tableName,
        ...entity.columns.map((column) => `${entity.tableName}.${column.databaseName}`),
        ...entity.indices.map((index) => `${entity.tableName}.${index.name}`),
      ]);
      const aliases = files.flatMap(({ file, text }) => [...text.matchAll(/\bAS\s+`?([A-Za-z_]+)`?/g)].map((match) => `${file} AS ${match[1]}`));
      expect(names.length).toBeGreaterThan(100);
      expect([...names, ...aliases].filter((name) => MYSQL8_RESERVED.has(name.split(/[. ]/).pop()!.toLowerCase()))).toEqual([]);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
