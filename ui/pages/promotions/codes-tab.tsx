import { useState } from 'preact/hooks';
import { api, apiFile, ApiError } from '../../api.js';
import { DataTable, ErrorNotice, FormErrors, NumberField, SelectField, StatusBadge, TextField, WhenLoaded } from '../../components.js';
import { formatDate, formatDateTime } from '../../format.js';
import { useForm, useIntentKey, useLoad } from '../../hooks.js';
import { locale, t, type MessageKey } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { periodRange } from '../customers/period-filter.js';
import type { Category, CodeBatch, CodeUsage, PromoCode } from './types.js';

const USAGES: { value: CodeUsage; label: MessageKey }[] = [
  { value: 'single', label: 'codes.usage.single' },
  { value: 'per_guest', label: 'codes.usage.per_guest' },
  { value: 'limited', label: 'codes.usage.limited' },
];

interface CodeFormValues {
  name: string;
  code: string;
  count: number | null;
  prefix: string;
  usage: CodeUsage;
  maxUses: number | null;
  /** Calendar days in the tenant's zone: the first day's start to the last day's end. */
  validFrom: string;
  validTo: string;
}

const FIELDS = ['name', 'code', 'count', 'prefix', 'usage', 'maxUses', 'validFrom', 'validTo'];

/** The category's promo codes: batches generated for printing, a code of the manager's own, and what became of a code. */
export function CodesTab(props: { category: Category }) {
  const batches = useLoad(() => api<CodeBatch[]>('GET', 'promo-code-batches'), []);
  const [creating, setCreating] = useState<'batch' | 'code' | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const session = useSession();

  const download = async (batch: CodeBatch) => {
    setFailure(null);
    try {
      const csv = await apiFile(`promo-code-batches/${encodeURIComponent(batch.id)}/codes.csv`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = `${batch.name}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <div class="promo-codes">
      <p class="muted">{t('codes.intro', { code: props.category.code })}</p>
      {creating ? (
        <CodeForm
          kind={creating}
          category={props.category}
          onCancel={() => setCreating(null)}
          onCreated={(what) => {
            setCreating(null);
            setCreated(what);
            batches.reload();
          }}
        />
      ) : (
        <div class="row">
          <button type="button" class="primary" onClick={() => setCreating('batch')}>
            {t('codes.newBatch')}
          </button>
          <button type="button" onClick={() => setCreating('code')}>
            {t('codes.newCode')}
          </button>
        </div>
      )}
      {created && (
        <p class="notice success" role="status">
          {created}
        </p>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}

      <h3>{t('codes.batches')}</h3>
      <WhenLoaded load={batches}>
        {(all) => {
          const mine = all.filter((batch) => batch.categoryCode === props.category.code);
          if (mine.length === 0) return <p class="muted">{t('codes.noBatches')}</p>;
          return (
            <DataTable label={t('codes.batches')} columns={[t('codes.batchName'), { label: t('codes.count'), amount: true }, t('codes.usage'), t('codes.validTo'), t('codes.created'), '']}>
              {mine.map((batch) => (
                <tr key={batch.id}>
                  <td>{batch.name}</td>
                  <td class="amount">{batch.count}</td>
                  <td>{usageText(batch.usage, batch.maxUses)}</td>
                  <td>{batch.validTo ? formatDate(batch.validTo, locale(), session.timeZone) : t('codes.noEnd')}</td>
                  <td>{formatDateTime(batch.createdAt, locale(), session.timeZone)}</td>
                  <td>
                    <button type="button" onClick={() => void download(batch)}>
                      {t('codes.download')}
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          );
        }}
      </WhenLoaded>

      <CodeLookup />
    </div>
  );
}

function usageText(usage: CodeUsage, maxUses: number | null): string {
  return usage === 'limited' ? t('codes.usage.limitedTo', { count: maxUses ?? 0 }) : t(`codes.usage.${usage}`);
}

/** A batch to generate, or one code typed by the manager, for the category. */
function CodeForm(props: { kind: 'batch' | 'code'; category: Category; onCancel: () => void; onCreated: (what: string) => void }) {
  const session = useSession();
  const keyFor = useIntentKey();
  const form = useForm<CodeFormValues>({ name: '', code: '', count: 100, prefix: '', usage: 'single', maxUses: null, validFrom: '', validTo: '' });
  const { values, set } = form;
  const error = (field: string) => form.error?.fieldError(field);
  const taken = form.error?.code === 'code_exists' || form.error?.code === 'code_batch_exists' ? form.error.messages.map((message) => message.replace(/^\w+: /, '')).join('; ') : undefined;

  const create = (event: Event) => {
    event.preventDefault();
    void form.submit(async (current) => {
      const validity = periodRange({ period: 'custom', from: current.validFrom, to: current.validTo }, session.timeZone);
      const terms = {
        categoryCode: props.category.code,
        usage: current.usage,
        ...(current.usage === 'limited' && current.maxUses !== null ? { maxUses: current.maxUses } : {}),
        ...(validity.from ? { validFrom: validity.from } : {}),
        ...(validity.to ? { validTo: validity.to } : {}),
      };
      if (props.kind === 'batch') {
        const body = { ...terms, name: current.name.trim(), count: current.count, ...(current.prefix.trim() ? { prefix: current.prefix.trim() } : {}) };
        const batch = await api<CodeBatch>('POST', 'promo-code-batches', body, { idempotencyKey: keyFor(body) });
        props.onCreated(t('codes.batchCreated', { name: batch.name, count: batch.count }));
      } else {
        const body = { ...terms, code: current.code.trim() };
        const code = await api<PromoCode>('POST', 'promo-codes', body, { idempotencyKey: keyFor(body) });
        props.onCreated(t('codes.codeCreated', { code: code.code }));
      }
    });
  };

  return (
    <form class="form promo-panel" noValidate onSubmit={create} aria-labelledby="code-form-title">
      <h2 id="code-form-title">{t(props.kind === 'batch' ? 'codes.newBatch' : 'codes.newCode')}</h2>
      <div class="grid">
        {props.kind === 'batch' ? (
          <>
            <TextField label={t('codes.batchName')} required maxLength={200} value={values.name} error={error('name') ?? taken} onInput={(v) => set('name', v)} />
            <NumberField label={t('codes.count')} required min={1} max={100_000} value={values.count} error={error('count')} onInput={(v) => set('count', v)} />
            <TextField label={t('codes.prefix')} hint={t('codes.prefixHint')} maxLength={10} value={values.prefix} error={error('prefix')} onInput={(v) => set('prefix', v.toUpperCase())} />
          </>
        ) : (
          <TextField label={t('codes.code')} hint={t('codes.codeHint')} required maxLength={64} value={values.code} error={error('code') ?? taken} onInput={(v) => set('code', v)} />
        )}
        <SelectField<CodeUsage> label={t('codes.usage')} value={values.usage} error={error('usage')} options={USAGES.map((usage) => ({ value: usage.value, label: t(usage.label) }))} onChange={(v) => set('usage', v)} />
        {values.usage === 'limited' && <NumberField label={t('codes.maxUses')} required min={1} max={1_000_000} value={values.maxUses} error={error('maxUses')} onInput={(v) => set('maxUses', v)} />}
        <TextField type="date" label={t('codes.validFrom')} value={values.validFrom} error={error('validFrom')} onInput={(v) => set('validFrom', v)} />
        <TextField type="date" label={t('codes.validTo')} value={values.validTo} error={error('validTo')} onInput={(v) => set('validTo', v)} />
      </div>
      <FormErrors error={taken ? null : form.error} failure={form.failure} fields={FIELDS} />
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : t(props.kind === 'batch' ? 'codes.generate' : 'action.create')}
        </button>
      </div>
    </form>
  );
}

/** What became of one code: how often it was used, and on which tabs. */
function CodeLookup() {
  const session = useSession();
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<PromoCode | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const look = async (event: Event) => {
    event.preventDefault();
    setFound(null);
    setMissing(null);
    setFailure(null);
    try {
      setFound(await api<PromoCode>('GET', `promo-codes/${encodeURIComponent(typed.trim())}`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setMissing(typed.trim());
      else setFailure(error);
    }
  };

  return (
    <section aria-labelledby="code-lookup-title">
      <h3 id="code-lookup-title">{t('codes.lookup')}</h3>
      <form class="row" role="search" aria-label={t('codes.lookup')} onSubmit={(event) => void look(event)}>
        <TextField label={t('codes.code')} value={typed} onInput={setTyped} />
        <button type="submit" disabled={!typed.trim()}>
          {t('codes.find')}
        </button>
      </form>
      {missing && <p class="notice warning">{t('codes.notFound', { code: missing })}</p>}
      {failure ? <ErrorNotice error={failure} /> : null}
      {found && (
        <div class="promo-panel" aria-label={found.code}>
          <p>
            <code class="promo-code">{found.code}</code> · {usageText(found.usage, found.maxUses)} · {t('codes.usedTimes', { count: found.used })}
            {found.validTo && <> · {t('codes.until', { date: formatDate(found.validTo, locale(), session.timeZone) })}</>}
          </p>
          {found.uses.length === 0 ? (
            <p class="muted">{t('codes.notUsed')}</p>
          ) : (
            <DataTable label={t('codes.uses')} columns={[t('codes.tab'), t('codes.status'), t('codes.when')]}>
              {found.uses.map((use) => (
                <tr key={use.tabId}>
                  <td>
                    <code>{use.tabId}</code>
                  </td>
                  <td>
                    <StatusBadge status={use.status} label={t(`codes.status.${use.status}`)} />
                  </td>
                  <td>{formatDateTime(use.updatedAt, locale(), session.timeZone)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
      )}
    </section>
  );
}
