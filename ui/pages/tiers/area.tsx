import type { PageArea } from '../../area.js';
import { TierFormPage } from './tier-form.js';
import { TierList } from './tier-list.js';

export const tiersArea: PageArea = {
  page(route) {
    const [area, id] = route.segments;
    if (area !== 'tiers') return null;
    if (!id) return <TierList />;
    return <TierFormPage id={id === 'new' ? undefined : id} />;
  },
};
