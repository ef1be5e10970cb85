import type { PageArea } from '../../area.js';
import { CustomerCard, CUSTOMER_CARD_TABS, type CustomerCardTab } from './customer-card.js';
import { CustomerList } from './customer-list.js';
import { NewCustomer } from './new-customer.js';
import { ImportPage } from './import-page.js';

export const customersArea: PageArea = {
  page(route) {
    const [area, id, tab] = route.segments;
    if (area !== 'customers') return null;
    if (!id) return <CustomerList params={route.params} />;
    if (id === 'new') return <NewCustomer />;
    if (id === 'import') return <ImportPage />;
    const active = (CUSTOMER_CARD_TABS as readonly string[]).includes(tab) ? (tab as CustomerCardTab) : 'profile';
    return <CustomerCard id={id} tab={active} />;
  },
};
