import { Amount, DataTable, Empty } from '../../components.js';
import { formatDate, formatDateTime, formatMoney } from '../../format.js';
import { locale, t } from '../../i18n/index.js';
import { useSession } from '../../session.js';
import { amountText, benefitText } from '../accounts/describe.js';
import { countText, metricValue } from '../tiers/metric.js';
import type { Balance, CustomerCard, LimitLeft } from './types.js';

/** The plugin's card adds its birthday notice to the announcements in English; the card shows that fact in the page's language instead. */
function serversBirthdayNotice(days: number | null): string | null {
  if (days === null) return null;
  return days === 0 ? 'Birthday today' : `Birthday in ${days} day${days === 1 ? '' : 's'}`;
}

function greeting(card: CustomerCard): string {
  const name = card.greetingName;
  if (card.birthdayToday) return t('till.greeting.birthday', { name });
  return card.history.visits > 0 ? t('till.greeting.back', { name }) : t('till.greeting.first', { name });
}

function limitText(limit: LimitLeft, balances: Balance[], currency: string): string {
  if (limit.kind === 'tab_limit') return t('till.limit.tab', { left: formatMoney(limit.left, currency, locale()), limit: formatMoney(limit.limit, currency, locale()) });
  if (limit.kind === 'daily_operations_limit') {
    return t(limit.subject === 'closed_tabs' ? 'till.limit.closedTabs' : 'till.limit.identifications', { left: Math.max(0, limit.left), limit: limit.limit });
  }
  const balance = balances.find((candidate) => candidate.accountType === limit.subject);
  const unit = balance?.unit ?? 'points';
  return t('till.limit.spend', { account: balance?.name ?? limit.subject ?? '', left: amountText(Math.max(0, limit.left), unit), limit: amountText(limit.limit, unit) });
}

/** What the waiter needs at the table, compact enough for a 800×600 till. */
export function TillCard(props: { card: CustomerCard }) {
  const session = useSession();
  const { card } = props;
  const birthdayNotice = serversBirthdayNotice(card.daysToBirthday);
  const announcements = card.announcements.filter((text) => text !== birthdayNotice);
  const soonBirthday = !card.birthdayToday && card.daysToBirthday !== null && card.daysToBirthday <= 7 ? card.daysToBirthday : null;
  const unitOf = (code: string) => card.balances.find((balance) => balance.accountType === code)?.unit ?? 'points';
  const date = (value: string) => formatDate(value, locale(), session.timeZone);

  return (
    <article class="till-card" aria-labelledby="till-card-name">
      <header class="till-card-header">
        <h2 id="till-card-name">{card.displayName}</h2>
        {card.tier && <span class="badge tier">{card.tier.name}</span>}
        {card.birthdayToday && <span class="badge birthday">{t('till.birthdayToday')}</span>}
        {soonBirthday !== null && <span class="badge birthday">{t('till.birthdayIn', { days: countText(soonBirthday, 'days') })}</span>}
      </header>
      <p class="greeting">{greeting(card)}</p>
      {announcements.length > 0 && (
        <div class="notice warning" role="note" aria-label={t('till.announcements')}>
          <ul>
            {announcements.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      )}
      {card.nextTier && (
        <p class="next-tier">
          {t('till.nextTier', {
            missing: metricValue(card.nextTier.metric, card.nextTier.missing, session.currency),
            tier: card.nextTier.name,
          })}{' '}
          <span class="muted small">
            ({metricValue(card.nextTier.metric, card.nextTier.value, session.currency)} / {metricValue(card.nextTier.metric, card.nextTier.threshold, session.currency)})
          </span>
        </p>
      )}
      <div class="till-grid">
        <section class="till-box" aria-labelledby="till-balances">
          <h3 id="till-balances">{t('till.balances')}</h3>
          {card.balances.length === 0 ? (
            <Empty>{t('till.noAccounts')}</Empty>
          ) : (
            <DataTable
              class="compact"
              fits
              columns={[t('till.col.account'), { label: t('till.col.total'), amount: true }, { label: t('till.col.held'), amount: true }, { label: t('till.col.available'), amount: true }]}
            >
              {card.balances.map((balance) => (
                <tr key={balance.accountId}>
                  <td>
                    {balance.name}
                    {balance.owed > 0 && <div class="small owed">{t('till.owed', { amount: amountText(balance.owed, balance.unit) })}</div>}
                    {balance.expiringSoon.map((lot, index) => (
                      <div key={index} class="small expiring">
                        {t('till.expiring', { amount: amountText(lot.amount, balance.unit), date: date(lot.expiresAt) })}
                      </div>
                    ))}
                  </td>
                  <td class="amount">
                    <Amount amount={balance.total} unit={balance.unit} />
                  </td>
                  <td class="amount">
                    <Amount amount={balance.held} unit={balance.unit} />
                  </td>
                  <td class="amount strong">
                    <Amount amount={balance.available} unit={balance.unit} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
        <section class="till-box" aria-labelledby="till-rewards">
          <h3 id="till-rewards">{t('till.rewards')}</h3>
          {card.benefits.length === 0 ? (
            <Empty>{t('till.noRewards')}</Empty>
          ) : (
            <ul class="plain">
              {card.benefits.map((offer) => (
                <li key={offer.rewardId}>
                  <strong>{offer.name}</strong> <span class="muted">· {amountText(offer.price, unitOf(offer.accountTypeCode))}</span>
                  <div class="small muted">{offer.description ?? benefitText(offer.benefit, session.currency)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
        {card.coupons.length > 0 && (
          <section class="till-box" aria-labelledby="till-coupons">
            <h3 id="till-coupons">{t('till.coupons')}</h3>
            <ul class="plain">
              {card.coupons.map((coupon) => (
                <li key={coupon.code}>
                  <code>{coupon.code}</code> <span class="muted">· {coupon.categoryCode}</span>
                  {coupon.validTo && <div class="small muted">{t('till.couponUntil', { date: formatDate(coupon.validTo, locale(), session.timeZone) })}</div>}
                </li>
              ))}
            </ul>
          </section>
        )}
        <section class="till-box" aria-labelledby="till-limits">
          <h3 id="till-limits">{t('till.limits')}</h3>
          {card.limitsLeftToday.length === 0 ? (
            <Empty>{t('till.noLimits')}</Empty>
          ) : (
            <ul class="plain">
              {card.limitsLeftToday.map((limit) => (
                <li key={`${limit.kind}|${limit.subject ?? ''}`} class={limit.broken || limit.left <= 0 ? 'debit' : undefined}>
                  {limitText(limit, card.balances, session.currency)}
                  {(limit.broken || limit.left <= 0) && <strong> · {t('till.limitReached')}</strong>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="till-box" aria-labelledby="till-preferences">
          <h3 id="till-preferences">{t('till.preferences')}</h3>
          {card.preferences.text && <p class="tight">{card.preferences.text}</p>}
          {card.preferences.tags.length > 0 && (
            <p class="tight">
              {card.preferences.tags.map((tag) => (
                <span key={tag} class="badge">
                  {tag}
                </span>
              ))}
            </p>
          )}
          {card.preferences.favouriteProducts.length > 0 && (
            <>
              <h4>{t('till.favourites')}</h4>
              <ul class="plain">
                {card.preferences.favouriteProducts.map((product) => (
                  <li key={product.productId}>
                    {product.name ?? product.productId} <span class="muted small">× {product.quantity}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {!card.preferences.text && card.preferences.tags.length === 0 && card.preferences.favouriteProducts.length === 0 && <Empty>{t('till.noPreferences')}</Empty>}
        </section>
      </div>
      <p class="muted small till-history">
        {t('till.history', { visits: countText(card.history.visits, 'visits'), average: formatMoney(card.history.averageCheck, session.currency, locale()) })}
        {card.history.lastVisitAt && ` · ${t('till.lastVisit', { at: formatDateTime(card.history.lastVisitAt, locale(), session.timeZone) })}`}
        {card.categories.length > 0 && ` · ${t('till.categories', { categories: card.categories.join(', ') })}`}
      </p>
    </article>
  );
}
