import { api } from '../../api.js';
import { ActiveBadge, DataTable, Page, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { subscribedText, targetText } from './describe.js';
import type { DeliveryTarget, Webhook } from './types.js';

/** Where the programme's events go: each subscription, what it asks for, whether it gets new ones. */
export function WebhookList() {
  const webhooks = useLoad(() => api<Webhook[]>('GET', 'webhooks'), []);
  const targets = useLoad(() => api<DeliveryTarget[]>('GET', 'webhooks/targets'), []);
  return (
    <Page
      title={t('webhooks.title')}
      actions={
        <a class="button primary" href={href('webhooks', 'new')}>
          {t('webhooks.new')}
        </a>
      }
    >
      <p class="muted">{t('webhooks.intro')}</p>
      <WhenLoaded load={webhooks} empty={t('webhooks.none')}>
        {(list) => (
          <DataTable label={t('webhooks.title')} columns={[t('webhooks.col.url'), t('webhooks.col.types'), t('webhooks.col.status')]}>
            {list.map((webhook) => (
              <tr key={webhook.id}>
                <td class="webhook-url">
                  <a href={href('webhooks', webhook.id)}>{webhook.url}</a>
                  {webhook.description && <div class="muted small">{webhook.description}</div>}
                </td>
                <td>{subscribedText(webhook.eventTypes)}</td>
                <td>
                  <ActiveBadge active={webhook.active} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>
      <WhenLoaded load={targets} isEmpty={(list) => list.length === 0} empty={null}>
        {(list) => (
          <section class="setup-section" aria-labelledby="targets-title">
            <h2 id="targets-title">{t('webhooks.targets.title')}</h2>
            <p class="muted">{t('webhooks.targets.intro')}</p>
            <ul>
              {list.map((target) => (
                <li key={target.id}>
                  <a href={href('webhooks', 'target', target.id)}>{targetText(target.id)}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </WhenLoaded>
    </Page>
  );
}
