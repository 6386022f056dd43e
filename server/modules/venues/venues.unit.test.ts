import { describe, expect, it } from 'vitest';
import { chinaLocal, chinaMonth, detectImageType, openingVerdict, type OpeningRules } from './venues.policy.js';

const at = (s: string) => new Date(`${s}+08:00`);
const rules: OpeningRules = {
  weekly: [
    { weekday: 1, opens: '09:00', closes: '12:00' },
    { weekday: 1, opens: '14:00', closes: '17:30' },
    { weekday: 6, opens: '09:00', closes: '12:00' },
  ],
  exceptions: [
    { day: '2027-01-11', closed: true, opens: null, closes: null },
    { day: '2027-01-01', closed: false, opens: '10:00', closes: '11:00' },
  ],
  openOnHolidays: false,
};
const holidays = new Set(['2027-01-01', '2027-01-18']);
const verdict = (a: string, b: string, r = rules) => openingVerdict(r, (d) => holidays.has(d), at(a), at(b));

describe('opening hours', () => {
  it('accepts a range inside one interval of the weekday, up to the closing minute', () => {
    expect(verdict('2027-01-04T09:00:00', '2027-01-04T12:00:00')).toBe('ok');
    expect(verdict('2027-01-04T14:00:00', '2027-01-04T17:30:00')).toBe('ok');
  });
  it('refuses a range across the lunch break, after closing, or across midnight', () => {
    expect(verdict('2027-01-04T11:00:00', '2027-01-04T15:00:00')).toBe('outside_hours');
    expect(verdict('2027-01-04T17:00:00', '2027-01-04T17:31:00')).toBe('outside_hours');
    expect(verdict('2027-01-04T23:00:00', '2027-01-05T01:00:00')).toBe('outside_hours');
  });
  it('is closed on a weekday without hours, on a closed exception and on a public holiday', () => {
    expect(verdict('2027-01-05T10:00:00', '2027-01-05T11:00:00')).toBe('closed_day');
    expect(verdict('2027-01-11T10:00:00', '2027-01-11T11:00:00')).toBe('closed_day');
    expect(verdict('2027-01-18T10:00:00', '2027-01-18T11:00:00')).toBe('closed_day');
  });
  it('opens a holiday by exception, and every holiday when marked open on holidays', () => {
    expect(verdict('2027-01-01T10:00:00', '2027-01-01T11:00:00')).toBe('ok');
    expect(verdict('2027-01-01T11:00:00', '2027-01-01T11:30:00')).toBe('outside_hours');
    expect(verdict('2027-01-18T10:00:00', '2027-01-18T11:00:00', { ...rules, openOnHolidays: true })).toBe('ok');
  });
});

describe('China time', () => {
  it('maps an instant to its China-time day, weekday and minute', () => {
    expect(chinaLocal(new Date('2027-01-03T16:30:00Z'))).toEqual({ day: '2027-01-04', weekday: 1, minute: 30 });
  });
  it('gives the China-time month around a day, December rolling into January', () => {
    const m = chinaMonth('2026-12-15');
    expect(m.from.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(m.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('photo types', () => {
  it('recognises JPEG, PNG and WebP by magic bytes and nothing else', () => {
    expect(detectImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe('image/jpeg');
    expect(detectImageType(Buffer.from('89504e470d0a1a0a', 'hex'))?.mime).toBe('image/png');
    expect(detectImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
    expect(detectImageType(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(detectImageType(Buffer.from('GIF89a'))).toBeNull();
  });
});
