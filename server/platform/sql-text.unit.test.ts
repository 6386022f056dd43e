import { describe, expect, it } from 'vitest';
import { likeContains, likeEscape } from './sql-text.js';
import { chinaDate, chinaToday } from './time.js';

describe('LIKE patterns', () => {
  it('escapes the wildcards and the escape character, nothing else', () => {
    expect(likeEscape('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(likeEscape('成都 abc')).toBe('成都 abc');
    expect(likeContains('5_%')).toBe('%5\\_\\%%');
  });
});

describe('dates in China', () => {
  it('is the next day in China from 16:00 UTC, whatever the host zone', () => {
    expect(chinaToday(new Date('2031-12-31T15:59:59Z'))).toBe('2031-12-31');
    expect(chinaToday(new Date('2031-12-31T16:00:00Z'))).toBe('2032-01-01');
    expect(chinaDate(Date.parse('2031-12-31T16:00:00Z'))).toBe('2032-01-01');
    expect(chinaDate(new Date('2031-06-30T02:00:00Z'))).toBe('2031-06-30');
  });
});
