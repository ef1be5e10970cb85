import type { PageArea } from '../../area';
import { AccountTypeFormPage } from './account-type-form';
import { AccountsPage, ACCOUNTS_TABS, type AccountsTab } from './accounts-page';
import { RewardFormPage } from './reward-form';

export const accountsArea: PageArea = {
  nav: [{ href: '#/accounts', label: 'nav.accounts', permission: 'accounts.read' }],
  page(route) {
    const [area, tab, id] = route.segments;
    if (area !== 'accounts') return null;
    if (tab === 'types' && id) return <AccountTypeFormPage id={id === 'new' ? undefined : id} />;
    if (tab === 'rewards' && id) return <RewardFormPage id={id === 'new' ? undefined : id} />;
    return <AccountsPage tab={(ACCOUNTS_TABS as readonly string[]).includes(tab) ? (tab as AccountsTab) : undefined} />;
  },
};
