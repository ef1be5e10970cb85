import type { PageArea } from '../../area';
import { TillPage } from './till-page';

export const tillArea: PageArea = {
  nav: [{ href: '#/till', label: 'nav.till', permission: 'terminal.use' }],
  page(route) {
    if (route.segments[0] !== 'till') return null;
    return <TillPage params={route.params} />;
  },
};
