import type { JSX } from 'preact';
import { api } from '../../api.js';
import { Page, StatusBadge, Tabs, WhenLoaded } from '../../components.js';
import { formatDate } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { AccountsTab } from './accounts-tab.js';
import type { CardTabProps } from './card-tab.js';
import { ContactsTab } from './contacts-tab.js';
import { IdentifiersTab } from './identifiers-tab.js';
import { ProfileTab } from './profile-tab.js';
import { TierHistoryTab } from './tier-history-tab.js';
import { VisitsTab } from './visits-tab.js';
import type { Customer, TierSummary } from './types.js';

export const CUSTOMER_CARD_TABS = ['profile', 'contacts', 'identifiers', 'accounts', 'visits', 'tiers'] as const;
export type CustomerCardTab = (typeof CUSTOMER_CARD_TABS)[number];

const TABS: Record<CustomerCardTab, { label: MessageKey; permission: string; render: (props: CardTabProps) => JSX.Element }> = {
  profile: { label: 'card.tab.profile', permission: 'customers.read', render: (props) => <ProfileTab {...props} /> },
  contacts: { label: 'card.tab.contacts', permission: 'customers.read', render: (props) => <ContactsTab {...props} /> },
  identifiers: { label: 'card.tab.identifiers', permission: 'customers.read', render: (props) => <IdentifiersTab {...props} /> },
  accounts: { label: 'card.tab.accounts', permission: 'accounts.read', render: (props) => <AccountsTab {...props} /> },
  visits: { label: 'card.tab.visits', permission: 'visits.read', render: (props) => <VisitsTab {...props} /> },
  tiers: { label: 'card.tab.tiers', permission: 'customers.read', render: (props) => <TierHistoryTab {...props} /> },
};

/** Everything the back office knows about one guest, a tab per subject. */
export function CustomerCard(props: { id: string; tab: CustomerCardTab }) {
  const can = useCan();
  const session = useSession();
  const customer = useLoad(() => api<Customer>('GET', `customers/${encodeURIComponent(props.id)}`), [props.id]);
  const tiers = useLoad(() => api<TierSummary[]>('GET', 'tiers'), []);
  const tabs = CUSTOMER_CARD_TABS.filter((id) => can(TABS[id].permission));
  const active = tabs.includes(props.tab) ? props.tab : tabs[0];
  const onChange = (updated?: Customer) => (updated ? customer.setData(updated) : customer.reload());
  return (
    <WhenLoaded load={customer}>
      {(current) => {
        const tier = tiers.data?.find((candidate) => candidate.id === current.tierId);
        return (
          <Page
            title={current.displayName}
            back={{ href: '#/customers', label: t('customers.title') }}
            actions={
              <>
                <StatusBadge status={current.status} label={t(`status.${current.status}`)} />
                {tier && <span class="badge tier">{tier.name}</span>}
                {can('terminal.use') && current.status === 'active' && (
                  <a class="button small" href={`#/till?customer=${encodeURIComponent(current.id)}`}>
                    {t('card.openAtTill')}
                  </a>
                )}
              </>
            }
          >
            <p class="muted">
              {t(current.kind === 'individual' ? 'kind.individual' : 'kind.organisation')}
              {current.birthDate && ` · ${t('customer.birthDate')}: ${formatDate(current.birthDate, locale(), session.timeZone)}`}
              {current.terminatedAt && ` · ${t('card.terminatedOn', { date: formatDate(current.terminatedAt, locale(), session.timeZone) })}`}
            </p>
            <Tabs label={t('card.tabsLabel')} active={active} tabs={tabs.map((id) => ({ id, label: t(TABS[id].label), href: href('customers', current.id, id) }))} />
            <div class="tab-panel" role="tabpanel">
              {TABS[active].render({ customer: current, onChange })}
            </div>
          </Page>
        );
      }}
    </WhenLoaded>
  );
}
