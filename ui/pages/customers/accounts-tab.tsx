import { api } from '../../api.js';
import { Amount, Empty, FormErrors, SelectField, StatusBadge, WhenLoaded } from '../../components.js';
import { formatDate } from '../../format.js';
import { useForm, useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href, useRoute } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { AccountDetail } from './account-detail.js';
import type { CardTabProps } from './card-tab.js';
import type { Account, AccountType } from './types.js';

/** The guest's purses: one panel each with its balances; the chosen one's history below. */
export function AccountsTab({ customer }: CardTabProps) {
  const can = useCan();
  const route = useRoute();
  const accounts = useLoad(() => api<Account[]>('GET', `customers/${customer.id}/accounts`), [customer.id]);
  const canOpen = can('accounts.adjust') && customer.status === 'active';
  return (
    <WhenLoaded load={accounts}>
      {(list) => {
        const chosen = list.find((account) => account.id === route.params.get('account')) ?? list[0];
        return (
          <>
            {list.length === 0 ? (
              <Empty>{t('card.accounts.none')}</Empty>
            ) : (
              <div class="account-cards">
                {list.map((account) => (
                  <AccountPanel key={account.id} account={account} customerId={customer.id} chosen={account.id === chosen.id} />
                ))}
              </div>
            )}
            {chosen && <AccountDetail key={chosen.id} account={chosen} onChange={accounts.reload} />}
            {canOpen && <OpenAccountForm customerId={customer.id} opened={list} onOpened={accounts.reload} />}
          </>
        );
      }}
    </WhenLoaded>
  );
}

function AccountPanel(props: { account: Account; customerId: string; chosen: boolean }) {
  const session = useSession();
  const { account } = props;
  const unit = account.accountType.unit;
  return (
    <a
      class="account-card"
      href={`${href('customers', props.customerId, 'accounts')}?account=${encodeURIComponent(account.id)}`}
      aria-current={props.chosen ? 'true' : undefined}
      data-account-type={account.accountType.code}
    >
      <span class="account-card-head">
        <strong>{account.accountType.name}</strong>
        <StatusBadge status={account.status} label={t(`card.accountStatus.${account.status}`)} />
      </span>
      <span class="stats">
        <span class="stat">
          <span class="label">{t('card.accounts.total')}</span>
          <span class="value">
            <Amount amount={account.total} unit={unit} />
          </span>
        </span>
        <span class="stat">
          <span class="label">{t('card.accounts.held')}</span>
          <span class="value">
            <Amount amount={account.held} unit={unit} />
          </span>
        </span>
        <span class="stat">
          <span class="label">{t('card.accounts.available')}</span>
          <span class="value">
            <Amount amount={account.available} unit={unit} />
          </span>
        </span>
      </span>
      {account.holder.type === 'membership' && <span class="muted small">{t('card.accounts.membership')}</span>}
      {account.expiringSoon.map((lot) => (
        <span key={lot.expiresAt} class="notice warning small">
          {t('card.accounts.expiring', { date: formatDate(lot.expiresAt, locale(), session.timeZone) })} <Amount amount={lot.amount} unit={unit} />
        </span>
      ))}
    </a>
  );
}

/** Opens an account of a type the guest has none of yet, so it can be credited. */
function OpenAccountForm(props: { customerId: string; opened: Account[]; onOpened: () => void }) {
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  const missing = (types.data ?? []).filter((type) => type.active && !props.opened.some((account) => account.accountType.code === type.code));
  const form = useForm({ accountTypeCode: '' });
  if (missing.length === 0) return null;
  const code = missing.some((type) => type.code === form.values.accountTypeCode) ? form.values.accountTypeCode : missing[0].code;
  const open = (event: Event) => {
    event.preventDefault();
    void form.submit(async () => {
      await api<Account>('POST', `customers/${props.customerId}/accounts`, { accountTypeCode: code });
      props.onOpened();
    });
  };
  return (
    <form class="form inline" noValidate onSubmit={open} aria-label={t('card.accounts.open')}>
      <SelectField
        label={t('card.accounts.type')}
        value={code}
        options={missing.map((type) => ({ value: type.code, label: type.name }))}
        error={form.error?.fieldError('accountTypeCode')}
        onChange={(accountTypeCode) => form.set('accountTypeCode', accountTypeCode)}
      />
      <button type="submit" disabled={form.submitting}>
        {t('card.accounts.open')}
      </button>
      <FormErrors error={form.error} failure={form.failure} fields={['accountTypeCode']} />
    </form>
  );
}
