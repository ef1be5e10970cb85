import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, FormErrors, TextField, WhenLoaded, SaveButton } from '../../components.js';
import { useForm, useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import type { MessageSettings } from './types.js';

interface QuietValues {
  quiet: boolean;
  from: string;
  until: string;
}

/** When no message goes out, on the restaurant's wall clock. */
export function QuietHoursForm() {
  const settings = useLoad(() => api<MessageSettings>('GET', 'messages/settings'), []);
  const form = useForm<QuietValues>({ quiet: true, from: '22:00', until: '09:00' });
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const hours = settings.data?.quietHours;
    if (settings.data) form.replace({ quiet: hours !== null, from: hours?.from ?? '22:00', until: hours?.until ?? '09:00' });
  }, [settings.data]);
  const set = <K extends keyof QuietValues>(name: K, value: QuietValues[K]) => (setSaved(false), form.set(name, value));
  const save = (event: Event) => {
    event.preventDefault();
    void form.submit(async (values) => {
      settings.setData(await api<MessageSettings>('PUT', 'messages/settings', { quietHours: values.quiet ? { from: values.from, until: values.until } : null }));
      setSaved(true);
    });
  };
  return (
    <section class="setup-section" aria-labelledby="quiet-hours-title">
      <h2 id="quiet-hours-title">{t('messages.quiet.title')}</h2>
      <WhenLoaded load={settings}>
        {(current) => (
          <form class="form" noValidate onSubmit={save}>
            <p class="muted small">
              {current.channel ? t('messages.channel', { channel: current.channel, timeZone: current.timeZone }) : t('messages.noChannel')}
            </p>
            <CheckboxField label={t('messages.quiet.enabled')} checked={form.values.quiet} onChange={(value) => set('quiet', value)} />
            <fieldset disabled={!form.values.quiet}>
              <div class="grid wide">
                <TextField type="time" label={t('messages.quiet.from')} value={form.values.from} error={form.error?.fieldError('quietHours.from')} onInput={(value) => set('from', value)} />
                <TextField type="time" label={t('messages.quiet.until')} value={form.values.until} error={form.error?.fieldError('quietHours.until')} onInput={(value) => set('until', value)} />
              </div>
            </fieldset>
            <FormErrors error={form.error} failure={form.failure} fields={['quietHours.from', 'quietHours.until']} />
            <div class="row end">
              <SaveButton saved={saved} submitting={form.submitting} label={t('messages.save')} />
            </div>
          </form>
        )}
      </WhenLoaded>
    </section>
  );
}
