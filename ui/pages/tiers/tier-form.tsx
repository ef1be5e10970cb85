import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, FormErrors, ItemPage, MoneyField, NumberField, SelectField, tagsOf, tagsText, TextField } from '../../components.js';
import { useForm, useLoad, useSaveItem, type Form } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { useCan, useSession } from '../../session.js';
import { TIER_METRICS, type PromotionCategory, type Tier, type TierMetric } from './types.js';

interface TierValues {
  code: string;
  name: string;
  rank: number | null;
  categories: string[];
  metric: TierMetric;
  threshold: number | null;
  windowDays: number | null;
  autoEnter: boolean;
  neverDowngrade: boolean;
  active: boolean;
}

const valuesOf = (tier: Tier | null, nextRank: number): TierValues => ({
  code: tier?.code ?? '',
  name: tier?.name ?? '',
  rank: tier?.rank ?? nextRank,
  categories: tier?.categories ?? [],
  metric: tier?.metric ?? 'spent',
  threshold: tier?.threshold ?? null,
  windowDays: tier?.windowDays ?? null,
  autoEnter: tier?.autoEnter ?? true,
  neverDowngrade: tier?.neverDowngrade ?? false,
  active: tier?.active ?? true,
});

const FIELDS = ['code', 'name', 'rank', 'categories', 'metric', 'threshold', 'windowDays', 'autoEnter', 'neverDowngrade', 'active'];

/** A new tier (`id` absent) or an existing one; the list is the only read of tiers the API has. */
export function TierFormPage(props: { id?: string }) {
  const tiers = useLoad(() => api<Tier[]>('GET', 'tiers'), []);
  return (
    <ItemPage
      id={props.id}
      list={tiers}
      back={{ href: '#/tiers', label: t('tiers.title') }}
      newTitle={t('tiers.new')}
      form={(tier, all) => <TierForm key={tier?.id ?? 'new'} tier={tier} nextRank={Math.max(0, ...all.map((candidate) => candidate.rank)) + 1} />}
    />
  );
}

function TierForm(props: { tier: Tier | null; nextRank: number }) {
  const session = useSession();
  const form = useForm(valuesOf(props.tier, props.nextRank));
  const saveItem = useSaveItem('tiers', '#/tiers');
  const { values, set } = form;
  const error = (path: string) => form.error?.fieldError(path);

  const save = (event: Event) => {
    event.preventDefault();
    void form.submit((current) => {
      const { code, ...rest } = current;
      const terms = { ...rest, name: rest.name.trim() };
      return saveItem(props.tier, () => ({ code: code.trim(), ...terms }), () => terms);
    });
  };

  return (
    <form class="form" noValidate onSubmit={save}>
      {props.tier && <p class="muted">{t('tiers.field.codeFixed', { code: props.tier.code })}</p>}
      <div class="grid">
        {!props.tier && <TextField label={t('tiers.field.code')} hint={t('tiers.field.codeHint')} required value={values.code} error={error('code')} onInput={(v) => set('code', v.toUpperCase())} />}
        <TextField label={t('tiers.field.name')} required value={values.name} error={error('name')} onInput={(v) => set('name', v)} />
        <NumberField label={t('tiers.field.rank')} hint={t('tiers.field.rankHint')} required min={0} max={1000} value={values.rank} error={error('rank')} onInput={(v) => set('rank', v)} />
      </div>
      <div class="grid">
        <SelectField
          label={t('tiers.field.metric')}
          value={values.metric}
          error={error('metric')}
          options={TIER_METRICS.map((metric) => ({ value: metric, label: t(`tiers.metric.${metric}`) }))}
          // A threshold in euros means nothing as visits: the manager types it again for the new metric.
          onChange={(metric) => form.replace({ ...values, metric, threshold: metric === values.metric ? values.threshold : null })}
        />
        {values.metric === 'spent' ? (
          <MoneyField label={t('tiers.field.threshold')} required currency={session.currency} value={values.threshold} error={error('threshold')} onInput={(v) => set('threshold', v)} />
        ) : (
          <NumberField
            label={t('tiers.field.threshold')}
            hint={t(values.metric === 'points' ? 'tiers.field.thresholdPoints' : 'tiers.field.thresholdVisits')}
            required
            min={0}
            value={values.threshold}
            error={error('threshold')}
            onInput={(v) => set('threshold', v)}
          />
        )}
        <NumberField label={t('tiers.field.window')} hint={t('tiers.field.windowHint')} min={1} max={3650} value={values.windowDays} error={error('windowDays')} onInput={(v) => set('windowDays', v)} />
      </div>
      <CheckboxField label={t('tiers.field.autoEnter')} hint={t('tiers.field.autoEnterHint')} checked={values.autoEnter} error={error('autoEnter')} onChange={(v) => set('autoEnter', v)} />
      <CheckboxField
        label={t('tiers.field.neverDowngrade')}
        hint={t('tiers.field.neverDowngradeHint')}
        checked={values.neverDowngrade}
        error={error('neverDowngrade')}
        onChange={(v) => set('neverDowngrade', v)}
      />
      <CheckboxField label={t('tiers.field.active')} checked={values.active} error={error('active')} onChange={(v) => set('active', v)} />
      <CategoryPicker form={form} />
      <FormErrors error={form.error} failure={form.failure} fields={FIELDS} />
      <div class="row end">
        <a class="button" href="#/tiers">
          {t('action.cancel')}
        </a>
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : props.tier ? t('action.save') : t('action.create')}
        </button>
      </div>
    </form>
  );
}

/**
 * The promotion categories a tier brings: ticked from the catalogue for a manager who may
 * read it, typed as codes otherwise (the catalogue needs promotions.manage).
 */
function CategoryPicker(props: { form: Form<TierValues> }) {
  const can = useCan();
  const { values, set, error } = props.form;
  const catalogue = useLoad(() => (can('promotions.manage') ? api<PromotionCategory[]>('GET', 'promotion-categories') : Promise.resolve(null)), []);
  const [typed, setTyped] = useState(tagsText(values.categories));
  if (!catalogue.data) {
    return (
      <TextField
        label={t('tiers.field.categories')}
        hint={t('tiers.field.categoriesHint')}
        value={typed}
        error={error?.fieldError('categories')}
        onInput={(text) => {
          setTyped(text);
          set('categories', tagsOf(text));
        }}
      />
    );
  }
  // Codes the tier brings that are not in the catalogue (removed since) stay visible, so saving does not drop them unseen.
  const known = new Set(catalogue.data.map((category) => category.code));
  const options = [...catalogue.data.map((category) => ({ code: category.code, name: category.name })), ...values.categories.filter((code) => !known.has(code)).map((code) => ({ code, name: code }))];
  const toggle = (code: string, on: boolean) => set('categories', on ? [...values.categories, code] : values.categories.filter((other) => other !== code));
  return (
    <fieldset class="choices">
      <legend>{t('tiers.field.categories')}</legend>
      {options.length === 0 ? (
        <p class="muted small">{t('tiers.field.noCategories')}</p>
      ) : (
        options.map((option) => (
          <CheckboxField key={option.code} label={`${option.name} (${option.code})`} checked={values.categories.includes(option.code)} onChange={(on) => toggle(option.code, on)} />
        ))
      )}
      {error?.fieldError('categories') && <small class="field-error">{error.fieldError('categories')}</small>}
    </fieldset>
  );
}
