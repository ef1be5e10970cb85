import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { DataTable, ErrorNotice, Page, SelectField, TextField } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import type { Schema } from '../../schema.js';
import type { AccountType } from './types.js';

type Report = Schema<'ImportReportDto'>;
type Kind = Schema<'ImportFileDto'>['kind'];
type Balance = { accountType: string; column: string; expiresColumn: string };

const KINDS: Kind[] = ['customers', 'cards', 'balances'];
const PRESETS = ['regulars', 'spreadsheet'] as const;
type Preset = (typeof PRESETS)[number];

/**
 * Bringing a restaurant's regulars in from the system it leaves: a CSV of customers (or of
 * their cards or balances), checked first — each bad row with its line and why, nothing
 * written — then imported. The same file again changes nothing; a corrected one changes
 * what it corrects. Files too big for the page go through `regulars import`.
 */
export function ImportPage() {
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  const [kind, setKind] = useState<Kind>('customers');
  const [preset, setPreset] = useState<Preset>('regulars');
  const [balances, setBalances] = useState<Balance[]>([]);
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [working, setWorking] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  const choose = async (event: Event) => {
    const chosen = (event.target as HTMLInputElement).files?.[0];
    setReport(null);
    setFile(chosen ? { name: chosen.name, content: await chosen.text() } : null);
  };
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setWorking(true);
    setError(null);
    try {
      const mapped = balances.filter((balance) => balance.accountType && balance.column).map(({ expiresColumn, ...balance }) => (expiresColumn ? { ...balance, expiresColumn } : balance));
      setReport(await api<Report>('POST', 'imports', { kind, fileName: file.name, content: file.content, preset, balances: mapped, dryRun }));
    } catch (caught) {
      setError(caught);
    } finally {
      setWorking(false);
    }
  };
  const setBalance = (i: number, change: Partial<Balance>) => setBalances((all) => all.map((balance, j) => (j === i ? { ...balance, ...change } : balance)));

  return (
    <Page title={t('import.title')} back={{ href: href('customers'), label: t('customers.title') }}>
      <div class="stack">
        <p class="muted">{t('import.intro')}</p>
        <div class="row wrap">
          <SelectField label={t('import.kind')} value={kind} options={KINDS.map((value) => ({ value, label: t(`import.kind.${value}`) }))} onChange={setKind} />
          {kind === 'customers' && <SelectField label={t('import.preset')} value={preset} options={PRESETS.map((value) => ({ value, label: t(`import.preset.${value}`) }))} onChange={setPreset} />}
        </div>
        <p class="muted small">{t(kind === 'customers' ? `import.columns.${preset}` : `import.columns.${kind}`)}</p>
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
              </div>
            ))}
            <button type="button" onClick={() => setBalances((all) => [...all, { accountType: '', column: '', expiresColumn: '' }])}>
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
        </div>
        {working && <p role="status">{t('import.working', { file: file?.name ?? '' })}</p>}
        {error !== null && <ErrorNotice error={error} />}
        {report && <ImportResult report={report} />}
      </div>
    </Page>
  );
}

function ImportResult({ report }: { report: Report }) {
  const counts = { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, refused: report.refused.filter((row) => row.line > 0).length };
  return (
    <section aria-labelledby="import-result">
      <h2 id="import-result">{t(report.dryRun ? 'import.checked' : 'import.done')}</h2>
      <p role="status">{t(report.dryRun ? 'import.wouldCount' : 'import.count', counts)}</p>
      {report.refused.length > 0 && (
        <DataTable label={t('import.refused')} columns={[t('import.line'), t('import.why')]}>
          {report.refused.map((row) => (
            <tr key={row.line}>
              <td class="nowrap">{row.line > 0 ? row.line : t('state.none')}</td>
              <td>{row.problems.join('; ')}</td>
            </tr>
          ))}
        </DataTable>
      )}
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
