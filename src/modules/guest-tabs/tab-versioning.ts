import type { GuestTabEventType, RecordedTabStatus, TabStatus } from '../../contract/contract-values.js';
import type { GuestTabEventDto } from '../../contract/guest-tab-event.dto.js';
import { namesGuests } from '../../contract/tab-parts.js';

/**
 * How a tab's events are ordered (CONTRACT.md section 3). Pure, so the rules read in one
 * place and are tested without a database.
 */

export interface AppliedTabState {
  version: number;
  status: RecordedTabStatus;
}

export interface IncomingTabEvent {
  type: GuestTabEventType;
  tab: { id: string; version: number; status: TabStatus };
}

/** The statuses a tab is done in: an event at their version reopens nothing unless it finalises too. */
export const FINAL_STATUSES: readonly RecordedTabStatus[] = ['closed', 'cancelled'];
const FINAL: ReadonlySet<string> = new Set(FINAL_STATUSES);
const FINALISING_EVENTS: ReadonlySet<GuestTabEventType> = new Set([
  'guest_tab.closed',
  'guest_tab.cancelled',
  'guest_tab.refunded',
]);

/**
 * Stale: older than what was applied, or, at the version that closed or cancelled the
 * tab, an event that would reopen it (a late `updated` after `closed`). Applying either
 * would undo newer state, so it is acknowledged and ignored. A tab merged into another
 * lives on in that one: whatever comes for it later would count its lines twice.
 */
export function isStale(applied: AppliedTabState, event: IncomingTabEvent): boolean {
  if (applied.status === 'merged') return true;
  // A refund gives back its own lines: one sent before a later refund still happened, whatever order they arrive in.
  if (event.type === 'guest_tab.refunded') return false;
  if (event.tab.version < applied.version) return true;
  return event.tab.version === applied.version && FINAL.has(applied.status) && !FINALISING_EVENTS.has(event.type);
}

/**
 * An opened or updated tab without a guest: the lifecycle does nothing for it, so the tab's
 * record and the inbox are all it changes, and whether it is stale comes down to the version
 * and status recorded, which the database weighs in the very statement that records it
 * (GuestTabsService.recordIfNewer) — unless the tab recorded names guests (whose parts an
 * update may leave), which that statement tells.
 */
export function changesOnlyTheRecord(event: GuestTabEventDto): boolean {
  return (event.type === 'guest_tab.opened' || event.type === 'guest_tab.updated') && !event.tab.customer && !namesGuests(event.tab);
}

/** The status the plugin records for the tab after applying the event. */
export function statusAfter(event: IncomingTabEvent): TabStatus {
  switch (event.type) {
    case 'guest_tab.opened':
      return 'open';
    case 'guest_tab.prechecked':
      return 'prechecked';
    case 'guest_tab.closed':
    case 'guest_tab.refunded':
      return 'closed';
    case 'guest_tab.cancelled':
      return 'cancelled';
    default:
      return event.tab.status;
  }
}

/**
 * One event of a kind per tab version: a `closed` re-sent under a new id with the same
 * version is the same close. The inbox keeps this key unique.
 */
export function appliedKey(event: IncomingTabEvent): string {
  return `${event.tab.id}|${event.type}|${event.tab.version}`;
}
