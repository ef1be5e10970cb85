import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, FormErrors, MoneyField, NumberField, ScaledField, SelectField, tagsOf, tagsText, TextField } from '../../components.js';
import { currencyDigits, formatMoney } from '../../format.js';
import { useForm, useIntentKey } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { useAccountTypes } from './account-types.js';
import { effectCurrency, weekdayName } from './rule-summary.js';
import { FACTOR_DIGITS, PERCENT_DIGITS, scaledText } from '../../format.js';
import {
  EFFECT_KINDS,
  OPERATIONS,
  STACKINGS,
  type AccountType,
  type Base,
  type Category,
  type Conditions,
  type Effect,
  type EffectKind,
  type Operation,
  type SalesRule,
  type Scope,
  type ScopeLists,
  type Stacking,
} from './types.js';

/** A base override as one choice: the tenant's setting, or one of the four combinations. */
const BASE_CHOICES = ['tenant', 'net', 'net_service', 'gross', 'gross_service'] as const;
type BaseChoice = (typeof BASE_CHOICES)[number];

const baseOf = (choice: BaseChoice): Base | null =>
  choice === 'tenant' ? null : { includeTax: choice.startsWith('gross'), includeServiceCharge: choice.endsWith('_service') };
const choiceOf = (base: Base | null): BaseChoice =>
  base === null ? 'tenant' : `${base.includeTax ? 'gross' : 'net'}${base.includeServiceCharge ? '_service' : ''}` as BaseChoice;

const DAYS = [1, 2, 3, 4, 5, 6, 7];
const CURRENCY = /^[A-Z]{3}$/;

/** A bundle has 2–10 parts, each 1–100 units (the API's limits). */
const PARTS = { min: 2, max: 10 };
const PART_UNITS = { min: 1, max: 100 };

/**
 * One part of a bundle as the form holds it: its lists typed with commas. What the form has
 * no field for (an exclusion the API was given) is kept as it came.
 */
interface PartValues {
  groups: string;
  products: string;
  tags: string;
  units: number | null;
  exclude?: ScopeLists;
}

const emptyPart = (): PartValues => ({ groups: '', products: '', tags: '', units: 1 });

type RuleLimit = NonNullable<SalesRule['budget']>['limits'][number];
const LIMIT_PERS: RuleLimit['per'][] = ['rule', 'guest', 'location', 'code'];
const LIMIT_PERIODS: RuleLimit['period'][] = ['day', 'week', 'month', 'year', 'total'];
const MAX_LIMITS = 10;
/** The effects a limit can count: those that take money off a tab (the API refuses limits on the others). */
const LIMITABLE: EffectKind[] = ['percent_off', 'amount_off', 'fixed_price', 'buy_x_get_y', 'bundle_price'];

/** A limit as the form holds it: a number not typed is none. */
interface LimitValues {
  per: RuleLimit['per'];
  period: RuleLimit['period'];
  redemptions: number | null;
  discount: number | null;
}

const emptyLimit = (): LimitValues => ({ per: 'rule', period: 'total', redemptions: null, discount: null });

/**
 * The rule as the form holds it. Every effect kind keeps its own parameters, so switching
 * the kind back and forth loses nothing typed; only the chosen kind's are sent.
 */
interface RuleFormValues {
  name: string;
  active: boolean;
  priority: number | null;
  stacking: Stacking;
  kind: EffectKind;
  percentBp: number | null;
  amountOff: number | null;
  per: 'line' | 'tab';
  unitPrice: number | null;
  buyUnits: number | null;
  getUnits: number | null;
  givenPercentBp: number | null;
  bundlePrice: number | null;
  parts: PartValues[];
  tabLimit: number | null;
  currency: string;
  accountType: string;
  rateBp: number | null;
  multiplierBp: number | null;
  countedPoints: number | null;
  operation: Operation;
  count: number | null;
  spendLimit: number | null;
  maxShareBp: number | null;
  couponCategory: string;
  couponDays: number | null;
  scopeMode: 'all' | 'some';
  groups: string;
  products: string;
  tags: string;
  exceptGroups: string;
  exceptProducts: string;
  exceptTags: string;
  days: number[];
  timeFrom: string;
  timeTo: string;
  dateFrom: string;
  dateTo: string;
  minTabAmount: number | null;
  minQuantity: number | null;
  minGuests: number | null;
  maxGuests: number | null;
  discountBase: BaseChoice;
  accrualBase: BaseChoice;
  limits: LimitValues[];
  partialReward: boolean;
}

function valuesOf(rule: SalesRule | null, tenantCurrency: string): RuleFormValues {
  const effect = rule?.effect;
  const pick = <K extends Effect['kind'], V>(kind: K, read: (effect: Extract<Effect, { kind: K }>) => V): V | null =>
    effect?.kind === kind ? read(effect as Extract<Effect, { kind: K }>) : null;
  const scope = rule?.scope ?? {};
  const conditions = rule?.conditions ?? {};
  const included = [scope.productGroupIds, scope.productIds, scope.tags].some((list) => list && list.length > 0);
  return {
    name: rule?.name ?? '',
    active: rule?.active ?? true,
    priority: rule?.priority ?? 100,
    stacking: rule?.stacking ?? 'stack',
    kind: effect?.kind ?? 'percent_off',
    percentBp: pick('percent_off', (e) => e.percentBp),
    amountOff: pick('amount_off', (e) => e.amount),
    per: pick('amount_off', (e) => e.per) ?? 'line',
    unitPrice: pick('fixed_price', (e) => e.unitPrice),
    buyUnits: pick('buy_x_get_y', (e) => e.buyUnits),
    getUnits: pick('buy_x_get_y', (e) => e.getUnits),
    givenPercentBp: pick('buy_x_get_y', (e) => e.percentBp) ?? 10_000,
    bundlePrice: pick('bundle_price', (e) => e.price),
    parts:
      pick('bundle_price', (e) =>
        e.components.map(({ scope: part, units }) => ({
          groups: tagsText(part.productGroupIds ?? []),
          products: tagsText(part.productIds ?? []),
          tags: tagsText(part.tags ?? []),
          units,
          ...(part.exclude ? { exclude: part.exclude } : {}),
        })),
      ) ?? [emptyPart(), emptyPart()],
    tabLimit: pick('tab_limit', (e) => e.amount),
    currency: effect ? effectCurrency(effect, tenantCurrency) : tenantCurrency,
    accountType: effect && 'accountType' in effect ? effect.accountType : '',
    rateBp: pick('points_rate', (e) => e.rateBp),
    multiplierBp: pick('points_multiplier', (e) => e.multiplierBp),
    countedPoints: pick('points_per_visit', (e) => e.points) ?? pick('points_per_unit', (e) => e.points),
    operation: pick('daily_operations_limit', (e) => e.operation) ?? 'identifications',
    count: pick('daily_operations_limit', (e) => e.count),
    spendLimit: pick('daily_bonus_spend_limit', (e) => e.amount),
    maxShareBp: pick('bonus_payment_cap', (e) => e.maxShareBp),
    couponCategory: pick('issue_coupon', (e) => e.categoryCode) ?? '',
    couponDays: pick('issue_coupon', (e) => e.validDays) ?? 30,
    scopeMode: included ? 'some' : 'all',
    groups: tagsText(scope.productGroupIds ?? []),
    products: tagsText(scope.productIds ?? []),
    tags: tagsText(scope.tags ?? []),
    exceptGroups: tagsText(scope.exclude?.productGroupIds ?? []),
    exceptProducts: tagsText(scope.exclude?.productIds ?? []),
    exceptTags: tagsText(scope.exclude?.tags ?? []),
    days: conditions.daysOfWeek ?? [],
    timeFrom: conditions.timeFrom ?? '',
    timeTo: conditions.timeTo ?? '',
    dateFrom: conditions.dateFrom ?? '',
    dateTo: conditions.dateTo ?? '',
    minTabAmount: conditions.minTabAmount ?? null,
    minQuantity: conditions.minQuantity ?? null,
    minGuests: conditions.minGuests ?? null,
    maxGuests: conditions.maxGuests ?? null,
    discountBase: choiceOf(rule?.discountBase ?? null),
    accrualBase: choiceOf(rule?.accrualBase ?? null),
    limits: (rule?.budget?.limits ?? []).map((limit) => ({ per: limit.per, period: limit.period, redemptions: limit.redemptions ?? null, discount: limit.discount ?? null })),
    partialReward: rule?.budget?.partialReward ?? false,
  };
}

/** What is not filled in is left out, so the API names it as missing rather than as null. */
const given = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== '')) as T;

function effectOf(v: RuleFormValues): Effect {
  const currency = v.currency.trim();
  switch (v.kind) {
    case 'percent_off':
      return given({ kind: v.kind, percentBp: v.percentBp }) as Effect;
    case 'amount_off':
      return given({ kind: v.kind, amount: v.amountOff, per: v.per, currency }) as Effect;
    case 'fixed_price':
      return given({ kind: v.kind, unitPrice: v.unitPrice, currency }) as Effect;
    case 'buy_x_get_y':
      return given({ kind: v.kind, buyUnits: v.buyUnits, getUnits: v.getUnits, percentBp: v.givenPercentBp }) as Effect;
    case 'bundle_price':
      return given({
        kind: v.kind,
        price: v.bundlePrice,
        currency,
        components: v.parts.map((part) => given({ scope: { ...listsOf(part.groups, part.products, part.tags), ...(part.exclude ? { exclude: part.exclude } : {}) }, units: part.units })),
      }) as Effect;
    case 'points_rate':
      return given({ kind: v.kind, accountType: v.accountType, rateBp: v.rateBp }) as Effect;
    case 'points_multiplier':
      return given({ kind: v.kind, accountType: v.accountType, multiplierBp: v.multiplierBp }) as Effect;
    case 'points_per_visit':
    case 'points_per_unit':
      return given({ kind: v.kind, accountType: v.accountType, points: v.countedPoints }) as Effect;
    case 'tab_limit':
      return given({ kind: v.kind, amount: v.tabLimit, currency }) as Effect;
    case 'daily_operations_limit':
      return given({ kind: v.kind, operation: v.operation, count: v.count }) as Effect;
    case 'daily_bonus_spend_limit':
      return given({ kind: v.kind, accountType: v.accountType, amount: v.spendLimit }) as Effect;
    case 'bonus_payment_cap':
      return given({ kind: v.kind, accountType: v.accountType, maxShareBp: v.maxShareBp }) as Effect;
    case 'issue_coupon':
      return given({ kind: v.kind, categoryCode: v.couponCategory.trim(), validDays: v.couponDays }) as Effect;
  }
}

/** Lists typed with commas; an empty one is left out. */
function listsOf(groups: string, products: string, tags: string): ScopeLists {
  const lists = { productGroupIds: tagsOf(groups), productIds: tagsOf(products), tags: tagsOf(tags) };
  return Object.fromEntries(Object.entries(lists).filter(([, list]) => list.length > 0));
}

function scopeOf(v: RuleFormValues): Scope {
  const included = v.scopeMode === 'some' ? listsOf(v.groups, v.products, v.tags) : {};
  const excluded = listsOf(v.exceptGroups, v.exceptProducts, v.exceptTags);
  return Object.keys(excluded).length > 0 ? { ...included, exclude: excluded } : included;
}

function conditionsOf(v: RuleFormValues): Conditions {
  return given({
    daysOfWeek: v.days.length > 0 ? [...v.days].sort((a, b) => a - b) : null,
    timeFrom: v.timeFrom,
    timeTo: v.timeTo,
    dateFrom: v.dateFrom,
    dateTo: v.dateTo,
    minTabAmount: v.minTabAmount,
    minQuantity: v.minQuantity,
    minGuests: v.minGuests,
    maxGuests: v.maxGuests,
  }) as Conditions;
}

function ruleBody(v: RuleFormValues) {
  return {
    active: v.active,
    ...(v.priority !== null ? { priority: v.priority } : {}),
    stacking: v.stacking,
    effect: effectOf(v),
    scope: scopeOf(v),
    conditions: conditionsOf(v),
    discountBase: baseOf(v.discountBase),
    accrualBase: baseOf(v.accrualBase),
    // A rule that takes nothing off has no limits; one whose limits were all removed has none left.
    ...(LIMITABLE.includes(v.kind) ? { budget: v.limits.length > 0 ? { limits: v.limits.map((limit) => given(limit)), partialReward: v.partialReward } : null } : {}),
  };
}

/** The API's field paths this form shows beside its fields. */
const RULE_FIELDS = [
  'name',
  'active',
  'priority',
  'stacking',
  'effect.kind',
  'effect.percentBp',
  'effect.amount',
  'effect.per',
  'effect.unitPrice',
  'effect.price',
  'effect.components',
  'effect.currency',
  'effect.accountType',
  'effect.rateBp',
  'effect.multiplierBp',
  'effect.operation',
  'effect.count',
  'scope.productGroupIds',
  'scope.productIds',
  'scope.tags',
  'scope.exclude.productGroupIds',
  'scope.exclude.productIds',
  'scope.exclude.tags',
  'conditions.daysOfWeek',
  'conditions.timeFrom',
  'conditions.timeTo',
  'conditions.dateFrom',
  'conditions.dateTo',
  'conditions.minTabAmount',
  'conditions.minQuantity',
  'conditions.minGuests',
  'conditions.maxGuests',
  'discountBase',
  'accrualBase',
  'budget',
  'budget.limits',
];

function AccountField(props: { accounts: AccountType[]; value: string; error?: string; onChange: (code: string) => void }) {
  if (props.accounts.length === 0) {
    return <TextField label={t('promo.rule.account')} hint={t('promo.rule.accountHint')} value={props.value} error={props.error} onInput={props.onChange} />;
  }
  const known = props.accounts.some((type) => type.code === props.value);
  return (
    <SelectField
      label={t('promo.rule.account')}
      value={props.value}
      error={props.error}
      options={[
        { value: '', label: t('promo.rule.chooseAccount') },
        ...props.accounts.filter((type) => type.active || type.code === props.value).map((type) => ({ value: type.code, label: `${type.name} (${type.code})` })),
        ...(known || props.value === '' ? [] : [{ value: props.value, label: props.value }]),
      ]}
      onChange={props.onChange}
    />
  );
}

/** A new rule for the category, or a change to one of its rules. */
export function RuleForm(props: { category: Category; rule: SalesRule | null; onSaved: (rule: SalesRule) => void; onCancel?: () => void }) {
  const session = useSession();
  const accounts = useAccountTypes();
  const form = useForm<RuleFormValues>(valuesOf(props.rule, session.currency));
  const keyFor = useIntentKey();
  const { values: v, set } = form;
  const error = (path: string) => form.error?.fieldError(path);
  // A currency still being typed is not one Intl knows; amounts keep the tenant's until it is.
  const moneyCurrency = CURRENCY.test(v.currency.trim()) ? v.currency.trim() : session.currency;
  const conditionCurrency = ['amount_off', 'fixed_price', 'bundle_price', 'tab_limit'].includes(v.kind) ? moneyCurrency : session.currency;
  const spendUnit = accounts.find((type) => type.code === v.accountType)?.unit;
  const titleId = props.rule ? `rule-form-${props.rule.id}` : 'rule-form-new';
  const element = useRef<HTMLFormElement>(null);
  // The browser honours `autofocus` once per document; a form opened later takes the focus itself.
  useEffect(() => {
    if (!props.rule) element.current?.querySelector('input')?.focus();
  }, []);

  const save = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      const name = values.name.trim();
      if (props.rule) {
        const updated = await api<SalesRule>('PATCH', `sales-rules/${props.rule.id}`, { name: name || null, ...ruleBody(values) });
        form.replace(valuesOf(updated, session.currency));
        props.onSaved(updated);
      } else {
        const body = { categoryCode: props.category.code, ...(name ? { name } : {}), ...ruleBody(values) };
        props.onSaved(await api<SalesRule>('POST', 'sales-rules', body, { idempotencyKey: keyFor(body) }));
      }
    });
  };

  const setPart = <K extends keyof PartValues>(index: number, key: K, value: PartValues[K]) =>
    set(
      'parts',
      v.parts.map((part, i) => (i === index ? { ...part, [key]: value } : part)),
    );
  const partPath = (index: number, field: string) => `effect.components[${index}].${field}`;
  const setLimit = <K extends keyof LimitValues>(index: number, key: K, value: LimitValues[K]) =>
    set(
      'limits',
      v.limits.map((limit, i) => (i === index ? { ...limit, [key]: value } : limit)),
    );
  const limitPath = (index: number, field: string) => `budget.limits[${index}].${field}`;
  // The list's own refusal (too few parts), not its parts' which show beside their fields.
  const partsError = form.error?.fields['effect.components']?.join('; ');

  const currencyField = (
    <TextField label={t('promo.rule.currency')} maxLength={3} value={v.currency} error={error('effect.currency')} onInput={(value) => set('currency', value.toUpperCase())} />
  );
  // What the rate gives on 100 of the tenant's currency: rateBp × 100 × 10^digits ÷ 10 000, in whole-number maths.
  const digits = currencyDigits(session.currency);
  const pointsExample =
    v.rateBp === null ? undefined : t('promo.rule.rateHint', { points: scaledText(v.rateBp * 10 ** digits, 2), amount: formatMoney(100 * 10 ** digits, session.currency, locale()) });

  return (
    <form ref={element} class="form promo-panel" noValidate onSubmit={save} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.rule ? t('promo.rule.edit') : t('promo.rule.new')}</h2>
      <div class="grid">
        <TextField label={t('promo.rule.name')} maxLength={200} value={v.name} error={error('name')} onInput={(value) => set('name', value)} />
        <SelectField<Stacking>
          label={t('promo.rule.stacking')}
          hint={t(`promo.stacking.${v.stacking}.hint`)}
          value={v.stacking}
          error={error('stacking')}
          options={STACKINGS.map((stacking) => ({ value: stacking, label: t(`promo.stacking.${stacking}`) }))}
          onChange={(value) => set('stacking', value)}
        />
        <NumberField label={t('promo.rule.priority')} hint={t('promo.rule.priorityHint')} min={0} max={10_000} value={v.priority} error={error('priority')} onInput={(value) => set('priority', value)} />
        <CheckboxField label={t('promo.rule.active')} checked={v.active} error={error('active')} onChange={(value) => set('active', value)} />
      </div>

      <fieldset class="promo-section">
        <legend>{t('promo.rule.what')}</legend>
        <div class="grid">
          <SelectField<EffectKind>
            label={t('promo.rule.effect')}
            hint={t(`promo.kind.${v.kind}.hint`)}
            value={v.kind}
            error={error('effect.kind')}
            options={EFFECT_KINDS.map((kind) => ({ value: kind, label: t(`promo.kind.${kind}`) }))}
            onChange={(value) => set('kind', value)}
          />
          {v.kind === 'percent_off' && (
            <ScaledField label={t('promo.rule.percentage')} required digits={PERCENT_DIGITS} unit="%" value={v.percentBp} error={error('effect.percentBp')} onInput={(value) => set('percentBp', value)} />
          )}
          {v.kind === 'amount_off' && (
            <>
              <MoneyField label={t('promo.rule.amountOff')} required currency={moneyCurrency} value={v.amountOff} error={error('effect.amount')} onInput={(value) => set('amountOff', value)} />
              <SelectField<'line' | 'tab'>
                label={t('promo.rule.per')}
                value={v.per}
                error={error('effect.per')}
                options={[
                  { value: 'line', label: t('promo.rule.perLine') },
                  { value: 'tab', label: t('promo.rule.perTab') },
                ]}
                onChange={(value) => set('per', value)}
              />
              {currencyField}
            </>
          )}
          {v.kind === 'fixed_price' && (
            <>
              <MoneyField label={t('promo.rule.unitPrice')} required currency={moneyCurrency} value={v.unitPrice} error={error('effect.unitPrice')} onInput={(value) => set('unitPrice', value)} />
              {currencyField}
            </>
          )}
          {v.kind === 'buy_x_get_y' && (
            <>
              <NumberField label={t('promo.rule.buyUnits')} required min={1} max={1000} value={v.buyUnits} error={error('effect.buyUnits')} onInput={(value) => set('buyUnits', value)} />
              <NumberField label={t('promo.rule.getUnits')} required min={1} max={1000} value={v.getUnits} error={error('effect.getUnits')} onInput={(value) => set('getUnits', value)} />
              <ScaledField label={t('promo.rule.givenOff')} hint={t('promo.rule.givenOffHint')} required digits={PERCENT_DIGITS} unit="%" value={v.givenPercentBp} error={error('effect.percentBp')} onInput={(value) => set('givenPercentBp', value)} />
            </>
          )}
          {v.kind === 'bundle_price' && (
            <>
              <MoneyField label={t('promo.rule.bundlePrice')} hint={t('promo.rule.bundlePriceHint')} required currency={moneyCurrency} value={v.bundlePrice} error={error('effect.price')} onInput={(value) => set('bundlePrice', value)} />
              {currencyField}
            </>
          )}
          {v.kind === 'tab_limit' && (
            <>
              <MoneyField label={t('promo.rule.tabLimit')} required currency={moneyCurrency} value={v.tabLimit} error={error('effect.amount')} onInput={(value) => set('tabLimit', value)} />
              {currencyField}
            </>
          )}
          {(['points_rate', 'points_multiplier', 'points_per_visit', 'points_per_unit', 'daily_bonus_spend_limit', 'bonus_payment_cap'] as EffectKind[]).includes(v.kind) && (
            <AccountField accounts={accounts} value={v.accountType} error={error('effect.accountType')} onChange={(value) => set('accountType', value)} />
          )}
          {v.kind === 'points_rate' && (
            <ScaledField label={t('promo.rule.rate')} required digits={PERCENT_DIGITS} unit="%" hint={pointsExample} value={v.rateBp} error={error('effect.rateBp')} onInput={(value) => set('rateBp', value)} />
          )}
          {v.kind === 'points_multiplier' && (
            <ScaledField
              label={t('promo.rule.multiplier')}
              required
              digits={FACTOR_DIGITS}
              unit="×"
              hint={t('promo.rule.multiplierHint')}
              value={v.multiplierBp}
              error={error('effect.multiplierBp')}
              onInput={(value) => set('multiplierBp', value)}
            />
          )}
          {(v.kind === 'points_per_visit' || v.kind === 'points_per_unit') && (
            <NumberField
              label={t(v.kind === 'points_per_visit' ? 'promo.rule.pointsPerVisit' : 'promo.rule.pointsPerUnit')}
              required
              min={1}
              max={1_000_000}
              value={v.countedPoints}
              error={error('effect.points')}
              onInput={(value) => set('countedPoints', value)}
            />
          )}
          {v.kind === 'daily_operations_limit' && (
            <>
              <SelectField<Operation>
                label={t('promo.rule.operation')}
                value={v.operation}
                error={error('effect.operation')}
                options={OPERATIONS.map((operation) => ({ value: operation, label: t(`promo.operation.${operation}`) }))}
                onChange={(value) => set('operation', value)}
              />
              <NumberField label={t('promo.rule.perDay')} required min={0} max={10_000} value={v.count} error={error('effect.count')} onInput={(value) => set('count', value)} />
            </>
          )}
          {v.kind === 'daily_bonus_spend_limit' &&
            (spendUnit && spendUnit !== 'points' ? (
              <MoneyField label={t('promo.rule.spendPerDay')} required currency={spendUnit} value={v.spendLimit} error={error('effect.amount')} onInput={(value) => set('spendLimit', value)} />
            ) : (
              <NumberField label={t('promo.rule.spendPerDay')} required min={0} value={v.spendLimit} error={error('effect.amount')} onInput={(value) => set('spendLimit', value)} />
            ))}
          {v.kind === 'issue_coupon' && (
            <>
              <TextField label={t('promo.rule.couponCategory')} hint={t('promo.rule.couponCategoryHint')} required maxLength={64} value={v.couponCategory} error={error('effect.categoryCode')} onInput={(value) => set('couponCategory', value.toUpperCase())} />
              <NumberField label={t('promo.rule.couponDays')} required min={1} max={3660} value={v.couponDays} error={error('effect.validDays')} onInput={(value) => set('couponDays', value)} />
            </>
          )}
          {v.kind === 'bonus_payment_cap' && (
            <ScaledField label={t('promo.rule.maxShare')} hint={t('promo.rule.maxShareHint')} required digits={PERCENT_DIGITS} unit="%" value={v.maxShareBp} error={error('effect.maxShareBp')} onInput={(value) => set('maxShareBp', value)} />
          )}
        </div>
        {v.kind === 'bundle_price' && (
          <>
            {v.parts.map((part, index) => (
              <fieldset key={index} class="promo-line">
                <legend>{t('promo.rule.part', { number: index + 1 })}</legend>
                <TextField class="promo-w-list" label={t('promo.rule.groups')} hint={t('promo.listHint')} value={part.groups} error={error(partPath(index, 'scope.productGroupIds'))} onInput={(value) => setPart(index, 'groups', value)} />
                <TextField class="promo-w-list" label={t('promo.rule.products')} value={part.products} error={error(partPath(index, 'scope.productIds'))} onInput={(value) => setPart(index, 'products', value)} />
                <TextField class="promo-w-tags" label={t('promo.rule.tags')} value={part.tags} error={error(partPath(index, 'scope.tags'))} onInput={(value) => setPart(index, 'tags', value)} />
                <NumberField class="promo-w-qty" label={t('promo.rule.partUnits')} required min={PART_UNITS.min} max={PART_UNITS.max} value={part.units} error={error(partPath(index, 'units'))} onInput={(value) => setPart(index, 'units', value)} />
                <button
                  type="button"
                  class="small"
                  aria-label={t('promo.rule.removePart', { number: index + 1 })}
                  disabled={v.parts.length <= PARTS.min}
                  onClick={() => set('parts', v.parts.filter((_, i) => i !== index))}
                >
                  ✕
                </button>
              </fieldset>
            ))}
            <div class="row">
              <button type="button" disabled={v.parts.length >= PARTS.max} onClick={() => set('parts', [...v.parts, emptyPart()])}>
                {t('promo.rule.addPart')}
              </button>
              {partsError ? <small class="field-error">{partsError}</small> : <small class="hint">{t('promo.rule.partsHint')}</small>}
            </div>
          </>
        )}
      </fieldset>

      <fieldset class="promo-section">
        <legend>{t('promo.rule.which')}</legend>
        <fieldset class="segmented promo-row">
          <legend>{t('promo.rule.lines')}</legend>
          {(['all', 'some'] as const).map((mode) => (
            <label key={mode}>
              <input type="radio" name={`${titleId}-scope`} value={mode} checked={v.scopeMode === mode} onChange={() => set('scopeMode', mode)} />
              {t(mode === 'all' ? 'promo.rule.allLines' : 'promo.rule.someLines')}
            </label>
          ))}
        </fieldset>
        {v.scopeMode === 'some' && (
          <div class="grid">
            <TextField label={t('promo.rule.groups')} hint={t('promo.listHint')} value={v.groups} error={error('scope.productGroupIds')} onInput={(value) => set('groups', value)} />
            <TextField label={t('promo.rule.products')} hint={t('promo.listHint')} value={v.products} error={error('scope.productIds')} onInput={(value) => set('products', value)} />
            <TextField label={t('promo.rule.tags')} hint={t('promo.listHint')} value={v.tags} error={error('scope.tags')} onInput={(value) => set('tags', value)} />
          </div>
        )}
        <div class="grid">
          <TextField label={t('promo.rule.exceptGroups')} value={v.exceptGroups} error={error('scope.exclude.productGroupIds')} onInput={(value) => set('exceptGroups', value)} />
          <TextField label={t('promo.rule.exceptProducts')} value={v.exceptProducts} error={error('scope.exclude.productIds')} onInput={(value) => set('exceptProducts', value)} />
          <TextField label={t('promo.rule.exceptTags')} value={v.exceptTags} error={error('scope.exclude.tags')} onInput={(value) => set('exceptTags', value)} />
        </div>
      </fieldset>

      <fieldset class="promo-section">
        <legend>{t('promo.rule.when')}</legend>
        <fieldset class={`segmented promo-row ${error('conditions.daysOfWeek') ? 'invalid' : ''}`}>
          <legend>{t('promo.rule.days')}</legend>
          {DAYS.map((day) => (
            <label key={day} title={weekdayName(day, 'long')}>
              <input
                type="checkbox"
                checked={v.days.includes(day)}
                onChange={(event) => set('days', event.currentTarget.checked ? [...v.days, day] : v.days.filter((d) => d !== day))}
              />
              {weekdayName(day)}
            </label>
          ))}
          <small class="hint">{error('conditions.daysOfWeek') ?? t('promo.rule.daysHint')}</small>
        </fieldset>
        <div class="grid">
          <TextField type="time" label={t('promo.rule.timeFrom')} value={v.timeFrom} error={error('conditions.timeFrom')} onInput={(value) => set('timeFrom', value)} />
          <TextField type="time" label={t('promo.rule.timeTo')} hint={t('promo.rule.timeHint')} value={v.timeTo} error={error('conditions.timeTo')} onInput={(value) => set('timeTo', value)} />
          <TextField type="date" label={t('promo.rule.dateFrom')} value={v.dateFrom} error={error('conditions.dateFrom')} onInput={(value) => set('dateFrom', value)} />
          <TextField type="date" label={t('promo.rule.dateTo')} value={v.dateTo} error={error('conditions.dateTo')} onInput={(value) => set('dateTo', value)} />
          <MoneyField label={t('promo.rule.minTab')} currency={conditionCurrency} value={v.minTabAmount} error={error('conditions.minTabAmount')} onInput={(value) => set('minTabAmount', value)} />
          <NumberField label={t('promo.rule.minQuantity')} hint={t('promo.rule.minQuantityHint')} min={0} step={0.001} value={v.minQuantity} error={error('conditions.minQuantity')} onInput={(value) => set('minQuantity', value)} />
          <NumberField label={t('promo.rule.minGuests')} min={0} value={v.minGuests} error={error('conditions.minGuests')} onInput={(value) => set('minGuests', value)} />
          <NumberField label={t('promo.rule.maxGuests')} min={0} value={v.maxGuests} error={error('conditions.maxGuests')} onInput={(value) => set('maxGuests', value)} />
        </div>
      </fieldset>

      {LIMITABLE.includes(v.kind) && (
        <fieldset class="promo-section">
          <legend>{t('promo.rule.limits')}</legend>
          <p class="muted small">{t('promo.rule.limitsHint')}</p>
          {v.limits.map((limit, index) => (
            <fieldset key={index} class="promo-line">
              <legend>{t('promo.rule.limit', { number: index + 1 })}</legend>
              <SelectField<RuleLimit['per']>
                label={t('promo.rule.limitPer')}
                value={limit.per}
                error={error(limitPath(index, 'per'))}
                options={LIMIT_PERS.map((per) => ({ value: per, label: t(`promo.limit.per.${per}`) }))}
                onChange={(value) => setLimit(index, 'per', value)}
              />
              <SelectField<RuleLimit['period']>
                label={t('promo.rule.limitPeriod')}
                value={limit.period}
                error={error(limitPath(index, 'period'))}
                options={LIMIT_PERIODS.map((period) => ({ value: period, label: t(`promo.limit.period.${period}`) }))}
                onChange={(value) => setLimit(index, 'period', value)}
              />
              <NumberField class="promo-w-qty" label={t('promo.rule.limitRedemptions')} min={1} value={limit.redemptions} error={error(limitPath(index, 'redemptions'))} onInput={(value) => setLimit(index, 'redemptions', value)} />
              <MoneyField label={t('promo.rule.limitDiscount')} currency={moneyCurrency} value={limit.discount} error={error(limitPath(index, 'discount'))} onInput={(value) => setLimit(index, 'discount', value)} />
              <button type="button" class="small" aria-label={t('promo.rule.removeLimit', { number: index + 1 })} onClick={() => set('limits', v.limits.filter((_, i) => i !== index))}>
                ✕
              </button>
            </fieldset>
          ))}
          <div class="row">
            <button type="button" disabled={v.limits.length >= MAX_LIMITS} onClick={() => set('limits', [...v.limits, emptyLimit()])}>
              {t('promo.rule.addLimit')}
            </button>
          </div>
          {v.limits.some((limit) => limit.discount !== null) && (
            <CheckboxField label={t('promo.rule.partialReward')} hint={t('promo.rule.partialRewardHint')} checked={v.partialReward} onChange={(value) => set('partialReward', value)} />
          )}
        </fieldset>
      )}

      <fieldset class="promo-section">
        <legend>{t('promo.rule.bases')}</legend>
        <div class="grid promo-wide">
          <SelectField<BaseChoice>
            label={t('promo.rule.discountBase')}
            value={v.discountBase}
            error={error('discountBase')}
            options={BASE_CHOICES.map((choice) => ({ value: choice, label: t(`promo.base.${choice}`) }))}
            onChange={(value) => set('discountBase', value)}
          />
          <SelectField<BaseChoice>
            label={t('promo.rule.accrualBase')}
            value={v.accrualBase}
            error={error('accrualBase')}
            options={BASE_CHOICES.map((choice) => ({ value: choice, label: t(`promo.base.${choice}`) }))}
            onChange={(value) => set('accrualBase', value)}
          />
        </div>
      </fieldset>

      <FormErrors error={form.error} failure={form.failure} fields={RULE_FIELDS} />
      <div class="row end">
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('action.cancel')}
          </button>
        )}
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : t('action.save')}
        </button>
      </div>
    </form>
  );
}
