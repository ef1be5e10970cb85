import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { FormErrors, Page, TextField } from '../../components.js';
import { useForm, useIntentKey } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { customerBody, CustomerFields, CUSTOMER_FIELDS, formValuesOf, type CustomerFormValues } from './customer-fields.js';
import type { Customer } from './types.js';

interface Candidate {
  id: string;
  displayName: string;
  matchedOn: ('name' | 'phone')[];
}

type NewCustomerValues = CustomerFormValues & { phone: string; email: string };

/** The contacts typed on the form, in the order the body sends them (so `contacts[i]` finds its field). */
function contactsOf(values: NewCustomerValues): { field: 'phone' | 'email'; contact: { type: string; value: string } }[] {
  const phoneType = values.kind === 'individual' ? 'mobile' : 'work_phone';
  return [
    ...(values.phone.trim() ? [{ field: 'phone' as const, contact: { type: phoneType, value: values.phone.trim() } }] : []),
    ...(values.email.trim() ? [{ field: 'email' as const, contact: { type: 'email', value: values.email.trim() } }] : []),
  ];
}

export function NewCustomer() {
  const form = useForm<NewCustomerValues>({ ...formValuesOf(null), phone: '', email: '' });
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const keyFor = useIntentKey();
  const { values, set } = form;
  const contacts = contactsOf(values);
  const contactError = (field: 'phone' | 'email') => {
    const index = contacts.findIndex((entry) => entry.field === field);
    return index < 0 ? undefined : form.error?.fieldError(`contacts[${index}]`);
  };

  const save = (allowDuplicate: boolean) =>
    form.submit(async (current) => {
      const body = {
        kind: current.kind,
        ...customerBody(current, 'create'),
        contacts: contactsOf(current).map((entry) => entry.contact),
        ...(allowDuplicate ? { allowDuplicate: true } : {}),
      };
      try {
        const created = await api<Customer>('POST', 'customers', body, { idempotencyKey: keyFor(body) });
        navigate(href('customers', created.id));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'possible_duplicate') {
          setCandidates((error.body.candidates as Candidate[]) ?? []);
          return;
        }
        throw error;
      }
    });

  return (
    <Page title={t('customers.new')} back={{ href: '#/customers', label: t('customers.title') }}>
      <form
        class="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setCandidates(null);
          void save(false);
        }}
      >
        <fieldset class="segmented">
          <legend>{t('customer.kind')}</legend>
          {(['individual', 'organisation'] as const).map((kind) => (
            <label key={kind}>
              <input type="radio" name="kind" value={kind} checked={values.kind === kind} onChange={() => set('kind', kind)} />
              {t(kind === 'individual' ? 'kind.individual' : 'kind.organisation')}
            </label>
          ))}
        </fieldset>
        <div class="grid">
          <TextField type="tel" label={values.kind === 'individual' ? t('customer.mobile') : t('customer.workPhone')} value={values.phone} error={contactError('phone')} onInput={(v) => set('phone', v)} />
          <TextField type="email" label={t('customer.email')} value={values.email} error={contactError('email')} onInput={(v) => set('email', v)} />
        </div>
        <CustomerFields values={values} set={set} error={form.error} />
        <FormErrors error={form.error} failure={form.failure} fields={[...CUSTOMER_FIELDS, 'contacts', 'kind']} />
        {candidates && (
          <div class="notice warning" role="alert">
            <strong>{t('duplicate.title')}</strong>
            <ul>
              {candidates.map((candidate) => (
                <li key={candidate.id}>
                  <a href={href('customers', candidate.id)}>{candidate.displayName}</a>{' '}
                  <span class="muted">({t('duplicate.matched', { fields: candidate.matchedOn.map((on) => t(`duplicate.on.${on}`)).join(', ') })})</span>{' '}
                  <a class="button small" href={href('customers', candidate.id)}>
                    {t('action.open')}
                  </a>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void save(true)} disabled={form.submitting}>
              {t('duplicate.createAnyway')}
            </button>
          </div>
        )}
        <div class="row end">
          <a class="button" href="#/customers">
            {t('action.cancel')}
          </a>
          <button class="primary" type="submit" disabled={form.submitting}>
            {form.submitting ? t('state.saving') : t('action.create')}
          </button>
        </div>
      </form>
    </Page>
  );
}
