import { api } from '../../api.js';
import { DataTable, Page, StatusBadge, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { metricValue } from './metric.js';
import { TierJobRuns } from './tier-job-runs.js';
import { TierSettingsForm } from './tier-settings-form.js';
import type { Tier } from './types.js';

const yesNo = (value: boolean) => t(value ? 'state.yes' : 'state.no');

/** The ladder of tiers, lowest first, with how customers move down and the job that moves them. */
export function TierList() {
  const session = useSession();
  const can = useCan();
  const tiers = useLoad(() => api<Tier[]>('GET', 'tiers'), []);
  return (
    <Page
      title={t('tiers.title')}
      actions={
        <a class="button primary" href={href('tiers', 'new')}>
          {t('tiers.new')}
        </a>
      }
    >
      <WhenLoaded load={tiers} empty={t('tiers.none')}>
        {(list) => (
          <DataTable
            label={t('tiers.title')}
            columns={[
              { label: t('tiers.col.rank'), amount: true },
              t('tiers.col.tier'),
              t('tiers.col.metric'),
              { label: t('tiers.col.threshold'), amount: true },
              t('tiers.col.window'),
              t('tiers.col.autoEnter'),
              t('tiers.col.neverDowngrade'),
              t('tiers.col.categories'),
            ]}
          >
            {list.map((tier) => (
              <tr key={tier.id}>
                <td class="amount">{tier.rank}</td>
                <td>
                  <a href={href('tiers', tier.id)}>{tier.name}</a> <span class="muted small">{tier.code}</span>
                  {/* Most tiers are active; only the exception takes room in the table. */}
                  {!tier.active && <StatusBadge status="inactive" label={t('state.inactive')} />}
                </td>
                <td>{t(`tiers.metric.${tier.metric}`)}</td>
                <td class="amount">{metricValue(tier.metric, tier.threshold, session.currency)}</td>
                <td class="keep">{tier.windowDays === null ? t('tiers.window.all') : t('tiers.window.days', { days: tier.windowDays })}</td>
                <td>{yesNo(tier.autoEnter)}</td>
                <td>{yesNo(tier.neverDowngrade)}</td>
                <td>{tier.categories.length > 0 ? tier.categories.join(', ') : t('state.none')}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      {tiers.data && <TierSettingsForm tiers={tiers.data} />}
      {can('settings.manage') && <TierJobRuns />}
    </Page>
  );
}
