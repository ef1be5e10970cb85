import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ActiveBadge, ConfirmDialog, ErrorNotice, Page, WhenLoaded } from '../../components.js';
import { formatDateTime } from '../../format.js';
import { useLoad } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href, navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { useAction } from '../customers/card-hooks.js';
import { DeliveryLog } from './delivery-log.js';
import { subscribedText } from './describe.js';
import { SecretNotice } from './secret-notice.js';
import type { Webhook, WebhookWithSecret } from './types.js';

/** One subscription: what it asks for, its secret's rotation, its removal, and its delivery log. */
export function WebhookPage(props: { id: string }) {
  const session = useSession();
  const path = `webhooks/${encodeURIComponent(props.id)}`;
  const webhook = useLoad(() => api<Webhook>('GET', path), [props.id]);
  const [confirming, setConfirming] = useState<'rotate' | 'delete' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction(() => undefined);

  const rotate = () => {
    setConfirming(null);
    void action.run(async () => {
      const { secret: fresh, ...rotated } = await api<WebhookWithSecret>('POST', `${path}/rotate-secret`);
      webhook.setData(rotated);
      setSecret(fresh);
    });
  };
  const remove = () => {
    setConfirming(null);
    void action.run(async () => {
      await api('DELETE', path);
      navigate(href('webhooks'));
    });
  };

  return (
    <WhenLoaded load={webhook}>
      {(current) => (
        <Page
          title={current.url}
          back={{ href: href('webhooks'), label: t('webhooks.title') }}
          actions={
            <>
              <ActiveBadge active={current.active} />
              <a class="button" href={href('webhooks', current.id, 'edit')}>
                {t('webhooks.edit')}
              </a>
              <button type="button" disabled={action.busy} onClick={() => setConfirming('rotate')}>
                {t('webhooks.rotate')}
              </button>
              <button type="button" class="danger" disabled={action.busy} onClick={() => setConfirming('delete')}>
                {t('webhooks.delete')}
              </button>
            </>
          }
        >
          <div class="webhook-summary">
            {current.description && <p>{current.description}</p>}
            <p>
              <strong>{t('webhooks.col.types')}:</strong> {subscribedText(current.eventTypes)}
            </p>
            <p class="muted small">{t('webhooks.changed', { at: formatDateTime(current.updatedAt, locale(), session.timeZone), actor: current.updatedBy })}</p>
          </div>
          {action.failure ? <ErrorNotice error={action.failure} /> : null}
          {secret && (
            <SecretNotice secret={secret} message={t('webhooks.secret.rotated')}>
              <button type="button" class="primary" onClick={() => setSecret(null)}>
                {t('webhooks.secret.dismiss')}
              </button>
            </SecretNotice>
          )}
          <DeliveryLog webhookId={current.id} />
          <ConfirmDialog
            open={confirming === 'rotate'}
            title={t('webhooks.rotateTitle')}
            confirmLabel={t('webhooks.rotate')}
            onCancel={() => setConfirming(null)}
            onConfirm={rotate}
          >
            <p>{t('webhooks.rotateText')}</p>
          </ConfirmDialog>
          <ConfirmDialog
            open={confirming === 'delete'}
            danger
            title={t('webhooks.deleteTitle')}
            confirmLabel={t('webhooks.delete')}
            onCancel={() => setConfirming(null)}
            onConfirm={remove}
          >
            <p>{t('webhooks.deleteText', { url: current.url })}</p>
          </ConfirmDialog>
        </Page>
      )}
    </WhenLoaded>
  );
}
