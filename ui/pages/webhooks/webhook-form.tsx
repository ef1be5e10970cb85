import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, FormErrors, Page, TextField, WhenLoaded } from '../../components.js';
import { useForm, useIntentKey, useLoad, type Form } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { eventTypeText } from './describe.js';
import { SecretNotice } from './secret-notice.js';
import { EVERY_TYPE, SUBSCRIBABLE_TYPES, type SubscribedType, type Webhook, type WebhookWithSecret } from './types.js';

type PickedType = (typeof SUBSCRIBABLE_TYPES)[number];

interface WebhookValues {
  url: string;
  description: string;
  everyType: boolean;
  /** Kept while "all events" is chosen, so switching back does not lose the ticks. */
  types: PickedType[];
  active: boolean;
}

const valuesOf = (webhook: Webhook | null): WebhookValues => ({
  url: webhook?.url ?? '',
  description: webhook?.description ?? '',
  everyType: webhook ? webhook.eventTypes.includes(EVERY_TYPE) : false,
  types: (webhook?.eventTypes ?? []).filter((type): type is PickedType => type !== EVERY_TYPE),
  active: webhook?.active ?? true,
});

/** The types in CONTRACT.md's order; none ticked is sent as none, for the API to say that one is needed. */
const eventTypesOf = (values: WebhookValues): SubscribedType[] => (values.everyType ? [EVERY_TYPE] : SUBSCRIBABLE_TYPES.filter((type) => values.types.includes(type)));

const FIELDS = ['url', 'description', 'eventTypes', 'active'];

/** A new subscription; once made, its signing secret in place of the form, the one time the API shows it. */
export function NewWebhookPage() {
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const keyFor = useIntentKey();
  const back = { href: href('webhooks'), label: t('webhooks.title') };
  const create = async (values: WebhookValues) => {
    const description = values.description.trim();
    const body = { url: values.url.trim(), eventTypes: eventTypesOf(values), ...(description ? { description } : {}), active: values.active };
    setCreated(await api<WebhookWithSecret>('POST', 'webhooks', body, { idempotencyKey: keyFor(body) }));
  };
  return (
    <Page title={created ? created.url : t('webhooks.new')} back={back}>
      {created ? (
        <SecretNotice secret={created.secret} message={t('webhooks.secret.created')}>
          <a class="button primary" href={href('webhooks', created.id)}>
            {t('webhooks.secret.open')}
          </a>
        </SecretNotice>
      ) : (
        <WebhookForm webhook={null} cancel={back.href} save={create} />
      )}
    </Page>
  );
}

export function WebhookEditPage(props: { id: string }) {
  const webhook = useLoad(() => api<Webhook>('GET', `webhooks/${encodeURIComponent(props.id)}`), [props.id]);
  const back = href('webhooks', props.id);
  const update = async (values: WebhookValues) => {
    const body = { url: values.url.trim(), eventTypes: eventTypesOf(values), description: values.description.trim() || null, active: values.active };
    await api<Webhook>('PATCH', `webhooks/${encodeURIComponent(props.id)}`, body);
    navigate(back);
  };
  return (
    <WhenLoaded load={webhook}>
      {(current) => (
        <Page title={t('webhooks.editTitle')} back={{ href: back, label: current.url }}>
          <WebhookForm key={current.id} webhook={current} cancel={back} save={update} />
        </Page>
      )}
    </WhenLoaded>
  );
}

function WebhookForm(props: { webhook: Webhook | null; cancel: string; save: (values: WebhookValues) => Promise<void> }) {
  const form = useForm(valuesOf(props.webhook));
  const { values, set } = form;
  const error = (path: string) => form.error?.fieldError(path);
  // A URL to a private address is refused with 422 private_target, its message naming the url: shown beside it.
  const privateTarget = form.error?.code === 'private_target' ? form.error : null;
  const urlError = error('url') ?? privateTarget?.messages.map((message) => message.replace(/^url: /, '')).join('; ');

  const submit = (event: Event) => {
    event.preventDefault();
    void form.submit(props.save);
  };

  return (
    <form class="form" noValidate onSubmit={submit}>
      <TextField label={t('webhooks.field.url')} hint={t('webhooks.field.urlHint')} required maxLength={2000} placeholder="https://" value={values.url} error={urlError} onInput={(v) => set('url', v)} />
      <TextField
        label={t('webhooks.field.description')}
        hint={t('webhooks.field.descriptionHint')}
        maxLength={200}
        value={values.description}
        error={error('description')}
        onInput={(v) => set('description', v)}
      />
      <TypePicker form={form} />
      <CheckboxField label={t('webhooks.field.active')} hint={t('webhooks.field.activeHint')} checked={values.active} error={error('active')} onChange={(v) => set('active', v)} />
      <FormErrors error={privateTarget ? null : form.error} failure={form.failure} fields={FIELDS} />
      <div class="row end">
        <a class="button" href={props.cancel}>
          {t('action.cancel')}
        </a>
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : props.webhook ? t('action.save') : t('action.create')}
        </button>
      </div>
    </form>
  );
}

/** Every event (`*`, new types included), or the documented types one by one. */
function TypePicker(props: { form: Form<WebhookValues> }) {
  const { values, set } = props.form;
  const error = props.form.error?.fieldError('eventTypes');
  const toggle = (type: PickedType, on: boolean) => set('types', on ? [...values.types, type] : values.types.filter((other) => other !== type));
  return (
    <fieldset class={`choices webhook-types ${error ? 'invalid' : ''}`}>
      <legend>{t('webhooks.field.types')}</legend>
      <label class="webhook-scope">
        <input type="radio" name="webhook-scope" checked={values.everyType} onChange={() => set('everyType', true)} />
        {t('webhooks.field.allTypes')}
      </label>
      <label class="webhook-scope">
        <input type="radio" name="webhook-scope" checked={!values.everyType} onChange={() => set('everyType', false)} />
        {t('webhooks.field.someTypes')}
      </label>
      <fieldset class="choices" disabled={values.everyType} aria-label={t('webhooks.field.someTypes')}>
        {SUBSCRIBABLE_TYPES.map((type) => (
          <CheckboxField key={type} label={`${eventTypeText(type)} (${type})`} checked={values.types.includes(type)} onChange={(on) => toggle(type, on)} />
        ))}
      </fieldset>
      {error ? <small class="field-error">{error}</small> : !values.everyType && <small class="hint">{t('webhooks.field.typesHint')}</small>}
    </fieldset>
  );
}
