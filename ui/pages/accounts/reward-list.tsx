import { api } from '../../api.js';
import { ActiveBadge, DataTable, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { amountText, availabilityText, benefitText } from './describe.js';
import type { AccountType, Reward } from './types.js';

/** The rewards catalogue: what a customer can take for their points, and when. */
export function RewardList() {
  const session = useSession();
  const can = useCan();
  const rewards = useLoad(() => api<Reward[]>('GET', 'rewards'), []);
  // Prices are in their account type's unit; without accounts.read they show as points.
  const types = useLoad(() => (can('accounts.read') ? api<AccountType[]>('GET', 'account-types') : Promise.resolve([])), []);
  const unitOf = (code: string) => types.data?.find((type) => type.code === code)?.unit ?? 'points';
  const typeName = (code: string) => types.data?.find((type) => type.code === code)?.name ?? code;
  return (
    <>
      <div class="row end">
        <a class="button primary" href={href('accounts', 'rewards', 'new')}>
          {t('rewards.new')}
        </a>
      </div>
      <WhenLoaded load={rewards} empty={t('rewards.none')}>
        {(list) => (
          <DataTable
            label={t('rewards.title')}
            columns={[
              t('rewards.col.reward'),
              t('rewards.col.benefit'),
              { label: t('rewards.col.price'), amount: true },
              t('rewards.col.account'),
              t('rewards.col.availability'),
              t('rewards.col.status'),
            ]}
          >
            {list.map((reward) => (
              <tr key={reward.id}>
                <td>
                  <a href={href('accounts', 'rewards', reward.id)}>{reward.name}</a> <span class="muted small">{reward.code}</span>
                </td>
                <td>{benefitText(reward.benefit, session.currency)}</td>
                <td class="amount">{amountText(reward.price, unitOf(reward.accountTypeCode))}</td>
                <td>{typeName(reward.accountTypeCode)}</td>
                <td>{availabilityText(reward, session.timeZone)}</td>
                <td>
                  <ActiveBadge active={reward.active} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
    </>
  );
}
