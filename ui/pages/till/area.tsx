import type { PageArea } from '../../area.js';
import { TillPage } from './till-page.js';

export const tillArea: PageArea = {
  page(route) {
    if (route.segments[0] !== 'till') return null;
    return <TillPage params={route.params} />;
  },
};
