import { api } from '../../api.js';
import { CheckboxField, DataTable, Empty, ErrorNotice, FormErrors, SelectField, TextField } from '../../components.js';
import { useForm, useIntentKey } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { useCan } from '../../session.js';
import type { CardTabProps } from './card-tab.js';
import { CONTACT_TYPES, type Contact, type ContactType } from './types.js';
import { useState } from 'preact/hooks';

export function ContactsTab({ customer, onChange }: CardTabProps) {
  const can = useCan();
  const editable = can('customers.write') && customer.status === 'active';
  const form = useForm({ type: 'mobile' as ContactType, value: '', label: '', primary: false });
  const keyFor = useIntentKey();
  const [failure, setFailure] = useState<unknown>(null);
  const path = `customers/${customer.id}/contacts`;

  const add = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      const body = { type: values.type, value: values.value.trim(), ...(values.label.trim() ? { label: values.label.trim() } : {}), primary: values.primary };
      await api<Contact>('POST', path, body, { idempotencyKey: keyFor(body) });
      form.replace({ type: values.type, value: '', label: '', primary: false });
      onChange();
    });
  };
  const act = async (work: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await work();
      onChange();
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <>
      {failure ? <ErrorNotice error={failure} /> : null}
      {customer.contacts.length === 0 ? (
        <Empty />
      ) : (
        <DataTable columns={[t('contacts.type'), t('contacts.value'), t('contacts.label'), t('contacts.primary'), editable && {}]}>
          {customer.contacts.map((contact) => (
            <tr key={contact.id}>
              <td>{t(`contact.${contact.type}`)}</td>
              <td>{contact.value}</td>
              <td>{contact.label ?? ''}</td>
              <td>{contact.primary ? t('state.yes') : ''}</td>
              {editable && (
                <td class="actions">
                  {!contact.primary && (
                    <button type="button" class="small" onClick={() => act(() => api('PATCH', `${path}/${contact.id}`, { primary: true }))}>
                      {t('contacts.makePrimary')}
                    </button>
                  )}
                  <button type="button" class="small danger" onClick={() => act(() => api('DELETE', `${path}/${contact.id}`))}>
                    {t('action.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {editable && (
        <form class="form inline" noValidate onSubmit={add} aria-label={t('contacts.add')}>
          <SelectField
            label={t('contacts.type')}
            value={form.values.type}
            options={CONTACT_TYPES.map((type) => ({ value: type, label: t(`contact.${type}`) }))}
            error={form.error?.fieldError('type')}
            onChange={(type) => form.set('type', type)}
          />
          <TextField label={t('contacts.value')} required value={form.values.value} error={form.error?.fieldError('value')} onInput={(value) => form.set('value', value)} />
          <TextField label={t('contacts.label')} value={form.values.label} error={form.error?.fieldError('label')} onInput={(label) => form.set('label', label)} />
          <CheckboxField label={t('contacts.primary')} checked={form.values.primary} onChange={(primary) => form.set('primary', primary)} />
          <button class="primary" type="submit" disabled={form.submitting}>
            {t('contacts.add')}
          </button>
          <FormErrors error={form.error} failure={form.failure} fields={['type', 'value', 'label', 'primary']} />
        </form>
      )}
    </>
  );
}
