import { useRef, useState } from 'preact/hooks';
import { CUSTOMER_COLUMNS, MAPPING_PRESETS } from '../../../src/modules/imports/customer-rows.js';
import { api } from '../../api.js';
import { DataTable, ErrorNotice, Page, SelectField, TextField } from '../../components.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { Schema } from '../../schema.js';
import { useSession } from '../../session.js';
import { cutIntoParts } from './csv-parts.js';
import type { AccountType } from './types.js';

type Report = Schema<'ImportReportDto'>;
type Kind = Schema<'ImportFileDto'>['kind'];
type Mapping = Schema<'ImportMappingDto'>;
type Columns = Schema<'CustomerColumnsDto'>;
type Field = keyof Columns;
type Balance = { accountType: string; column: string; expiresColumn: string };

const KINDS: Kind[] = ['customers', 'cards', 'balances'];
const PRESETS = ['regulars', 'spreadsheet'] as const satisfies readonly NonNullable<Schema<'ImportFileDto'>['preset']>[];
type Preset = (typeof PRESETS)[number];
/** Where a customers file's column names come from: the tenant's saved mapping, a preset, or the manager's own. */
type Choice = 'saved' | Preset | 'own';
const FIELDS: readonly Field[] = CUSTOMER_COLUMNS;

/** A run's reports added up, part after part; refused rows listed up to the API's thousand. */
interface Totals {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refusedRows: number;
  refused: Report['refused'];
  cardsHeldElsewhere: Report['cardsHeldElsewhere'];
  /** Rows read before the manager stopped it, or a part failed; null when the whole file was read. */
  stoppedAt: number | null;
}

const LISTED = 1000;

function addUp(totals: Totals, part: Report): Totals {
  const listed = part.refused.filter((row) => row.line > 0);
  return {
    ...totals,
    rows: totals.rows + part.rows,
    created: totals.created + part.created,
    updated: totals.updated + part.updated,
    unchanged: totals.unchanged + part.unchanged,
    // Counted rather than listed: a part lists at most a thousand of its refused rows.
    refusedRows: totals.refusedRows + part.rows - part.created - part.updated - part.unchanged,
    refused: [...totals.refused, ...listed].sort((a, b) => a.line - b.line).slice(0, LISTED),
    cardsHeldElsewhere: [...totals.cardsHeldElsewhere, ...part.cardsHeldElsewhere].sort((a, b) => a.line - b.line),
  };
}

/** The headings a mapping names, in the fields' order. */
const headingsOf = (columns: Columns) => FIELDS.flatMap((field) => (columns[field] ? [columns[field]] : [])).join(', ');

/**
 * Bringing a restaurant's regulars in from the system it leaves: a CSV of customers (or of
 * their cards or balances), checked first — each bad row with its line and why, nothing
 * written — then imported. The same file again changes nothing; a corrected one changes
 * what it corrects. A large file goes in parts of 2,000 rows, one after another, so the
 * manager sees how far it is and may stop it; run again, it finds the rows already in.
 */
export function ImportPage() {
  const session = useSession();
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  const mapping = useLoad(() => api<Mapping>('GET', 'imports/mappings/customers'), []);
  const [kind, setKind] = useState<Kind>('customers');
  const [picked, setPicked] = useState<Choice | null>(null);
  const [ownColumns, setOwnColumns] = useState<Columns>({});
  const [editedBalances, setBalances] = useState<Balance[] | null>(null);
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [working, setWorking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; of: number } | null>(null);
  const stopping = useRef(false);
  const [stopAsked, setStopAsked] = useState(false);
  const [report, setReport] = useState<Totals | null>(null);
  const [error, setError] = useState<unknown>(null);

  const saved = mapping.data?.saved ? mapping.data : null;
  const choice: Choice = picked ?? (saved ? 'saved' : 'regulars');
  const balances = editedBalances ?? (mapping.data?.balances ?? []).map((balance) => ({ ...balance, expiresColumn: balance.expiresColumn ?? '' }));
  const columnsOf = (of: Choice): Columns => (of === 'own' ? ownColumns : of === 'saved' ? (mapping.data?.columns ?? {}) : MAPPING_PRESETS[of]);

  const choose = async (event: Event) => {
    const chosen = (event.target as HTMLInputElement).files?.[0];
    setReport(null);
    setProgress(null);
    setFile(chosen ? { name: chosen.name, content: await chosen.text() } : null);
  };
  const pick = (next: Choice) => {
    // Own columns start from what the manager was looking at: the saved mapping or the preset.
    if (next === 'own' && choice !== 'own') setOwnColumns({ ...columnsOf(choice) });
    setPicked(next);
  };
  /** What the API reads the file with: nothing for the saved mapping, else the preset or the columns, and the balances shown. */
  const mappingBody = () => {
    if (kind !== 'customers') return {};
    const shown = balances.filter((balance) => balance.accountType && balance.column).map(({ expiresColumn, ...balance }) => (expiresColumn ? { ...balance, expiresColumn } : balance));
    const named = choice === 'saved' ? {} : choice === 'own' ? { columns: Object.fromEntries(FIELDS.flatMap((field) => (ownColumns[field]?.trim() ? [[field, ownColumns[field]!.trim()]] : []))) } : { preset: choice };
    return choice === 'saved' && !editedBalances ? named : { ...named, balances: shown };
  };
  const send = async (dryRun: boolean) => {
    if (!file) return;
    const parts = cutIntoParts(file.content);
    const of = parts.reduce((rows, part) => rows + part.rows, 0);
    const body = { kind, fileName: file.name, dryRun, ...mappingBody() };
    let totals: Totals = { dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, refusedRows: 0, refused: [], cardsHeldElsewhere: [], stoppedAt: null };
    stopping.current = false;
    setStopAsked(false);
    setWorking(true);
    setError(null);
    setReport(null);
    setProgress({ done: 0, of });
    try {
      for (const part of parts) {
        if (stopping.current) {
          totals = { ...totals, stoppedAt: totals.rows };
          break;
        }
        totals = addUp(totals, await api<Report>('POST', 'imports', { ...body, content: part.content, firstLine: part.firstLine }));
        setProgress({ done: totals.rows, of });
      }
    } catch (caught) {
      setError(caught);
      totals = { ...totals, stoppedAt: totals.rows };
    } finally {
      setWorking(false);
    }
    // A first part refused whole reads nothing: its error says why, and no counts of nothing.
    setReport(totals.rows > 0 || totals.stoppedAt === null ? totals : null);
    // The mapping this file was read with is the tenant's now: the next file needs no setting up.
    if (!dryRun && kind === 'customers') mapping.reload();
  };
  const setBalance = (i: number, change: Partial<Balance>) => setBalances(balances.map((balance, j) => (j === i ? { ...balance, ...change } : balance)));
  const choices: Choice[] = [...(saved ? ['saved' as const] : []), ...PRESETS, 'own'];

  return (
    <Page title={t('import.title')} back={{ href: href('customers'), label: t('customers.title') }}>
      <div class="stack">
        <p class="muted">{t('import.intro')}</p>
        <div class="row wrap">
          <SelectField label={t('import.kind')} value={kind} options={KINDS.map((value) => ({ value, label: t(`import.kind.${value}`) }))} onChange={setKind} />
          {kind === 'customers' && <SelectField label={t('import.mapping')} value={choice} options={choices.map((value) => ({ value, label: t(`import.mapping.${value}`) }))} onChange={pick} />}
        </div>
        {kind !== 'customers' && <p class="muted small">{t(`import.columns.${kind}`)}</p>}
        {kind === 'customers' && choice === 'saved' && saved?.updatedAt && <p class="muted small">{t('import.savedAt', { at: formatDateTime(saved.updatedAt, locale(), session.timeZone) })}</p>}
        {kind === 'customers' && choice !== 'own' && <p class="muted small">{t('import.columns', { columns: headingsOf(columnsOf(choice)) })}</p>}
        {kind === 'customers' && choice === 'own' && (
          <fieldset class="stack">
            <legend>{t('import.ownColumns')}</legend>
            <div class="row wrap">
              {FIELDS.map((field) => (
                <TextField
                  key={field}
                  label={t(`import.field.${field}`)}
                  required={field === 'externalId'}
                  maxLength={100}
                  value={ownColumns[field] ?? ''}
                  onInput={(heading) => setOwnColumns((columns) => ({ ...columns, [field]: heading }))}
                />
              ))}
            </div>
          </fieldset>
        )}
        {kind === 'customers' && (
          <section aria-labelledby="import-balances">
            <h2 id="import-balances">{t('import.balances')}</h2>
            {balances.map((balance, i) => (
              <div class="row wrap" key={i}>
                <SelectField
                  label={t('import.accountType')}
                  value={balance.accountType}
                  options={[{ value: '', label: t('state.none') }, ...(types.data ?? []).map((type) => ({ value: type.code, label: type.name }))]}
                  onChange={(accountType) => setBalance(i, { accountType })}
                />
                <TextField label={t('import.column')} value={balance.column} onInput={(column) => setBalance(i, { column })} />
                <TextField label={t('import.expiresColumn')} value={balance.expiresColumn} onInput={(expiresColumn) => setBalance(i, { expiresColumn })} />
                <button type="button" onClick={() => setBalances(balances.filter((_, j) => j !== i))}>
                  {t('import.removeBalance')}
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setBalances([...balances, { accountType: '', column: '', expiresColumn: '' }])}>
              {t('import.addBalance')}
            </button>
          </section>
        )}
        <label class="field">
          <span>{t('import.file')}</span>
          <input type="file" accept=".csv,text/csv" onChange={(event) => void choose(event)} />
        </label>
        <div class="row">
          <button type="button" disabled={!file || working} onClick={() => void send(true)}>
            {t('import.check')}
          </button>
          <button type="button" class="primary" disabled={!file || working} onClick={() => void send(false)}>
            {t('import.run')}
          </button>
          {working && (
            <button
              type="button"
              disabled={stopAsked}
              onClick={() => {
                stopping.current = true;
                setStopAsked(true);
              }}
            >
              {stopAsked ? t('import.stopping') : t('import.stop')}
            </button>
          )}
        </div>
        {progress && (
          <div class="stack">
            <progress max={Math.max(progress.of, 1)} value={progress.done} aria-label={t('import.progressOf', { file: file?.name ?? '' })} />
            <p role="status">{t('import.progress', { file: file?.name ?? '', done: formatNumber(progress.done, locale()), of: formatNumber(progress.of, locale()) })}</p>
          </div>
        )}
        {error !== null && <ErrorNotice error={error} />}
        {report && <ImportResult report={report} />}
      </div>
    </Page>
  );
}

function ImportResult({ report }: { report: Totals }) {
  const counts = Object.fromEntries(Object.entries({ rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, refused: report.refusedRows }).map(([name, count]) => [name, formatNumber(count, locale())]));
  const unlisted = report.refusedRows - report.refused.length;
  return (
    <section aria-labelledby="import-result">
      <h2 id="import-result">{t(report.dryRun ? 'import.checked' : 'import.done')}</h2>
      <p role="status">{t(report.dryRun ? 'import.wouldCount' : 'import.count', counts)}</p>
      {report.stoppedAt !== null && <p class="notice">{t(report.dryRun ? 'import.checkStopped' : 'import.stopped', { rows: formatNumber(report.stoppedAt, locale()) })}</p>}
      {report.refused.length > 0 && (
        <DataTable label={t('import.refused')} columns={[t('import.line'), t('import.why')]}>
          {report.refused.map((row) => (
            <tr key={row.line}>
              <td class="nowrap">{row.line}</td>
              <td>{row.problems.join('; ')}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {unlisted > 0 && <p class="muted">{t('import.moreRefused', { rows: formatNumber(unlisted, locale()) })}</p>}
      {report.cardsHeldElsewhere.length > 0 && (
        <DataTable label={t('import.heldElsewhere')} columns={[t('import.line'), t('import.card'), t('import.holder')]}>
          {report.cardsHeldElsewhere.map((held) => (
            <tr key={held.line}>
              <td>{held.line}</td>
              <td>{held.card}</td>
              <td>
                <a href={href('customers', held.holder.id)}>{held.holder.displayName}</a>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
