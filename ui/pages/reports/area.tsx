import type { PageArea } from '../../area.js';
import { ReportsPage } from './reports-page.js';
import { isReportName } from './types.js';

/** Routes: #/reports (members, the first report), #/reports/<report> (members, money, points, tiers, rewards, top-guests). */
export const reportsArea: PageArea = {
  page(route) {
    const [area, report = 'members'] = route.segments;
    if (area !== 'reports') return null;
    return isReportName(report) ? <ReportsPage report={report} /> : null;
  },
};
