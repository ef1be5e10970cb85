import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ConfirmDialog, DataTable, ErrorNotice, StatusBadge, WhenLoaded } from '../../components.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t, type MessageKey } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import type { JobRun } from './types.js';

const RUNS_SHOWN = 10;

/** The tier job's counters; one it adds later is shown under its own name rather than hidden. */
const OUTCOME_LABELS: Record<string, MessageKey> = {
  customers: 'tierJob.outcome.customers',
  upgrades: 'tierJob.outcome.upgrades',
  downgrades: 'tierJob.outcome.downgrades',
};

function outcomeText(outcome: Record<string, number>): string {
  return Object.entries(outcome)
    .map(([name, value]) =>
      name === 'downgradesChecked'
        ? t(value ? 'tierJob.outcome.downgradesChecked' : 'tierJob.outcome.downgradesSkipped')
        : `${OUTCOME_LABELS[name] ? t(OUTCOME_LABELS[name]) : name}: ${formatNumber(value, locale())}`,
    )
    .join(' · ');
}

/** The last runs of the nightly tier re-evaluation, and a way to run it now. */
export function TierJobRuns() {
  const session = useSession();
  const runs = useLoad(() => api<JobRun[]>('GET', `jobs/tiers/runs?limit=${RUNS_SHOWN}`), []);
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const when = (value: string | null) => (value ? formatDateTime(value, locale(), session.timeZone) : t('state.none'));

  const runNow = async () => {
    setConfirming(false);
    setRunning(true);
    setFailure(null);
    try {
      await api<JobRun>('POST', 'jobs/tiers/runs');
    } catch (error) {
      setFailure(error);
    } finally {
      setRunning(false);
      runs.reload();
    }
  };

  return (
    <section class="setup-section" aria-labelledby="tier-job-title">
      <div class="section-head">
        <h2 id="tier-job-title">{t('tierJob.title')}</h2>
        <button type="button" onClick={() => setConfirming(true)} disabled={running}>
          {running ? t('tierJob.running') : t('tierJob.runNow')}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <WhenLoaded load={runs} empty={t('tierJob.none')}>
        {(list) => (
          <DataTable
            label={t('tierJob.title')}
            columns={[
              t('tierJob.col.started'),
              t('tierJob.col.finished'),
              t('tierJob.col.trigger'),
              t('tierJob.col.status'),
              { label: t('tierJob.col.rows'), amount: true },
              t('tierJob.col.outcome'),
            ]}
          >
            {list.map((run) => (
              <tr key={run.id}>
                <td>{when(run.startedAt)}</td>
                <td>{when(run.finishedAt)}</td>
                <td>{t(`tierJob.trigger.${run.trigger}`)}</td>
                <td>
                  <StatusBadge status={run.status} label={t(`tierJob.status.${run.status}`)} />
                </td>
                <td class="amount">{formatNumber(run.rowsTouched, locale())}</td>
                <td>
                  {outcomeText(run.outcome)}
                  {run.error && <div class="debit small">{run.error}</div>}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      <ConfirmDialog
        open={confirming}
        title={t('tierJob.confirmTitle')}
        confirmLabel={t('tierJob.runNow')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void runNow()}
      >
        <p>{t('tierJob.confirmText')}</p>
      </ConfirmDialog>
    </section>
  );
}
