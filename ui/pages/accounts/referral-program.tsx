import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { AmountField, CheckboxField, FormErrors, MoneyField, SelectField, WhenLoaded } from '../../components.js';
import { useForm, useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import type { Schema } from '../../schema.js';
import type { AccountType } from './types.js';

type ReferralProgram = Schema<'ReferralProgramDto'>;

/** What a referral earns the guest who brought a friend and the friend, after the friend's first visit at the minimum. */
export function ReferralProgramTab() {
  const program = useLoad(() => api<ReferralProgram>('GET', 'referral-program'), []);
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  return (
    <WhenLoaded load={program}>
      {(loaded) => (
        <WhenLoaded load={types}>
          {(list) => <ProgramForm program={loaded} types={list.filter((type) => type.active && type.kind !== 'gift_card')} onSaved={program.setData} />}
        </WhenLoaded>
      )}
    </WhenLoaded>
  );
}

function ProgramForm(props: { program: ReferralProgram; types: AccountType[]; onSaved: (program: ReferralProgram) => void }) {
  const session = useSession();
  const first = props.types[0]?.code ?? 'points';
  const known = (code: string) => (props.types.some((type) => type.code === code) ? code : first);
  const form = useForm<ReferralProgram>({ ...props.program, referrerAccountTypeCode: known(props.program.referrerAccountTypeCode), refereeAccountTypeCode: known(props.program.refereeAccountTypeCode) });
  const [saved, setSaved] = useState(false);
  const { values, set } = form;
  const unitOf = (code: string) => props.types.find((type) => type.code === code)?.unit ?? 'points';
  const options = props.types.map((type) => ({ value: type.code, label: type.name }));
  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(async (current) => {
      props.onSaved(await api<ReferralProgram>('PUT', 'referral-program', current));
      setSaved(true);
    });
  };
  return (
    <form class="form" noValidate onSubmit={submit} aria-label={t('referrals.title')}>
      <p class="muted">{t('referrals.intro')}</p>
      <CheckboxField label={t('referrals.enabled')} checked={values.enabled} onChange={(v) => set('enabled', v)} />
      <MoneyField label={t('referrals.minimumNet')} hint={t('referrals.minimumNetHint')} currency={session.currency} value={values.minimumNet} error={form.error?.fieldError('minimumNet')} onInput={(v) => set('minimumNet', v ?? 0)} />
      <div class="grid">
        <SelectField label={t('referrals.referrerAccount')} value={values.referrerAccountTypeCode} options={options} onChange={(v) => set('referrerAccountTypeCode', v)} />
        <AmountField label={t('referrals.referrerAmount')} unit={unitOf(values.referrerAccountTypeCode)} min={1} value={values.referrerAmount} error={form.error?.fieldError('referrerAmount')} onInput={(v) => set('referrerAmount', v ?? 0)} />
        <SelectField label={t('referrals.refereeAccount')} value={values.refereeAccountTypeCode} options={options} onChange={(v) => set('refereeAccountTypeCode', v)} />
        <AmountField label={t('referrals.refereeAmount')} unit={unitOf(values.refereeAccountTypeCode)} min={1} value={values.refereeAmount} error={form.error?.fieldError('refereeAmount')} onInput={(v) => set('refereeAmount', v ?? 0)} />
      </div>
      <FormErrors error={form.error} failure={form.failure} fields={['enabled', 'minimumNet', 'referrerAccountTypeCode', 'referrerAmount', 'refereeAccountTypeCode', 'refereeAmount']} />
      {saved && (
        <p class="notice success" role="status">
          {t('referrals.saved')}
        </p>
      )}
      <div class="row end">
        <button class="primary" type="submit" disabled={form.submitting || props.types.length === 0}>
          {form.submitting ? t('state.saving') : t('action.save')}
        </button>
      </div>
    </form>
  );
}
