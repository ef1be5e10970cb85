import { api, ApiError } from '../../api.js';
import type { Candidate, CustomerCard, IdentifierType } from './types.js';

export type IdentifyInput = { query: string } | { customerId: string } | { identifier: { type: IdentifierType; value: string; entryMethod: 'manual' } };

/** What an identify attempt came to: the card, a choice to make, or a refusal to explain. */
export type IdentifyOutcome = { kind: 'card'; card: CustomerCard } | { kind: 'choose'; candidates: Candidate[]; more: boolean } | { kind: 'refused'; error: unknown };

export async function identify(input: IdentifyInput): Promise<IdentifyOutcome> {
  try {
    return { kind: 'card', card: await api<CustomerCard>('POST', 'terminal/identify', input) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 300) {
      return { kind: 'choose', candidates: (error.body.candidates as Candidate[] | undefined) ?? [], more: error.body.more === true };
    }
    return { kind: 'refused', error };
  }
}

/** The card of a customer the page already knows: a candidate picked from a search, or `#/till?customer=<id>`. */
export const identifyCustomer = (customerId: string): Promise<IdentifyOutcome> => identify({ customerId });
