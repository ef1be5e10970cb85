import { api } from '../../api.js';
import { AmountField, CheckboxField, FormErrors, ItemPage, MoneyField, NumberField, ScaledField, SelectField, TextAreaField, TextField } from '../../components.js';
import { useForm, useLoad, useSaveItem, type Form } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { weekdayNames } from './describe.js';
import { PERCENT_DIGITS } from '../../format.js';
import { BENEFIT_KINDS, type AccountType, type Benefit, type BenefitKind, type PromotionCategory, type Reward } from './types.js';

interface RewardValues {
  code: string;
  name: string;
  description: string;
  benefitKind: BenefitKind;
  productId: string;
  productName: string;
  units: number | null;
  amount: number | null;
  currency: string;
  percentBp: number | null;
  categoryCode: string;
  accountTypeCode: string;
  price: number | null;
  availableFrom: string;
  availableTo: string;
  daysOfWeek: number[];
  timeFrom: string;
  timeTo: string;
  active: boolean;
}

function valuesOf(reward: Reward | null, currency: string): RewardValues {
  const benefit = reward?.benefit;
  return {
    code: reward?.code ?? '',
    name: reward?.name ?? '',
    description: reward?.description ?? '',
    benefitKind: benefit?.kind ?? 'free_product',
    productId: benefit?.kind === 'free_product' ? benefit.productId : '',
    productName: benefit?.kind === 'free_product' ? (benefit.productName ?? '') : '',
    units: benefit?.kind === 'free_product' ? (benefit.units ?? 1) : 1,
    amount: benefit?.kind === 'amount_off' ? benefit.amount : null,
    currency: benefit?.kind === 'amount_off' ? (benefit.currency ?? currency) : currency,
    percentBp: benefit?.kind === 'percent_off' ? benefit.percentBp : null,
    categoryCode: benefit?.kind === 'category' ? benefit.categoryCode : '',
    accountTypeCode: reward?.accountTypeCode ?? 'points',
    price: reward?.price ?? null,
    availableFrom: reward?.availableFrom ?? '',
    availableTo: reward?.availableTo ?? '',
    daysOfWeek: reward?.daysOfWeek ?? [],
    timeFrom: reward?.timeFrom ?? '',
    timeTo: reward?.timeTo ?? '',
    active: reward?.active ?? true,
  };
}

/** The benefit as the API takes it; an empty number is left out, so the API names the field. */
function benefitOf(values: RewardValues): Partial<Benefit> {
  const number = (value: number | null) => value ?? undefined;
  switch (values.benefitKind) {
    case 'free_product':
      return { kind: 'free_product', productId: values.productId.trim(), productName: values.productName.trim() || undefined, units: number(values.units) };
    case 'amount_off':
      return { kind: 'amount_off', amount: number(values.amount), currency: values.currency.trim() || undefined };
    case 'percent_off':
      return { kind: 'percent_off', percentBp: number(values.percentBp) };
    case 'category':
      return { kind: 'category', categoryCode: values.categoryCode.trim() };
  }
}

function createBody(values: RewardValues): Record<string, unknown> {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const body: Record<string, unknown> = {
    code: values.code.trim(),
    name: values.name.trim(),
    description: text(values.description),
    benefit: benefitOf(values),
    accountTypeCode: values.accountTypeCode.trim(),
    price: values.price ?? undefined,
    availableFrom: text(values.availableFrom),
    availableTo: text(values.availableTo),
    // No day ticked is every day, as the API reads a missing list.
    daysOfWeek: values.daysOfWeek.length > 0 ? [...values.daysOfWeek].sort() : undefined,
    timeFrom: text(values.timeFrom),
    timeTo: text(values.timeTo),
    active: values.active,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** What the API lets change on a reward: its name, price, last day and whether it is offered. */
const updateBody = (values: RewardValues) => ({ name: values.name.trim(), price: values.price ?? undefined, availableTo: values.availableTo || null, active: values.active });

const FIELDS = ['code', 'name', 'description', 'benefit', 'accountTypeCode', 'price', 'availableFrom', 'availableTo', 'daysOfWeek', 'timeFrom', 'timeTo', 'active'];

export function RewardFormPage(props: { id?: string }) {
  const rewards = useLoad(() => (props.id ? api<Reward[]>('GET', 'rewards') : Promise.resolve([])), [props.id]);
  return (
    <ItemPage
      id={props.id}
      list={rewards}
      back={{ href: href('accounts', 'rewards'), label: t('rewards.title') }}
      newTitle={t('rewards.new')}
      form={(reward) => <RewardForm key={reward?.id ?? 'new'} reward={reward} />}
    />
  );
}

function RewardForm(props: { reward: Reward | null }) {
  const session = useSession();
  const can = useCan();
  const form = useForm(valuesOf(props.reward, session.currency));
  const saveItem = useSaveItem('rewards', href('accounts', 'rewards'));
  const types = useLoad(() => (can('accounts.read') ? api<AccountType[]>('GET', 'account-types') : Promise.resolve(null)), []);
  const { values, set } = form;
  const error = (path: string) => form.error?.fieldError(path);
  const creating = !props.reward;
  const unit = types.data?.find((type) => type.code === values.accountTypeCode)?.unit ?? 'points';
  const days = weekdayNames('long');

  const save = (event: Event) => {
    event.preventDefault();
    void form.submit((current) => saveItem(props.reward, () => createBody(current), () => updateBody(current)));
  };

  return (
    <form class="form reward-form" noValidate onSubmit={save}>
      {!creating && <p class="notice">{t('rewards.fixedNote')}</p>}
      <div class="grid">
        <fieldset disabled={!creating}>
          <TextField label={t('rewards.field.code')} hint={t('rewards.field.codeHint')} required value={values.code} error={error('code')} onInput={(v) => set('code', v.toUpperCase())} />
        </fieldset>
        <TextField label={t('rewards.field.name')} required value={values.name} error={error('name')} onInput={(v) => set('name', v)} />
      </div>
      <fieldset disabled={!creating}>
        <TextAreaField label={t('rewards.field.description')} rows={2} value={values.description} error={error('description')} onInput={(v) => set('description', v)} />
        <h2 class="form-section">{t('rewards.section.benefit')}</h2>
        <div class="grid">
          <SelectField
            label={t('rewards.field.benefitKind')}
            value={values.benefitKind}
            error={error('benefit.kind')}
            options={BENEFIT_KINDS.map((kind) => ({ value: kind, label: t(`rewards.benefit.${kind}`) }))}
            onChange={(v) => set('benefitKind', v)}
          />
          <BenefitFields form={form} />
        </div>
      </fieldset>
      <h2 class="form-section">{t('rewards.section.price')}</h2>
      <div class="grid">
        <fieldset disabled={!creating}>
          {types.data ? (
            <SelectField
              label={t('rewards.field.account')}
              value={values.accountTypeCode}
              error={error('accountTypeCode')}
              options={[
                ...types.data.filter((type) => type.active || type.code === values.accountTypeCode).map((type) => ({ value: type.code, label: type.name })),
                ...(types.data.some((type) => type.code === values.accountTypeCode) ? [] : [{ value: values.accountTypeCode, label: values.accountTypeCode }]),
              ]}
              onChange={(v) => set('accountTypeCode', v)}
            />
          ) : (
            <TextField label={t('rewards.field.account')} required value={values.accountTypeCode} error={error('accountTypeCode')} onInput={(v) => set('accountTypeCode', v)} />
          )}
        </fieldset>
        <AmountField label={t('rewards.field.price')} required unit={unit} value={values.price} error={error('price')} onInput={(v) => set('price', v)} />
      </div>
      <h2 class="form-section">{t('rewards.section.availability')}</h2>
      <div class="grid">
        <fieldset disabled={!creating}>
          <TextField type="date" label={t('rewards.field.availableFrom')} value={values.availableFrom} error={error('availableFrom')} onInput={(v) => set('availableFrom', v)} />
        </fieldset>
        <TextField type="date" label={t('rewards.field.availableTo')} value={values.availableTo} error={error('availableTo')} onInput={(v) => set('availableTo', v)} />
      </div>
      <fieldset disabled={!creating}>
        <fieldset class="choices">
          <legend>{t('rewards.field.days')}</legend>
          {days.map((name, index) => (
            <CheckboxField
              key={name}
              label={name}
              checked={values.daysOfWeek.includes(index + 1)}
              onChange={(on) => set('daysOfWeek', on ? [...values.daysOfWeek, index + 1] : values.daysOfWeek.filter((day) => day !== index + 1))}
            />
          ))}
          <small class="hint">{t('rewards.field.daysHint')}</small>
          {error('daysOfWeek') && <small class="field-error">{error('daysOfWeek')}</small>}
        </fieldset>
        <div class="grid">
          <TextField type="time" label={t('rewards.field.timeFrom')} hint={t('rewards.field.timeHint')} value={values.timeFrom} error={error('timeFrom')} onInput={(v) => set('timeFrom', v)} />
          <TextField type="time" label={t('rewards.field.timeTo')} value={values.timeTo} error={error('timeTo')} onInput={(v) => set('timeTo', v)} />
        </div>
      </fieldset>
      <CheckboxField label={t('rewards.field.active')} checked={values.active} error={error('active')} onChange={(v) => set('active', v)} />
      <FormErrors error={form.error} failure={form.failure} fields={FIELDS} />
      <div class="row end">
        <a class="button" href={href('accounts', 'rewards')}>
          {t('action.cancel')}
        </a>
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : creating ? t('action.create') : t('action.save')}
        </button>
      </div>
    </form>
  );
}

/** The parameters of the chosen kind of benefit. */
function BenefitFields(props: { form: Form<RewardValues> }) {
  const session = useSession();
  const can = useCan();
  const { values, set } = props.form;
  const error = (path: string) => props.form.error?.fieldError(path);
  const categories = useLoad(() => (can('promotions.manage') ? api<PromotionCategory[]>('GET', 'promotion-categories') : Promise.resolve(null)), []);
  switch (values.benefitKind) {
    case 'free_product':
      return (
        <>
          <TextField label={t('rewards.field.productId')} hint={t('rewards.field.productIdHint')} required value={values.productId} error={error('benefit.productId')} onInput={(v) => set('productId', v)} />
          <TextField label={t('rewards.field.productName')} hint={t('rewards.field.productNameHint')} maxLength={200} value={values.productName} error={error('benefit.productName')} onInput={(v) => set('productName', v)} />
          <NumberField label={t('rewards.field.units')} min={1} max={100} value={values.units} error={error('benefit.units')} onInput={(v) => set('units', v)} />
        </>
      );
    case 'amount_off':
      return (
        <>
          <MoneyField key={values.currency} label={t('rewards.field.amount')} required currency={/^[A-Z]{3}$/.test(values.currency) ? values.currency : session.currency} value={values.amount} error={error('benefit.amount')} onInput={(v) => set('amount', v)} />
          <TextField label={t('rewards.field.currency')} maxLength={3} value={values.currency} error={error('benefit.currency')} onInput={(v) => set('currency', v.toUpperCase())} />
        </>
      );
    case 'percent_off':
      return <ScaledField label={t('rewards.field.percent')} required digits={PERCENT_DIGITS} unit="%" value={values.percentBp} error={error('benefit.percentBp')} onInput={(v) => set('percentBp', v)} />;
    case 'category':
      return categories.data ? (
        <SelectField
          label={t('rewards.field.category')}
          value={values.categoryCode}
          error={error('benefit.categoryCode')}
          options={[{ value: '', label: t('rewards.field.chooseCategory') }, ...categories.data.map((category) => ({ value: category.code, label: `${category.name} (${category.code})` }))]}
          onChange={(v) => set('categoryCode', v)}
        />
      ) : (
        <TextField label={t('rewards.field.category')} required value={values.categoryCode} error={error('benefit.categoryCode')} onInput={(v) => set('categoryCode', v.toUpperCase())} />
      );
  }
}
