import { MoneyField, NumberField } from '../../components.js';

/** An amount in an account's unit: whole points, or money in the account's currency. */
export function AmountField(props: { label: string; unit: string; value: number | null; onInput: (value: number | null) => void; error?: string; required?: boolean }) {
  return props.unit === 'points' ? (
    <NumberField label={props.label} required={props.required} min={1} value={props.value} error={props.error} onInput={props.onInput} />
  ) : (
    <MoneyField label={props.label} required={props.required} currency={props.unit} value={props.value} error={props.error} onInput={props.onInput} />
  );
}
