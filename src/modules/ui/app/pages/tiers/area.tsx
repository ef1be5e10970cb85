import type { PageArea } from '../../area';
import { TierFormPage } from './tier-form';
import { TierList } from './tier-list';

export const tiersArea: PageArea = {
  nav: [{ href: '#/tiers', label: 'nav.tiers', permission: 'tiers.manage' }],
  page(route) {
    const [area, id] = route.segments;
    if (area !== 'tiers') return null;
    if (!id) return <TierList />;
    return <TierFormPage id={id === 'new' ? undefined : id} />;
  },
};
