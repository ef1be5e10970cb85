import { maskPersonalData } from './mask-personal-data.js';

describe('maskPersonalData', () => {
  it.each([
    ['card 4000123412341234 refused', 'card ************1234 refused'],
    // A digit before the number joins its run: starred too, never the number's own digits left.
    ["Duplicate entry 'brand-1-4000 1234 5678 9010' for key 'uq_identifier'", "Duplicate entry 'brand-*-**** **** **** 9010' for key 'uq_identifier'"],
    ['barcode 77000001 scanned', 'barcode ******01 scanned'],
    ['call +49 (151) 2345-6789 back', 'call +** (***) ****-6789 back'],
    ['phone 0151 2345 6789', 'phone **** **** 6789'],
    ['phone 030 1234567', 'phone *** *****67'],
    ['mail anna.k+loyal@example.co.uk today', 'mail ***@*** today'],
  ])('masks %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    'job tiers: 3 tenant run(s) for 2026-11-10T03:00:00.000Z',
    'unit of work gave up after 5 lock conflicts: Lock wait timeout exceeded',
    'connect ECONNREFUSED 127.0.0.1:5672',
    'webhook delivery dlv_01JD3K5N8Q: socket hang up; it is sent again when its lease runs out',
    'no answer within 3000 ms',
  ])('leaves %j alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
