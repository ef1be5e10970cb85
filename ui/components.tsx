import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import type { Loaded } from './hooks.js';
import { currencyDigits, formatAmount, formatMoney, minorToDecimal, parseMoney, parseScaled, scaledText } from './format.js';
import { locale, t } from './i18n/index.js';

export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren; back?: { href: string; label?: string } }) {
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        {props.back && (
          <a class="back" href={props.back.href}>
            ← {props.back.label ?? t('action.back')}
          </a>
        )}
        <h1 id="page-title">{props.title}</h1>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export const Loading = () => (
  <p class="muted" role="status">
    {t('state.loading')}
  </p>
);

export const Empty = (props: { children?: ComponentChildren }) => <p class="muted empty">{props.children ?? t('state.empty')}</p>;

/**
 * One load as a list or form shows it: why it failed (with a retry), that it is loading
 * (or `loading`, where a part that only adds to the page shows nothing until it can),
 * `empty` where the answer holds nothing (an empty list unless `isEmpty` says otherwise),
 * and otherwise `children` with the answer.
 */
export function WhenLoaded<T>(props: {
  load: Pick<Loaded<T>, 'data' | 'error' | 'reload'>;
  loading?: ComponentChildren;
  empty?: ComponentChildren;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ComponentChildren;
}) {
  const { data, error, reload } = props.load;
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (data === undefined) return props.loading === undefined ? <Loading /> : <>{props.loading}</>;
  const empty = props.empty !== undefined && (props.isEmpty ? props.isEmpty(data) : (data as unknown[]).length === 0);
  if (empty) return typeof props.empty === 'string' ? <Empty>{props.empty}</Empty> : <>{props.empty}</>;
  return <>{props.children(data)}</>;
}

/** A column of a DataTable: its heading, right-aligned for amounts; `{}` heads a column of row actions. */
export type Column = string | { label?: ComponentChildren; amount?: boolean };

/**
 * The lists' table: headings and rows, scrolling sideways on a narrow screen; `fits` where
 * it is made to fit its box (the till's), so no scroll hides the end of a row.
 */
export function DataTable(props: { label?: string; labelledBy?: string; class?: string; fits?: boolean; columns: (Column | false)[]; children: ComponentChildren }) {
  const table = (
    <table class={props.class ? `data ${props.class}` : 'data'} aria-label={props.label} aria-labelledby={props.labelledBy}>
      <thead>
        <tr>
          {props.columns.map((column, index) =>
            column === false ? null : typeof column === 'string' ? (
              <th key={index} scope="col">
                {column}
              </th>
            ) : (
              <th key={index} scope="col" class={column.amount ? 'amount' : undefined}>
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
  return props.fits ? table : <div class="table-scroll">{table}</div>;
}

/** A refusal in the reader's words: the API's own message where it has one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('error.signedOut');
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 503) return t('error.busy');
    if (error.messages.length > 0) return error.messages.join('; ');
    if (error.status === 404) return t('error.notFound');
  }
  if (error instanceof TypeError) return t('error.network');
  return error instanceof Error ? error.message : t('error.title');
}

export function ErrorNotice(props: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="notice error" role="alert">
      <span>{describeError(props.error)}</span>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

/** Refusals of a form that no field shows: a conflict, or a field the form has not got. */
/** A form's submit button, busy while it saves, with a quiet "Saved" beside it once it has. */
export function SaveButton(props: { saved: boolean; submitting: boolean; label?: string }) {
  return (
    <>
      {props.saved && (
        <span class="muted" role="status">
          {t('state.saved')}
        </span>
      )}
      <button class="primary" type="submit" disabled={props.submitting}>
        {props.submitting ? t('state.saving') : (props.label ?? t('action.save'))}
      </button>
    </>
  );
}

export function FormErrors(props: { error: ApiError | null; failure?: unknown; fields: string[] }) {
  if (props.failure) return <ErrorNotice error={props.failure} />;
  if (!props.error) return null;
  const lines = props.error.status === 400 ? props.error.unshown(props.fields) : [describeError(props.error)];
  return (
    <div class="notice error" role="alert">
      <strong>{props.error.status === 400 ? t('error.badInput') : t('error.title')}</strong>
      {lines.length > 0 && (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  label: string;
  /** The API's reason for this field, shown beside it. */
  error?: string;
  hint?: string;
  required?: boolean;
  class?: string;
}

function FieldFrame(props: FieldProps & { id: string; children: ComponentChildren }) {
  return (
    <div class={`field ${props.class ?? ''} ${props.error ? 'invalid' : ''}`}>
      <label for={props.id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.children}
      {props.hint && !props.error && (
        <small class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </small>
      )}
      {props.error && (
        <small class="field-error" id={`${props.id}-error`}>
          {props.error}
        </small>
      )}
    </div>
  );
}

const described = (id: string, props: FieldProps) => (props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined);

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (value: string) => void;
    type?: 'text' | 'email' | 'tel' | 'date' | 'time' | 'search' | 'datetime-local';
    placeholder?: string;
    autoFocus?: boolean;
    maxLength?: number;
    name?: string;
  },
) {
  const id = useId();
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        name={props.name}
        // Preact types each input type apart; all of these are text-like inputs.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        placeholder={props.placeholder}
        required={props.required}
        maxLength={props.maxLength}
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(id, props)}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: FieldProps & { value: string; onInput: (value: string) => void; rows?: number }) {
  const id = useId();
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        rows={props.rows ?? 3}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(id, props)}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

/** A whole number (points, a threshold of visits, basis points); empty is null. */
export function NumberField(props: FieldProps & { value: number | null; onInput: (value: number | null) => void; min?: number; max?: number; step?: number }) {
  const id = useId();
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(id, props)}
        onInput={(event) => {
          const text = event.currentTarget.value;
          props.onInput(text === '' ? null : Number(text));
        }}
      />
    </FieldFrame>
  );
}

/**
 * A whole number typed with its decimals (money in major units, a percentage of basis
 * points): what the browser cannot read stays visible and is flagged, and only what it
 * can read reaches the form.
 */
function DecimalField(
  props: FieldProps & { value: number | null; unit: string; parse: (text: string) => number | null; show: (value: number) => string; unreadable: string; onInput: (value: number | null) => void },
) {
  const id = useId();
  const [text, setText] = useState(props.value === null ? '' : props.show(props.value));
  const parsed = text.trim() === '' ? null : props.parse(text);
  const unreadable = text.trim() !== '' && parsed === null;
  useEffect(() => {
    if (props.value !== parsed && !unreadable) setText(props.value === null ? '' : props.show(props.value));
  }, [props.value]);
  const error = unreadable ? props.unreadable : props.error;
  return (
    <FieldFrame {...props} error={error} id={id}>
      <div class="money-input">
        <input
          id={id}
          inputMode="decimal"
          value={text}
          required={props.required}
          aria-invalid={error ? true : undefined}
          aria-describedby={described(id, { ...props, error })}
          onInput={(event) => {
            const next = event.currentTarget.value;
            setText(next);
            const value = next.trim() === '' ? null : props.parse(next);
            if (next.trim() === '' || value !== null) props.onInput(value);
          }}
        />
        <span class="unit">{props.unit}</span>
      </div>
    </FieldFrame>
  );
}

/** An amount typed in major units (`12.50`) and kept as integer minor units. */
export function MoneyField(props: FieldProps & { value: number | null; currency: string; onInput: (value: number | null) => void }) {
  return (
    <DecimalField
      {...props}
      unit={props.currency}
      parse={(text) => parseMoney(text, props.currency)}
      show={(value) => minorToDecimal(value, currencyDigits(props.currency))}
      unreadable={t('field.amount', { currency: props.currency })}
    />
  );
}

/** A whole number with `digits` implied decimals: basis points typed as %, a multiplier as ×. */
export function ScaledField(props: FieldProps & { value: number | null; digits: number; unit: string; onInput: (value: number | null) => void }) {
  return (
    <DecimalField
      {...props}
      parse={(text) => parseScaled(text, props.digits)}
      show={(value) => scaledText(value, props.digits)}
      unreadable={t('field.decimal', { digits: props.digits })}
    />
  );
}

/** An amount in an account's unit: whole points, or money in the account's currency. */
export function AmountField(props: FieldProps & { unit: string; value: number | null; min?: number; onInput: (value: number | null) => void }) {
  // Keyed by unit: a field typed as points is not read again as euros when the unit changes.
  return /^[A-Z]{3}$/.test(props.unit) ? <MoneyField key={props.unit} {...props} currency={props.unit} /> : <NumberField key="points" {...props} min={props.min ?? 0} />;
}

export function SelectField<V extends string>(props: FieldProps & { value: V; options: { value: V; label: string }[]; onChange: (value: V) => void }) {
  const id = useId();
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(id, props)}
        onChange={(event) => props.onChange(event.currentTarget.value as V)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div class={`field checkbox ${props.error ? 'invalid' : ''}`}>
      <input id={id} type="checkbox" checked={props.checked} aria-invalid={props.error ? true : undefined} onChange={(event) => props.onChange(event.currentTarget.checked)} />
      <label for={id}>{props.label}</label>
      {props.hint && !props.error && <small class="hint">{props.hint}</small>}
      {props.error && <small class="field-error">{props.error}</small>}
    </div>
  );
}

/** Free tags typed with commas: `vip, vegan`. */
export const tagsText = (tags: string[]) => tags.join(', ');
export const tagsOf = (text: string) => text.split(',').map((tag) => tag.trim()).filter(Boolean);

export function Money(props: { minor: number; currency: string }) {
  return <span class="money">{formatMoney(props.minor, props.currency, locale())}</span>;
}

export function Amount(props: { amount: number; unit: string }) {
  return <span class="money">{formatAmount(props.amount, props.unit, locale())}</span>;
}

/** Tabs with the arrow keys, Home and End moving between them (WAI-ARIA tabs pattern). */
export function Tabs<V extends string>(props: { tabs: { id: V; label: string; href?: string }[]; active: V; onSelect?: (id: V) => void; label: string }) {
  const refs = useRef<(HTMLElement | null)[]>([]);
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLElement>, index: number) => {
    const last = props.tabs.length - 1;
    const next = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    if (next < 0) return;
    event.preventDefault();
    refs.current[next]?.focus();
    refs.current[next]?.click();
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map((tab, index) => (
        <a
          key={tab.id}
          ref={(element) => {
            refs.current[index] = element;
          }}
          role="tab"
          href={tab.href ?? '#'}
          aria-selected={tab.id === props.active}
          tabIndex={tab.id === props.active ? 0 : -1}
          onClick={(event) => {
            if (!tab.href) event.preventDefault();
            props.onSelect?.(tab.id);
          }}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {tab.label}
        </a>
      ))}
    </div>
  );
}

/** A modal question; Escape or Cancel closes it, focus stays inside while open. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Several dialogs live on one page (block, unbind, re-assign); each needs its own title id.
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) element.showModal();
    if (!props.open && element.open) element.close();
  }, [props.open]);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onCancel={(event) => (event.preventDefault(), props.onCancel())}>
      <h2 id={titleId}>{props.title}</h2>
      <div class="dialog-body">{props.children}</div>
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
        <button type="button" class={props.danger ? 'danger' : 'primary'} onClick={props.onConfirm}>
          {props.confirmLabel ?? t('action.confirm')}
        </button>
      </div>
    </dialog>
  );
}

export function StatusBadge(props: { status: string; label?: string }) {
  return <span class={`badge status-${props.status}`}>{props.label ?? props.status}</span>;
}

/** Whether a category, rule, tier, type or reward is in use. */
export const ActiveBadge = (props: { active: boolean }) => (
  <StatusBadge status={props.active ? 'active' : 'inactive'} label={t(props.active ? 'state.active' : 'state.inactive')} />
);

/**
 * The page of a new item (`id` absent) or of one found in the list the API answers (the
 * API has no read of a single tier, account type or reward): its form, or why there is none.
 */
export function ItemPage<T extends { id: string; name: string }>(props: {
  id?: string;
  list: Loaded<T[]>;
  back: { href: string; label: string };
  newTitle: string;
  form: (item: T | null, list: T[]) => ComponentChildren;
}) {
  const { back } = props;
  return (
    <WhenLoaded load={props.list}>
      {(list) => {
        const item = props.id ? list.find((candidate) => candidate.id === props.id) : null;
        if (props.id && !item) {
          return (
            <Page title={t('error.notFound')} back={back}>
              {null}
            </Page>
          );
        }
        return (
          <Page title={item ? item.name : props.newTitle} back={back}>
            {props.form(item ?? null, list)}
          </Page>
        );
      }}
    </WhenLoaded>
  );
}
