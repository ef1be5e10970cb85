import { api } from '../../api.js';
import { DataTable, Money, Page, StatusBadge, WhenLoaded } from '../../components.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import type { Schema } from '../../schema.js';

type TabRecord = Schema<'GuestTabRecordDto'>;

/** A tab status in the manager's words. */
const statusLabel = (status: TabRecord['tab']['status'] | TabRecord['visits'][number]['status']) => t(`tabs.status.${status}`);

/** The visits' ids of a tab of several guests are the tab's id, a tilde and the guest's seat. */
const seatOf = (tabId: string, visitTabId: string) => (visitTabId.startsWith(`${tabId}~`) ? visitTabId.slice(tabId.length + 1) : null);

/** A guest by their name, once the plugin has answered it; their id until then, or if it cannot. */
function GuestName(props: { id: string }) {
  const customer = useLoad(() => api<{ displayName: string }>('GET', `customers/${encodeURIComponent(props.id)}`), [props.id]);
  return <a href={href('customers', props.id, 'visits')}>{customer.data?.displayName ?? props.id}</a>;
}

/**
 * What happened to one tab, as the plugin recorded it: the tabs its bill was split into or
 * merged from, each guest's visit on it, and every event the host sent with the answer given.
 */
export function TabHistoryPage(props: { tabId: string }) {
  const record = useLoad(() => api<TabRecord>('GET', `guest-tabs/${encodeURIComponent(props.tabId)}`), [props.tabId]);
  const session = useSession();
  return (
    <Page title={t('tabs.title', { tab: props.tabId })}>
      <WhenLoaded load={record}>
        {({ tab, bill, visits, events }) => (
          <div class="stack">
            <p>
              <StatusBadge status={tab.status} label={statusLabel(tab.status)} /> {t('tabs.version', { version: tab.version })}
              {tab.locationId && ` · ${tab.locationId}`} · {t('tabs.updated', { at: formatDateTime(tab.updatedAt, locale(), session.timeZone) })}
            </p>
            {bill.length > 0 && (
              <section aria-labelledby="tab-bill">
                <h2 id="tab-bill">{t('tabs.bill')}</h2>
                <p class="muted">{t('tabs.billIntro')}</p>
                <DataTable label={t('tabs.bill')} columns={[t('tabs.col.tab'), t('tabs.col.status'), t('tabs.col.guest'), { label: t('tabs.col.amount'), amount: true }]}>
                  {bill.map((other) => (
                    <tr key={other.id} aria-current={other.id === tab.id ? 'true' : undefined}>
                      <td>{other.id === tab.id ? <strong>{other.id}</strong> : <a href={href('tabs', other.id)}>{other.id}</a>}</td>
                      <td>
                        <StatusBadge status={other.status} label={statusLabel(other.status)} />
                      </td>
                      <td>{other.customerId ? <GuestName id={other.customerId} /> : t('state.none')}</td>
                      <td class="amount">
                        <Money minor={other.amount} currency={session.currency} />
                      </td>
                    </tr>
                  ))}
                </DataTable>
              </section>
            )}
            <section aria-labelledby="tab-visits">
              <h2 id="tab-visits">{t('tabs.visits')}</h2>
              {visits.length === 0 ? (
                <p class="muted">{t('tabs.noVisits')}</p>
              ) : (
                <DataTable
                  label={t('tabs.visits')}
                  columns={[t('tabs.col.guest'), t('tabs.col.seat'), t('tabs.col.status'), { label: t('tabs.col.net'), amount: true }, { label: t('tabs.col.points'), amount: true }]}
                >
                  {visits.map((visit) => (
                    <tr key={visit.id}>
                      <td>
                        <GuestName id={visit.customerId} />
                      </td>
                      <td>{seatOf(tab.id, visit.tabId) ?? t('state.none')}</td>
                      <td>
                        <StatusBadge status={visit.status} label={statusLabel(visit.status)} />
                      </td>
                      <td class="amount">
                        <Money minor={visit.net - visit.refunded} currency={visit.currency} />
                      </td>
                      <td class="amount">{formatNumber(visit.pointsEarned, locale())}</td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </section>
            <section aria-labelledby="tab-events">
              <h2 id="tab-events">{t('tabs.events')}</h2>
              <DataTable label={t('tabs.events')} columns={[t('tabs.col.occurredAt'), t('tabs.col.event'), { label: t('tabs.col.version'), amount: true }, t('tabs.col.answer'), t('tabs.col.effects')]}>
                {events.map((event) => (
                  <tr key={event.eventId}>
                    <td class="nowrap">{formatDateTime(event.occurredAt, locale(), session.timeZone)}</td>
                    <td>{t(`tabs.event.${event.type}`)}</td>
                    <td class="amount">{event.version}</td>
                    <td>
                      <StatusBadge status={event.status} label={t(`tabs.answer.${event.status}`)} />
                    </td>
                    <td class="small">{(event.effects as { kind: string }[]).map((effect) => effect.kind).join(', ')}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          </div>
        )}
      </WhenLoaded>
    </Page>
  );
}
