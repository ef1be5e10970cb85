import type { RefundedItemDto } from './guest-tab-event.dto.js';
import type { TabGuestDto, TabItemDto, TabSnapshotDto } from './tab-snapshot.dto.js';

/**
 * A tab of several guests is, for everything the plugin does with a guest, one part per
 * guest: their own lines and their share of the shared ones, priced, paid, earned on and
 * visited as a tab of their own. Pure, so the splitting of money is read and tested in one
 * place: every amount of the tab lands in exactly one part, to the minor unit.
 */

export interface GuestPart {
  guest: TabGuestDto;
  tab: TabSnapshotDto;
}

/** The id the plugin keeps a guest's part of a tab under: visits, holds and frozen bills of the part carry it. */
export function partId(tabId: string, guestRef: string): string {
  return `${tabId}~${guestRef}`;
}

/** Whether a hold or visit on `tabId` is the tab's own or that of the tab a guest's part `partOrTab` is of. */
export function onTab(tabId: string, partOrTab: string): boolean {
  return tabId === partOrTab || partOrTab.startsWith(`${tabId}~`);
}

/** The guest as the tab of one guest names them. */
export const customerOf = (guest: TabGuestDto): TabSnapshotDto['customer'] => (guest.customerId !== undefined ? { customerId: guest.customerId } : { identifier: guest.identifier });

/** Whether the tab names several guests (even one, or none left after a detach). */
export function namesGuests(tab: Pick<TabSnapshotDto, 'guests'> | null | undefined): boolean {
  return tab?.guests !== undefined;
}

/**
 * Splits `total` into parts in proportion to `weights` (largest remainder, ties to the
 * first), so the parts add up to it exactly. All weights zero: evenly.
 */
export function shareOut(total: number, weights: number[]): number[] {
  const even = weights.every((weight) => weight === 0);
  // Exact in BigInt: an amount of 10^12 times a weight of 1,000 passes 2^53.
  const w = weights.map((weight) => BigInt(even ? 1 : weight));
  const whole = w.reduce((a, b) => a + b, 0n);
  const big = BigInt(total);
  const parts = w.map((weight) => (big * weight) / whole);
  let left = big - parts.reduce((a, b) => a + b, 0n);
  const order = w.map((weight, i) => ({ i, rest: (big * weight) % whole })).sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

/** How the line splits among the guests: weight per guest, in the order of `guests`. */
function weightsOf(item: Pick<TabItemDto, 'guestRef' | 'shares'>, guests: TabGuestDto[]): number[] {
  if (item.guestRef !== undefined) return guests.map((guest) => (guest.ref === item.guestRef ? 1 : 0));
  if (item.shares !== undefined) return guests.map((guest) => item.shares!.filter((share) => share.guestRef === guest.ref).reduce((sum, share) => sum + share.weight, 0));
  return guests.map(() => 1);
}

/** A guest's part of a quantity, in thousandths, never below one thousandth of a unit taken. */
const quantityShare = (quantity: number, weight: number, total: number) => Math.max(1, Math.round((quantity * 1000 * weight) / total)) / 1000;

/**
 * Each guest's part of the tab: their lines whole, each shared line's amount and tax split
 * by weight, the service charge in proportion to what each part's lines come to, the tab's
 * codes with the first guest (the one a till names first presented them). Payments are
 * left for the caller, which knows whose holds they capture.
 */
export function guestParts(tab: TabSnapshotDto): GuestPart[] {
  const guests = tab.guests ?? [];
  if (guests.length === 0) return [];
  const orders = guests.map(() => tab.orders.map((order) => ({ ...order, items: [] as TabItemDto[] })));
  const lineTotals = guests.map(() => 0);
  tab.orders.forEach((order, o) => {
    for (const item of order.items) {
      const weights = weightsOf(item, guests);
      const totalWeight = weights.reduce((a, b) => a + b, 0);
      const amounts = shareOut(item.amount, weights);
      const taxes = shareOut(item.taxAmount, weights);
      guests.forEach((_, g) => {
        if (weights[g] === 0) return;
        const { guestRef: _ref, shares: _shares, ...line } = item;
        const whole = weights[g] === totalWeight;
        orders[g][o].items.push({ ...line, quantity: whole ? item.quantity : quantityShare(item.quantity, weights[g], totalWeight), amount: amounts[g], taxAmount: taxes[g] });
        lineTotals[g] += amounts[g];
      });
    }
  });
  const service = shareOut(tab.serviceCharge ?? 0, lineTotals);
  return guests.map((guest, g) => {
    const { guests: _guests, codes, payments: _payments, ...rest } = tab;
    const part: TabSnapshotDto = {
      ...rest,
      id: partId(tab.id, guest.ref),
      customer: customerOf(guest),
      orders: orders[g].filter((order) => order.items.length > 0),
      payments: [],
    };
    if (tab.serviceCharge !== undefined) part.serviceCharge = service[g];
    if (g === 0 && codes !== undefined) part.codes = codes;
    return { guest, tab: part };
  });
}

/**
 * What a refund of the tab's lines takes back from each guest's part: their own lines
 * whole, a shared line's amount and quantity split as the line was. A guest none of whose
 * lines is refunded has no entry.
 */
export function refundParts(tab: TabSnapshotDto, refunded: RefundedItemDto[]): Map<string, RefundedItemDto[]> {
  const guests = tab.guests ?? [];
  const items = new Map(tab.orders.flatMap((order) => order.items.map((item) => [item.id, item] as const)));
  const byGuest = new Map<string, RefundedItemDto[]>();
  for (const line of refunded) {
    const item = items.get(line.itemId);
    const weights = item ? weightsOf(item, guests) : guests.map(() => 1);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const amounts = shareOut(line.amount, weights);
    guests.forEach((guest, g) => {
      if (weights[g] === 0) return;
      const quantity = weights[g] === totalWeight ? line.quantity : quantityShare(line.quantity, weights[g], totalWeight);
      byGuest.set(guest.ref, [...(byGuest.get(guest.ref) ?? []), { itemId: line.itemId, quantity, amount: amounts[g] }]);
    });
  }
  return byGuest;
}

/** The problems of a tab's guests and of the lines that name them, each naming its field. */
export function guestProblems(tab: TabSnapshotDto, path: string): string[] {
  const problems: string[] = [];
  const guests = tab.guests;
  const refs = new Set((guests ?? []).map((guest) => guest.ref));
  if (guests !== undefined) {
    if (tab.customer) problems.push(`${path}.guests: a tab names one guest in customer or several in guests, not both`);
    guests.forEach((guest, i) => {
      if ((guest.customerId === undefined) === (guest.identifier === undefined)) problems.push(`${path}.guests[${i}]: must carry exactly one of customerId or identifier`);
      if (guests.findIndex((other) => other.ref === guest.ref) !== i) problems.push(`${path}.guests[${i}].ref: ${guest.ref} names two guests`);
      if (partId(tab.id, guest.ref).length > 128) problems.push(`${path}.guests[${i}].ref: the tab id and the guest's ref together may be at most 127 characters`);
    });
  }
  tab.orders.forEach((order, o) =>
    order.items.forEach((item, i) => {
      const field = `${path}.orders[${o}].items[${i}]`;
      if ((item.guestRef !== undefined || item.shares !== undefined) && guests === undefined) problems.push(`${field}: only a tab with guests names whose line it is`);
      else if (item.guestRef !== undefined && item.shares !== undefined) problems.push(`${field}.shares: a line is one guest’s (guestRef) or shared (shares), not both`);
      else if (item.guestRef !== undefined && !refs.has(item.guestRef)) problems.push(`${field}.guestRef: no guest of the tab is ${item.guestRef}`);
      (item.shares ?? []).forEach((share, s) => {
        if (!refs.has(share.guestRef)) problems.push(`${field}.shares[${s}].guestRef: no guest of the tab is ${share.guestRef}`);
      });
    }),
  );
  return problems;
}
