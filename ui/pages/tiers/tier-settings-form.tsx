import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, FormErrors, NumberField, SelectField, WhenLoaded, SaveButton } from '../../components.js';
import { formatDateTime } from '../../format.js';
import { useForm, useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import type { Tier, TierSettings } from './types.js';

interface SettingsValues {
  downgradeEnabled: boolean;
  downgradePeriodDays: number | null;
  /** '' is the API's null: the highest lower tier still reached. */
  downgradeTargetTierCode: string;
}

const valuesOf = (settings: TierSettings): SettingsValues => ({
  downgradeEnabled: settings.downgradeEnabled,
  downgradePeriodDays: settings.downgradePeriodDays,
  downgradeTargetTierCode: settings.downgradeTargetTierCode ?? '',
});

const FIELDS = ['downgradeEnabled', 'downgradePeriodDays', 'downgradeTargetTierCode'];

/** Whether, how often and to which tier customers below their tier's threshold move down. */
export function TierSettingsForm(props: { tiers: Tier[] }) {
  const session = useSession();
  const settings = useLoad(() => api<TierSettings>('GET', 'tier-settings'), []);
  const form = useForm<SettingsValues>({ downgradeEnabled: true, downgradePeriodDays: 0, downgradeTargetTierCode: '' });
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) form.replace(valuesOf(settings.data));
  }, [settings.data]);
  const set = <K extends keyof SettingsValues>(name: K, value: SettingsValues[K]) => (setSaved(false), form.set(name, value));

  const save = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(async (values) => {
      const body = { ...values, downgradeTargetTierCode: values.downgradeTargetTierCode || null };
      settings.setData(await api<TierSettings>('PUT', 'tier-settings', body));
      setSaved(true);
    });
  };

  return (
    <section class="setup-section" aria-labelledby="tier-settings-title">
      <h2 id="tier-settings-title">{t('tiers.settings.title')}</h2>
      <WhenLoaded load={settings}>
        {(current) => (
          <form class="form" noValidate onSubmit={save}>
            <CheckboxField
              label={t('tiers.settings.downgradeEnabled')}
              checked={form.values.downgradeEnabled}
              error={form.error?.fieldError('downgradeEnabled')}
              onChange={(value) => set('downgradeEnabled', value)}
            />
            <fieldset disabled={!form.values.downgradeEnabled}>
              <div class="grid wide">
                <NumberField
                  label={t('tiers.settings.period')}
                  hint={t('tiers.settings.periodHint')}
                  min={0}
                  value={form.values.downgradePeriodDays}
                  error={form.error?.fieldError('downgradePeriodDays')}
                  onInput={(value) => set('downgradePeriodDays', value)}
                />
                <SelectField
                  label={t('tiers.settings.target')}
                  value={form.values.downgradeTargetTierCode}
                  error={form.error?.fieldError('downgradeTargetTierCode')}
                  options={[{ value: '', label: t('tiers.settings.targetReached') }, ...props.tiers.map((tier) => ({ value: tier.code, label: tier.name }))]}
                  onChange={(value) => set('downgradeTargetTierCode', value)}
                />
              </div>
            </fieldset>
            <FormErrors error={form.error} failure={form.failure} fields={FIELDS} />
            <div class="row end">
              <span class="muted small grow-text">
                {current.lastDowngradeCheckAt
                  ? t('tiers.settings.lastCheck', { at: formatDateTime(current.lastDowngradeCheckAt, locale(), session.timeZone) })
                  : t('tiers.settings.neverChecked')}
              </span>
              <SaveButton saved={saved} submitting={form.submitting} label={t('tiers.settings.save')} />
            </div>
          </form>
        )}
      </WhenLoaded>
    </section>
  );
}
