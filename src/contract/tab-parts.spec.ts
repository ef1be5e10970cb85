import fc from 'fast-check';
import type { TabSnapshotDto } from './tab-snapshot.dto.js';
import { guestParts, guestProblems, refundParts, shareOut } from './tab-parts.js';

const tab = (items: object[], guests = [{ ref: 'a', customerId: 'c-a' }, { ref: 'b', customerId: 'c-b' }, { ref: 'c', customerId: 'c-c' }], serviceCharge = 0): TabSnapshotDto =>
  ({ id: 't', version: 1, status: 'open', openedAt: '2026-11-22T17:40:00Z', currency: 'EUR', pricesIncludeTax: true, guests, serviceCharge, orders: [{ id: 'o', items }] }) as unknown as TabSnapshotDto;
const item = (id: string, amount: number, extra: object = {}) => ({ id, productId: `p-${id}`, quantity: 1, amount, taxAmount: Math.floor(amount / 5), ...extra });

describe('a tab of several guests, in parts', () => {
  it('shares out any amount by any weights to the minor unit, the larger remainders first', () => {
    expect(shareOut(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(shareOut(100, [1, 2])).toEqual([33, 67]);
    expect(shareOut(5, [0, 0])).toEqual([3, 2]);
    expect(shareOut(1_000_000_000_000, [1000, 999, 1])).toEqual([500_000_000_000, 499_500_000_000, 500_000_000]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const parts = shareOut(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        if (sum > 0) weights.forEach((weight, i) => expect(Math.abs(parts[i] - (total * weight) / sum)).toBeLessThan(1));
      }),
    );
  });

  it('gives each guest their lines whole and a share of the shared ones, and every amount of the tab lands in one part', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 0, max: 10_000_000 }), owner: fc.constantFrom('a', 'b', 'c', 'shared', 'split') }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 5000 }),
        (drawn, serviceCharge) => {
          const items = drawn.map((line, i) =>
            item(`l${i}`, line.amount, line.owner === 'shared' ? {} : line.owner === 'split' ? { shares: [{ guestRef: 'a', weight: 1 }, { guestRef: 'c', weight: 3 }] } : { guestRef: line.owner }),
          );
          const parts = guestParts(tab(items, undefined, serviceCharge));
          const all = parts.flatMap((part) => part.tab.orders.flatMap((order) => order.items));
          expect(all.reduce((sum, line) => sum + line.amount, 0)).toBe(items.reduce((sum, line) => sum + line.amount, 0));
          expect(all.reduce((sum, line) => sum + line.taxAmount, 0)).toBe(items.reduce((sum, line) => sum + line.taxAmount, 0));
          expect(parts.reduce((sum, part) => sum + (part.tab.serviceCharge ?? 0), 0)).toBe(serviceCharge);
          drawn.forEach((line, i) => {
            if (line.owner === 'a' || line.owner === 'b' || line.owner === 'c') {
              const owner = parts.find((part) => part.guest.ref === line.owner)!;
              expect(owner.tab.orders.flatMap((order) => order.items).find((candidate) => candidate.id === `l${i}`)).toMatchObject({ amount: line.amount, quantity: 1 });
            }
            if (line.owner === 'split') expect(parts[1].tab.orders.flatMap((order) => order.items).some((candidate) => candidate.id === `l${i}`)).toBe(false);
          });
        },
      ),
    );
  });

  it('names each part for its guest, keeps the tab’s codes with the first, and splits a refund as the line was split', () => {
    const parts = guestParts({ ...tab([item('wine', 1200, { guestRef: 'b' }), item('bread', 300)]), codes: ['SUMMER10'] });
    expect(parts.map((part) => [part.tab.id, part.tab.customer, part.tab.codes])).toEqual([
      ['t~a', { customerId: 'c-a' }, ['SUMMER10']],
      ['t~b', { customerId: 'c-b' }, undefined],
      ['t~c', { customerId: 'c-c' }, undefined],
    ]);
    expect(parts[1].tab.orders[0].items.map((line) => [line.id, line.amount, line.quantity])).toEqual([
      ['wine', 1200, 1],
      ['bread', 100, 0.333],
    ]);
    const back = refundParts(tab([item('wine', 1200, { guestRef: 'b' }), item('bread', 300)]), [{ itemId: 'bread', quantity: 1, amount: 300 }, { itemId: 'wine', quantity: 1, amount: 1200 }]);
    expect(Object.fromEntries(back)).toEqual({
      a: [{ itemId: 'bread', quantity: 0.333, amount: 100 }],
      b: [{ itemId: 'bread', quantity: 0.333, amount: 100 }, { itemId: 'wine', quantity: 1, amount: 1200 }],
      c: [{ itemId: 'bread', quantity: 0.333, amount: 100 }],
    });
  });

  it('names the field of every guest problem', () => {
    const guests = [{ ref: 'a', customerId: 'c-a' }, { ref: 'a', identifier: { type: 'barcode_card', value: '1', entryMethod: 'scan' }, customerId: 'c-x' }];
    const problems = guestProblems({ ...tab([item('x', 1, { guestRef: 'z' }), item('y', 1, { guestRef: 'a', shares: [] }), item('w', 1, { shares: [{ guestRef: 'q', weight: 1 }] })], guests as never), customer: { customerId: 'c-a' } }, 'tab');
    expect(problems).toEqual([
      'tab.guests: a tab names one guest in customer or several in guests, not both',
      'tab.guests[1]: must carry exactly one of customerId or identifier',
      'tab.guests[1].ref: a names two guests',
      'tab.orders[0].items[0].guestRef: no guest of the tab is z',
      'tab.orders[0].items[1].shares: a line is one guest’s (guestRef) or shared (shares), not both',
      'tab.orders[0].items[2].shares[0].guestRef: no guest of the tab is q',
    ]);
    expect(guestProblems(tab([item('x', 1, { guestRef: 'a' })], undefined as never), 'tab')).toEqual([]);
  });
});
