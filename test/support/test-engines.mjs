// Which databases `npm test` runs on, decided once before any test file starts.
// REGULARS_TEST_ENGINES names them (CI names both, so nothing is skipped where it counts);
// unset, MariaDB joins SQLite when it answers, and a laptop without it runs on SQLite alone,
// saying so at the start and at the end.
import mysql from 'mysql2/promise';

export const KNOWN_ENGINES = ['sqlite', 'mariadb'];
const MARIADB_URL = process.env.REGULARS_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const HOW_TO_ADD_MARIADB =
  `To add MariaDB, start MariaDB 10.11 at ${MARIADB_URL} (user root, empty password) or point ` +
  'REGULARS_TEST_MARIADB_URL at one, and run again. REGULARS_TEST_ENGINES=sqlite,mariadb (as CI sets it) refuses to run without it.';

export function namedEngines(value) {
  const engines = value.split(',').map((engine) => engine.trim());
  const unknown = engines.filter((engine) => !KNOWN_ENGINES.includes(engine));
  if (unknown.length > 0 || engines.length === 0) {
    throw new Error(`REGULARS_TEST_ENGINES=${JSON.stringify(value)}: unknown engine ${unknown.map((e) => JSON.stringify(e)).join(', ')}; name one or more of ${KNOWN_ENGINES.join(', ')}, separated by commas`);
  }
  return [...new Set(engines)];
}

async function mariadbAnswers() {
  try {
    const connection = await mysql.createConnection({ uri: MARIADB_URL, connectTimeout: 3000 });
    await connection.end();
    return true;
  } catch (error) {
    return error;
  }
}

function banner(lines) {
  const rule = '='.repeat(92);
  return ['', rule, ...lines.map((line) => `  ${line}`), rule, ''].join('\n');
}

export function announce(moment) {
  const engines = process.env.REGULARS_TEST_ENGINES.split(',');
  if (engines.includes('mariadb') && engines.includes('sqlite')) return;
  const missing = KNOWN_ENGINES.filter((engine) => !engines.includes(engine));
  const reason = process.env.REGULARS_TEST_ENGINES_REASON;
  console.log(
    banner([
      `${moment === 'start' ? 'THESE TESTS RUN' : 'THESE TESTS RAN'} ON ${engines.join(' + ').toUpperCase()} ONLY: every ${missing.join(', ')} test was skipped.`,
      ...(reason ? [reason] : []),
      ...(missing.includes('mariadb') ? [HOW_TO_ADD_MARIADB] : []),
    ]),
  );
}

export default async function chooseTestEngines() {
  const named = process.env.REGULARS_TEST_ENGINES;
  if (named !== undefined) {
    const engines = namedEngines(named);
    if (engines.includes('mariadb')) {
      const answer = await mariadbAnswers();
      if (answer !== true) throw new Error(`REGULARS_TEST_ENGINES names mariadb, but MariaDB at ${MARIADB_URL} does not answer (${answer.code ?? answer.message}). ${HOW_TO_ADD_MARIADB}`);
    }
    process.env.REGULARS_TEST_ENGINES = engines.join(',');
  } else {
    const answer = await mariadbAnswers();
    process.env.REGULARS_TEST_ENGINES = answer === true ? 'sqlite,mariadb' : 'sqlite';
    if (answer !== true) process.env.REGULARS_TEST_ENGINES_REASON = `MariaDB at ${MARIADB_URL} does not answer (${answer.code ?? answer.message}).`;
  }
  announce('start');
}
