import type { ComponentChildren } from 'preact';
import type { ApiError } from '../../api.js';
import { ScaledField, TextAreaField, TextField } from '../../components.js';
import { t } from '../../i18n/index.js';
import { PERCENT_DIGITS } from '../../format.js';
import type { Category } from './types.js';

/** What a category form edits; the code is set once, on creation. */
export interface CategoryFormValues {
  name: string;
  description: string;
  lineDiscountCapBp: number | null;
}

export const categoryValuesOf = (category: Category | null): CategoryFormValues => ({
  name: category?.name ?? '',
  description: category?.description ?? '',
  lineDiscountCapBp: category?.lineDiscountCapBp ?? null,
});

export const CATEGORY_FIELDS = ['code', 'name', 'description', 'active', 'lineDiscountCapBp'];

/** The fields both forms share; `code` is the new-category form's Code field, first in the row. */
export function CategoryFields<T extends CategoryFormValues>(props: { values: T; set: <K extends keyof T>(name: K, value: T[K]) => void; error: ApiError | null; code?: ComponentChildren }) {
  const { values, set } = props;
  const error = (path: string) => props.error?.fieldError(path);
  return (
    <>
      <div class="grid">
        {props.code}
        <TextField label={t('promo.category.name')} required maxLength={200} value={values.name} error={error('name')} onInput={(v) => set('name', v)} />
        <ScaledField
          label={t('promo.category.cap')}
          hint={t('promo.category.capHint')}
          digits={PERCENT_DIGITS}
          unit="%"
          value={values.lineDiscountCapBp}
          error={error('lineDiscountCapBp')}
          onInput={(v) => set('lineDiscountCapBp', v)}
        />
      </div>
      <TextAreaField label={t('promo.category.description')} rows={2} value={values.description} error={error('description')} onInput={(v) => set('description', v)} />
    </>
  );
}
