import type { PageArea } from '../../area';
import { CustomerCard, CUSTOMER_CARD_TABS, type CustomerCardTab } from './customer-card';
import { CustomerList } from './customer-list';
import { NewCustomer } from './new-customer';

export const customersArea: PageArea = {
  nav: [{ href: '#/customers', label: 'nav.customers', permission: 'customers.read' }],
  page(route) {
    const [area, id, tab] = route.segments;
    if (area !== 'customers') return null;
    if (!id) return <CustomerList params={route.params} />;
    if (id === 'new') return <NewCustomer />;
    const active = (CUSTOMER_CARD_TABS as readonly string[]).includes(tab) ? (tab as CustomerCardTab) : 'profile';
    return <CustomerCard id={id} tab={active} />;
  },
};
