import type { Language } from './languages.js';

/** The facts a guest is told of (README "Messages to guests"): an outgoing event type each. */
export const GUEST_MESSAGE_KINDS = ['points.expiring', 'account.credited', 'tier.changed', 'reward.reachable', 'birthday.given'] as const;
export type GuestMessageKind = (typeof GUEST_MESSAGE_KINDS)[number];

/**
 * Transactional messages tell a guest about their own money and points and go to every
 * guest with a contact; marketing ones invite them back and go only to guests who gave
 * their consent (`marketingConsent`).
 */
export const GUEST_MESSAGE_PURPOSES = ['transactional', 'marketing'] as const;
export type GuestMessagePurpose = (typeof GUEST_MESSAGE_PURPOSES)[number];

export const PURPOSE_OF: Record<GuestMessageKind, GuestMessagePurpose> = {
  'points.expiring': 'transactional',
  'account.credited': 'transactional',
  'tier.changed': 'marketing',
  'reward.reachable': 'marketing',
  'birthday.given': 'marketing',
};

/** One message to one guest, rendered in their language, as the host's channel sends it. */
export interface GuestMessage {
  /** The same for every attempt at the message of one fact (the fact's event id): deduplicate by it. */
  id: string;
  /** The outgoing event the message tells of. */
  eventId: string;
  kind: GuestMessageKind;
  purpose: GuestMessagePurpose;
  tenantId: string;
  customerId: string;
  language: Language;
  /** The guest's primary e-mail and mobile phone (or the first of each), null for none. */
  to: { email: string | null; phone: string | null };
  subject: string;
  text: string;
}

/**
 * A channel a NestJS host implements (an SMS gateway, a push service, its own mailer) and
 * gives the plugin in `messages.messenger`. `send` resolves once the message is on its way;
 * a rejection is a failed attempt, retried with the webhook backoff. The same message may be
 * handed over again after a crash between the sending and its record: deduplicate by `id`.
 */
export interface GuestMessenger {
  send(message: GuestMessage): Promise<void>;
}
