import { Page, Tabs } from '../../components.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan } from '../../session.js';
import { AccountTypeList } from './account-type-list.js';
import { GiftCardList } from './gift-cards.js';
import { OfflineTillsTab } from './offline-tills.js';
import { ReferralProgramTab } from './referral-program.js';
import { RewardList } from './reward-list.js';

export const ACCOUNTS_TABS = ['types', 'rewards', 'gift-cards', 'referrals', 'offline'] as const;
export type AccountsTab = (typeof ACCOUNTS_TABS)[number];

const TABS: Record<AccountsTab, { label: MessageKey; permission: string }> = {
  types: { label: 'accountTypes.title', permission: 'accounts.read' },
  rewards: { label: 'rewards.title', permission: 'promotions.manage' },
  'gift-cards': { label: 'giftCards.title', permission: 'accounts.read' },
  referrals: { label: 'referrals.title', permission: 'promotions.manage' },
  offline: { label: 'offline.title', permission: 'settings.manage' },
};

/** What customers collect (account types), what they can spend it on (rewards), the gift cards sold, what bringing a friend earns, and what tills may spend offline. */
export function AccountsPage(props: { tab?: AccountsTab }) {
  const can = useCan();
  const tabs = ACCOUNTS_TABS.filter((id) => can(TABS[id].permission));
  const active = props.tab && tabs.includes(props.tab) ? props.tab : tabs[0];
  if (!active) {
    return (
      <Page title={t('nav.accounts')}>
        <p>{t('page.noAccess')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('nav.accounts')}>
      <Tabs label={t('nav.accounts')} active={active} tabs={tabs.map((id) => ({ id, label: t(TABS[id].label), href: href('accounts', id) }))} />
      <div class="tab-panel" role="tabpanel">
        {active === 'types' ? (
          <AccountTypeList />
        ) : active === 'rewards' ? (
          <RewardList />
        ) : active === 'gift-cards' ? (
          <GiftCardList />
        ) : active === 'referrals' ? (
          <ReferralProgramTab />
        ) : (
          <OfflineTillsTab />
        )}
      </div>
    </Page>
  );
}
