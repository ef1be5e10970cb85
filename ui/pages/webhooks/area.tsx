import type { PageArea } from '../../area.js';
import { NewWebhookPage, WebhookEditPage } from './webhook-form.js';
import { WebhookList } from './webhook-list.js';
import { WebhookPage } from './webhook-page.js';

/** Routes: #/webhooks, #/webhooks/new, #/webhooks/<id> (its delivery log), #/webhooks/<id>/edit. */
export const webhooksArea: PageArea = {
  page(route) {
    const [area, id, section] = route.segments;
    if (area !== 'webhooks') return null;
    if (!id) return <WebhookList />;
    if (id === 'new') return <NewWebhookPage />;
    if (section === 'edit') return <WebhookEditPage id={id} />;
    return <WebhookPage id={id} />;
  },
};
