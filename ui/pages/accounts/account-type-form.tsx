import { api } from '../../api.js';
import { AmountField, CheckboxField, FormErrors, ItemPage, NumberField, SelectField, TextField } from '../../components.js';
import { useForm, useLoad, useSaveItem } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { amountText } from './describe.js';
import { ACCOUNT_KINDS, EXPIRY_KINDS, EXPIRY_PERIODS, type AccountKind, type AccountType, type ExpiryPolicy } from './types.js';

interface AccountTypeValues {
  code: string;
  name: string;
  kind: AccountKind;
  unit: string;
  roundingStep: number | null;
  allowNegative: boolean;
  creditLimit: number | null;
  expiryKind: ExpiryPolicy['kind'];
  expiryDays: number | null;
  expiryPeriod: (typeof EXPIRY_PERIODS)[number];
  dailySpendLimit: number | null;
  active: boolean;
}

function valuesOf(type: AccountType | null): AccountTypeValues {
  return {
    code: type?.code ?? '',
    name: type?.name ?? '',
    kind: type?.kind ?? 'points',
    unit: type?.unit ?? 'points',
    roundingStep: type?.roundingStep ?? 1,
    allowNegative: type?.allowNegative ?? false,
    creditLimit: type?.creditLimit ?? 0,
    expiryKind: type?.expiry.kind ?? 'never',
    expiryDays: type?.expiry.kind === 'days_after_credit' ? type.expiry.days : 365,
    expiryPeriod: type?.expiry.kind === 'end_of_period' ? type.expiry.period : 'year',
    dailySpendLimit: type?.dailySpendLimit ?? null,
    active: type?.active ?? true,
  };
}

const FIELDS = ['code', 'name', 'kind', 'unit', 'roundingStep', 'allowNegative', 'creditLimit', 'expiry', 'dailySpendLimit', 'active'];

/**
 * The body the API takes. A null rounding step or credit limit is left out rather than
 * sent: both always have a value, and leaving them out keeps the one stored.
 */
function bodyOf(values: AccountTypeValues, mode: 'create' | 'update'): Record<string, unknown> {
  const expiry =
    values.expiryKind === 'days_after_credit'
      ? { kind: values.expiryKind, days: values.expiryDays ?? undefined }
      : values.expiryKind === 'end_of_period'
        ? { kind: values.expiryKind, period: values.expiryPeriod }
        : { kind: values.expiryKind };
  const body: Record<string, unknown> = {
    ...(mode === 'create' ? { code: values.code.trim(), kind: values.kind, unit: values.unit.trim() } : { active: values.active }),
    name: values.name.trim(),
    roundingStep: values.roundingStep ?? undefined,
    allowNegative: values.allowNegative,
    creditLimit: values.allowNegative ? (values.creditLimit ?? undefined) : undefined,
    expiry,
    dailySpendLimit: values.dailySpendLimit,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** A new account type (`id` absent) or an existing one, found in the list the API answers. */
export function AccountTypeFormPage(props: { id?: string }) {
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  return (
    <ItemPage
      id={props.id}
      list={types}
      back={{ href: href('accounts', 'types'), label: t('accountTypes.title') }}
      newTitle={t('accountTypes.new')}
      form={(type) => <AccountTypeForm key={type?.id ?? 'new'} type={type} />}
    />
  );
}

function AccountTypeForm(props: { type: AccountType | null }) {
  const session = useSession();
  const form = useForm(valuesOf(props.type));
  const saveItem = useSaveItem('account-types', href('accounts', 'types'));
  const { values, set } = form;
  const error = (path: string) => form.error?.fieldError(path);
  const creating = !props.type;
  const unitIsKnown = /^(points|[A-Z]{3})$/.test(values.unit);

  const save = (event: Event) => {
    event.preventDefault();
    void form.submit((current) => saveItem(props.type, () => bodyOf(current, 'create'), () => bodyOf(current, 'update')));
  };

  return (
    <form class="form" noValidate onSubmit={save}>
      {props.type && (
        <p class="muted">
          {t('accountTypes.fixed', { code: props.type.code, kind: t(`accountTypes.kind.${props.type.kind}`), unit: props.type.unit === 'points' ? t('accountTypes.unit.points') : props.type.unit })}
        </p>
      )}
      <div class="grid">
        {creating && <TextField label={t('accountTypes.field.code')} hint={t('accountTypes.field.codeHint')} required value={values.code} error={error('code')} onInput={(v) => set('code', v.toLowerCase())} />}
        <TextField label={t('accountTypes.field.name')} required value={values.name} error={error('name')} onInput={(v) => set('name', v)} />
        {creating && (
          <SelectField
            label={t('accountTypes.field.kind')}
            value={values.kind}
            error={error('kind')}
            options={ACCOUNT_KINDS.map((kind) => ({ value: kind, label: t(`accountTypes.kind.${kind}`) }))}
            onChange={(kind) => form.replace({ ...values, kind, unit: kind === 'points' ? 'points' : values.unit === 'points' ? session.currency : values.unit })}
          />
        )}
        {creating && (
          <TextField label={t('accountTypes.field.unit')} hint={t('accountTypes.field.unitHint')} required value={values.unit} error={error('unit')} onInput={(v) => set('unit', v.trim() === 'points' ? 'points' : v.toUpperCase())} />
        )}
      </div>
      {/* Amounts are typed in the account's own unit; until the unit reads as one, they wait. */}
      <fieldset disabled={!unitIsKnown}>
        <div class="grid">
          <AmountField label={t('accountTypes.field.rounding')} hint={t('accountTypes.field.roundingHint', { none: unitIsKnown ? amountText(1, values.unit) : '1' })} unit={values.unit} value={values.roundingStep} error={error('roundingStep')} onInput={(v) => set('roundingStep', v)} />
          <AmountField
            label={t('accountTypes.field.dailyLimit')}
            hint={t('accountTypes.field.dailyLimitHint')}
            unit={values.unit}
            value={values.dailySpendLimit}
            error={error('dailySpendLimit')}
            onInput={(v) => set('dailySpendLimit', v)}
          />
        </div>
        <CheckboxField label={t('accountTypes.field.allowNegative')} hint={t('accountTypes.field.allowNegativeHint')} checked={values.allowNegative} error={error('allowNegative')} onChange={(v) => set('allowNegative', v)} />
        {values.allowNegative && (
          <div class="grid">
            <AmountField label={t('accountTypes.field.creditLimit')} unit={values.unit} value={values.creditLimit} error={error('creditLimit')} onInput={(v) => set('creditLimit', v)} />
          </div>
        )}
      </fieldset>
      <div class="grid">
        <SelectField
          label={t('accountTypes.field.expiry')}
          value={values.expiryKind}
          error={error('expiry.kind')}
          options={EXPIRY_KINDS.map((kind) => ({ value: kind, label: t(`accountTypes.expiry.${kind}`) }))}
          onChange={(v) => set('expiryKind', v)}
        />
        {values.expiryKind === 'days_after_credit' && (
          <NumberField label={t('accountTypes.field.expiryDays')} required min={1} max={3650} value={values.expiryDays} error={error('expiry.days')} onInput={(v) => set('expiryDays', v)} />
        )}
        {values.expiryKind === 'end_of_period' && (
          <SelectField
            label={t('accountTypes.field.expiryPeriod')}
            value={values.expiryPeriod}
            error={error('expiry.period')}
            options={EXPIRY_PERIODS.map((period) => ({ value: period, label: t(`accountTypes.period.${period}`) }))}
            onChange={(v) => set('expiryPeriod', v)}
          />
        )}
      </div>
      {!creating && <CheckboxField label={t('accountTypes.field.active')} checked={values.active} error={error('active')} onChange={(v) => set('active', v)} />}
      <FormErrors error={form.error} failure={form.failure} fields={FIELDS} />
      <div class="row end">
        <a class="button" href={href('accounts', 'types')}>
          {t('action.cancel')}
        </a>
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : creating ? t('action.create') : t('action.save')}
        </button>
      </div>
    </form>
  );
}
