import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { DataTable, ErrorNotice, SelectField, StatusBadge, WhenLoaded } from '../../components.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { locale, t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { useAction, usePaged } from '../customers/card-hooks.js';
import { eventTypeText } from './describe.js';
import { DELIVERY_STATUSES, type Delivery, type DeliveryPage, type DeliveryStatus, type TestEvent } from './types.js';

const PAGE_SIZE = 20;
/**
 * After a test or a retry the relay sends within a second or two (it polls every second by
 * default): the log looks again this often until that attempt shows, and gives up after a while.
 */
const WATCH_EVERY_MS = 1500;
const WATCH_FOR_MS = 30_000;

/** A delivery the manager waits on: found once an attempt after the wait began is in the log (a row still dead from before is not it). */
interface Watch {
  done: (delivery: Delivery) => boolean;
  until: number;
}

/** The subscription's deliveries, newest first: how each went, and sending one again or a test. */
export function DeliveryLog(props: { webhookId: string; canSendTest?: boolean }) {
  const session = useSession();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const log = usePaged(
    (cursor) => api<DeliveryPage>('GET', `webhooks/${encodeURIComponent(props.webhookId)}/deliveries${query({ status, limit: PAGE_SIZE, cursor })}`),
    [props.webhookId, status],
  );
  const [watch, setWatch] = useState<Watch | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction(() => undefined);
  const when = (value: string | null) => (value ? formatDateTime(value, locale(), session.timeZone) : t('state.none'));

  useEffect(() => {
    if (!watch) return;
    const timer = setInterval(() => (Date.now() > watch.until ? setWatch(null) : log.reload()), WATCH_EVERY_MS);
    return () => clearInterval(timer);
  }, [watch]);
  useEffect(() => {
    if (watch && log.items.some(watch.done)) setWatch(null);
  }, [watch, log.data]);

  const sendTest = () =>
    action.run(async () => {
      const { eventId } = await api<TestEvent>('POST', `webhooks/${encodeURIComponent(props.webhookId)}/test`);
      setNotice(t('webhooks.testSent'));
      // The test shows whatever its outcome, so no status filter hides it.
      setStatus('');
      setWatch({ done: (delivery) => delivery.eventId === eventId && delivery.attempts > 0, until: Date.now() + WATCH_FOR_MS });
      log.reload();
    });

  const retry = (delivery: Delivery) =>
    action.run(async () => {
      const due = await api<Delivery>('POST', `webhooks/deliveries/${encodeURIComponent(delivery.id)}/retry`);
      setNotice(t('webhooks.log.retried', { event: eventTypeText(due.eventType) }));
      setWatch({ done: (row) => row.id === due.id && row.attempts > due.attempts, until: Date.now() + WATCH_FOR_MS });
      log.reload();
    });

  return (
    <section class="setup-section" aria-labelledby="delivery-log-title">
      <div class="section-head">
        <h2 id="delivery-log-title">{t('webhooks.log.title')}</h2>
        {props.canSendTest !== false && (
          <button type="button" class="primary" disabled={action.busy} onClick={() => void sendTest()}>
            {t('webhooks.sendTest')}
          </button>
        )}
      </div>
      <div class="filters">
        <SelectField
          label={t('webhooks.log.status')}
          value={status}
          options={[{ value: '' as const, label: t('webhooks.log.anyStatus') }, ...DELIVERY_STATUSES.map((value) => ({ value, label: t(`webhooks.log.status.${value}`) }))]}
          onChange={setStatus}
        />
        <button type="button" onClick={log.reload} disabled={log.loading}>
          {t('webhooks.log.refresh')}
        </button>
      </div>
      {notice && (
        <p class="notice success" role="status">
          {notice}
        </p>
      )}
      {action.failure ? <ErrorNotice error={action.failure} /> : null}
      <WhenLoaded load={log} empty={props.canSendTest === false ? t('webhooks.log.noneYet') : t('webhooks.log.none')} isEmpty={(page) => page.items.length === 0}>
        {() => (
          <DataTable
            label={t('webhooks.log.title')}
            class="delivery-log"
            columns={[
              t('webhooks.log.col.created'),
              t('webhooks.log.col.event'),
              t('webhooks.log.col.status'),
              { label: t('webhooks.log.col.attempts'), amount: true },
              t('webhooks.log.col.lastAnswer'),
              t('webhooks.log.col.next'),
              t('webhooks.log.col.delivered'),
              {},
            ]}
          >
            {log.items.map((delivery) => (
              <tr key={delivery.id} class={delivery.status === 'dead' ? 'dead' : undefined} data-status={delivery.status} data-event-id={delivery.eventId}>
                <td class="nowrap">{when(delivery.createdAt)}</td>
                <td>
                  {eventTypeText(delivery.eventType)}
                  <div class="muted small">{delivery.eventType}</div>
                </td>
                <td>
                  <StatusBadge status={delivery.status} label={t(`webhooks.log.status.${delivery.status}`)} />
                  {delivery.status === 'dead' && <div class="small">{t('webhooks.log.deadHint')}</div>}
                </td>
                <td class="amount">{formatNumber(delivery.attempts, locale())}</td>
                <td>
                  {delivery.lastStatusCode !== null ? t('webhooks.log.answer', { code: delivery.lastStatusCode }) : delivery.attempts > 0 ? t('webhooks.log.noAnswer') : t('state.none')}
                  {delivery.lastError && <div class="muted small">{delivery.lastError}</div>}
                </td>
                <td class="nowrap">{when(delivery.nextAttemptAt)}</td>
                <td class="nowrap">{when(delivery.deliveredAt)}</td>
                <td>
                  {delivery.status !== 'delivered' && delivery.attempts > 0 && (
                    <button type="button" class="small" disabled={action.busy} onClick={() => void retry(delivery)}>
                      {t('webhooks.log.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      {log.moreFailure ? <ErrorNotice error={log.moreFailure} /> : null}
      {log.hasMore && (
        <div class="row">
          <button type="button" onClick={() => void log.loadMore()} disabled={log.loadingMore}>
            {t('action.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
