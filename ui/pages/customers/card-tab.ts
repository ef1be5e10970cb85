import type { Customer } from './types.js';

/**
 * What the customer card hands each of its tabs. Kept apart from the card, which imports
 * every tab, so that no tab imports the card back.
 */
export interface CardTabProps {
  customer: Customer;
  /** Called after a change, so the header (status, tier) shows it. */
  onChange: (customer?: Customer) => void;
}
