import { newId } from './ids.js';

describe('ids', () => {
  it('sort in the order they were made, even within one millisecond', () => {
    const now = new Date('2026-11-23T12:00:00.000Z');
    const ids = Array.from({ length: 1000 }, () => newId('c', now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toMatch(/^c_[0-9A-Z]{26}$/);
  });

  it('keep sorting when the clock steps back', () => {
    const later = newId('h', new Date('2026-11-23T12:00:01.000Z'));
    const earlier = newId('h', new Date('2026-11-23T12:00:00.500Z'));
    expect(earlier > later).toBe(true);
  });
});
