import { useEffect, useState } from 'preact/hooks';
import { MoneyField, NumberField, TextField } from '../../components.js';
import { t } from '../../i18n/index.js';

/**
 * A percentage typed as `12.5` (or `12,5`) and kept as basis points (1250) with integer
 * maths only; more than two decimals is not a percentage the API can store.
 */
function parsePercentBp(text: string): number | null {
  const match = /^(\d{1,5})(?:[.,](\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function percentText(bp: number): string {
  const cents = bp % 100;
  return cents === 0 ? String((bp - cents) / 100) : `${(bp - cents) / 100}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

export function PercentField(props: { label: string; value: number | null; onInput: (bp: number | null) => void; error?: string; hint?: string; required?: boolean }) {
  const [text, setText] = useState(props.value === null ? '' : percentText(props.value));
  const parsed = text.trim() === '' ? null : parsePercentBp(text);
  const unreadable = text.trim() !== '' && parsed === null;
  useEffect(() => {
    if (props.value !== parsed && !unreadable) setText(props.value === null ? '' : percentText(props.value));
  }, [props.value]);
  return (
    <TextField
      label={`${props.label}, %`}
      hint={props.hint}
      required={props.required}
      value={text}
      error={unreadable ? t('accountTypes.field.percentUnreadable') : props.error}
      onInput={(next) => {
        setText(next);
        const value = next.trim() === '' ? null : parsePercentBp(next);
        if (next.trim() === '' || value !== null) props.onInput(value);
      }}
    />
  );
}

/** An amount in an account's unit: whole points, or money typed in major units of its currency. */
export function AmountField(props: { label: string; unit: string; value: number | null; onInput: (value: number | null) => void; error?: string; hint?: string; required?: boolean }) {
  // Keyed by unit: a field typed as points is not re-read as euros when the unit changes.
  return /^[A-Z]{3}$/.test(props.unit) ? (
    <MoneyField key={props.unit} label={props.label} hint={props.hint} required={props.required} currency={props.unit} value={props.value} error={props.error} onInput={props.onInput} />
  ) : (
    <NumberField key="points" label={props.label} hint={props.hint} required={props.required} min={0} value={props.value} error={props.error} onInput={props.onInput} />
  );
}
