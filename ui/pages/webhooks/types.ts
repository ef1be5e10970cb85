import { valuesOf, type Schema } from '../../schema.js';

/** The API's webhook subscriptions and their delivery log, as the pages read them. */
export type Webhook = Schema<'WebhookDto'>;
/** A subscription as made or rotated: the one answer that holds its signing secret. */
export type WebhookWithSecret = Schema<'WebhookWithSecretDto'>;
export type Delivery = Schema<'DeliveryDto'>;
export type DeliveryPage = Schema<'DeliveryPageDto'>;
export type TestEvent = Schema<'TestEventDto'>;
export type DeliveryTarget = Schema<'DeliveryTargetDto'>;

export type DeliveryStatus = Delivery['status'];
export const DELIVERY_STATUSES = valuesOf<DeliveryStatus>({ pending: true, delivered: true, dead: true, skipped: true });

export type EventType = Delivery['eventType'];
/** What a subscription asks for: `*` alone for every type, or some of these. */
export type SubscribedType = Webhook['eventTypes'][number];
export const EVERY_TYPE = '*' satisfies SubscribedType;

/**
 * The types a manager can pick, in CONTRACT.md's order. The test event is not among them:
 * it goes to the subscription tested, whatever the subscription asks for.
 */
export const SUBSCRIBABLE_TYPES = valuesOf<Exclude<SubscribedType, '*'>>({
  'customer.created': true,
  'customer.changed': true,
  'customer.terminated': true,
  'customer.erased': true,
  'identifier.bound': true,
  'identifier.blocked': true,
  'identifier.reassigned': true,
  'account.credited': true,
  'account.debited': true,
  'points.expiring': true,
  'tier.changed': true,
  'visit.recorded': true,
  'reward.reachable': true,
  'birthday.given': true,
  'coupon.issued': true,
  'referral.rewarded': true,
  'membership.changed': true,
  'job_run.failed': true,
  'message.requested': true,
});
