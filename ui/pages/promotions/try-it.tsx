import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, DataTable, FormErrors, Money, MoneyField, NumberField, SelectField, StatusBadge, tagsOf, TextField, WhenLoaded } from '../../components.js';
import { currencyDigits, formatDateTime } from '../../format.js';
import { useForm, useLoad } from '../../hooks.js';
import { language, locale, t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { startOfDay } from '../customers/period-filter.js';
import { accountAmount, accountName, useAccountTypes } from './account-types.js';
import type { AccountType, Category, SalesRule, Scope, TabEvaluation } from './types.js';

interface SampleLine {
  productId: string;
  groups: string;
  tags: string;
  quantity: number | null;
  amount: number | null;
  taxAmount: number | null;
}

const GUESTS = ['none', 'customer', 'card', 'phone'] as const;
type Guest = (typeof GUESTS)[number];

interface Sample {
  lines: SampleLine[];
  tabCategories: string;
  divisionCategories: string;
  guestCount: number | null;
  serviceCharge: number | null;
  pricesIncludeTax: boolean;
  guest: Guest;
  guestValue: string;
  /** `YYYY-MM-DDTHH:MM` on the tenant's clock to price the tab as if then; empty for now. */
  asOf: string;
  /** Price with the switched-off rules too, as if they were on. */
  includeInactive: boolean;
}

/** A wall-clock moment in the tenant's zone (`2026-11-27T18:30`) as an instant. */
function instantOf(local: string, timeZone: string): Date {
  const [day, time] = local.split('T');
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(startOfDay(day, timeZone).getTime() + (hours * 60 + minutes) * 60_000);
}

/** The order all sample lines go in, so the API's `tab.orders[0].items[i]` finds line i. */
const itemPath = (index: number, field: string) => `tab.orders[0].items[${index}].${field}`;
const lineId = (index: number) => `l-${index + 1}`;

const inScope = (line: SampleLine, scope: Scope) =>
  (scope.productIds ?? []).includes(line.productId) ||
  tagsOf(line.groups).some((group) => (scope.productGroupIds ?? []).includes(group)) ||
  tagsOf(line.tags).some((tag) => (scope.tags ?? []).includes(tag));

/**
 * A café's tab to start from: coffee, a main and a glass of wine, in the tenant's
 * currency, with the category on the tab, plus a line in scope of each of the
 * category's rules the three do not reach, so every rule has something to act on.
 */
function sampleFor(category: Category, rules: SalesRule[], currency: string): Sample {
  const digits = currencyDigits(currency);
  // Prices are written in cents; a currency without minor units (VND) gets them in thousands.
  const price = (cents: number) => (digits === 0 ? cents * 100 : cents * 10 ** Math.max(0, digits - 2));
  const lines: SampleLine[] = [
    { productId: 'p-cappuccino', groups: 'coffee, drinks', tags: '', quantity: 2, amount: price(760), taxAmount: 0 },
    { productId: 'p-risotto', groups: 'mains, food', tags: 'vegetarian', quantity: 1, amount: price(1850), taxAmount: 0 },
    { productId: 'p-house-red', groups: 'wine, drinks', tags: 'alcohol', quantity: 1, amount: price(650), taxAmount: 0 },
  ];
  for (const { scope } of rules.filter((rule) => rule.active)) {
    const named = [scope.productIds, scope.productGroupIds, scope.tags].some((list) => list && list.length > 0);
    if (!named || lines.some((line) => inScope(line, scope))) continue;
    const group = scope.productGroupIds?.[0] ?? '';
    const tag = scope.tags?.[0] ?? '';
    lines.push({ productId: scope.productIds?.[0] ?? `p-${group || tag}`, groups: group, tags: tag, quantity: 1, amount: price(1000), taxAmount: 0 });
  }
  return { lines, tabCategories: category.code, divisionCategories: '', guestCount: 2, serviceCharge: 0, pricesIncludeTax: true, guest: 'none', guestValue: '', asOf: '', includeInactive: false };
}

function snapshotOf(sample: Sample, tabId: string, currency: string) {
  const value = sample.guestValue.trim();
  const customer =
    sample.guest === 'customer'
      ? { customerId: value }
      : sample.guest === 'card'
        ? { identifier: { type: 'barcode_card', value, entryMethod: 'manual' } }
        : sample.guest === 'phone'
          ? { identifier: { type: 'phone', value, entryMethod: 'manual' } }
          : null;
  return {
    id: tabId,
    version: 1,
    status: 'open',
    openedAt: new Date().toISOString(),
    currency,
    pricesIncludeTax: sample.pricesIncludeTax,
    ...(sample.guestCount !== null ? { guestCount: sample.guestCount } : {}),
    serviceCharge: sample.serviceCharge ?? 0,
    customer,
    categories: { tab: tagsOf(sample.tabCategories), division: tagsOf(sample.divisionCategories) },
    orders: [
      {
        id: 'o-1',
        items: sample.lines.map((line, index) => ({
          id: lineId(index),
          productId: line.productId.trim(),
          productGroupIds: tagsOf(line.groups),
          tags: tagsOf(line.tags),
          quantity: line.quantity,
          amount: line.amount,
          taxAmount: line.taxAmount ?? 0,
        })),
      },
    ],
  };
}

/** A sample tab priced by the till's own call, so a manager sees what the rules do before a guest does. */
export function TryIt(props: { category: Category }) {
  const session = useSession();
  const rules = useLoad(() => api<SalesRule[]>('GET', 'sales-rules'), []);
  return (
    <WhenLoaded load={rules}>
      {(all) => <SampleTab category={props.category} rules={all} initial={sampleFor(props.category, all.filter((rule) => rule.categoryId === props.category.id), session.currency)} />}
    </WhenLoaded>
  );
}

function SampleTab(props: { category: Category; rules: SalesRule[]; initial: Sample }) {
  const session = useSession();
  const accounts = useAccountTypes();
  const form = useForm<Sample>(props.initial);
  const [tabId] = useState(() => `ui-try-${crypto.randomUUID()}`);
  const [result, setResult] = useState<{ evaluation: TabEvaluation; lines: SampleLine[]; guest: Guest; at: Date; asOf: boolean } | null>(null);
  const { values, set } = form;
  const currency = session.currency;
  const error = (path: string) => form.error?.fieldError(path);

  const evaluate = () =>
    form.submit(async (sample) => {
      try {
        const asOf = sample.asOf ? instantOf(sample.asOf, session.timeZone) : null;
        const evaluation = await api<TabEvaluation>('POST', 'terminal/evaluate', {
          tab: snapshotOf(sample, tabId, currency),
          language: language(),
          ...(asOf ? { asOf: asOf.toISOString() } : {}),
          ...(sample.includeInactive ? { includeInactive: true } : {}),
        });
        setResult({ evaluation, lines: sample.lines, guest: sample.guest, at: asOf ?? new Date(), asOf: asOf !== null });
      } catch (error) {
        // An answer for the tab as it was would read as the answer for the tab as it is.
        setResult(null);
        throw error;
      }
    });
  useEffect(() => {
    void evaluate();
  }, []);

  const setLine = <K extends keyof SampleLine>(index: number, name: K, value: SampleLine[K]) =>
    set(
      'lines',
      values.lines.map((line, i) => (i === index ? { ...line, [name]: value } : line)),
    );
  const shownFields = [
    ...values.lines.flatMap((_, index) => ['productId', 'productGroupIds', 'tags', 'quantity', 'amount', 'taxAmount'].map((field) => itemPath(index, field))),
    'tab.categories.tab',
    'tab.categories.division',
    'tab.guestCount',
    'tab.serviceCharge',
    'tab.pricesIncludeTax',
    'asOf',
  ];

  return (
    <div class="promo-try">
      <p class="muted">{t('promo.try.intro')}</p>
      <form
        class="form"
        noValidate
        aria-label={t('promo.try.sample')}
        onSubmit={(event) => {
          event.preventDefault();
          void evaluate();
        }}
      >
        {values.lines.map((line, index) => (
          <fieldset key={index} class="promo-line">
            <legend>{t('promo.try.line', { number: index + 1 })}</legend>
            <TextField class="promo-w-product" label={t('promo.try.product')} value={line.productId} error={error(itemPath(index, 'productId'))} onInput={(v) => setLine(index, 'productId', v)} />
            <TextField class="promo-w-list" label={t('promo.rule.groups')} value={line.groups} error={error(itemPath(index, 'productGroupIds'))} onInput={(v) => setLine(index, 'groups', v)} />
            <TextField class="promo-w-tags" label={t('promo.rule.tags')} value={line.tags} error={error(itemPath(index, 'tags'))} onInput={(v) => setLine(index, 'tags', v)} />
            <NumberField class="promo-w-qty" label={t('promo.try.quantity')} min={0} step={0.001} value={line.quantity} error={error(itemPath(index, 'quantity'))} onInput={(v) => setLine(index, 'quantity', v)} />
            <MoneyField class="promo-w-money" label={t('promo.try.amount')} currency={currency} value={line.amount} error={error(itemPath(index, 'amount'))} onInput={(v) => setLine(index, 'amount', v)} />
            <MoneyField class="promo-w-money" label={t('promo.try.tax')} currency={currency} value={line.taxAmount} error={error(itemPath(index, 'taxAmount'))} onInput={(v) => setLine(index, 'taxAmount', v)} />
            <button
              type="button"
              class="small"
              aria-label={t('promo.try.removeLine', { number: index + 1 })}
              disabled={values.lines.length === 1}
              onClick={() => set('lines', values.lines.filter((_, i) => i !== index))}
            >
              ✕
            </button>
          </fieldset>
        ))}
        <div class="row">
          <button type="button" onClick={() => set('lines', [...values.lines, { productId: '', groups: '', tags: '', quantity: 1, amount: null, taxAmount: 0 }])}>
            {t('promo.try.addLine')}
          </button>
        </div>
        <div class="grid">
          <TextField label={t('promo.try.tabCategories')} hint={t('promo.listHint')} value={values.tabCategories} error={error('tab.categories.tab')} onInput={(v) => set('tabCategories', v.toUpperCase())} />
          <TextField
            label={t('promo.try.divisionCategories')}
            hint={t('promo.listHint')}
            value={values.divisionCategories}
            error={error('tab.categories.division')}
            onInput={(v) => set('divisionCategories', v.toUpperCase())}
          />
          <SelectField<Guest> label={t('promo.try.guest')} value={values.guest} options={GUESTS.map((guest) => ({ value: guest, label: t(`promo.try.guest.${guest}`) }))} onChange={(v) => set('guest', v)} />
          {values.guest !== 'none' && (
            <TextField label={t(`promo.try.guestValue.${values.guest}`)} value={values.guestValue} error={error('tab.customer')} onInput={(v) => set('guestValue', v)} />
          )}
          <NumberField label={t('promo.try.guestCount')} min={0} value={values.guestCount} error={error('tab.guestCount')} onInput={(v) => set('guestCount', v)} />
          <MoneyField label={t('promo.try.serviceCharge')} currency={currency} value={values.serviceCharge} error={error('tab.serviceCharge')} onInput={(v) => set('serviceCharge', v)} />
          <TextField type="datetime-local" label={t('promo.try.asOf')} hint={t('promo.try.asOfHint', { zone: session.timeZone })} value={values.asOf} error={error('asOf')} onInput={(v) => set('asOf', v)} />
        </div>
        <CheckboxField label={t('promo.try.pricesIncludeTax')} checked={values.pricesIncludeTax} onChange={(v) => set('pricesIncludeTax', v)} />
        <CheckboxField label={t('promo.try.includeInactive')} hint={t('promo.try.includeInactiveHint')} checked={values.includeInactive} onChange={(v) => set('includeInactive', v)} />
        <FormErrors error={form.error} failure={form.failure} fields={[...shownFields, 'tab.customer']} />
        <div class="row end">
          <button type="button" onClick={() => form.replace(props.initial)}>
            {t('promo.try.reset')}
          </button>
          <button class="primary" type="submit" disabled={form.submitting}>
            {form.submitting ? t('promo.try.evaluating') : t('promo.try.evaluate')}
          </button>
        </div>
      </form>
      {result && <EvaluationView {...result} rules={props.rules} accounts={accounts} />}
    </div>
  );
}

/** The recognised guest by name, linked to their card for an actor who may read customers. */
function GuestLink(props: { id: string }) {
  const can = useCan();
  const readable = can('customers.read');
  const customer = useLoad(() => (readable ? api<{ displayName: string }>('GET', `customers/${encodeURIComponent(props.id)}`) : Promise.resolve(null)), [props.id, readable]);
  if (!readable) return <code>{props.id}</code>;
  return <a href={href('customers', props.id)}>{customer.data?.displayName ?? props.id}</a>;
}

function EvaluationView(props: { evaluation: TabEvaluation; lines: SampleLine[]; guest: Guest; at: Date; asOf: boolean; rules: SalesRule[]; accounts: AccountType[] }) {
  const session = useSession();
  const { evaluation, accounts } = props;
  const currency = evaluation.currency;
  const rule = (id: string) => props.rules.find((candidate) => candidate.id === id);
  /** A rule by name, and by the version that priced the line where the answer names one. */
  const ruleLink = (id: string, version?: number) => {
    const found = rule(id);
    const name = found?.name ?? id;
    const label = version === undefined ? name : t('promo.try.ruleVersion', { name, version });
    return found ? <a href={href('promotions', found.categoryId, 'rules', found.id)}>{label}</a> : <span>{label}</span>;
  };
  const limitAmount = (kind: string, subject: string | null, amount: number) =>
    kind === 'tab_limit' ? <Money minor={amount} currency={currency} /> : (kind === 'daily_bonus_spend_limit' || kind === 'bonus_payment_cap') && subject ? accountAmount(accounts, subject, amount) : amount;

  return (
    <section class="promo-result" aria-labelledby="try-result-title">
      <h2 id="try-result-title">{t('promo.try.result')}</h2>
      <p class="muted small">{t(props.asOf ? 'promo.try.pricedAsOf' : 'promo.try.pricedAt', { time: formatDateTime(props.at, locale(), session.timeZone), zone: session.timeZone })}</p>
      {props.guest !== 'none' && (
        <p class={evaluation.customerId ? 'notice success' : 'notice warning'} role="status">
          {evaluation.customerId ? (
            <span>
              {t('promo.try.guestFound')} <GuestLink id={evaluation.customerId} />
            </span>
          ) : (
            t('promo.try.guestNotFound')
          )}
        </p>
      )}
      {evaluation.breaksLimit && (
        <div class="notice warning" role="alert">
          {t('promo.try.breaksLimit')}
        </div>
      )}
      <div class="stats">
        <div class="stat">
          <div class="label">{t('promo.try.before')}</div>
          <div class="value">
            <Money minor={evaluation.totals.before} currency={currency} />
          </div>
        </div>
        <div class="stat">
          <div class="label">{t('promo.try.discount')}</div>
          <div class="value debit">
            <Money minor={-evaluation.totals.discount} currency={currency} />
          </div>
        </div>
        <div class="stat">
          <div class="label">{t('promo.try.after')}</div>
          <div class="value">
            <Money minor={evaluation.totals.after} currency={currency} />
          </div>
        </div>
        {evaluation.totals.serviceCharge > 0 && (
          <div class="stat">
            <div class="label">{t('promo.try.serviceCharge')}</div>
            <div class="value">
              <Money minor={evaluation.totals.serviceCharge} currency={currency} />
            </div>
          </div>
        )}
      </div>
      <DataTable
        columns={[
          t('promo.try.product'),
          { label: t('promo.try.amount'), amount: true },
          { label: t('promo.try.base'), amount: true },
          t('promo.try.discounts'),
          { label: t('promo.try.after'), amount: true },
        ]}
      >
        {evaluation.lines.map((line) => {
          const sample = props.lines[Number(line.lineId.slice(2)) - 1];
          return (
            <tr key={line.lineId}>
              <td>
                {sample?.productId ?? line.lineId}
                {sample && (sample.groups || sample.tags) && <div class="muted small">{[sample.groups, sample.tags].filter(Boolean).join(' · ')}</div>}
              </td>
              <td class="amount">
                <Money minor={line.amount} currency={currency} />
              </td>
              <td class="amount">
                <Money minor={line.discountBase} currency={currency} />
              </td>
              <td>
                {line.discounts.length === 0 ? (
                  <span class="muted">{t('promo.try.noDiscount')}</span>
                ) : (
                  <ul class="promo-discounts">
                    {line.discounts.map((discount) => (
                      <li key={`${discount.ruleId}-${discount.ruleVersion}`}>
                        <span class="debit">
                          <Money minor={-discount.amount} currency={currency} />
                        </span>{' '}
                        {discount.reason}
                        <div class="muted small">
                          <code class="promo-code">{discount.categoryCode}</code> · {ruleLink(discount.ruleId, discount.ruleVersion)} · {t(`promo.stacking.${discount.stacking}`)}
                          {evaluation.inactiveRuleIds?.includes(discount.ruleId) && (
                            <>
                              {' '}
                              <StatusBadge status="inactive" label={t('promo.try.switchedOff')} />
                            </>
                          )}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td class="amount">
                <Money minor={line.amountAfter} currency={currency} />
              </td>
            </tr>
          );
        })}
      </DataTable>

      <h3>{t('promo.try.accrual')}</h3>
      {evaluation.accrual.length === 0 ? (
        <p class="muted">{t('promo.try.noAccrual')}</p>
      ) : (
        <ul class="promo-plain">
          {!evaluation.customerId && <li class="muted small">{t('promo.try.accrualNoGuest')}</li>}
          {evaluation.accrual.map((accrual) => (
            <li key={accrual.accountType}>
              <strong class="credit">+{accountAmount(accounts, accrual.accountType, accrual.points)}</strong> {accountName(accounts, accrual.accountType)}
              <span class="muted small">
                {' '}
                ({accrual.rules.map((entry, index) => (
                  <span key={entry.ruleId}>
                    {index > 0 && ', '}
                    {ruleLink(entry.ruleId, entry.ruleVersion)}
                  </span>
                ))}
                )
              </span>
            </li>
          ))}
        </ul>
      )}

      {evaluation.notApplied.length > 0 && (
        <>
          <h3>{t('promo.try.notApplied')}</h3>
          <ul class="promo-plain" aria-label={t('promo.try.notApplied')}>
            {evaluation.notApplied.map((item) => (
              <li key={item.ruleId}>
                <code class="promo-code">{item.categoryCode}</code> · {ruleLink(item.ruleId, item.ruleVersion)}: {item.message}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('promo.try.limits')}</h3>
      {evaluation.limits.length === 0 ? (
        <p class="muted">{t('promo.try.noLimits')}</p>
      ) : (
        <DataTable
          columns={[
            t('promo.try.limit'),
            { label: t('promo.try.limitValue'), amount: true },
            { label: t('promo.try.used'), amount: true },
            { label: t('promo.try.left'), amount: true },
            t('promo.try.rule'),
          ]}
        >
          {evaluation.limits.map((limit) => (
            <tr key={`${limit.ruleId}-${limit.kind}-${limit.subject ?? ''}`} class={limit.broken ? 'debit' : undefined}>
              <td>
                {t(`promo.kind.${limit.kind}`)}
                {limit.subject && <span class="muted"> · {limit.kind === 'daily_operations_limit' ? t(limit.subject === 'closed_tabs' ? 'promo.operation.closed_tabs' : 'promo.operation.identifications') : accountName(accounts, limit.subject)}</span>}
                {limit.broken && <span class="badge status-blocked"> {t('promo.try.broken')}</span>}
              </td>
              <td class="amount">{limitAmount(limit.kind, limit.subject, limit.limit)}</td>
              <td class="amount">{limitAmount(limit.kind, limit.subject, limit.used)}</td>
              <td class="amount">{limitAmount(limit.kind, limit.subject, limit.left)}</td>
              <td>
                <code class="promo-code">{limit.categoryCode}</code> · {ruleLink(limit.ruleId)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <p class="muted small">
        {t('promo.try.categories')}: {evaluation.categories.length === 0 ? t('state.none') : evaluation.categories.map((code) => <code key={code} class="promo-code">{code}</code>)}
      </p>
      {evaluation.benefits.length > 0 && (
        <>
          <h3>{t('promo.try.benefits')}</h3>
          <ul class="promo-plain">
            {evaluation.benefits.map((benefit) => (
              <li key={benefit.rewardId}>
                {benefit.name} <span class="muted small">({accountAmount(accounts, benefit.accountTypeCode, benefit.price)} {accountName(accounts, benefit.accountTypeCode)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
