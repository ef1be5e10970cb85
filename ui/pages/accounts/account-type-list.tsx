import { api } from '../../api.js';
import { ActiveBadge, DataTable, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan } from '../../session.js';
import { amountText, expiryText } from './describe.js';
import type { AccountType } from './types.js';

/** The purses a customer can hold: points, bonus money, deposits, corporate credit. */
export function AccountTypeList() {
  const can = useCan();
  const types = useLoad(() => api<AccountType[]>('GET', 'account-types'), []);
  const editable = can('settings.manage');
  return (
    <>
      {editable && (
        <div class="row end">
          <a class="button primary" href={href('accounts', 'types', 'new')}>
            {t('accountTypes.new')}
          </a>
        </div>
      )}
      <WhenLoaded load={types} empty={t('accountTypes.none')}>
        {(list) => (
          <DataTable
            label={t('accountTypes.title')}
            columns={[
              t('accountTypes.col.type'),
              t('accountTypes.col.kind'),
              t('accountTypes.col.unit'),
              { label: t('accountTypes.col.rounding'), amount: true },
              t('accountTypes.col.credit'),
              t('accountTypes.col.expiry'),
              { label: t('accountTypes.col.dailyLimit'), amount: true },
              t('accountTypes.col.status'),
            ]}
          >
            {list.map((type) => (
              <tr key={type.id}>
                <td>
                  {editable ? <a href={href('accounts', 'types', type.id)}>{type.name}</a> : type.name} <span class="muted small">{type.code}</span>
                </td>
                <td>{t(`accountTypes.kind.${type.kind}`)}</td>
                <td>{type.unit === 'points' ? t('accountTypes.unit.points') : type.unit}</td>
                <td class="amount">{amountText(type.roundingStep, type.unit)}</td>
                <td>{type.allowNegative ? t('accountTypes.creditUpTo', { limit: amountText(type.creditLimit, type.unit) }) : t('state.no')}</td>
                <td>{expiryText(type.expiry)}</td>
                <td class="amount">{type.dailySpendLimit === null ? t('accountTypes.noLimit') : amountText(type.dailySpendLimit, type.unit)}</td>
                <td>
                  <ActiveBadge active={type.active} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
    </>
  );
}
