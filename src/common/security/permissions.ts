/**
 * The permissions of CONTRACT.md section 5. The host maps its own roles onto them; the
 * manifest declares them with these descriptions (a test keeps both in step).
 */
export const PERMISSIONS = {
  'terminal.use': 'Identify guests, evaluate tabs and hold bonus payments at the till.',
  'customers.read': 'See customers, their contacts, identifiers and history.',
  'customers.write': 'Create and change customers and their contacts; terminate memberships.',
  'customers.erase': 'Erase or export a customer’s personal data.',
  'identifiers.manage': 'Issue, bind, block and re-assign cards, keys and other identifiers.',
  'promotions.manage': 'Create and change promotion categories and their sales rules.',
  'tiers.manage': 'Configure tiers and move customers between them by hand.',
  'accounts.read': 'See account balances and ledger entries.',
  'accounts.adjust': 'Credit or debit accounts by hand, with a reason.',
  'accounts.reset_holds': 'Release stale bonus holds of an account.',
  'visits.read': 'See visits, tab records and visit statistics.',
  'reports.read': 'See the programme’s reports: members, money, points and their liability, tiers, rewards and codes, top guests.',
  'settings.manage': 'Change tenant settings, run scheduled jobs by hand, purge a tenant.',
  'webhooks.manage': 'Subscribe systems to the plugin’s events, see and retry their deliveries, send test events.',
  'messages.manage': 'Write the messages guests get in each language, preview them, set quiet hours.',
} as const;

export type Permission = keyof typeof PERMISSIONS;
