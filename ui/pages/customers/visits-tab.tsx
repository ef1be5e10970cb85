import type { ComponentChildren } from 'preact';
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { Amount, DataTable, ErrorNotice, Money, WhenLoaded } from '../../components.js';
import { formatDate, formatDateTime, formatNumber } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { usePaged } from './card-hooks.js';
import type { CardTabProps } from './card-tab.js';
import { periodRange, PeriodFilter, type PeriodChoice } from './period-filter.js';
import type { AccountType, CustomerStats, Favourite, Page, Visit } from './types.js';

/** The period as the visit endpoints take it: a named one counted by the API, or from–to. */
function periodQuery(choice: PeriodChoice, timeZone: string) {
  return choice.period === 'custom' ? { period: 'custom', ...periodRange(choice, timeZone) } : { period: choice.period };
}

function Stat(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="stat">
      <div class="label">{props.label}</div>
      <div class="value">{props.children}</div>
    </div>
  );
}

/** What the guest spent and ate over a period, and each visit with its lines. */
export function VisitsTab({ customer }: CardTabProps) {
  const session = useSession();
  const can = useCan();
  const [period, setPeriod] = useState<PeriodChoice>({ period: 'year', from: '', to: '' });
  const deps = [customer.id, period.period, period.from, period.to];
  const stats = useLoad(() => api<CustomerStats>('GET', `customers/${customer.id}/visits/stats${query(periodQuery(period, session.timeZone))}`), deps);
  const visits = usePaged(
    (cursor) => api<Page<Visit>>('GET', `customers/${customer.id}/visits${query({ ...periodQuery(period, session.timeZone), limit: 20, cursor })}`),
    deps,
  );
  // Points are keyed by account type code; the type gives the name and the unit.
  const types = useLoad(() => (can('accounts.read') ? api<AccountType[]>('GET', 'account-types') : Promise.resolve([])), []);
  const typeOf = (code: string) => types.data?.find((type) => type.code === code);
  const byType = (amounts: Record<string, number>, label: 'card.visits.earned' | 'card.visits.spentPoints') =>
    Object.entries(amounts).map(([code, amount]) => (
      <Stat key={`${label}-${code}`} label={t(label, { account: typeOf(code)?.name ?? code })}>
        <Amount amount={amount} unit={typeOf(code)?.unit ?? 'points'} />
      </Stat>
    ));

  return (
    <>
      <PeriodFilter value={period} periods={['month', 'half_year', 'year', 'custom']} onChange={setPeriod} />
      <WhenLoaded load={stats}>
        {(figures) => (
          <>
            <p class="muted small">
              {t('card.visits.range', { from: formatDate(figures.from, locale(), session.timeZone), to: formatDate(figures.to, locale(), session.timeZone) })}
            </p>
            <div class="stats">
              <Stat label={t('card.visits.spent')}>
                <Money minor={figures.spent} currency={session.currency} />
              </Stat>
              <Stat label={t('card.visits.count')}>{formatNumber(figures.visits, locale())}</Stat>
              <Stat label={t('card.visits.averageCheck')}>
                <Money minor={figures.averageCheck} currency={session.currency} />
              </Stat>
              {byType(figures.pointsEarned, 'card.visits.earned')}
              {byType(figures.pointsSpent, 'card.visits.spentPoints')}
            </div>
            <div class="favourites">
              <Favourites title={t('card.visits.favouritesByQuantity')} items={figures.favouritesByQuantity} />
              <Favourites title={t('card.visits.favouritesByVisits')} items={figures.favouritesByVisits} />
            </div>
          </>
        )}
      </WhenLoaded>
      <h2>{t('card.visits.list')}</h2>
      <WhenLoaded load={visits} empty={t('card.visits.none')} isEmpty={(page) => page.items.length === 0}>
        {() => (
          <VisitTable visits={visits.items} />
        )}
      </WhenLoaded>
      {visits.moreFailure ? <ErrorNotice error={visits.moreFailure} /> : null}
      {visits.hasMore && (
        <div class="row">
          <button type="button" onClick={() => void visits.loadMore()} disabled={visits.loadingMore}>
            {t('action.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}

function Favourites(props: { title: string; items: Favourite[] }) {
  return (
    <section class="panel" aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.items.length === 0 ? (
        <p class="muted small">{t('card.visits.noFavourites')}</p>
      ) : (
        <DataTable class="compact" columns={[t('card.visits.product'), { label: t('card.visits.quantity'), amount: true }, { label: t('card.visits.visitCount'), amount: true }]}>
          {props.items.map((item) => (
            <tr key={item.productId}>
              <td>{item.name ?? item.productId}</td>
              <td class="amount">{formatNumber(item.quantity, locale())}</td>
              <td class="amount">{formatNumber(item.visits, locale())}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function VisitTable(props: { visits: Visit[] }) {
  const session = useSession();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <DataTable
      label={t('card.visits.list')}
      class="visits"
      columns={[
        t('card.visits.closedAt'),
        t('card.visits.place'),
        { label: t('card.visits.gross'), amount: true },
        { label: t('card.visits.discount'), amount: true },
        { label: t('card.visits.net'), amount: true },
        { label: t('card.visits.points'), amount: true },
        {},
      ]}
    >
      {props.visits.map((visit) => {
        const expanded = open.has(visit.id);
        return (
          <Fragment key={visit.id}>
            <tr>
              <td class="nowrap">{formatDateTime(visit.closedAt ?? visit.startedAt, locale(), session.timeZone)}</td>
              <td>
                {[visit.locationId, visit.tableId && t('card.visits.table', { table: visit.tableId })].filter(Boolean).join(' · ')}
                {visit.refunded > 0 && (
                  <div class="debit small">
                    {t('card.visits.refunded')} <Money minor={visit.refunded} currency={visit.currency} />
                  </div>
                )}
              </td>
              <td class="amount">
                <Money minor={visit.gross} currency={visit.currency} />
              </td>
              <td class="amount">
                <Money minor={visit.discount} currency={visit.currency} />
              </td>
              <td class="amount">
                <Money minor={visit.net} currency={visit.currency} />
              </td>
              <td class="amount">{formatNumber(visit.pointsEarned, locale())}</td>
              <td class="actions">
                <button type="button" class="small" aria-expanded={expanded} aria-controls={`lines-${visit.id}`} onClick={() => toggle(visit.id)}>
                  {t(expanded ? 'card.visits.hideLines' : 'card.visits.showLines', { count: visit.lines.length })}
                </button>{' '}
                <a class="small" href={href('tabs', visit.tabId)}>
                  {t('card.visits.tabHistory')}
                </a>
              </td>
            </tr>
            {expanded && (
              <tr class="visit-lines" id={`lines-${visit.id}`}>
                <td colSpan={7}>
                  <VisitLines visit={visit} />
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </DataTable>
  );
}

function VisitLines({ visit }: { visit: Visit }) {
  return (
    <DataTable
      class="compact"
      label={t('card.visits.linesOf', { tab: visit.tabId })}
      columns={[
        t('card.visits.product'),
        { label: t('card.visits.quantity'), amount: true },
        { label: t('card.visits.amount'), amount: true },
        { label: t('card.visits.discount'), amount: true },
        { label: t('card.visits.refunded'), amount: true },
      ]}
    >
      {visit.lines.map((line) => (
        <tr key={line.lineId}>
          <td>{line.name ?? line.productId}</td>
          <td class="amount">{formatNumber(line.quantity, locale())}</td>
          <td class="amount">
            <Money minor={line.amount} currency={visit.currency} />
          </td>
          <td class="amount">
            <Money minor={line.discount} currency={visit.currency} />
          </td>
          <td class="amount">
            {line.refundedQuantity > 0 || line.refundedAmount > 0 ? (
              <span class="debit">
                {formatNumber(line.refundedQuantity, locale())} · <Money minor={line.refundedAmount} currency={visit.currency} />
              </span>
            ) : (
              t('state.none')
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
