import fc from 'fast-check';
import { decideTier, standingKey, type DowngradePolicy, type Standing, type TierRule } from './tier-policy.js';

const tier = (id: string, rank: number, threshold: number, extra: Partial<TierRule> = {}): TierRule => ({
  id,
  rank,
  metric: 'spent',
  threshold,
  windowDays: null,
  autoEnter: true,
  neverDowngrade: false,
  ...extra,
});
const spent = (amount: number): Standing => ({ [standingKey('spent', null)]: amount });
const QUALIFIED: DowngradePolicy = { targetTierId: null };

describe('where a customer belongs among the tiers', () => {
  const five = tier('five', 1, 500);
  const ten = tier('ten', 2, 1000);

  it('moves a customer into 5% at 500 and into 10% at 1000', () => {
    expect(decideTier([five, ten], null, spent(499), QUALIFIED)).toBeNull();
    expect(decideTier([five, ten], null, spent(500), QUALIFIED)).toEqual({ toTierId: 'five', reason: 'threshold_reached', metric: 'spent', value: 500, threshold: 500 });
    expect(decideTier([five, ten], 'five', spent(999), QUALIFIED)).toBeNull();
    expect(decideTier([five, ten], 'five', spent(1000), QUALIFIED)).toMatchObject({ toTierId: 'ten', reason: 'threshold_reached' });
    // Straight past both thresholds: the higher tier at once.
    expect(decideTier([five, ten], null, spent(5000), QUALIFIED)).toMatchObject({ toTierId: 'ten' });
  });

  it('moves a customer put into 10% by hand down to 5% when they have spent under 500', () => {
    expect(decideTier([five, ten], 'ten', spent(120), QUALIFIED)).toEqual({ toTierId: 'five', reason: 'downgrade', metric: 'spent', value: 120, threshold: 1000 });
  });

  it('keeps them in 10% when 10% never downgrades', () => {
    expect(decideTier([five, { ...ten, neverDowngrade: true }], 'ten', spent(120), QUALIFIED)).toBeNull();
  });

  it('moves them to a lower tier with a smaller threshold when there is one', () => {
    const two = tier('two', 0, 100);
    expect(decideTier([two, five, ten], 'ten', spent(120), QUALIFIED)).toMatchObject({ toTierId: 'two', reason: 'downgrade' });
    // Below every threshold, the lowest tier is where a former member lands.
    expect(decideTier([two, five, ten], 'ten', spent(20), QUALIFIED)).toMatchObject({ toTierId: 'two' });
  });

  it('leaves a customer in 5% after 1000 when 10% does not take customers in by itself', () => {
    expect(decideTier([five, { ...ten, autoEnter: false }], 'five', spent(1000), QUALIFIED)).toBeNull();
  });

  it('moves nobody down after a closed tab, only up', () => {
    expect(decideTier([five, ten], 'ten', spent(120), null)).toBeNull();
    expect(decideTier([five, ten], 'five', spent(1200), null)).toMatchObject({ toTierId: 'ten' });
  });

  it('moves down to the named tier, or above it to a tier they still reach', () => {
    const two = tier('two', 0, 100);
    expect(decideTier([two, five, ten], 'ten', spent(700), { targetTierId: 'two' })).toMatchObject({ toTierId: 'five' });
    expect(decideTier([two, five, ten], 'ten', spent(50), { targetTierId: 'two' })).toMatchObject({ toTierId: 'two' });
  });

  it('counts each tier on its own metric and window', () => {
    const regular = tier('regular', 1, 10, { metric: 'visits', windowDays: 90 });
    const standing = { [standingKey('visits', 90)]: 9, [standingKey('visits', null)]: 40 };
    expect(decideTier([regular], null, standing, QUALIFIED)).toBeNull();
    expect(decideTier([regular], null, { ...standing, [standingKey('visits', 90)]: 10 }, QUALIFIED)).toMatchObject({ toTierId: 'regular', metric: 'visits', value: 10 });
  });

  describe('for any tiers and standing', () => {
    const metricNames = ['spent', 'points', 'visits'] as const;
    const tiersArb = fc
      .uniqueArray(
        fc.record({
          rank: fc.integer({ min: 0, max: 20 }),
          metric: fc.constantFrom(...metricNames),
          threshold: fc.integer({ min: 0, max: 2000 }),
          windowDays: fc.constantFrom(null, 30, 365),
          autoEnter: fc.boolean(),
          neverDowngrade: fc.boolean(),
        }),
        { selector: (t) => t.rank, minLength: 1, maxLength: 6 },
      )
      .map((tiers) => tiers.map((t, i) => ({ ...t, id: `t${i}` })));
    const standingArb = fc.dictionary(
      fc.constantFrom(...metricNames.flatMap((m) => [standingKey(m, null), standingKey(m, 30), standingKey(m, 365)])),
      fc.integer({ min: 0, max: 2500 }),
    );
    const caseArb = tiersArb.chain((tiers) =>
      fc.record({
        tiers: fc.constant(tiers),
        current: fc.constantFrom(null, ...tiers.map((t) => t.id)),
        standing: standingArb,
        policy: fc.constantFrom<DowngradePolicy | null>(null, QUALIFIED, ...tiers.map((t) => ({ targetTierId: t.id }))),
      }),
    );
    const rankOf = (tiers: TierRule[], id: string | null) => tiers.find((t) => t.id === id)?.rank ?? -Infinity;

    it('is stable: a second decision on the same standing moves no one', () => {
      fc.assert(
        fc.property(caseArb, ({ tiers, current, standing, policy }) => {
          const first = decideTier(tiers, current, standing, policy);
          if (first) expect(decideTier(tiers, first.toTierId, standing, policy)).toBeNull();
        }),
        { numRuns: 1000 },
      );
    });

    it('never moves to the tier the customer is in, never down without a policy, never out of a tier that never downgrades', () => {
      fc.assert(
        fc.property(caseArb, ({ tiers, current, standing, policy }) => {
          const decision = decideTier(tiers, current, standing, policy);
          if (!decision) return;
          expect(decision.toTierId).not.toBe(current);
          const down = rankOf(tiers, decision.toTierId) < rankOf(tiers, current);
          expect(decision.reason === 'downgrade').toBe(down);
          if (down) {
            expect(policy).not.toBeNull();
            expect(tiers.find((t) => t.id === current)!.neverDowngrade).toBe(false);
          } else {
            const target = tiers.find((t) => t.id === decision.toTierId)!;
            expect(target.autoEnter).toBe(true);
            expect(decision.value).toBeGreaterThanOrEqual(target.threshold);
          }
        }),
      );
    });
  });
});
