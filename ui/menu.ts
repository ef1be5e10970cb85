/**
 * The pages a host can put in its menus, in order: the app's navigation and the UI entries
 * of plugin-manifest.json are both this list (a test holds the manifest to it).
 */
export const MENU = [
  { id: 'customers', route: 'customers', label: 'nav.customers', permission: 'customers.read', place: 'backOffice' },
  { id: 'promotions', route: 'promotions', label: 'nav.promotions', permission: 'promotions.manage', place: 'backOffice' },
  { id: 'tiers', route: 'tiers', label: 'nav.tiers', permission: 'tiers.manage', place: 'backOffice' },
  { id: 'accounts', route: 'accounts', label: 'nav.accounts', permission: 'accounts.read', place: 'backOffice' },
  { id: 'webhooks', route: 'webhooks', label: 'nav.webhooks', permission: 'webhooks.manage', place: 'backOffice' },
  { id: 'messages', route: 'messages', label: 'nav.messages', permission: 'messages.manage', place: 'backOffice' },
  { id: 'reports', route: 'reports', label: 'nav.reports', permission: 'reports.read', place: 'backOffice' },
  { id: 'till-card', route: 'till', label: 'nav.till', permission: 'terminal.use', place: 'till' },
] as const;

export type MenuEntry = (typeof MENU)[number];
