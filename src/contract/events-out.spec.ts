import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import {
  OUTGOING_EVENT_SCHEMAS,
  OUTGOING_EVENT_TYPES,
  OUTGOING_EVENT_VERSIONS,
  withoutPersonalValues,
  type OutgoingEvent,
  type OutgoingEventData,
  type OutgoingEventType,
} from './events-out.js';

const anna = 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7G';
const erik = 'c_01JD7Z3Q8K6Y0M2B5C9D1E4F7H';
const points = { accountId: 'a_01JD7Z3Q8K6Y0M2B5C9D1E4F7J', accountTypeCode: 'points', holder: { type: 'customer' as const, id: anna } };
const profile = {
  kind: 'individual' as const,
  firstName: 'Anna',
  middleName: null,
  lastName: 'Berg',
  organisationName: null,
  birthDate: '1988-04-17',
  gender: 'female' as const,
  contacts: [{ type: 'mobile', value: '+46701234567', primary: true }],
  marketingConsent: true,
};

/** One payload of every type, as the modules will record them; the compiler checks each against its type. */
const SAMPLES = {
  'customer.created': { customerId: anna, profile },
  'customer.changed': { customerId: anna, changed: ['lastName', 'contacts'], profile },
  'customer.terminated': { customerId: anna, terminatedAt: '2026-11-22T18:03:11.512Z', reason: 'Left for Gothenburg' },
  'customer.erased': { customerId: anna, erasedAt: '2026-11-22T18:03:11.512Z' },
  'identifier.bound': { identifierId: 'i_01JD7Z3Q8K6Y0M2B5C9D1E4F7K', customerId: anna, type: 'barcode_card', value: '2000012345678' },
  'identifier.blocked': { identifierId: 'i_01JD7Z3Q8K6Y0M2B5C9D1E4F7K', customerId: anna, type: 'barcode_card', value: '2000012345678', status: 'lost', reason: 'Lost on the tram' },
  'identifier.reassigned': { identifierId: 'i_01JD7Z3Q8K6Y0M2B5C9D1E4F7K', type: 'barcode_card', value: '2000012345678', fromCustomerId: anna, toCustomerId: erik },
  'account.credited': {
    entryId: 'le_01JD7Z3Q8K6Y0M2B5C9D1E4F7M',
    ...points,
    customerId: anna,
    amount: 240,
    balanceAfter: 5240,
    reason: { kind: 'accrual', tabId: 'tab-123', visitId: 'v_01JD7Z3Q8K6Y0M2B5C9D1E4F7N', description: null },
  },
  'account.debited': {
    entryId: 'le_01JD7Z3Q8K6Y0M2B5C9D1E4F7P',
    ...points,
    customerId: null,
    amount: 500,
    balanceAfter: 4740,
    reason: { kind: 'expiry', tabId: null, visitId: null, description: null },
  },
  'points.expiring': { ...points, lotId: 'l_01JD7Z3Q8K6Y0M2B5C9D1E4F7Q', amount: 500, expiresAt: '2026-12-22T00:00:00.000Z' },
  'tier.changed': { customerId: anna, moveId: 'tm_01JD7Z3Q8K6Y0M2B5C9D1E4F7R', from: null, to: { code: 'GOLD', name: 'Gold' }, reason: 'threshold_reached' },
  'visit.recorded': {
    visitId: 'v_01JD7Z3Q8K6Y0M2B5C9D1E4F7N',
    customerId: anna,
    tabId: 'tab-123',
    locationId: 'cafe-7',
    closedAt: '2026-11-22T18:03:11.512Z',
    currency: 'EUR',
    gross: 2400,
    discount: 240,
    net: 2160,
    earned: { points: 216 },
    spent: {},
  },
  'reward.reachable': { customerId: anna, rewardId: 'rw_01JD7Z3Q8K6Y0M2B5C9D1E4F7S', rewardCode: 'DESSERT', rewardName: 'Free dessert', accountId: points.accountId, accountTypeCode: 'points', price: 500, balance: 5240 },
  'birthday.given': { customerId: anna, year: 2027, credit: { accountId: points.accountId, accountTypeCode: 'points', amount: 500 }, category: null },
  'coupon.issued': { customerId: anna, code: 'K7QM2V9XH4TZ', categoryCode: 'NEXT10', validFrom: '2026-11-23T19:20:00.000Z', validTo: '2026-12-23T19:20:00.000Z', tabId: 'tab-123', ruleId: 'sr_01JD7Z3Q8K6Y0M2B5C9D1E4F7Q' },
  'referral.rewarded': { referrerId: anna, refereeId: erik, visitId: 'v_01JD7Z3Q8K6Y0M2B5C9D1E4F7W', credits: [{ customerId: anna, accountId: points.accountId, accountTypeCode: 'points', amount: 500 }] },
  'membership.changed': { membershipId: 'm_01JD7Z3Q8K6Y0M2B5C9D1E4F7T', change: 'joined', customerId: erik, ownerCustomerId: anna, name: 'The Berg family', reason: null },
  'job_run.failed': { runId: 'jr_01JD7Z3Q8K6Y0M2B5C9D1E4F7V', job: 'tiers', trigger: 'schedule', startedAt: '2026-11-22T02:00:00.000Z', failedAt: '2026-11-22T02:00:04.000Z', error: 'database unreachable' },
  'message.requested': {
    messageId: 'ev_01JD7Z3Q8K6Y0M2B5C9D1E4F7Y',
    kind: 'points.expiring',
    purpose: 'transactional',
    customerId: anna,
    language: 'sv',
    to: { email: 'anna@example.se', phone: '+46701234567' },
    subject: 'Dina poäng går snart ut',
    text: 'Hej Anna! 500 poäng går ut den 22 december 2026.',
  },
  'webhook.test': { subscriptionId: 'wh_01JD7Z3Q8K6Y0M2B5C9D1E4F7W', sentBy: 'manager-1' },
} satisfies { [T in OutgoingEventType]: OutgoingEventData<T> };

function eventOf<T extends OutgoingEventType>(type: T, data: OutgoingEventData<T>): OutgoingEvent<T> {
  return { id: 'ev_01JD7Z3Q8K6Y0M2B5C9D1E4F7X', type, version: OUTGOING_EVENT_VERSIONS[type], tenantId: 'brand-1', occurredAt: '2026-11-22T18:03:11.512Z', customerId: anna, data };
}

describe('the outgoing event catalogue', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats.default(ajv);

  it.each(OUTGOING_EVENT_TYPES)('describes %s with a JSON Schema its payload passes, blanked of personal values or not', (type) => {
    const validate = ajv.compile(OUTGOING_EVENT_SCHEMAS[type]);
    const event = eventOf(type, SAMPLES[type] as never);
    expect(validate(event) ? [] : validate.errors).toEqual([]);
    const blanked = eventOf(type, withoutPersonalValues(type, SAMPLES[type] as never));
    expect(validate(blanked) ? [] : validate.errors).toEqual([]);
  });

  it('refuses a payload its schema does not describe: a missing field, a wrong type, an unknown reason', () => {
    const validate = ajv.compile(OUTGOING_EVENT_SCHEMAS['account.debited']);
    const { balanceAfter: _, ...missing } = SAMPLES['account.debited'];
    expect(validate(eventOf('account.debited', missing as never))).toBe(false);
    expect(validate(eventOf('account.debited', { ...SAMPLES['account.debited'], amount: '500' } as never))).toBe(false);
    expect(validate(eventOf('account.debited', { ...SAMPLES['account.debited'], reason: { kind: 'theft', tabId: null, visitId: null, description: null } } as never))).toBe(false);
    expect(validate({ ...eventOf('account.debited', SAMPLES['account.debited']), type: 'account.credited' })).toBe(false);
  });

  it('blanks the personal values erasure must take out, and nothing else', () => {
    expect(withoutPersonalValues('customer.changed', SAMPLES['customer.changed'])).toEqual({
      customerId: anna,
      changed: ['lastName', 'contacts'],
      profile: { ...profile, firstName: null, lastName: null, birthDate: null, gender: null, contacts: [] },
    });
    expect(withoutPersonalValues('identifier.blocked', SAMPLES['identifier.blocked'])).toMatchObject({ value: null, reason: null, status: 'lost' });
    expect(withoutPersonalValues('membership.changed', SAMPLES['membership.changed'])).toMatchObject({ name: null, ownerCustomerId: anna });
    expect(withoutPersonalValues('visit.recorded', SAMPLES['visit.recorded'])).toEqual(SAMPLES['visit.recorded']);
    // The original is left as it was.
    expect(SAMPLES['identifier.bound'].value).toBe('2000012345678');
  });

  it('is documented type by type in CONTRACT.md, each with its version', () => {
    const contract = readFileSync(new URL('../../CONTRACT.md', import.meta.url), 'utf8');
    const [, section = ''] = contract.split(/^## Events out$/m);
    for (const type of OUTGOING_EVENT_TYPES) expect(section).toContain(`| \`${type}\` | ${OUTGOING_EVENT_VERSIONS[type]} |`);
  });
});
