import { Page } from '../../components.js';
import { t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { DeliveryLog } from './delivery-log.js';
import { targetText } from './describe.js';

/** A broker's or the guests' messages' delivery log: no subscription to change, no test to send. */
export function TargetPage(props: { id: string }) {
  return (
    <Page title={targetText(props.id)} back={{ href: href('webhooks'), label: t('webhooks.title') }}>
      <DeliveryLog webhookId={props.id} canSendTest={false} />
    </Page>
  );
}
