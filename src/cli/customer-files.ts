import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { basename } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { PERMISSIONS } from '../common/security/permissions.js';
import { CustomerImport, type ImportReport } from '../flows/customer-files/customer-import.js';
import { countRows, rowsOf } from '../flows/customer-files/file-rows.js';
import { CustomerExport } from '../flows/customer-files/customer-export.js';
import { IMPORT_KINDS, mappingFor, MAPPING_PRESETS, type ColumnMapping, type ImportKind } from '../modules/imports/customer-rows.js';
import { RegularsModule } from '../regulars.module.js';
import { progressBar, type Output } from './progress-bar.js';

export const CUSTOMER_FILES_USAGE = `usage: regulars import customers <file.csv|file.xlsx> --tenant <id> [--dry-run]
         [--preset ${Object.keys(MAPPING_PRESETS).join('|')}] [--balance <account type>=<column>[:<expiry column>]]…
       regulars import cards|balances <file.csv|file.xlsx> --tenant <id> [--dry-run]

Brings a restaurant's existing regulars in from a CSV (any delimiter, UTF-8) or the first
sheet of an XLSX, one row per customer, against DATABASE_URL. Columns are named as the
preset says (regulars: external_id, first_name, last_name, organisation_name, phone, email,
birth_date, marketing_consent, card_type, card_number, card_status, tier, categories);
each --balance maps an account type's opening balance. Without --preset, the file is read
with the mapping the tenant's last import used (saved by every real import; the regulars
layout before any), its balances too unless --balance is given. Cards and balances may come in
files of their own, after the customers: external_id, card_type, card_number, card_status;
or external_id, account_type, balance, expires (a row per balance). The same file again
changes nothing; --dry-run reports each bad row with its line and writes nothing.

usage: regulars export customers <file.csv> --tenant <id> [--balance <account type>]…

Writes every active customer in the layout import reads (the regulars preset, a column
per account type given), for a restaurant that takes its regulars elsewhere.`;

/** The --balance options as balance columns, or what is wrong with one. */
function balanceColumns(balances: string[]): ColumnMapping['balances'] | string {
  const mapped: ColumnMapping['balances'] = [];
  for (const balance of balances) {
    const match = /^([^=]+)=([^:]+)(?::(.+))?$/.exec(balance);
    if (!match) return `--balance: ${balance} is not <account type>=<column>[:<expiry column>]`;
    mapped.push({ accountType: match[1], column: match[2], ...(match[3] ? { expiresColumn: match[3] } : {}) });
  }
  return mapped;
}

/** The mapping a command line asks for: a cards or balances file's own, or a preset's columns and the balances given. */
export function mappingOf(preset: string, balances: string[], kind: ImportKind = 'customers'): ColumnMapping | string {
  const mapped = balanceColumns(balances);
  if (typeof mapped === 'string') return mapped;
  return mappingFor(kind, preset, mapped) ?? `--preset: one of ${Object.keys(MAPPING_PRESETS).join(', ')}`;
}

/** How a run went, for a terminal or a log. */
export function describeReport(report: ImportReport): string {
  const lines = [
    `${report.dryRun ? 'dry run: would have' : 'done:'} ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged of ${report.rows} rows; ${report.refused.length} refused`,
    ...report.refused.map(({ line, problems }) => `  ${line > 0 ? `line ${line}: ` : ''}${problems.join('; ')}`),
    ...report.cardsHeldElsewhere.map(({ line, card, holder }) => `  line ${line}: ${card} belongs to ${holder.displayName} (${holder.id}); left with them`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The plugin for one command: the host's database, no jobs. */
function commandApp(env: Record<string, string | undefined>) {
  return NestFactory.createApplicationContext(
    RegularsModule.forRoot({ database: { url: env.DATABASE_URL || undefined }, tenantSecrets: () => undefined, timeZone: env.REGULARS_TIME_ZONE || undefined, jobs: false }),
    { logger: ['error', 'warn'] },
  );
}

/** `regulars export customers out.csv --tenant brand-1 --balance points`: 0 when written, 2 for a wrong command line. */
export async function runExportCommand(args: string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  const [kind, file, ...flags] = args;
  const options = { tenant: '', balances: [] as string[], unknown: false };
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === '--tenant') options.tenant = flags[++i] ?? '';
    else if (flags[i] === '--balance' && flags[i + 1]) options.balances.push(flags[++i]);
    else options.unknown = true;
  }
  if (kind !== 'customers' || !file || !options.tenant || options.unknown) {
    output.write(`${CUSTOMER_FILES_USAGE}\n`);
    return 2;
  }
  const app = await commandApp(env);
  try {
    const csv = stringify();
    const written = createWriteStream(file);
    csv.pipe(written);
    let rows = -1;
    for await (const row of app.get(CustomerExport).rows(options.tenant, options.balances)) {
      rows += 1;
      if (!csv.write(row)) await once(csv, 'drain');
    }
    csv.end();
    await once(written, 'close');
    output.write(`exported ${rows} customers to ${file}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

/**
 * `regulars import customers file.csv --tenant brand-1`: answers the exit code, 0 when every
 * row went in (or would), 1 when some were refused, 2 for a wrong command line.
 */
export async function runImportCommand(args: string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  const [kind, file, ...flags] = args;
  const options = { tenant: '', dryRun: false, preset: '', balances: [] as string[], unknown: false };
  for (let i = 0; i < flags.length; i++) {
    if (flags[i] === '--dry-run') options.dryRun = true;
    else if (flags[i] === '--tenant') options.tenant = flags[++i] ?? '';
    else if (flags[i] === '--preset') options.preset = flags[++i] ?? '';
    else if (flags[i] === '--balance') options.balances.push(flags[++i] ?? '');
    else options.unknown = true;
  }
  const known = (IMPORT_KINDS as readonly string[]).includes(kind) ? (kind as ImportKind) : null;
  const balances = balanceColumns(options.balances);
  const wrong = typeof balances === 'string' ? balances : options.preset && !MAPPING_PRESETS[options.preset] ? `--preset: one of ${Object.keys(MAPPING_PRESETS).join(', ')}` : null;
  if (!known || !file || !options.tenant || options.unknown || wrong) {
    output.write(`${wrong ? `${wrong}\n` : ''}${CUSTOMER_FILES_USAGE}\n`);
    return 2;
  }
  const app = await commandApp(env);
  try {
    const importer = app.get(CustomerImport);
    const chosen = { ...(options.preset ? { preset: options.preset } : {}), ...(options.balances.length > 0 ? { balances: balances as ColumnMapping['balances'] } : {}) };
    const mapping = (await importer.mappingFor(options.tenant, known, chosen))!;
    const total = await countRows(file);
    const bar = progressBar(output, known);
    const actor = { tenantId: options.tenant, id: 'regulars-import', name: 'Import', permissions: Object.keys(PERMISSIONS) };
    const report = await importer.run(rowsOf(file), { actor, kind: known, fileName: basename(file), mapping, dryRun: options.dryRun, onProgress: (rows) => bar.update(rows, total) });
    bar.end();
    output.write(describeReport(report));
    return report.refused.length > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}
