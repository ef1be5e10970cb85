import type { ApiError } from '../../api.js';
import { CheckboxField, SelectField, tagsOf, tagsText, TextAreaField, TextField } from '../../components.js';
import { t } from '../../i18n/index.js';
import { GENDERS, type Customer } from './types.js';

/** The profile as a form edits it: text boxes hold strings, empty means "not given". */
export interface CustomerFormValues {
  kind: Customer['kind'];
  firstName: string;
  middleName: string;
  lastName: string;
  name: string;
  businessDomain: string;
  contactPerson: string;
  birthDate: string;
  gender: string;
  address: string;
  room: string;
  notes: string;
  preferencesText: string;
  preferenceTags: string;
  announcement: string;
  tags: string;
  responsibleEmployeeId: string;
  marketingConsent: boolean;
}

export function formValuesOf(customer: Customer | null): CustomerFormValues {
  return {
    kind: customer?.kind ?? 'individual',
    firstName: customer?.firstName ?? '',
    middleName: customer?.middleName ?? '',
    lastName: customer?.lastName ?? '',
    name: customer?.name ?? '',
    businessDomain: customer?.businessDomain ?? '',
    contactPerson: customer?.contactPerson ?? '',
    birthDate: customer?.birthDate ?? '',
    gender: customer?.gender ?? '',
    address: customer?.address ?? '',
    room: customer?.room ?? '',
    notes: customer?.notes ?? '',
    preferencesText: customer?.preferences.text ?? '',
    preferenceTags: tagsText(customer?.preferences.tags ?? []),
    announcement: customer?.announcement ?? '',
    tags: tagsText(customer?.tags ?? []),
    responsibleEmployeeId: customer?.responsibleEmployeeId ?? '',
    marketingConsent: customer?.marketingConsent ?? false,
  };
}

/**
 * The API's body for these values. A new customer leaves out what is empty; an edit
 * sends null, which clears the field.
 */
export function customerBody(values: CustomerFormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const text = (value: string) => (value.trim() === '' ? (mode === 'create' ? undefined : null) : value.trim());
  const individual = values.kind === 'individual';
  const body: Record<string, unknown> = {
    ...(individual
      ? { firstName: text(values.firstName), middleName: text(values.middleName), lastName: text(values.lastName), birthDate: text(values.birthDate), gender: text(values.gender) }
      : { name: text(values.name), businessDomain: text(values.businessDomain), contactPerson: text(values.contactPerson) }),
    address: text(values.address),
    room: text(values.room),
    notes: text(values.notes),
    announcement: text(values.announcement),
    responsibleEmployeeId: text(values.responsibleEmployeeId),
    preferences: { text: text(values.preferencesText) ?? undefined, tags: tagsOf(values.preferenceTags) },
    tags: tagsOf(values.tags),
    marketingConsent: values.marketingConsent,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** The API's field paths this form shows beside its fields. */
export const CUSTOMER_FIELDS = [
  'firstName',
  'middleName',
  'lastName',
  'name',
  'businessDomain',
  'contactPerson',
  'birthDate',
  'gender',
  'address',
  'room',
  'notes',
  'preferences.text',
  'preferences.tags',
  'announcement',
  'tags',
  'responsibleEmployeeId',
  'marketingConsent',
];

export function CustomerFields<T extends CustomerFormValues>(props: { values: T; set: <K extends keyof T>(name: K, value: T[K]) => void; error: ApiError | null }) {
  const { values, set } = props;
  const error = (path: string) => props.error?.fieldError(path);
  return (
    <>
      {values.kind === 'individual' ? (
        <div class="grid">
          <TextField label={t('customer.firstName')} value={values.firstName} error={error('firstName')} onInput={(v) => set('firstName', v)} />
          <TextField label={t('customer.middleName')} value={values.middleName} error={error('middleName')} onInput={(v) => set('middleName', v)} />
          <TextField label={t('customer.lastName')} value={values.lastName} error={error('lastName')} onInput={(v) => set('lastName', v)} />
          <TextField type="date" label={t('customer.birthDate')} value={values.birthDate} error={error('birthDate')} onInput={(v) => set('birthDate', v)} />
          <SelectField
            label={t('customer.gender')}
            value={values.gender}
            error={error('gender')}
            options={[{ value: '', label: t('gender.unset') }, ...GENDERS.map((gender) => ({ value: gender, label: t(`gender.${gender}`) }))]}
            onChange={(v) => set('gender', v)}
          />
        </div>
      ) : (
        <div class="grid">
          <TextField label={t('customer.orgName')} value={values.name} required error={error('name')} onInput={(v) => set('name', v)} />
          <TextField label={t('customer.businessDomain')} value={values.businessDomain} error={error('businessDomain')} onInput={(v) => set('businessDomain', v)} />
          <TextField label={t('customer.contactPerson')} value={values.contactPerson} error={error('contactPerson')} onInput={(v) => set('contactPerson', v)} />
        </div>
      )}
      <div class="grid">
        <TextField label={t('customer.address')} value={values.address} error={error('address')} onInput={(v) => set('address', v)} />
        <TextField label={t('customer.room')} value={values.room} error={error('room')} onInput={(v) => set('room', v)} />
        <TextField label={t('customer.tags')} hint={t('customer.tagsHint')} value={values.tags} error={error('tags')} onInput={(v) => set('tags', v)} />
        <TextField label={t('customer.responsible')} value={values.responsibleEmployeeId} error={error('responsibleEmployeeId')} onInput={(v) => set('responsibleEmployeeId', v)} />
      </div>
      <div class="grid">
        <TextAreaField label={t('customer.preferences')} value={values.preferencesText} error={error('preferences.text')} onInput={(v) => set('preferencesText', v)} />
        <TextField label={t('customer.preferenceTags')} hint={t('customer.tagsHint')} value={values.preferenceTags} error={error('preferences.tags')} onInput={(v) => set('preferenceTags', v)} />
        <TextAreaField label={t('customer.announcement')} value={values.announcement} error={error('announcement')} onInput={(v) => set('announcement', v)} />
        <TextAreaField label={t('customer.notes')} value={values.notes} error={error('notes')} onInput={(v) => set('notes', v)} />
      </div>
      <CheckboxField label={t('customer.marketingConsent')} checked={values.marketingConsent} error={error('marketingConsent')} onChange={(v) => set('marketingConsent', v)} />
    </>
  );
}
