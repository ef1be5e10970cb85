import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { ConfirmDialog, DataTable, ErrorNotice, FormErrors, SelectField, StatusBadge, TextField, WhenLoaded } from '../../components.js';
import { formatDateTime } from '../../format.js';
import { useForm, useIntentKey, useLoad } from '../../hooks.js';
import { locale, t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { useAction, useIntentCounter } from './card-hooks.js';
import type { CardTabProps } from './card-tab.js';
import { ENTRY_METHODS, IDENTIFIER_TYPES, type CardBatch, type EntryMethod, type Identifier, type IdentifierStatus, type IdentifierType } from './types.js';

interface Holder {
  id: string;
  displayName: string;
}

/** A status change waiting for its reason in the dialog. */
interface StatusChange {
  identifier: Identifier;
  status: IdentifierStatus;
}

/** What moving an identifier to a status is called: its button and its dialog's question. */
const STATUS_ACTIONS = {
  active: { button: 'card.identifiers.unblock', title: 'card.identifiers.unblockTitle' },
  blocked: { button: 'card.identifiers.block', title: 'card.identifiers.blockTitle' },
  lost: { button: 'card.identifiers.markLost', title: 'card.identifiers.lostTitle' },
} as const satisfies Record<IdentifierStatus, { button: MessageKey; title: MessageKey }>;

/** The guest's cards, keys and phone numbers: bind, block, mark lost, re-assign, unbind. */
export function IdentifiersTab({ customer }: CardTabProps) {
  const can = useCan();
  const session = useSession();
  const manage = can('identifiers.manage') && customer.status === 'active';
  const list = useLoad(() => api<Identifier[]>('GET', `customers/${customer.id}/identifiers`), [customer.id]);
  // Batch names come from the batches, which only identifier managers may list.
  const showBatch = can('identifiers.manage');
  const batches = useLoad(() => (showBatch ? api<CardBatch[]>('GET', 'card-batches') : Promise.resolve([])), []);
  const action = useAction(list.reload);
  const [change, setChange] = useState<StatusChange | null>(null);
  const [unbinding, setUnbinding] = useState<Identifier | null>(null);
  const statusForm = useForm({ reason: '' });

  const batchName = (id: string) => batches.data?.find((batch) => batch.id === id)?.name ?? id;
  const openChange = (identifier: Identifier, status: IdentifierStatus) => {
    statusForm.replace({ reason: '' });
    setChange({ identifier, status });
  };
  const confirmChange = () =>
    statusForm.submit(async ({ reason }) => {
      if (!change) return;
      await api('PATCH', `identifiers/${change.identifier.id}`, { status: change.status, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setChange(null);
      list.reload();
    });
  const confirmUnbind = async () => {
    const identifier = unbinding;
    setUnbinding(null);
    if (identifier) await action.run(() => api('POST', `identifiers/${identifier.id}/unbind`));
  };

  return (
    <>
      {action.failure ? <ErrorNotice error={action.failure} /> : null}
      <WhenLoaded load={list} empty={t('card.identifiers.none')}>
        {(identifiers) => (
          <DataTable
            label={t('card.tab.identifiers')}
            columns={[
              t('card.identifiers.type'),
              t('card.identifiers.value'),
              t('card.identifiers.entryMethod'),
              t('card.identifiers.status'),
              showBatch && t('card.identifiers.batch'),
              t('card.identifiers.boundAt'),
              manage && {},
            ]}
          >
            {identifiers.map((identifier) => (
              <tr key={identifier.id} data-identifier={identifier.value}>
                <td>{t(`card.identifierType.${identifier.type}`)}</td>
                <td class="mono">{identifier.value}</td>
                <td>{identifier.entryMethod ? t(`card.entryMethod.${identifier.entryMethod}`) : t('state.none')}</td>
                <td>
                  <StatusBadge status={identifier.status} label={t(`card.identifierStatus.${identifier.status}`)} />
                  {identifier.statusReason && <div class="muted small">{identifier.statusReason}</div>}
                </td>
                {showBatch && <td>{identifier.batchId ? batchName(identifier.batchId) : t('state.none')}</td>}
                <td>{identifier.boundAt ? formatDateTime(identifier.boundAt, locale(), session.timeZone) : t('state.none')}</td>
                {manage && (
                  <td class="actions">
                    {(identifier.status === 'active' ? (['blocked', 'lost'] as const) : (['active'] as const)).map((status) => (
                      <button key={status} type="button" class={`small ${status === 'active' ? '' : 'danger'}`} disabled={action.busy} onClick={() => openChange(identifier, status)}>
                        {t(STATUS_ACTIONS[status].button)}
                      </button>
                    ))}
                    <button type="button" class="small" disabled={action.busy} onClick={() => setUnbinding(identifier)}>
                      {t('card.identifiers.unbind')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      {manage && <BindForm customerId={customer.id} customerName={customer.displayName} onBound={list.reload} />}
      <ConfirmDialog
        open={change !== null}
        danger={change?.status !== 'active'}
        title={change ? t(STATUS_ACTIONS[change.status].title, { value: change.identifier.value }) : ''}
        confirmLabel={change ? t(STATUS_ACTIONS[change.status].button) : undefined}
        onCancel={() => setChange(null)}
        onConfirm={() => void confirmChange()}
      >
        {change?.status !== 'active' && <p>{t('card.identifiers.blockText')}</p>}
        <TextField label={t('card.identifiers.reason')} value={statusForm.values.reason} error={statusForm.error?.fieldError('reason')} onInput={(reason) => statusForm.set('reason', reason)} />
        <FormErrors error={statusForm.error} failure={statusForm.failure} fields={['reason']} />
      </ConfirmDialog>
      <ConfirmDialog
        open={unbinding !== null}
        danger
        title={t('card.identifiers.unbindTitle', { value: unbinding?.value ?? '' })}
        confirmLabel={t('card.identifiers.unbind')}
        onCancel={() => setUnbinding(null)}
        onConfirm={() => void confirmUnbind()}
      >
        <p>{t('card.identifiers.unbindText')}</p>
      </ConfirmDialog>
    </>
  );
}

/** Binds a card; one another guest holds is named, and moves only after a confirmation. */
function BindForm(props: { customerId: string; customerName: string; onBound: () => void }) {
  const form = useForm({ type: 'barcode_card' as IdentifierType, value: '', entryMethod: '' as EntryMethod | '' });
  const keyFor = useIntentKey();
  const [intent, nextIntent] = useIntentCounter();
  const [holder, setHolder] = useState<Holder | null>(null);
  const [confirming, setConfirming] = useState(false);

  const bind = (reassign: boolean) =>
    form.submit(async (values) => {
      const body = { type: values.type, value: values.value.trim(), ...(values.entryMethod ? { entryMethod: values.entryMethod } : {}), ...(reassign ? { reassign: true } : {}) };
      try {
        await api<Identifier>('POST', `customers/${props.customerId}/identifiers`, body, { idempotencyKey: keyFor({ intent, body }) });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'identifier_has_holder') {
          setHolder(error.body.holder as Holder);
          return;
        }
        throw error;
      }
      setHolder(null);
      nextIntent();
      form.replace({ type: values.type, value: '', entryMethod: values.entryMethod });
      props.onBound();
    });
  const edit = <K extends 'type' | 'value' | 'entryMethod'>(name: K, value: (typeof form.values)[K]) => {
    setHolder(null);
    form.set(name, value);
  };

  return (
    <form
      class="form inline"
      noValidate
      aria-label={t('card.identifiers.bind')}
      onSubmit={(event) => {
        event.preventDefault();
        void bind(false);
      }}
    >
      <SelectField
        label={t('card.identifiers.type')}
        value={form.values.type}
        options={IDENTIFIER_TYPES.map((type) => ({ value: type, label: t(`card.identifierType.${type}`) }))}
        error={form.error?.fieldError('type')}
        onChange={(type) => edit('type', type)}
      />
      <TextField label={t('card.identifiers.value')} required value={form.values.value} error={form.error?.fieldError('value')} onInput={(value) => edit('value', value)} />
      <SelectField
        label={t('card.identifiers.entryMethod')}
        value={form.values.entryMethod}
        options={[{ value: '' as const, label: t('card.identifiers.entryMethodUnset') }, ...ENTRY_METHODS.map((method) => ({ value: method, label: t(`card.entryMethod.${method}`) }))]}
        error={form.error?.fieldError('entryMethod')}
        onChange={(entryMethod) => edit('entryMethod', entryMethod)}
      />
      <button class="primary" type="submit" disabled={form.submitting}>
        {t('card.identifiers.bind')}
      </button>
      <FormErrors error={form.error} failure={form.failure} fields={['type', 'value', 'entryMethod']} />
      {holder && (
        <div class="notice warning full" role="alert">
          <span>
            {t('card.identifiers.heldBy')} <a href={href('customers', holder.id, 'identifiers')}>{holder.displayName}</a>
          </span>
          <div class="row">
            <button type="button" onClick={() => setConfirming(true)} disabled={form.submitting}>
              {t('card.identifiers.reassign')}
            </button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('card.identifiers.reassignTitle')}
        confirmLabel={t('card.identifiers.reassign')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void bind(true);
        }}
      >
        <p>{t('card.identifiers.reassignText', { value: form.values.value.trim(), from: holder?.displayName ?? '', to: props.customerName })}</p>
      </ConfirmDialog>
    </form>
  );
}
