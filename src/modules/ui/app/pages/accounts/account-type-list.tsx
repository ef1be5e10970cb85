import { api } from '../../api.js';
import { ActiveBadge, Empty, ErrorNotice, Loading } from '../../components.js';
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
      {types.error ? (
        <ErrorNotice error={types.error} onRetry={types.reload} />
      ) : !types.data ? (
        <Loading />
      ) : types.data.length === 0 ? (
        <Empty>{t('accountTypes.none')}</Empty>
      ) : (
        <div class="table-scroll">
          <table class="data" aria-label={t('accountTypes.title')}>
            <thead>
              <tr>
                <th scope="col">{t('accountTypes.col.type')}</th>
                <th scope="col">{t('accountTypes.col.kind')}</th>
                <th scope="col">{t('accountTypes.col.unit')}</th>
                <th scope="col" class="amount">{t('accountTypes.col.rounding')}</th>
                <th scope="col">{t('accountTypes.col.credit')}</th>
                <th scope="col">{t('accountTypes.col.expiry')}</th>
                <th scope="col" class="amount">{t('accountTypes.col.dailyLimit')}</th>
                <th scope="col">{t('accountTypes.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {types.data.map((type) => (
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
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
