import type { GuestTabEventType, TabStatus } from '../../contract/contract-values.js';
import { appliedKey, isStale, statusAfter, type AppliedTabState } from './tab-versioning.js';

const event = (type: GuestTabEventType, version: number, status: TabStatus = 'open') => ({ type, tab: { id: 'tab-1', version, status } });
const applied = (version: number, status: AppliedTabState['status']): AppliedTabState => ({ version, status });

describe('ordering of a tab’s events', () => {
  it('applies a newer version whatever its kind', () => {
    expect(isStale(applied(5, 'closed'), event('guest_tab.updated', 6))).toBe(false);
  });

  it('ignores an older version', () => {
    expect(isStale(applied(5, 'open'), event('guest_tab.updated', 4))).toBe(true);
    expect(isStale(applied(5, 'closed'), event('guest_tab.customer_attached', 2))).toBe(true);
  });

  it('applies a second event kind at the same version (a pre-check does not change the tab)', () => {
    expect(isStale(applied(5, 'open'), event('guest_tab.prechecked', 5))).toBe(false);
  });

  it('ignores an update at the version that closed the tab, but not the refund of it', () => {
    expect(isStale(applied(7, 'closed'), event('guest_tab.updated', 7))).toBe(true);
    expect(isStale(applied(7, 'closed'), event('guest_tab.refunded', 7))).toBe(false);
    expect(isStale(applied(7, 'closed'), event('guest_tab.refunded', 8))).toBe(false);
  });

  it('applies a refund overtaken by a later one: both gave lines back', () => {
    expect(isStale(applied(9, 'closed'), event('guest_tab.refunded', 8))).toBe(false);
  });

  it('ignores everything for a tab merged into another, a newer close too', () => {
    expect(isStale(applied(0, 'merged'), event('guest_tab.closed', 9, 'closed'))).toBe(true);
    expect(isStale(applied(3, 'merged'), event('guest_tab.refunded', 4, 'closed'))).toBe(true);
  });

  it('records the status each event leaves the tab in', () => {
    expect(statusAfter(event('guest_tab.opened', 1))).toBe('open');
    expect(statusAfter(event('guest_tab.prechecked', 2))).toBe('prechecked');
    expect(statusAfter(event('guest_tab.closed', 3))).toBe('closed');
    expect(statusAfter(event('guest_tab.refunded', 4))).toBe('closed');
    expect(statusAfter(event('guest_tab.cancelled', 3))).toBe('cancelled');
    expect(statusAfter(event('guest_tab.updated', 3, 'prechecked'))).toBe('prechecked');
  });

  it('keys an applied event by tab, kind and version', () => {
    expect(appliedKey(event('guest_tab.closed', 3))).toBe('tab-1|guest_tab.closed|3');
  });
});
