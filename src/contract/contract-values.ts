/** The closed vocabularies of the host contract (CONTRACT.md sections 3 and 4). */

export const GUEST_TAB_EVENT_TYPES = [
  'guest_tab.opened',
  'guest_tab.customer_attached',
  'guest_tab.customer_detached',
  'guest_tab.updated',
  'guest_tab.prechecked',
  'guest_tab.closed',
  'guest_tab.cancelled',
  'guest_tab.refunded',
  'guest_tab.split',
  'guest_tab.merged',
] as const;
export type GuestTabEventType = (typeof GUEST_TAB_EVENT_TYPES)[number];

export const IDENTIFIER_TYPES = [
  'magnetic_card',
  'smart_card',
  'electronic_key',
  'barcode_card',
  'qr_code',
  'app',
  'phone',
] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const ENTRY_METHODS = ['swipe', 'scan', 'tap', 'manual', 'caller_id'] as const;
export type EntryMethod = (typeof ENTRY_METHODS)[number];

export const TAB_STATUSES = ['open', 'prechecked', 'closed', 'cancelled'] as const;
export type TabStatus = (typeof TAB_STATUSES)[number];

/** What the plugin records of a tab: a host's status, or merged into another tab (which ends it). */
export const RECORDED_TAB_STATUSES = [...TAB_STATUSES, 'merged'] as const;
export type RecordedTabStatus = (typeof RECORDED_TAB_STATUSES)[number];

/** How the plugin answered an event. */
export const EVENT_OUTCOMES = ['applied', 'duplicate', 'stale'] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

/** How many promo codes one tab may carry: a till types a few, never hundreds. */
export const MAX_CODES_PER_TAB = 10;

/** How many identified guests one tab carries, and how many tabs one split makes or one merge joins. */
export const MAX_GUESTS_PER_TAB = 20;
