import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ActiveBadge, DataTable, Empty, Page, WhenLoaded } from '../../components.js';
import { formatDateTime } from '../../format.js';
import { useLoad, type Loaded } from '../../hooks.js';
import { locale, t } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { useAccountTypes } from './account-types.js';
import { RuleForm } from './rule-form.js';
import { ruleSummary } from './rule-summary.js';
import { ruleTitle } from './rules-tab.js';
import type { Category, RuleVersion, SalesRule } from './types.js';

/** One rule: its form, and every version it had (a closed tab names the version that priced it). */
export function RulePage(props: { categoryId: string; ruleId: string }) {
  const rule = useLoad(() => api<SalesRule>('GET', `sales-rules/${encodeURIComponent(props.ruleId)}`), [props.ruleId]);
  const category = useLoad(() => api<Category>('GET', `promotion-categories/${encodeURIComponent(props.categoryId)}`), [props.categoryId]);
  const versions = useLoad(() => api<RuleVersion[]>('GET', `sales-rules/${encodeURIComponent(props.ruleId)}/versions`), [props.ruleId]);
  const [saved, setSaved] = useState(false);
  // The form needs both: the first refusal shows, and its retry asks for both again.
  const both = {
    data: rule.data && category.data && { current: rule.data, owner: category.data },
    error: rule.error ?? category.error,
    reload: () => (rule.reload(), category.reload()),
  };

  return (
    <WhenLoaded load={both}>
      {({ current, owner }) => (
        <Page
          title={ruleTitle(current)}
          back={{ href: href('promotions', owner.id, 'rules'), label: t('promo.rule.backTo', { name: owner.name }) }}
          actions={
            <>
              <code class="promo-code">{current.categoryCode}</code>
              <ActiveBadge active={current.active} />
            </>
          }
        >
          {saved && (
            <p class="notice success" role="status">
              {t('promo.rule.saved', { version: current.version })}
            </p>
          )}
          <RuleForm
            key={current.id}
            category={owner}
            rule={current}
            onSaved={(updated) => {
              rule.setData(updated);
              setSaved(true);
              versions.reload();
            }}
          />
          <h2 id="versions-title">{t('promo.versions.title')}</h2>
          <Versions versions={versions} />
        </Page>
      )}
    </WhenLoaded>
  );
}

function Versions(props: { versions: Loaded<RuleVersion[]> }) {
  const session = useSession();
  const accounts = useAccountTypes();
  return (
    <WhenLoaded load={props.versions} empty={<Empty />}>
      {(list) => (
        <DataTable
          labelledBy="versions-title"
          columns={[
            { label: t('promo.versions.version'), amount: true },
            t('promo.versions.when'),
            t('promo.versions.by'),
            t('promo.versions.what'),
          ]}
        >
          {[...list].reverse().map((version) => (
            <tr key={version.version}>
              <td class="amount">{version.version}</td>
              <td class="promo-nowrap">
                {formatDateTime(version.createdAt, locale(), session.timeZone)}
                <div class="muted small">{t(version.change === 'created' ? 'promo.versions.created' : 'promo.versions.updated')}</div>
              </td>
              <td class="promo-nowrap">{version.createdBy}</td>
              <td>
                {ruleTitle(version.rule)}
                {!version.rule.active && <span class="muted"> · {t('state.inactive')}</span>}
                <div class="muted small">
                  {ruleSummary(version.rule, session.currency, session.timeZone, accounts)} · {t(`promo.stacking.${version.rule.stacking}`)} · {t('promo.rule.priority')} {version.rule.priority}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </WhenLoaded>
  );
}
