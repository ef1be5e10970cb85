import { api } from '../../api.js';
import { ActiveBadge, DataTable, Page, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { subscribedText } from './describe.js';
import type { Webhook } from './types.js';

/** Where the programme's events go: each subscription, what it asks for, whether it gets new ones. */
export function WebhookList() {
  const webhooks = useLoad(() => api<Webhook[]>('GET', 'webhooks'), []);
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
    </Page>
  );
}
