import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Amount, DataTable, FormErrors, MoneyField, SelectField, WhenLoaded } from '../../components.js';
import { useForm, useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import type { Schema } from '../../schema.js';

type Settings = Schema<'SettingsDto'>;
type OfflineRisk = Schema<'OfflineRiskDto'>;

const PERIODS = ['7', '30', '90'] as const;
type Period = (typeof PERIODS)[number];

/** What a till may let a guest spend while it cannot reach the plugin, and what tills spent that way, per location. */
export function OfflineTillsTab() {
  const settings = useLoad(() => api<Settings>('GET', 'settings'), []);
  const [period, setPeriod] = useState<Period>('30');
  const risk = useLoad(() => api<OfflineRisk>('GET', `offline-risk?from=${new Date(Date.now() - Number(period) * 86_400_000).toISOString()}`), [period]);
  const session = useSession();
  return (
    <div class="stack">
      <WhenLoaded load={settings}>{(loaded) => <AllowanceForm settings={loaded} />}</WhenLoaded>
      <section aria-labelledby="offline-risk">
        <h2 id="offline-risk">{t('offline.risk')}</h2>
        <p class="muted">{t('offline.riskIntro')}</p>
        <SelectField label={t('offline.period')} value={period} options={PERIODS.map((days) => ({ value: days, label: t('offline.days', { days }) }))} onChange={setPeriod} />
        <WhenLoaded load={risk}>
          {(report) =>
            report.locations.length === 0 ? (
              <p class="muted">{t('offline.none')}</p>
            ) : (
              <DataTable
                label={t('offline.risk')}
                columns={[
                  t('offline.col.location'),
                  { label: t('offline.col.tabs'), amount: true },
                  { label: t('offline.col.spent'), amount: true },
                  { label: t('offline.col.debt'), amount: true },
                  { label: t('offline.col.guests'), amount: true },
                  { label: t('offline.col.owed'), amount: true },
                ]}
              >
                {report.locations.map((location) => (
                  <tr key={location.locationId ?? ''}>
                    <td>{location.locationId ?? t('offline.noLocation')}</td>
                    <td class="amount">{location.offlineTabs}</td>
                    <td class="amount">
                      <Amount amount={location.spent} unit={session.currency} />
                    </td>
                    <td class="amount">
                      <Amount amount={location.debt} unit={session.currency} />
                    </td>
                    <td class="amount">{location.guestsInDebt}</td>
                    <td class="amount strong">
                      <Amount amount={location.owedNow} unit={session.currency} />
                    </td>
                  </tr>
                ))}
              </DataTable>
            )
          }
        </WhenLoaded>
      </section>
    </div>
  );
}

function AllowanceForm(props: { settings: Settings }) {
  const session = useSession();
  const form = useForm<{ offlineAllowance: number | null }>({ offlineAllowance: props.settings.offlineAllowance });
  const [saved, setSaved] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(async (current) => {
      await api<Settings>('PUT', 'settings', current);
      setSaved(true);
    });
  };
  return (
    <form class="form" noValidate onSubmit={submit} aria-label={t('offline.allowance')}>
      <p class="muted">{t('offline.intro')}</p>
      <MoneyField
        label={t('offline.allowance')}
        hint={t('offline.allowanceHint')}
        currency={session.currency}
        value={form.values.offlineAllowance}
        error={form.error?.fieldError('offlineAllowance')}
        onInput={(v) => form.set('offlineAllowance', v)}
      />
      <FormErrors error={form.error} failure={form.failure} fields={['offlineAllowance']} />
      {saved && (
        <p class="notice success" role="status">
          {t('offline.saved')}
        </p>
      )}
      <div class="row end">
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : t('action.save')}
        </button>
      </div>
    </form>
  );
}
