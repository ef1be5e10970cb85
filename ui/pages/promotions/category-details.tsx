import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { FormErrors, SaveButton } from '../../components.js';
import { formatDateTime } from '../../format.js';
import { useForm } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { CategoryFields, CATEGORY_FIELDS, categoryValuesOf } from './category-fields.js';
import type { Category } from './types.js';

/** The category's own fields; every change is a new version of it. */
export function CategoryDetails(props: { category: Category; onSaved: (category: Category) => void }) {
  const session = useSession();
  const form = useForm(categoryValuesOf(props.category));
  const [saved, setSaved] = useState(false);

  const save = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(async (values) => {
      const body = { name: values.name.trim(), description: values.description.trim() || null, lineDiscountCapBp: values.lineDiscountCapBp };
      const updated = await api<Category>('PATCH', `promotion-categories/${props.category.id}`, body);
      form.replace(categoryValuesOf(updated));
      setSaved(true);
      props.onSaved(updated);
    });
  };

  return (
    <form class="form" noValidate onSubmit={save}>
      <CategoryFields values={form.values} set={(name, value) => (setSaved(false), form.set(name, value))} error={form.error} />
      <p class="muted small">
        {t('promo.versionLine', {
          version: props.category.version,
          date: formatDateTime(props.category.updatedAt, locale(), session.timeZone),
          actor: props.category.updatedBy,
        })}
      </p>
      <FormErrors error={form.error} failure={form.failure} fields={CATEGORY_FIELDS} />
      <div class="row end">
        <SaveButton saved={saved} submitting={form.submitting} />
      </div>
    </form>
  );
}
