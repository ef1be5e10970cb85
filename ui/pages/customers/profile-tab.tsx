import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ConfirmDialog, FormErrors, TextField, SaveButton } from '../../components.js';
import { useForm, useIntentKey } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { useCan } from '../../session.js';
import { CategoriesSection } from './categories-section.js';
import { ReferralSection } from './referral-section.js';
import type { CardTabProps } from './card-tab.js';
import { customerBody, CustomerFields, CUSTOMER_FIELDS, formValuesOf } from './customer-fields.js';
import type { Customer } from './types.js';

export function ProfileTab({ customer, onChange }: CardTabProps) {
  const can = useCan();
  const form = useForm(formValuesOf(customer));
  const [saved, setSaved] = useState(false);
  const [terminating, setTerminating] = useState(false);
  const terminate = useForm({ reason: '' });
  const keyFor = useIntentKey();
  const editable = can('customers.write') && customer.status === 'active';

  const save = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(async (values) => {
      const updated = await api<Customer>('PATCH', `customers/${customer.id}`, customerBody(values, 'update'));
      form.replace(formValuesOf(updated));
      setSaved(true);
      onChange(updated);
    });
  };
  const confirmTermination = () =>
    terminate.submit(async ({ reason }) => {
      const updated = await api<Customer>('POST', `customers/${customer.id}/terminate`, { reason }, { idempotencyKey: keyFor({ customer: customer.id, reason }) });
      setTerminating(false);
      onChange(updated);
    });

  return (
    <>
      <form class="form" noValidate onSubmit={save}>
        <fieldset disabled={!editable}>
          <CustomerFields values={form.values} set={(name, value) => (setSaved(false), form.set(name, value))} error={form.error} />
        </fieldset>
        <FormErrors error={form.error} failure={form.failure} fields={CUSTOMER_FIELDS} />
        {editable && (
          <div class="row end">
            <button type="button" class="danger" onClick={() => setTerminating(true)}>
              {t('card.terminate')}
            </button>
            <SaveButton saved={saved} submitting={form.submitting} />
          </div>
        )}
        <ConfirmDialog
          open={terminating}
          danger
          title={t('card.terminateTitle', { name: customer.displayName })}
          confirmLabel={t('card.terminate')}
          onCancel={() => setTerminating(false)}
          onConfirm={() => void confirmTermination()}
        >
          <p>{t('card.terminateText')}</p>
          <TextField label={t('card.terminateReason')} required value={terminate.values.reason} error={terminate.error?.fieldError('reason')} onInput={(reason) => terminate.set('reason', reason)} />
          <FormErrors error={terminate.error} failure={terminate.failure} fields={['reason']} />
        </ConfirmDialog>
      </form>
      <CategoriesSection customer={customer} />
      <ReferralSection customer={customer} />
    </>
  );
}
