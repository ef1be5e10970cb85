import type { PageArea } from '../../area.js';
import { AccountTypeFormPage } from './account-type-form.js';
import { AccountsPage, ACCOUNTS_TABS, type AccountsTab } from './accounts-page.js';
import { GiftCardPage } from './gift-cards.js';
import { RewardFormPage } from './reward-form.js';

export const accountsArea: PageArea = {
  page(route) {
    const [area, tab, id] = route.segments;
    if (area !== 'accounts') return null;
    if (tab === 'types' && id) return <AccountTypeFormPage id={id === 'new' ? undefined : id} />;
    if (tab === 'rewards' && id) return <RewardFormPage id={id === 'new' ? undefined : id} />;
    if (tab === 'gift-cards' && id) return <GiftCardPage code={id} />;
    return <AccountsPage tab={(ACCOUNTS_TABS as readonly string[]).includes(tab) ? (tab as AccountsTab) : undefined} />;
  },
};
