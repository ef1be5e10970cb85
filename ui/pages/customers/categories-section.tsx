import { api } from '../../api.js';
import { ErrorNotice, FormErrors, SelectField, TextField, WhenLoaded } from '../../components.js';
import { formatDate } from '../../format.js';
import { useForm, useIntentKey, useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { useCan, useSession } from '../../session.js';
import { useAction, useIntentCounter } from './card-hooks.js';
import type { Customer, CustomerCategory, PromotionCategory } from './types.js';

/** The guest's personal promotion categories: the discounts their tabs bring besides the tier's. */
export function CategoriesSection({ customer }: { customer: Customer }) {
  const can = useCan();
  const session = useSession();
  const manage = can('promotions.manage') && customer.status === 'active';
  const list = useLoad(() => api<CustomerCategory[]>('GET', `customers/${customer.id}/categories`), [customer.id]);
  const action = useAction(list.reload);
  const day = (date: string) => formatDate(date, locale(), session.timeZone);
  const validity = (category: CustomerCategory) =>
    category.validFrom && category.validTo
      ? t('card.categories.between', { from: day(category.validFrom), to: day(category.validTo) })
      : category.validFrom
        ? t('card.categories.since', { from: day(category.validFrom) })
        : category.validTo
          ? t('card.categories.until', { to: day(category.validTo) })
          : null;

  return (
    <section class="categories" aria-labelledby="categories-title">
      <h2 id="categories-title">{t('card.categories.title')}</h2>
      {action.failure ? <ErrorNotice error={action.failure} /> : null}
      <WhenLoaded load={list} empty={<p class="muted small">{t('card.categories.none')}</p>}>
        {(assigned) => (
          <ul class="chips">
            {assigned.map((category) => (
              <li key={category.id} class={`chip${category.inEffect ? '' : ' idle'}`}>
                <span>
                  {category.categoryName} <span class="muted small">{category.categoryCode}</span>
                </span>
                {validity(category) && <span class="muted small">{validity(category)}</span>}
                {!category.inEffect && <span class="muted small">{t('card.categories.notInEffect')}</span>}
                {manage && (
                  <button
                    type="button"
                    class="link small"
                    aria-label={t('card.categories.removeNamed', { name: category.categoryName })}
                    disabled={action.busy}
                    onClick={() => void action.run(() => api('DELETE', `customers/${customer.id}/categories/${category.id}`))}
                  >
                    {t('card.categories.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </WhenLoaded>
      {manage && list.data && <AssignForm customerId={customer.id} assigned={list.data} onAssigned={list.reload} />}
    </section>
  );
}

function AssignForm(props: { customerId: string; assigned: CustomerCategory[]; onAssigned: () => void }) {
  const categories = useLoad(() => api<PromotionCategory[]>('GET', 'promotion-categories?active=true'), []);
  const form = useForm({ categoryCode: '', validFrom: '', validTo: '' });
  const keyFor = useIntentKey();
  const [intent, nextIntent] = useIntentCounter();
  const free = { ...categories, data: categories.data?.filter((category) => !props.assigned.some((assigned) => assigned.categoryCode === category.code)) };
  const assign = (event: Event, code: string) => {
    event.preventDefault();
    void form.submit(async (values) => {
      const body = { categoryCode: code, ...(values.validFrom ? { validFrom: values.validFrom } : {}), ...(values.validTo ? { validTo: values.validTo } : {}) };
      await api('POST', `customers/${props.customerId}/categories`, body, { idempotencyKey: keyFor({ intent, body }) });
      nextIntent();
      form.replace({ categoryCode: '', validFrom: '', validTo: '' });
      props.onAssigned();
    });
  };
  // Until the categories are known, and when the guest has them all, there is nothing to offer.
  return (
    <WhenLoaded load={free} loading={null} empty={null}>
      {(offered) => {
        const code = offered.some((category) => category.code === form.values.categoryCode) ? form.values.categoryCode : offered[0].code;
        return (
          <form class="form inline" noValidate onSubmit={(event) => assign(event, code)} aria-label={t('card.categories.add')}>
            <SelectField
              label={t('card.categories.category')}
              value={code}
              options={offered.map((category) => ({ value: category.code, label: `${category.name} (${category.code})` }))}
              error={form.error?.fieldError('categoryCode')}
              onChange={(categoryCode) => form.set('categoryCode', categoryCode)}
            />
            <TextField type="date" label={t('card.categories.validFrom')} value={form.values.validFrom} error={form.error?.fieldError('validFrom')} onInput={(validFrom) => form.set('validFrom', validFrom)} />
            <TextField type="date" label={t('card.categories.validTo')} value={form.values.validTo} error={form.error?.fieldError('validTo')} onInput={(validTo) => form.set('validTo', validTo)} />
            <button type="submit" disabled={form.submitting}>
              {t('card.categories.add')}
            </button>
            <FormErrors error={form.error} failure={form.failure} fields={['categoryCode', 'validFrom', 'validTo']} />
          </form>
        );
      }}
    </WhenLoaded>
  );
}
