import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../api.js';
import { CheckboxField, FormErrors, TextField } from '../../components.js';
import { useForm, useIntentKey } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { CategoryFields, CATEGORY_FIELDS, categoryValuesOf, type CategoryFormValues } from './category-fields.js';
import type { Category } from './types.js';

/** A new category: the code hosts will put on tabs, a name, and whether it counts yet. */
export function NewCategoryForm(props: { onCancel: () => void }) {
  const form = useForm<CategoryFormValues & { code: string; active: boolean }>({ ...categoryValuesOf(null), code: '', active: true });
  const keyFor = useIntentKey();
  const { values, set } = form;
  const element = useRef<HTMLFormElement>(null);
  // The browser honours `autofocus` once per document; a form opened later takes the focus itself.
  useEffect(() => {
    element.current?.querySelector('input')?.focus();
  }, []);
  // A taken code is a 409, not a 400; it still belongs beside the Code field.
  const taken = form.error?.code === 'category_exists' ? form.error.messages.map((message) => message.replace(/^code: /, '')).join('; ') : undefined;

  const create = (event: Event) => {
    event.preventDefault();
    void form.submit(async (current) => {
      const body = {
        code: current.code.trim(),
        name: current.name.trim(),
        ...(current.description.trim() ? { description: current.description.trim() } : {}),
        active: current.active,
        ...(current.lineDiscountCapBp !== null ? { lineDiscountCapBp: current.lineDiscountCapBp } : {}),
      };
      const created = await api<Category>('POST', 'promotion-categories', body, { idempotencyKey: keyFor(body) });
      navigate(href('promotions', created.id));
    });
  };

  return (
    <form ref={element} class="form promo-panel" noValidate onSubmit={create} aria-labelledby="new-category-title">
      <h2 id="new-category-title">{t('promo.newCategory')}</h2>
      <CategoryFields
        values={values}
        set={set}
        error={form.error}
        code={
          <TextField
            label={t('promo.category.code')}
            hint={t('promo.category.codeHint')}
            required
            maxLength={64}
            value={values.code}
            error={form.error?.fieldError('code') ?? taken}
            // Codes are upper case on the API; typing `happy` is meant as HAPPY.
            onInput={(v) => set('code', v.toUpperCase())}
          />
        }
      />
      <CheckboxField label={t('promo.category.active')} hint={t('promo.category.activeHint')} checked={values.active} error={form.error?.fieldError('active')} onChange={(v) => set('active', v)} />
      <FormErrors error={taken ? null : form.error} failure={form.failure} fields={CATEGORY_FIELDS} />
      <div class="row end">
        <button type="button" onClick={props.onCancel}>
          {t('action.cancel')}
        </button>
        <button class="primary" type="submit" disabled={form.submitting}>
          {form.submitting ? t('state.saving') : t('action.create')}
        </button>
      </div>
    </form>
  );
}
