import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ActiveBadge, ConfirmDialog, ErrorNotice, Page, Tabs, WhenLoaded } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { href } from '../../router.js';
import { useCan } from '../../session.js';
import { CategoryDetails } from './category-details.js';
import { CodesTab } from './codes-tab.js';
import { RulesTab } from './rules-tab.js';
import { TryIt } from './try-it.js';
import type { Category } from './types.js';

export const CATEGORY_TABS = ['rules', 'codes', 'details', 'try'] as const;
export type CategoryTab = (typeof CATEGORY_TABS)[number];

const LABELS: Record<CategoryTab, MessageKey> = { rules: 'promo.tab.rules', codes: 'promo.tab.codes', details: 'promo.tab.details', try: 'promo.tab.try' };

/** One category: its rules, the promo codes that bring it, its own fields, and a sample tab to try them on. */
export function CategoryPage(props: { id: string; tab: CategoryTab }) {
  const can = useCan();
  const category = useLoad(() => api<Category>('GET', `promotion-categories/${encodeURIComponent(props.id)}`), [props.id]);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [switching, setSwitching] = useState(false);
  // Trying a tab is a till call: only an actor who may use the till sees the panel.
  const tabs = CATEGORY_TABS.filter((id) => id !== 'try' || can('terminal.use'));
  const active = tabs.includes(props.tab) ? props.tab : 'rules';

  const setActive = async (id: string, next: boolean) => {
    setConfirming(false);
    setFailure(null);
    setSwitching(true);
    try {
      category.setData(await api<Category>('PATCH', `promotion-categories/${id}`, { active: next }));
    } catch (error) {
      setFailure(error);
    } finally {
      setSwitching(false);
    }
  };

  return (
    <WhenLoaded load={category}>
      {(current) => (
        <Page
          title={current.name}
          back={{ href: '#/promotions', label: t('promo.title') }}
          actions={
            <>
              <code class="promo-code">{current.code}</code>
              <ActiveBadge active={current.active} />
              {current.active ? (
                <button type="button" class="danger" disabled={switching} onClick={() => setConfirming(true)}>
                  {t('promo.category.deactivate')}
                </button>
              ) : (
                <button type="button" class="primary" disabled={switching} onClick={() => void setActive(current.id, true)}>
                  {t('promo.category.activate')}
                </button>
              )}
            </>
          }
        >
          {current.description && <p class="muted promo-description">{current.description}</p>}
          {failure ? <ErrorNotice error={failure} /> : null}
          <Tabs label={t('promo.tabsLabel')} active={active} tabs={tabs.map((id) => ({ id, label: t(LABELS[id]), href: href('promotions', current.id, id) }))} />
          <div class="tab-panel" role="tabpanel">
            {active === 'rules' && <RulesTab category={current} />}
            {active === 'codes' && <CodesTab category={current} />}
            {active === 'details' && <CategoryDetails category={current} onSaved={category.setData} />}
            {active === 'try' && <TryIt category={current} />}
          </div>
          <ConfirmDialog
            open={confirming}
            danger
            title={t('promo.category.deactivateTitle', { code: current.code })}
            confirmLabel={t('promo.category.deactivate')}
            onCancel={() => setConfirming(false)}
            onConfirm={() => void setActive(current.id, false)}
          >
            <p>{t('promo.category.deactivateText')}</p>
          </ConfirmDialog>
        </Page>
      )}
    </WhenLoaded>
  );
}
