import { useEffect, useId, useState } from 'preact/hooks';
import { minorToDecimal } from '../../format.js';
import { locale, t } from '../../i18n/index.js';

/**
 * Whole numbers with implied decimals, typed as decimals: basis points typed as a
 * percentage (2 decimals, `12.5` → 1250) and multipliers typed as a factor (4 decimals,
 * `1.5` → 15000). The conversion is string maths, so `0.07` never becomes 6.999….
 */
export function parseScaled(text: string, digits: number): number | null {
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim().replace(/[\s\u00a0\u202f]/g, ''));
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) return null;
  const value = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** 1250 with 2 digits → `12.5`; 20000 with 4 → `2`. */
export function scaledText(value: number, digits: number): string {
  const text = minorToDecimal(value, digits);
  return digits === 0 ? text : text.replace(/0+$/, '').replace(/\.$/, '');
}

/** The same in the reader's locale (`1,5` in Swedish). */
export function formatScaled(value: number, digits: number): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(scaledText(value, digits) as Intl.StringNumericLiteral);
}

export const PERCENT_DIGITS = 2;
export const FACTOR_DIGITS = 4;

/** A field for such a number; what cannot be read stays visible and is flagged. */
export function ScaledField(props: {
  label: string;
  value: number | null;
  digits: number;
  unit: string;
  onInput: (value: number | null) => void;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(props.value === null ? '' : scaledText(props.value, props.digits));
  const parsed = text.trim() === '' ? null : parseScaled(text, props.digits);
  const unreadable = text.trim() !== '' && parsed === null;
  useEffect(() => {
    if (props.value !== parsed && !unreadable) setText(props.value === null ? '' : scaledText(props.value, props.digits));
  }, [props.value]);
  const error = unreadable ? t('promo.field.decimal', { digits: props.digits }) : props.error;
  const describedBy = error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <div class="money-input">
        <input
          id={id}
          inputMode="decimal"
          value={text}
          required={props.required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onInput={(event) => {
            const next = event.currentTarget.value;
            setText(next);
            const value = next.trim() === '' ? null : parseScaled(next, props.digits);
            if (next.trim() === '' || value !== null) props.onInput(value);
          }}
        />
        <span class="unit">{props.unit}</span>
      </div>
      {props.hint && !error && (
        <small class="hint" id={`${id}-hint`}>
          {props.hint}
        </small>
      )}
      {error && (
        <small class="field-error" id={`${id}-error`}>
          {error}
        </small>
      )}
    </div>
  );
}
