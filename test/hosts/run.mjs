#!/usr/bin/env node
// npm run test:hosts [-- name …]: packs the plugin as it would be published, installs the
// tarball into each host fixture of test/hosts (a POS vendor's Nest application, each on
// other versions of Nest and TypeORM, Express or Fastify, CommonJS or ESM, its own database
// or a shared DataSource), builds it, applies migrations as its README says, starts it and
// runs a tab end to end against it (end-to-end.mjs). Needs the npm registry and MariaDB.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOSTS = fileURLToPath(new URL('.', import.meta.url));
const MARIADB = process.env.REGULARS_TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const SECRET = 'host-fixture-secret-0123456789';

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${options.cwd ?? ROOT}:\n${result.stdout}\n${result.stderr}`);
  }
  return { stdout: result.stdout, seconds: (Date.now() - started) / 1000 };
}

function mariadb(sql) {
  const url = new URL(MARIADB);
  run('mariadb', ['-u', decodeURIComponent(url.username || 'root'), '-h', url.hostname, '-P', url.port || '3306', ...(url.password ? [`-p${decodeURIComponent(url.password)}`] : []), '-e', sql]);
}

/** Starts the host and answers its port once it says it is listening; rejects if it exits first. */
function startHost(dir, env) {
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const match = /listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code} before it listened:\n${output}`));
    });
  });
}

async function hostRun(name, tarball) {
  const fixture = join(HOSTS, name);
  const spec = JSON.parse(readFileSync(join(fixture, 'host.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), `regulars-host-${name}-`));
  const database = spec.database === 'mariadb' ? `rc_host_${name.replace(/\W/g, '_')}_${process.pid}` : null;
  const timings = {};
  try {
    cpSync(fixture, dir, { recursive: true, filter: (path) => !/node_modules|dist|\/var\b/.test(path.slice(fixture.length)) });
    cpSync(join(HOSTS, 'end-to-end.mjs'), join(dir, 'end-to-end.mjs'));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    pkg.dependencies['@regulars/plugin'] = `file:${tarball}`;
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    timings.install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir }).seconds;
    timings.build = run('npm', ['run', 'build'], { cwd: dir }).seconds;
    const env = { ...process.env, REGULARS_SECRET_BRAND_1: SECRET, PORT: '0' };
    delete env.DATABASE_URL;
    if (database) {
      mariadb(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      env.DATABASE_URL = `${MARIADB}/${database}`;
    }
    // The deploy step the host's README gives, with the installed package's own command.
    for (const step of spec.deploy ?? []) run('npx', step.split(' '), { cwd: dir, env });
    const checks = [];
    if (spec.withoutSqlite) checks.push(existsSync(join(dir, 'node_modules', 'better-sqlite3')) ? 'better-sqlite3 was installed into a MySQL-only host' : null);
    const host = await startHost(dir, env);
    try {
      const args = ['end-to-end.mjs', `http://127.0.0.1:${host.port}`, ...(spec.endToEnd ?? [])];
      const e2e = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8' });
      process.stdout.write(e2e.stdout.replace(/^/gm, `  ${name}: `));
      if (e2e.status !== 0) checks.push(`the tab end to end failed:\n${e2e.stderr}\nhost log:\n${host.output()}`);
    } finally {
      host.child.kill();
    }
    const failures = checks.filter(Boolean);
    if (failures.length > 0) throw new Error(failures.join('\n'));
    return { name, ok: true, ...timings };
  } finally {
    if (database) mariadb(`DROP DATABASE IF EXISTS \`${database}\``);
    if (process.env.KEEP_HOSTS) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const wanted = process.argv.slice(2);
const names = readdirSync(HOSTS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(HOSTS, entry.name, 'host.json')))
  .map((entry) => entry.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name));
const packDir = mkdtempSync(join(tmpdir(), 'regulars-pack-'));
console.log('packing the plugin (npm pack builds it first)…');
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT }).stdout);
const tarball = join(packDir, packed[0].filename);
console.log(`${packed[0].filename}: ${packed[0].entryCount} files, ${Math.round(packed[0].size / 1024)} kB`);
const results = [];
for (const name of names) {
  console.log(`\n== ${name}`);
  try {
    results.push(await hostRun(name, tarball));
  } catch (error) {
    console.error(error.message);
    results.push({ name, ok: false });
  }
}
rmSync(packDir, { recursive: true, force: true });
console.log('\nhost fixtures:');
for (const result of results) console.log(`  ${result.ok ? 'passed' : 'FAILED'}  ${result.name}${result.ok ? `  (install ${result.install.toFixed(0)} s, build ${result.build.toFixed(0)} s)` : ''}`);
process.exit(results.every((result) => result.ok) && results.length > 0 ? 0 : 1);
