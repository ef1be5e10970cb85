import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { FormErrors, Page, SelectField, StatusBadge, Tabs, TextAreaField, TextField, WhenLoaded, SaveButton } from '../../components.js';
import { useForm, useLoad } from '../../hooks.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { QuietHoursForm } from './quiet-hours-form.js';
import { MESSAGE_KINDS as KINDS, MESSAGE_LANGUAGES as LANGUAGES, type MessageKind, type MessageLanguage, type MessageTemplate, type Preview } from './types.js';

const kindLabel = (kind: MessageKind) => t(`messages.kind.${kind}` as MessageKey);
const path = (kind: MessageKind, language: MessageLanguage) => `messages/templates/${kind}/${language}`;

/** The messages guests get: each kind's words in each language, changed and previewed before they go out, and the quiet hours. */
export function MessagesPage() {
  const [kind, setKind] = useState<MessageKind>('points.expiring');
  const [language, setLanguage] = useState<MessageLanguage>('en');
  const templates = useLoad(() => api<MessageTemplate[]>('GET', 'messages/templates'), []);
  return (
    <Page title={t('messages.title')}>
      <p class="muted">{t('messages.intro')}</p>
      <Tabs label={t('messages.kinds')} tabs={KINDS.map((id) => ({ id, label: kindLabel(id) }))} active={kind} onSelect={setKind} />
      <WhenLoaded load={templates}>
        {(list) => {
          const template = list.find((candidate) => candidate.kind === kind && candidate.language === language)!;
          return (
            <TemplateEditor
              key={`${kind} ${language}`}
              template={template}
              language={language}
              onLanguage={setLanguage}
              onSaved={(saved) => templates.setData(list.map((candidate) => (candidate.kind === saved.kind && candidate.language === saved.language ? saved : candidate)))}
            />
          );
        }}
      </WhenLoaded>
      <QuietHoursForm />
    </Page>
  );
}

function TemplateEditor(props: { template: MessageTemplate; language: MessageLanguage; onLanguage: (language: MessageLanguage) => void; onSaved: (template: MessageTemplate) => void }) {
  const { template } = props;
  const form = useForm({ subject: template.subject, body: template.body });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [saved, setSaved] = useState(false);

  // The preview follows the words as they are typed, a moment after the typing stops.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (!form.values.subject || !form.values.body) return setPreview(null);
      api<Preview>('POST', 'messages/preview', { kind: template.kind, language: props.language, ...form.values }).then(setPreview, () => setPreview(null));
    }, 300);
    return () => clearTimeout(timer);
  }, [form.values.subject, form.values.body]);

  const change = (name: 'subject' | 'body', value: string) => (setSaved(false), form.set(name, value));
  const save = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      props.onSaved(await api<MessageTemplate>('PUT', path(template.kind, props.language), values));
      setSaved(true);
    });
  };
  const reset = () =>
    void form.submit(async () => {
      const restored = await api<MessageTemplate>('DELETE', path(template.kind, props.language));
      form.replace({ subject: restored.subject, body: restored.body });
      props.onSaved(restored);
    });

  return (
    <section class="setup-section" aria-labelledby="template-title">
      <div class="row">
        <h2 id="template-title" class="grow-text">
          {kindLabel(template.kind)}{' '}
          <StatusBadge status={template.purpose === 'marketing' ? 'inactive' : 'active'} label={t(`messages.purpose.${template.purpose}` as MessageKey)} />
          {template.custom && <StatusBadge status="active" label={t('messages.custom')} />}
        </h2>
        <SelectField label={t('messages.language')} value={props.language} options={LANGUAGES.map((value) => ({ value, label: t(`messages.language.${value}` as MessageKey) }))} onChange={props.onLanguage} />
      </div>
      <div class="grid wide">
        <form class="form" noValidate onSubmit={save}>
          <TextField label={t('messages.subject')} value={form.values.subject} maxLength={200} required error={form.error?.fieldError('subject')} onInput={(value) => change('subject', value)} />
          <TextAreaField label={t('messages.body')} rows={8} value={form.values.body} required error={form.error?.fieldError('body')} onInput={(value) => change('body', value)} />
          <p class="muted small">{t('messages.placeholders', { list: template.placeholders.map((name) => `{{${name}}}`).join(' ') })}</p>
          <FormErrors error={form.error} failure={form.failure} fields={['subject', 'body']} />
          <div class="row end">
            {template.custom && (
              <button type="button" disabled={form.submitting} onClick={reset}>
                {t('messages.reset')}
              </button>
            )}
            <SaveButton saved={saved} submitting={form.submitting} label={t('messages.save')} />
          </div>
        </form>
        <figure class="message-preview" aria-live="polite">
          <figcaption class="muted small">{t('messages.preview')}</figcaption>
          {preview ? (
            <>
              <p>
                <strong>{preview.subject}</strong>
              </p>
              <p style={{ whiteSpace: 'pre-wrap' }}>{preview.text}</p>
            </>
          ) : (
            <p class="muted">{t('messages.noPreview')}</p>
          )}
        </figure>
      </div>
    </section>
  );
}
