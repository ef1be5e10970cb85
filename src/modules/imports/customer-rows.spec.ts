import fc from 'fast-check';
import { KIND_PRESETS, MAPPING_PRESETS, minorUnits, readCustomerRow, type ColumnMapping } from './customer-rows.js';

const mapping: ColumnMapping = { columns: MAPPING_PRESETS.regulars, balances: [{ accountType: 'bonus', column: 'bonus', expiresColumn: 'bonus_expires' }] };
const digits = (type: string) => ({ bonus: 2, points: 0 })[type];

describe('reading a row of another system’s export', () => {
  it('reads balances as people write them into exact minor units, and refuses what is not one', () => {
    expect(['125.50', '125,5', '1 250', "1'250.00", '0', '7'].map((text) => minorUnits(text, 2))).toEqual([12550, 12550, 125000, 125000, 0, 700]);
    expect(['12.345', '1e3', '', 'abc', '1.2.3', '10000000000.01'].map((text) => minorUnits(text, 2))).toEqual([null, null, null, null, null, null]);
    expect(minorUnits('-3', 0)).toBe(-3);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (minor) => expect(minorUnits(`${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`, 2)).toBe(minor)));
  });

  it('reads a customer with their card, categories, consent and expiring balance', () => {
    const reading = readCustomerRow(
      { external_id: ' q-1 ', first_name: 'Anna', last_name: '', marketing_consent: 'Ja', card_number: '2000012345678', card_status: 'Lost', categories: 'VIP; LUNCH,', bonus: '12,50', bonus_expires: '2027-06-30' },
      7,
      mapping,
      digits,
    );
    expect(reading).toEqual({
      row: expect.objectContaining({
        line: 7,
        externalId: 'q-1',
        firstName: 'Anna',
        lastName: null,
        marketingConsent: true,
        card: { type: 'barcode_card', value: '2000012345678', status: 'lost' },
        categories: ['VIP', 'LUNCH'],
        balances: [{ accountType: 'bonus', amount: 1250, expiresAt: new Date('2027-06-30T23:59:59Z') }],
      }),
    });
  });

  it('names the column of every problem of a row, and needs no name in a cards or balances file', () => {
    const reading = readCustomerRow({ email: 'not-mail', birth_date: '31.12.1990', marketing_consent: 'maybe', card_number: 'x', card_type: 'phone', bonus: '-1' }, 3, mapping, digits);
    expect(reading).toEqual({
      line: 3,
      problems: [
        'external_id: every row needs the customer\'s id in the system it comes from',
        'first_name: a customer needs a name, or a company\'s',
        'email: not-mail is not an e-mail address',
        'birth_date: 31.12.1990 is not a date (YYYY-MM-DD)',
        'marketing_consent: maybe is neither yes nor no',
        expect.stringMatching(/^card_type: phone is not a card type/),
        expect.stringMatching(/^bonus: -1 is not a balance of bonus/),
      ],
    });
    expect(readCustomerRow({ external_id: 'q-2', account_type: 'stars', balance: '3' }, 2, KIND_PRESETS.balances, digits, 'balances')).toEqual({ line: 2, problems: ['account_type: there is no account type stars'] });
    expect(readCustomerRow({ external_id: 'q-2', account_type: 'points', balance: '30', expires: '' }, 2, KIND_PRESETS.balances, digits, 'balances')).toEqual({
      row: expect.objectContaining({ externalId: 'q-2', balances: [{ accountType: 'points', amount: 30, expiresAt: null }] }),
    });
  });
});
