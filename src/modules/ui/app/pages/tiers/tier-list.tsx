import { api } from '../../api.js';
import { Empty, ErrorNotice, Loading, Page, StatusBadge } from '../../components.js';
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
      {tiers.error ? (
        <ErrorNotice error={tiers.error} onRetry={tiers.reload} />
      ) : !tiers.data ? (
        <Loading />
      ) : tiers.data.length === 0 ? (
        <Empty>{t('tiers.none')}</Empty>
      ) : (
        <div class="table-scroll">
          <table class="data" aria-label={t('tiers.title')}>
            <thead>
              <tr>
                <th scope="col" class="amount">{t('tiers.col.rank')}</th>
                <th scope="col">{t('tiers.col.tier')}</th>
                <th scope="col">{t('tiers.col.metric')}</th>
                <th scope="col" class="amount">{t('tiers.col.threshold')}</th>
                <th scope="col">{t('tiers.col.window')}</th>
                <th scope="col">{t('tiers.col.autoEnter')}</th>
                <th scope="col">{t('tiers.col.neverDowngrade')}</th>
                <th scope="col">{t('tiers.col.categories')}</th>
              </tr>
            </thead>
            <tbody>
              {tiers.data.map((tier) => (
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
            </tbody>
          </table>
        </div>
      )}
      {tiers.data && <TierSettingsForm tiers={tiers.data} />}
      {can('settings.manage') && <TierJobRuns />}
    </Page>
  );
}
