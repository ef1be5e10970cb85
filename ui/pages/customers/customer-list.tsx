import { useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { DataTable, Page, SelectField, StatusBadge, TextField, WhenLoaded } from '../../components.js';
import { formatDate } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import type { Customer, Page as ListPage, TierSummary } from './types.js';

const FILTERS = ['q', 'tierId', 'tag', 'createdFrom', 'createdTo'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const primaryOf = (customer: Customer, types: string[]) =>
  customer.contacts.find((contact) => types.includes(contact.type) && contact.primary)?.value ?? customer.contacts.find((contact) => types.includes(contact.type))?.value;

/** The directory: one search box for name, phone, e-mail, card or room, and filters. */
export function CustomerList(props: { params: URLSearchParams }) {
  const session = useSession();
  const can = useCan();
  const applied = Object.fromEntries(FILTERS.map((name) => [name, props.params.get(name) ?? ''])) as Filters;
  const [filters, setFilters] = useState<Filters>(applied);
  const [more, setMore] = useState<{ items: Customer[]; nextCursor: string | null } | null>(null);
  const key = FILTERS.map((name) => applied[name]).join('|');
  const tiers = useLoad(() => api<TierSummary[]>('GET', 'tiers'), []);
  const list = useLoad(async () => {
    setMore(null);
    return api<ListPage<Customer>>('GET', `customers${query({ ...applied, limit: 25 })}`);
  }, [key]);
  const tierName = (id: string | null) => tiers.data?.find((tier) => tier.id === id)?.name ?? '';
  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.nextCursor : list.data?.nextCursor;

  const search = (event: Event) => {
    event.preventDefault();
    navigate(`#/customers${query(filters)}`);
  };
  const loadMore = async () => {
    if (!cursor) return;
    const next = await api<ListPage<Customer>>('GET', `customers${query({ ...applied, limit: 25, cursor })}`);
    setMore({ items: [...(more?.items ?? []), ...next.items], nextCursor: next.nextCursor });
  };

  return (
    <Page
      title={t('customers.title')}
      actions={
        can('customers.write') && (
          <>
            <a class="button" href={href('customers', 'import')}>
              {t('import.title')}
            </a>
            <a class="button primary" href={href('customers', 'new')}>
              {t('customers.new')}
            </a>
          </>
        )
      }
    >
      <form class="filters" role="search" onSubmit={search}>
        <TextField
          class="grow"
          type="search"
          label={t('customers.searchLabel')}
          placeholder={t('customers.searchHint')}
          value={filters.q}
          autoFocus
          onInput={(q) => setFilters({ ...filters, q })}
        />
        <SelectField
          label={t('customers.filter.tier')}
          value={filters.tierId}
          options={[{ value: '', label: t('customers.filter.anyTier') }, ...(tiers.data ?? []).map((tier) => ({ value: tier.id, label: tier.name }))]}
          onChange={(tierId) => setFilters({ ...filters, tierId })}
        />
        <TextField label={t('customers.filter.tag')} value={filters.tag} onInput={(tag) => setFilters({ ...filters, tag })} />
        <TextField type="date" label={t('customers.filter.createdFrom')} value={filters.createdFrom} onInput={(createdFrom) => setFilters({ ...filters, createdFrom })} />
        <TextField type="date" label={t('customers.filter.createdTo')} value={filters.createdTo} onInput={(createdTo) => setFilters({ ...filters, createdTo })} />
        <div class="row">
          <button class="primary" type="submit">
            {t('action.search')}
          </button>
          <a class="button" href="#/customers" onClick={() => setFilters(Object.fromEntries(FILTERS.map((name) => [name, ''])) as Filters)}>
            {t('action.clear')}
          </a>
        </div>
      </form>
      <WhenLoaded load={list} empty={t('customers.none')} isEmpty={(page) => page.items.length === 0}>
        {() => (
          <DataTable
            columns={[
              t('customers.col.name'),
              t('customers.col.kind'),
              t('customers.col.phone'),
              t('customers.col.email'),
              t('customers.col.tier'),
              t('customers.col.status'),
            ]}
          >
            {items.map((customer) => (
              <tr key={customer.id}>
                <td>
                  <a href={href('customers', customer.id)}>{customer.displayName}</a>
                  {customer.room && <span class="muted"> · {t('customer.room')} {customer.room}</span>}
                  {customer.birthDate && <span class="muted small"> · {formatDate(customer.birthDate, locale(), session.timeZone)}</span>}
                </td>
                <td>{t(customer.kind === 'individual' ? 'kind.individual' : 'kind.organisation')}</td>
                <td>{primaryOf(customer, ['mobile', 'work_phone', 'home_phone']) ?? ''}</td>
                <td>{primaryOf(customer, ['email']) ?? ''}</td>
                <td>{tierName(customer.tierId)}</td>
                <td>
                  <StatusBadge status={customer.status} label={t(`status.${customer.status}`)} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      {cursor && (
        <div class="row">
          <button type="button" onClick={loadMore}>
            {t('action.loadMore')}
          </button>
        </div>
      )}
    </Page>
  );
}
