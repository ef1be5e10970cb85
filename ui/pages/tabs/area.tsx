import type { PageArea } from '../../area.js';
import { TabHistoryPage } from './tab-history.js';

/** A tab's history, reached from a guest's visits: not a menu entry of its own. */
export const tabsArea: PageArea = {
  page(route) {
    const [area, tabId] = route.segments;
    if (area !== 'tabs' || !tabId) return null;
    return <TabHistoryPage tabId={tabId} />;
  },
};
