import type { NotApplied } from './engine/types.js';
import { whyNotMessage } from './why-not-words.js';

const rule = { ruleId: 'r-1', ruleVersion: 1, categoryCode: 'BIG', ruleName: null };
const short: NotApplied = { ...rule, reason: 'below_minimum_tab', minimum: 5000, missing: 420 };
const desserts: NotApplied = { ...rule, reason: 'needs_more_units', minimum: 3, missing: 2 };

describe('why a rule did not apply, in the waiter’s words', () => {
  it('says the money missing in the tab’s currency, in each language', () => {
    expect(whyNotMessage(short, 'en', 'EUR', {})).toBe('the tab is €4.20 short of the minimum €50.00');
    expect(whyNotMessage(short, 'sv', 'SEK', {})).toBe('notan saknar 4,20 kr till lägsta beloppet 50,00 kr');
    expect(whyNotMessage(short, 'ru', 'RUB', {})).toBe('до минимальной суммы 50,00 ₽ не хватает 4,20 ₽');
    expect(whyNotMessage({ ...short, minimum: 500_000, missing: 42_000 }, 'vi', 'VND', {})).toBe('hóa đơn còn thiếu 42.000 ₫ để đạt mức tối thiểu 500.000 ₫');
  });

  it('names what more to order from the rule’s scope', () => {
    expect(whyNotMessage(desserts, 'en', 'EUR', { productGroupIds: ['desserts'] })).toBe('needs 2 more of desserts');
    expect(whyNotMessage(desserts, 'en', 'EUR', {})).toBe('needs 2 more items');
    expect(whyNotMessage(desserts, 'sv', 'EUR', { productGroupIds: ['desserter'] })).toBe('behöver 2 till av desserter');
  });

  it('names the hours, the days and the rule that took the items', () => {
    expect(whyNotMessage({ ...rule, reason: 'outside_hours', from: '15:00', to: '18:00' }, 'en', 'EUR', {})).toBe('only for orders between 15:00 and 18:00');
    expect(whyNotMessage({ ...rule, reason: 'wrong_day', daysOfWeek: [6, 7] }, 'en', 'EUR', {})).toBe('only on Saturday, Sunday');
    expect(whyNotMessage({ ...rule, reason: 'wrong_day', daysOfWeek: [1] }, 'ru', 'EUR', {})).toBe('только в дни: понедельник');
    expect(whyNotMessage({ ...rule, reason: 'beaten', byRuleId: 'r-2', byCategoryCode: 'STAFF', byStacking: 'exclusive' }, 'en', 'EUR', {})).toBe('an exclusive offer of STAFF took these items');
    expect(whyNotMessage({ ...rule, reason: 'outside_dates', to: '2026-12-31' }, 'en', 'EUR', {})).toBe('only until 2026-12-31');
  });
});
