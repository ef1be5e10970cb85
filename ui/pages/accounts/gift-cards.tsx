import { useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { AmountField, DataTable, ErrorNotice, FormErrors, Page, SelectField, StatusBadge, TextField, WhenLoaded } from '../../components.js';
import { formatAmount, formatDate, formatDateTime } from '../../format.js';
import { useForm, useIntentKey, useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { AccountDetail } from '../customers/account-detail.js';
import { usePaged } from '../customers/card-hooks.js';
import type { AccountType, GiftCard } from './types.js';

const codeHref = (card: GiftCard) => href('accounts', 'gift-cards', card.code);

/** The gift cards sold, newest first, found by the start of their code; and a card sold at the counter. */
export function GiftCardList() {
  const can = useCan();
  const session = useSession();
  const [search, setSearch] = useState('');
  const [selling, setSelling] = useState(false);
  const cards = usePaged((cursor) => api<{ items: GiftCard[]; nextCursor: string | null }>('GET', `gift-cards${query({ code: search.trim(), limit: 25, cursor })}`), [search]);
  return (
    <>
      <p class="muted">{t('giftCards.intro')}</p>
      <div class="row">
        <TextField label={t('giftCards.search')} value={search} onInput={setSearch} />
        {can('accounts.adjust') && !selling && (
          <button type="button" class="primary" onClick={() => setSelling(true)}>
            {t('giftCards.sell')}
          </button>
        )}
      </div>
      {selling && <SellForm onCancel={() => setSelling(false)} />}
      <WhenLoaded load={cards} empty={t('giftCards.none')} isEmpty={(page) => page.items.length === 0}>
        {() => (
          <DataTable
            label={t('giftCards.title')}
            columns={[t('giftCards.col.code'), t('giftCards.col.status'), { label: t('giftCards.col.value'), amount: true }, { label: t('giftCards.col.available'), amount: true }, t('giftCards.col.soldAt'), t('giftCards.col.expires')]}
          >
            {cards.items.map((card) => (
              <tr key={card.code}>
                <td>
                  <a href={codeHref(card)}>{card.code}</a>
                </td>
                <td>
                  <StatusBadge status={card.status} label={t(`giftCards.status.${card.status}`)} />
                </td>
                <td class="amount">{formatAmount(card.value, card.account.accountType.unit, locale())}</td>
                <td class="amount">{formatAmount(card.account.available, card.account.accountType.unit, locale())}</td>
                <td class="nowrap">{formatDateTime(card.soldAt, locale(), session.timeZone)}</td>
                <td>{card.nextExpiry ? formatDate(card.nextExpiry, locale(), session.timeZone) : t('giftCards.neverExpires')}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      {cards.moreFailure ? <ErrorNotice error={cards.moreFailure} /> : null}
      {cards.hasMore && (
        <div class="row">
          <button type="button" onClick={() => void cards.loadMore()} disabled={cards.loadingMore}>
            {t('action.loadMore')}
          </button>
        </div>
      )}
    </>
  );
}

/** A card the guest paid for at the counter: its code (or a new one), what was paid, and the receipt it was paid on. */
function SellForm(props: { onCancel: () => void }) {
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  const giftTypes = (types.data ?? []).filter((type) => type.kind === 'gift_card' && type.active);
  const form = useForm({ code: '', accountType: '', amount: null as number | null, saleId: '' });
  const keyFor = useIntentKey();
  const chosen = giftTypes.find((type) => type.code === form.values.accountType) ?? giftTypes[0];
  const submit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      const body = { ...(values.code.trim() ? { code: values.code.trim() } : {}), ...(chosen ? { accountType: chosen.code } : {}), amount: values.amount, saleId: values.saleId.trim() };
      const card = await api<GiftCard>('POST', 'gift-cards', body, { idempotencyKey: keyFor(body) });
      navigate(codeHref(card));
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="sell-title">
      <h3 id="sell-title">{t('giftCards.sell')}</h3>
      {types.data && giftTypes.length === 0 && <p class="notice">{t('giftCards.noType')}</p>}
      <div class="grid">
        <TextField label={t('giftCards.field.code')} hint={t('giftCards.field.codeHint')} value={form.values.code} error={form.error?.fieldError('code')} onInput={(code) => form.set('code', code)} />
        {giftTypes.length > 1 && (
          <SelectField label={t('giftCards.field.accountType')} value={chosen?.code ?? ''} options={giftTypes.map((type) => ({ value: type.code, label: type.name }))} onChange={(code) => form.set('accountType', code)} />
        )}
        <AmountField label={t('giftCards.field.amount')} unit={chosen?.unit ?? 'points'} min={1} required value={form.values.amount} error={form.error?.fieldError('amount')} onInput={(amount) => form.set('amount', amount)} />
        <TextField label={t('giftCards.field.saleId')} hint={t('giftCards.field.saleIdHint')} required value={form.values.saleId} error={form.error?.fieldError('saleId')} onInput={(saleId) => form.set('saleId', saleId)} />
      </div>
      <FormErrors error={form.error} failure={form.failure} fields={['code', 'accountType', 'amount', 'saleId']} />
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
        <button class="primary" type="submit" disabled={form.submitting || giftTypes.length === 0}>
          {form.submitting ? t('state.saving') : t('giftCards.sell')}
        </button>
      </div>
    </form>
  );
}

/** One card: what is on it, its history, and its top-ups and refunds. */
export function GiftCardPage(props: { code: string }) {
  const can = useCan();
  const session = useSession();
  const card = useLoad(() => api<GiftCard>('GET', `gift-cards/${encodeURIComponent(props.code)}`), [props.code]);
  // Each sale recorded here is a new entry: the history below is read again.
  const [sales, setSales] = useState(0);
  const sold = (changed: GiftCard) => {
    card.setData(changed);
    setSales((count) => count + 1);
  };
  return (
    <Page title={t('giftCards.card', { code: props.code })} back={{ href: href('accounts', 'gift-cards'), label: t('giftCards.title') }}>
      <WhenLoaded load={card}>
        {(loaded) => {
          const unit = loaded.account.accountType.unit;
          return (
            <>
              <dl class="facts">
                <dt>{t('giftCards.col.status')}</dt>
                <dd>
                  <StatusBadge status={loaded.status} label={t(`giftCards.status.${loaded.status}`)} />
                </dd>
                <dt>{t('giftCards.col.available')}</dt>
                <dd data-testid="gift-card-available">{formatAmount(loaded.account.available, unit, locale())}</dd>
                <dt>{t('giftCards.col.value')}</dt>
                <dd>{formatAmount(loaded.value, unit, locale())}</dd>
                <dt>{t('giftCards.col.expires')}</dt>
                <dd>{loaded.nextExpiry ? formatDate(loaded.nextExpiry, locale(), session.timeZone) : t('giftCards.neverExpires')}</dd>
              </dl>
              {can('accounts.adjust') && <SaleForm card={loaded} onDone={sold} />}
              <AccountDetail key={sales} account={loaded.account} onChange={card.reload} />
            </>
          );
        }}
      </WhenLoaded>
    </Page>
  );
}

/** A top-up the guest paid for, or the refund of one of the card's sales. */
function SaleForm(props: { card: GiftCard; onDone: (card: GiftCard) => void }) {
  const form = useForm({ kind: 'top-ups' as 'top-ups' | 'refunds', amount: null as number | null, saleId: '' });
  const keyFor = useIntentKey();
  const [done, setDone] = useState<string | null>(null);
  const unit = props.card.account.accountType.unit;
  const submit = (event: Event) => {
    event.preventDefault();
    setDone(null);
    void form.submit(async (values) => {
      const body = values.kind === 'top-ups' ? { amount: values.amount, saleId: values.saleId.trim() } : { saleId: values.saleId.trim() };
      const card = await api<GiftCard>('POST', `gift-cards/${encodeURIComponent(props.card.code)}/${values.kind}`, body, { idempotencyKey: keyFor({ kind: values.kind, body }) });
      form.replace({ kind: values.kind, amount: null, saleId: '' });
      setDone(t(values.kind === 'top-ups' ? 'giftCards.toppedUp' : 'giftCards.refunded', { available: formatAmount(card.account.available, unit, locale()) }));
      props.onDone(card);
    });
  };
  return (
    <form class="form panel" noValidate onSubmit={submit} aria-labelledby="gift-sale-title">
      <h3 id="gift-sale-title">{t('giftCards.sales')}</h3>
      <fieldset class="segmented">
        <legend>{t('giftCards.sales')}</legend>
        {(['top-ups', 'refunds'] as const).map((kind) => (
          <label key={kind}>
            <input type="radio" name="gift-sale-kind" value={kind} checked={form.values.kind === kind} onChange={() => form.set('kind', kind)} />
            {t(kind === 'top-ups' ? 'giftCards.topUp' : 'giftCards.refund')}
          </label>
        ))}
      </fieldset>
      {form.values.kind === 'top-ups' && (
        <AmountField label={t('giftCards.field.amount')} unit={unit} min={1} required value={form.values.amount} error={form.error?.fieldError('amount')} onInput={(amount) => form.set('amount', amount)} />
      )}
      <TextField label={t('giftCards.field.saleId')} hint={t(form.values.kind === 'top-ups' ? 'giftCards.field.saleIdHint' : 'giftCards.field.refundHint', { sale: props.card.saleId })} required value={form.values.saleId} error={form.error?.fieldError('saleId')} onInput={(saleId) => form.set('saleId', saleId)} />
      <FormErrors error={form.error} failure={form.failure} fields={['amount', 'saleId']} />
      {done && (
        <p class="notice success" role="status">
          {done}
        </p>
      )}
      <div class="row end">
        <button class="primary" type="submit" disabled={form.submitting || props.card.status === 'void'}>
          {form.submitting ? t('state.saving') : t(form.values.kind === 'top-ups' ? 'giftCards.topUp' : 'giftCards.refund')}
        </button>
      </div>
    </form>
  );
}
