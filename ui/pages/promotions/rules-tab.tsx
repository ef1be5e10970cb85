import { useState } from 'preact/hooks';
import { api, query } from '../../api.js';
import { ActiveBadge, DataTable, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { useAccountTypes } from './account-types.js';
import { RuleForm } from './rule-form.js';
import { ruleSummary } from './rule-summary.js';
import type { Category, SalesRule } from './types.js';

export const ruleTitle = (rule: SalesRule) => rule.name ?? t('promo.rule.unnamed');

/** The category's rules in the order the engine reads them, and a new one. */
export function RulesTab(props: { category: Category }) {
  const session = useSession();
  const accounts = useAccountTypes();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const rules = useLoad(() => api<SalesRule[]>('GET', `sales-rules${query({ categoryCode: props.category.code })}`), [props.category.code]);

  return (
    <>
      {adding ? (
        <RuleForm
          category={props.category}
          rule={null}
          onCancel={() => setAdding(false)}
          onSaved={(rule) => {
            setAdding(false);
            setAdded(rule.id);
            rules.reload();
          }}
        />
      ) : (
        <div class="row">
          <button type="button" class="primary" onClick={() => (setAdded(null), setAdding(true))}>
            {t('promo.rule.new')}
          </button>
          <span class="muted small">{t('promo.rule.order')}</span>
        </div>
      )}
      {added && (
        <p class="notice success" role="status">
          {t('promo.rule.added')}
        </p>
      )}
      <WhenLoaded load={rules} empty={t('promo.rule.none')}>
        {(list) => (
          <DataTable
            label={t('promo.tab.rules')}
            columns={[
              { label: t('promo.rule.priority'), amount: true },
              t('promo.col.rule'),
              t('promo.rule.stacking'),
              t('promo.col.status'),
            ]}
          >
            {list.map((rule) => (
              <tr key={rule.id} class={[rule.active ? '' : 'promo-inactive', rule.id === added ? 'promo-added' : ''].join(' ').trim() || undefined}>
                <td class="amount">{rule.priority}</td>
                <td>
                  <a href={href('promotions', props.category.id, 'rules', rule.id)}>{ruleTitle(rule)}</a>
                  <div class="muted small">{ruleSummary(rule, session.currency, session.timeZone, accounts)}</div>
                </td>
                <td>{t(`promo.stacking.${rule.stacking}`)}</td>
                <td>
                  <ActiveBadge active={rule.active} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
    </>
  );
}
