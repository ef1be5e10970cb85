import { api } from '../../api.js';
import { FormErrors, TextField, WhenLoaded } from '../../components.js';
import { useForm, useIntentKey, useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan } from '../../session.js';
import type { Schema } from '../../schema.js';
import type { Customer } from './types.js';

type CustomerReferrals = Schema<'CustomerReferralsDto'>;

/** The guest's own code to give friends, who brought them, and the code a new guest brings. */
export function ReferralSection({ customer }: { customer: Customer }) {
  const can = useCan();
  const referrals = useLoad(() => api<CustomerReferrals>('GET', `customers/${customer.id}/referrals`), [customer.id]);
  return (
    <section class="referrals" aria-labelledby="referrals-title">
      <h2 id="referrals-title">{t('card.referrals.title')}</h2>
      <WhenLoaded load={referrals}>
        {(own) => (
          <>
            <p>
              {t('card.referrals.code')} <code data-testid="referral-code">{own.code}</code>
              <span class="muted small"> · {t('card.referrals.referred', { count: own.referred })}</span>
            </p>
            {own.referredBy ? (
              <p class="muted">
                {t(own.referredBy.status === 'rewarded' ? 'card.referrals.broughtRewarded' : 'card.referrals.broughtPending')}{' '}
                <a href={href('customers', own.referredBy.referrerId)}>{t('card.referrals.referrer')}</a>
              </p>
            ) : (
              can('customers.write') && customer.status === 'active' && <BringForm customerId={customer.id} onDone={referrals.reload} />
            )}
          </>
        )}
      </WhenLoaded>
    </section>
  );
}

function BringForm(props: { customerId: string; onDone: () => void }) {
  const form = useForm({ code: '' });
  const keyFor = useIntentKey();
  const submit = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      const body = { customerId: props.customerId, code: values.code.trim() };
      await api('POST', 'referrals', body, { idempotencyKey: keyFor(body) });
      props.onDone();
    });
  };
  return (
    <form class="form inline" noValidate onSubmit={submit} aria-label={t('card.referrals.bring')}>
      <TextField label={t('card.referrals.friendsCode')} value={form.values.code} error={form.error?.fieldError('code') ?? form.error?.fieldError('customerId')} onInput={(code) => form.set('code', code)} />
      <button type="submit" disabled={form.submitting || form.values.code.trim() === ''}>
        {t('card.referrals.bring')}
      </button>
      <FormErrors error={form.error} failure={form.failure} fields={['code', 'customerId']} />
    </form>
  );
}
