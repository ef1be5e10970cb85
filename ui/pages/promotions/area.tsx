import type { JSX } from 'preact';
import type { PageArea } from '../../area.js';
import { Page } from '../../components.js';
import { t } from '../../i18n/index.js';
import { useCan } from '../../session.js';
import { CategoryList } from './category-list.js';
import { CategoryPage, CATEGORY_TABS, type CategoryTab } from './category-page.js';
import { RulePage } from './rule-page.js';

/** A link opened by an actor without promotions.manage says so instead of showing forms the API would refuse. */
function Managers(props: { children: JSX.Element }) {
  const can = useCan();
  if (can('promotions.manage')) return props.children;
  return (
    <Page title={t('promo.title')}>
      <p>{t('error.forbidden')}</p>
    </Page>
  );
}

/** Routes: #/promotions, #/promotions/<category>/<rules|details|try>, #/promotions/<category>/rules/<rule>. */
export const promotionsArea: PageArea = {
  page(route) {
    const [area, categoryId, section, ruleId] = route.segments;
    if (area !== 'promotions') return null;
    if (!categoryId) return <Managers><CategoryList params={route.params} /></Managers>;
    if (section === 'rules' && ruleId) return <Managers><RulePage categoryId={categoryId} ruleId={ruleId} /></Managers>;
    const tab = (CATEGORY_TABS as readonly string[]).includes(section) ? (section as CategoryTab) : 'rules';
    return <Managers><CategoryPage id={categoryId} tab={tab} /></Managers>;
  },
};
