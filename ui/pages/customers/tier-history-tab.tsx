import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ConfirmDialog, DataTable, FormErrors, Money, SelectField, TextField, WhenLoaded } from '../../components.js';
import { formatDateTime, formatNumber } from '../../format.js';
import { useForm, useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { useCan, useSession } from '../../session.js';
import type { CardTabProps } from './card-tab.js';
import type { TierMove, TierSummary } from './types.js';

/** A metric's value as the tier counts it: spend in money, points and visits as numbers. */
function MetricValue(props: { metric: TierMove['metric']; value: number }) {
  const session = useSession();
  return props.metric === 'spent' ? <Money minor={props.value} currency={session.currency} /> : <>{formatNumber(props.value, locale())}</>;
}

/** The guest's tier now, every move with its reason, and a move by hand. */
export function TierHistoryTab({ customer, onChange }: CardTabProps) {
  const can = useCan();
  const session = useSession();
  const moves = useLoad(() => api<TierMove[]>('GET', `customers/${customer.id}/tier-moves`), [customer.id]);
  const tiers = useLoad(() => api<TierSummary[]>('GET', 'tiers'), []);
  const nameOf = (code: string | null) => (code === null ? t('card.tiers.noTier') : (tiers.data?.find((tier) => tier.code === code)?.name ?? code));
  const current = tiers.data?.find((tier) => tier.id === customer.tierId);
  const byWhom = (move: TierMove) =>
    move.actorId ?? (move.jobRunId ? t('card.tiers.byJob', { run: move.jobRunId }) : move.visitId ? t('card.tiers.byVisit') : t('state.none'));

  return (
    <>
      <div class="stats">
        <div class="stat">
          <div class="label">{t('card.tiers.current')}</div>
          <div class="value">{customer.tierId ? (current?.name ?? t('state.loading')) : t('card.tiers.noTier')}</div>
        </div>
      </div>
      <WhenLoaded load={moves} empty={t('card.tiers.none')}>
        {(list) => (
          <DataTable
            label={t('card.tab.tiers')}
            columns={[
              t('card.tiers.time'),
              t('card.tiers.from'),
              t('card.tiers.to'),
              t('card.tiers.reason'),
              { label: t('card.tiers.metricValue'), amount: true },
              t('card.tiers.by'),
            ]}
          >
            {list.map((move) => (
              <tr key={move.id}>
                <td class="nowrap">{formatDateTime(move.movedAt, locale(), session.timeZone)}</td>
                <td>{nameOf(move.fromTierCode)}</td>
                <td>{nameOf(move.toTierCode)}</td>
                <td>
                  {t(`card.moveReason.${move.reason}`)}
                  {move.note && <div class="muted small">{move.note}</div>}
                </td>
                <td class="amount">
                  {move.metric && move.metricValue !== null ? (
                    <>
                      <MetricValue metric={move.metric} value={move.metricValue} />
                      {move.threshold !== null && (
                        <div class="muted small">
                          {t('card.tiers.threshold')} <MetricValue metric={move.metric} value={move.threshold} />
                        </div>
                      )}
                    </>
                  ) : (
                    t('state.none')
                  )}
                </td>
                <td>{byWhom(move)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      {can('tiers.manage') && customer.status === 'active' && tiers.data && (
        <MoveForm
          customerId={customer.id}
          customerName={customer.displayName}
          tiers={tiers.data}
          currentCode={current?.code ?? null}
          onMoved={() => {
            moves.reload();
            onChange();
          }}
        />
      )}
    </>
  );
}

/** Puts the guest into a tier by hand (or out of every tier), after a confirmation. */
function MoveForm(props: { customerId: string; customerName: string; tiers: TierSummary[]; currentCode: string | null; onMoved: () => void }) {
  const others = props.tiers.filter((tier) => tier.code !== props.currentCode);
  const form = useForm({ tierCode: others[0]?.code ?? '', note: '' });
  const [confirming, setConfirming] = useState(false);
  const options = [...others.map((tier) => ({ value: tier.code, label: tier.name })), ...(props.currentCode ? [{ value: '', label: t('card.tiers.noTier') }] : [])];
  const tierName = (code: string) => props.tiers.find((tier) => tier.code === code)?.name ?? code;
  const move = () => {
    setConfirming(false);
    void form.submit(async (values) => {
      await api('PUT', `customers/${props.customerId}/tier`, { tierCode: values.tierCode || null, ...(values.note.trim() ? { note: values.note.trim() } : {}) });
      form.replace({ tierCode: values.tierCode, note: '' });
      props.onMoved();
    });
  };
  if (options.length === 0) return null;
  const chosen = options.some((option) => option.value === form.values.tierCode) ? form.values.tierCode : options[0].value;
  return (
    <form
      class="form inline"
      noValidate
      aria-label={t('card.tiers.move')}
      onSubmit={(event) => {
        event.preventDefault();
        form.set('tierCode', chosen);
        setConfirming(true);
      }}
    >
      <SelectField label={t('card.tiers.moveTo')} value={chosen} options={options} error={form.error?.fieldError('tierCode')} onChange={(tierCode) => form.set('tierCode', tierCode)} />
      <TextField class="grow" label={t('card.tiers.note')} maxLength={500} value={form.values.note} error={form.error?.fieldError('note')} onInput={(note) => form.set('note', note)} />
      <button class="primary" type="submit" disabled={form.submitting}>
        {t('card.tiers.move')}
      </button>
      <FormErrors error={form.error} failure={form.failure} fields={['tierCode', 'note']} />
      <ConfirmDialog open={confirming} title={chosen ? t('card.tiers.moveTitle', { name: props.customerName, tier: tierName(chosen) }) : t('card.tiers.removeTitle', { name: props.customerName })} confirmLabel={t('card.tiers.move')} onCancel={() => setConfirming(false)} onConfirm={move}>
        <p>{t('card.tiers.moveText')}</p>
      </ConfirmDialog>
    </form>
  );
}
