import { Page, Tabs } from '../../components.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan } from '../../session.js';
import { AccountTypeList } from './account-type-list.js';
import { GiftCardList } from './gift-cards.js';
import { RewardList } from './reward-list.js';

export const ACCOUNTS_TABS = ['types', 'rewards', 'gift-cards'] as const;
export type AccountsTab = (typeof ACCOUNTS_TABS)[number];

const TABS: Record<AccountsTab, { label: MessageKey; permission: string }> = {
  types: { label: 'accountTypes.title', permission: 'accounts.read' },
  rewards: { label: 'rewards.title', permission: 'promotions.manage' },
  'gift-cards': { label: 'giftCards.title', permission: 'accounts.read' },
};

/** What customers collect (account types), what they can spend it on (rewards), and the gift cards sold. */
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
        {active === 'types' ? <AccountTypeList /> : active === 'rewards' ? <RewardList /> : <GiftCardList />}
      </div>
    </Page>
  );
}
