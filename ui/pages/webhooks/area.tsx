import type { PageArea } from '../../area.js';
import { NewWebhookPage, WebhookEditPage } from './webhook-form.js';
import { WebhookList } from './webhook-list.js';
import { TargetPage } from './target-page.js';
import { WebhookPage } from './webhook-page.js';

/** Routes: #/webhooks, #/webhooks/new, #/webhooks/<id> (its delivery log), #/webhooks/<id>/edit, #/webhooks/target/<target id> (a broker's or the messages' log). */
export const webhooksArea: PageArea = {
  page(route) {
    const [area, id, section] = route.segments;
    if (area !== 'webhooks') return null;
    if (!id) return <WebhookList />;
    if (id === 'new') return <NewWebhookPage />;
    if (id === 'target' && section) return <TargetPage id={section} />;
    if (section === 'edit') return <WebhookEditPage id={id} />;
    return <WebhookPage id={id} />;
  },
};
