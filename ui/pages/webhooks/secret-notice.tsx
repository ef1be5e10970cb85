import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';

/**
 * A signing secret, the one time the API shows it (after creation or rotation): the page
 * keeps it only in memory, so leaving the page loses it for good, and says so.
 */
export function SecretNotice(props: { secret: string; message: string; children: ComponentChildren }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const selectIt = () => input.current?.select();
  // The clipboard is refused in some embeddings (an iframe without the permission): then the text is selected to copy by hand.
  const copy = () => navigator.clipboard.writeText(props.secret).then(() => setCopied(true), selectIt);
  return (
    <section class="notice warning secret-notice" aria-labelledby="secret-title">
      <p>{props.message}</p>
      <h2 id="secret-title">{t('webhooks.secret.title')}</h2>
      <div class="row">
        <input ref={input} class="secret" readOnly value={props.secret} aria-labelledby="secret-title" onFocus={selectIt} />
        {'clipboard' in navigator && (
          <button type="button" onClick={() => void copy()}>
            {copied ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
          </button>
        )}
      </div>
      <p>
        <strong>{t('webhooks.secret.once')}</strong>
      </p>
      <div class="row end">{props.children}</div>
    </section>
  );
}
