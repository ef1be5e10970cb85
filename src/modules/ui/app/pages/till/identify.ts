import { api, ApiError } from '../../api';
import type { Candidate, CustomerCard, CustomerIdentifier, IdentifierType } from './types';

export type IdentifyInput = { query: string } | { identifier: { type: IdentifierType; value: string; entryMethod: 'manual' } };

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

const PHONE_CONTACTS = ['mobile', 'work_phone', 'home_phone'];

/** A known customer the till cannot tell apart from others: no card, and phone or name shared. */
export class NothingToIdentifyBy extends Error {}

/**
 * The card of a customer the page already knows (a candidate picked from a search, or
 * `#/till?customer=<id>`). Identify takes no customer id, so the till presents what it
 * would be shown — the customer's first active identifier, else one of their phones,
 * else their name — and keeps the answer only if it is this customer.
 */
export async function identifyCustomer(customerId: string): Promise<IdentifyOutcome> {
  const path = `customers/${encodeURIComponent(customerId)}`;
  try {
    const identifiers = await api<CustomerIdentifier[]>('GET', `${path}/identifiers`);
    const presented = identifiers.find((identifier) => identifier.status === 'active');
    const outcome = await identify(presented ? { identifier: { type: presented.type, value: presented.value, entryMethod: 'manual' } } : await fallbackFor(path));
    if (outcome.kind === 'refused' || (outcome.kind === 'card' && outcome.card.id === customerId)) return outcome;
    // A shared phone or a common name finds someone else, or several: not the card asked for.
    return { kind: 'refused', error: new NothingToIdentifyBy() };
  } catch (error) {
    return { kind: 'refused', error };
  }
}

async function fallbackFor(path: string): Promise<IdentifyInput> {
  const customer = await api<{ displayName: string; contacts: { type: string; value: string }[] }>('GET', path);
  const phone = customer.contacts.find((contact) => PHONE_CONTACTS.includes(contact.type));
  return phone ? { identifier: { type: 'phone', value: phone.value, entryMethod: 'manual' } } : { query: customer.displayName };
}
