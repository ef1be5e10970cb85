import { useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { ActiveBadge, DataTable, Page, SelectField, WhenLoaded } from '../../components.js';
import { formatPercentBp } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { NewCategoryForm } from './new-category-form.js';
import type { Category, SalesRule } from './types.js';

type Shown = '' | 'true' | 'false';

/** The promotion categories, with how many rules hang on each. */
export function CategoryList(props: { params: URLSearchParams }) {
  const shown = (props.params.get('active') ?? '') as Shown;
  const [creating, setCreating] = useState(false);
  const categories = useLoad(() => api<Category[]>('GET', `promotion-categories${query({ active: shown })}`), [shown]);
  const rules = useLoad(() => api<SalesRule[]>('GET', 'sales-rules'), []);
  const counts = new Map<string, { all: number; active: number }>();
  for (const rule of rules.data ?? []) {
    const count = counts.get(rule.categoryId) ?? { all: 0, active: 0 };
    count.all += 1;
    if (rule.active) count.active += 1;
    counts.set(rule.categoryId, count);
  }

  return (
    <Page
      title={t('promo.title')}
      actions={
        !creating && (
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            {t('promo.newCategory')}
          </button>
        )
      }
    >
      {creating && <NewCategoryForm onCancel={() => setCreating(false)} />}
      <div class="filters promo-filters">
        <SelectField<Shown>
          label={t('promo.filter.show')}
          value={shown}
          options={[
            { value: '', label: t('promo.filter.all') },
            { value: 'true', label: t('promo.filter.active') },
            { value: 'false', label: t('promo.filter.inactive') },
          ]}
          onChange={(active) => navigate(`#/promotions${query({ active })}`)}
        />
      </div>
      <WhenLoaded load={categories} empty={t('promo.none')}>
        {(list) => (
          <DataTable
            columns={[
              t('promo.category.code'),
              t('promo.category.name'),
              t('promo.col.status'),
              { label: t('promo.col.rules'), amount: true },
              { label: t('promo.col.cap'), amount: true },
            ]}
          >
            {list.map((category) => {
              const count = counts.get(category.id);
              return (
                <tr key={category.id} class={category.active ? undefined : 'promo-inactive'}>
                  <td>
                    <a href={href('promotions', category.id)}>
                      <code class="promo-code">{category.code}</code>
                    </a>
                  </td>
                  <td>
                    {category.name}
                    {category.description && <div class="muted small">{category.description}</div>}
                  </td>
                  <td>
                    <ActiveBadge active={category.active} />
                  </td>
                  <td class="amount">
                    {rules.data ? (count?.all ?? 0) : ''}
                    {count && count.active < count.all && <span class="muted small"> {t('promo.col.rulesInactive', { count: count.all - count.active })}</span>}
                  </td>
                  <td class="amount">{category.lineDiscountCapBp === null ? t('state.none') : formatPercentBp(category.lineDiscountCapBp, locale())}</td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </WhenLoaded>
    </Page>
  );
}
