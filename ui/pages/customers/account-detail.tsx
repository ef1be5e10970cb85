import { useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { AmountField, ConfirmDialog, DataTable, ErrorNotice, FormErrors, NumberField, SelectField, TextField, WhenLoaded } from '../../components.js';
import { formatAmount, formatDateTime } from '../../format.js';
import { useForm, useIntentKey, useLoad, type Loaded } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { useCan, useSession } from '../../session.js';
import { useIntentCounter, usePaged } from './card-hooks.js';
import { periodRange, PeriodFilter, type PeriodChoice } from './period-filter.js';
import { ENTRY_KINDS, type Account, type Entry, type EntryKind, type Hold, type Page } from './types.js';

/** `+1,200` or `−€3.00`: the sign the history reads before the colour. */
const signed = (amount: number, unit: string) => `${amount > 0 ? '+' : amount < 0 ? '−' : ''}${formatAmount(Math.abs(amount), unit, locale())}`;

/** One account's history, its manual credit or debit, its open holds and their reset. */
export function AccountDetail(props: { account: Account; onChange: () => void }) {
  const can = useCan();
  const session = useSession();
  const { account } = props;
  const unit = account.accountType.unit;
  const [kind, setKind] = useState<EntryKind | ''>('');
  const [period, setPeriod] = useState<PeriodChoice>({ period: 'all', from: '', to: '' });
  const [fresh, setFresh] = useState<string | null>(null);
  const history = usePaged(
    (cursor) => api<Page<Entry>>('GET', `accounts/${account.id}/entries${query({ kind, ...periodRange(period, session.timeZone), limit: 25, cursor })}`),
    [account.id, kind, period.period, period.from, period.to],
  );
  const holds = useLoad(() => api<Hold[]>('GET', `accounts/${account.id}/holds`), [account.id]);
  const changed = (entryId?: string) => {
    setFresh(entryId ?? null);
    history.reload();
    holds.reload();
    props.onChange();
  };

  return (
    <section class="account-detail" aria-labelledby="account-history-title">
      <div class="account-history">
        <h2 id="account-history-title">{t('card.history.title', { account: account.accountType.name })}</h2>
        <div class="filters">
          <SelectField
            label={t('card.history.kind')}
            value={kind}
            options={[{ value: '' as const, label: t('card.history.anyKind') }, ...ENTRY_KINDS.map((value) => ({ value, label: t(`card.entryKind.${value}`) }))]}
            onChange={setKind}
          />
          <PeriodFilter value={period} periods={['all', 'month', 'half_year', 'year', 'custom']} onChange={setPeriod} />
        </div>
        <WhenLoaded load={history} empty={t('card.history.none')} isEmpty={(page) => page.items.length === 0}>
          {() => (
            <DataTable
              label={t('card.history.label')}
              class="history"
              columns={[
                t('card.history.time'),
                t('card.history.kind'),
                { label: t('card.history.amount'), amount: true },
                { label: t('card.history.balanceAfter'), amount: true },
                t('card.history.reason'),
                t('card.history.actor'),
              ]}
            >
              {history.items.map((entry) => (
                <tr key={entry.id} class={entry.id === fresh ? 'fresh' : undefined} data-direction={entry.direction} data-kind={entry.kind}>
                  <td class="nowrap">{formatDateTime(entry.createdAt, locale(), session.timeZone)}</td>
                  <td>{t(`card.entryKind.${entry.kind}`)}</td>
                  <td class={`amount ${entry.direction}`}>
                    {entry.amount !== 0 ? (
                      signed(entry.amount, unit)
                    ) : entry.heldChange !== 0 ? (
                      <span class="muted">{t('card.history.heldChange', { amount: signed(entry.heldChange, unit) })}</span>
                    ) : (
                      t('state.none')
                    )}
                  </td>
                  <td class="amount">{formatAmount(entry.balanceAfter, unit, locale())}</td>
                  <td>
                    {entry.reason ?? ''}
                    {entry.tabId && <div class="muted small">{t('card.history.tab', { tab: entry.tabId })}</div>}
                  </td>
                  <td>{entry.actorName ?? entry.actorId ?? t('state.none')}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </WhenLoaded>
        {history.moreFailure ? <ErrorNotice error={history.moreFailure} /> : null}
        {history.hasMore && (
          <div class="row">
            <button type="button" onClick={() => void history.loadMore()} disabled={history.loadingMore}>
              {t('action.loadMore')}
            </button>
          </div>
        )}
      </div>
      <div class="account-side">
        {can('accounts.adjust') && account.status !== 'closed' && <AdjustForm account={account} onDone={changed} />}
        <OpenHolds account={account} holds={holds} />
        {can('accounts.reset_holds') && <ResetHoldsForm account={account} onDone={() => changed()} />}
      </div>
    </section>
  );
}

/** A manager's credit or debit, with the description the history shows. */
function AdjustForm(props: { account: Account; onDone: (entryId: string) => void }) {
  const unit = props.account.accountType.unit;
  const form = useForm({ kind: 'manual_credit' as 'manual_credit' | 'manual_debit', amount: null as number | null, reason: '' });
  const keyFor = useIntentKey();
  const [intent, nextIntent] = useIntentCounter();
  const [done, setDone] = useState<string | null>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    setDone(null);
    void form.submit(async (values) => {
      const body = { kind: values.kind, amount: values.amount, reason: values.reason.trim() };
      const entry = await api<Entry>('POST', `accounts/${props.account.id}/entries`, body, { idempotencyKey: keyFor({ account: props.account.id, intent, body }) });
      nextIntent();
      form.replace({ kind: values.kind, amount: null, reason: '' });
      setDone(t(values.kind === 'manual_credit' ? 'card.adjust.credited' : 'card.adjust.debited', { amount: formatAmount(Math.abs(entry.amount), unit, locale()), account: props.account.accountType.name }));
      props.onDone(entry.id);
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="adjust-title">
      <h3 id="adjust-title">{t('card.adjust.title')}</h3>
      <fieldset class="segmented">
        <legend>{t('card.adjust.direction')}</legend>
        {(['manual_credit', 'manual_debit'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name="adjust-kind" value={kind} checked={form.values.kind === kind} onChange={() => form.set('kind', kind)} />
            {t(kind === 'manual_credit' ? 'card.adjust.credit' : 'card.adjust.debit')}
          </label>
        ))}
      </fieldset>
      <AmountField label={t('card.adjust.amount')} unit={unit} min={1} required value={form.values.amount} error={form.error?.fieldError('amount')} onInput={(amount) => form.set('amount', amount)} />
      <TextField label={t('card.adjust.description')} required maxLength={500} value={form.values.reason} error={form.error?.fieldError('reason')} onInput={(reason) => form.set('reason', reason)} />
      <FormErrors error={form.error} failure={form.failure} fields={['kind', 'amount', 'reason']} />
      {done && (
        <p class="notice success" role="status">
          {done}
        </p>
      )}
      <div class="row end">
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : t('card.adjust.submit')}
        </button>
      </div>
    </form>
  );
}

function OpenHolds(props: { account: Account; holds: Loaded<Hold[]> }) {
  const session = useSession();
  const unit = props.account.accountType.unit;
  return (
    <section class="panel" aria-labelledby="holds-title">
      <h3 id="holds-title">{t('card.holds.title')}</h3>
      <WhenLoaded load={props.holds} empty={<p class="muted small">{t('card.holds.none')}</p>}>
        {(holds) => (
          <ul class="hold-list">
            {holds.map((hold) => (
              <li key={hold.holdId}>
                <span>
                  <strong>{formatAmount(hold.amount, unit, locale())}</strong> · {t('card.history.tab', { tab: hold.tabId })}
                  {hold.rewardId && <span class="muted"> · {t('card.holds.reward')}</span>}
                </span>
                <span class="muted small">{t('card.holds.expiresAt', { date: formatDateTime(hold.expiresAt, locale(), session.timeZone) })}</span>
              </li>
            ))}
          </ul>
        )}
      </WhenLoaded>
    </section>
  );
}

/** Releases holds a crashed till left behind; asks first, since a live tab may lose its bonus payment. */
function ResetHoldsForm(props: { account: Account; onDone: () => void }) {
  const unit = props.account.accountType.unit;
  const form = useForm({ olderThanMinutes: 60 as number | null, reason: '' });
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const keyFor = useIntentKey();
  const [intent, nextIntent] = useIntentCounter();
  const reset = () => {
    setConfirming(false);
    void form.submit(async (values) => {
      const body = { olderThanMinutes: values.olderThanMinutes, reason: values.reason.trim() };
      const result = await api<{ released: number; amount: number }>('POST', `accounts/${props.account.id}/reset-holds`, body, {
        idempotencyKey: keyFor({ account: props.account.id, intent, body }),
      });
      nextIntent();
      setDone(t('card.reset.done', { count: result.released, amount: formatAmount(result.amount, unit, locale()) }));
      form.replace({ olderThanMinutes: values.olderThanMinutes, reason: '' });
      props.onDone();
    });
  };
  return (
    <form
      class="form panel"
      noValidate
      aria-labelledby="reset-title"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(null);
        setConfirming(true);
      }}
    >
      <h3 id="reset-title">{t('card.reset.title')}</h3>
      <NumberField
        label={t('card.reset.olderThan')}
        min={0}
        value={form.values.olderThanMinutes}
        error={form.error?.fieldError('olderThanMinutes')}
        onInput={(olderThanMinutes) => form.set('olderThanMinutes', olderThanMinutes)}
      />
      <TextField label={t('card.reset.reason')} required maxLength={500} value={form.values.reason} error={form.error?.fieldError('reason')} onInput={(reason) => form.set('reason', reason)} />
      <FormErrors error={form.error} failure={form.failure} fields={['olderThanMinutes', 'reason']} />
      {done && (
        <p class="notice success" role="status">
          {done}
        </p>
      )}
      <div class="row end">
        <button class="danger" type="submit" disabled={form.submitting}>
          {t('card.reset.submit')}
        </button>
      </div>
      <ConfirmDialog open={confirming} danger title={t('card.reset.confirmTitle')} confirmLabel={t('card.reset.submit')} onCancel={() => setConfirming(false)} onConfirm={reset}>
        <p>{t('card.reset.confirmText', { minutes: form.values.olderThanMinutes ?? 0, account: props.account.accountType.name })}</p>
      </ConfirmDialog>
    </form>
  );
}
