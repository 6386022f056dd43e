import { describe, expect, it } from 'vitest';
import { canDo, isOverdue, nominalDays } from './meetings.policy.js';

describe('meeting cadence', () => {
  it('monthly gives the anchor day of every month in the window', () => {
    expect(nominalDays('monthly', 1, 1, '2025-09-01', '2025-12-31')).toEqual(['2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01']);
  });
  it('quarterly follows the anchor month within each quarter; yearly the anchor month', () => {
    expect(nominalDays('quarterly', 15, 2, '2025-01-01', '2025-12-31')).toEqual(['2025-02-15', '2025-05-15', '2025-08-15', '2025-11-15']);
    expect(nominalDays('yearly', 20, 12, '2025-01-01', '2027-12-31')).toEqual(['2025-12-20', '2026-12-20', '2027-12-20']);
    expect(nominalDays('ad_hoc', 20, 12, '2025-01-01', '2027-12-31')).toEqual([]);
  });
  it('keeps to the window edges', () => {
    expect(nominalDays('monthly', 10, 1, '2025-01-11', '2025-03-10')).toEqual(['2025-02-10', '2025-03-10']);
  });
});

describe('action items', () => {
  it('is overdue only after its deadline day and while open', () => {
    expect(isOverdue('accepted', '2025-01-10', '2025-01-10')).toBe(false);
    expect(isOverdue('accepted', '2025-01-10', '2025-01-11')).toBe(true);
    expect(isOverdue('closed', '2025-01-10', '2025-01-11')).toBe(false);
  });
  it('allows completion only once accepted and review only once submitted', () => {
    expect(canDo('submit', 'assigned')).toBe(false);
    expect(canDo('submit', 'accepted')).toBe(true);
    expect(canDo('close', 'accepted')).toBe(false);
    expect(canDo('close', 'submitted')).toBe(true);
  });
});

import { health, rollUp } from './meetings.policy.js';

describe('project roll-up', () => {
  const p = { status: 'active', starts_on: '2026-01-01', ends_on: '2026-12-31' };
  it('weights milestone progress', () => {
    expect(
      rollUp([
        { weight: 1, progress: 100 },
        { weight: 3, progress: 0 },
      ]),
    ).toBe(25);
    expect(rollUp([])).toBe(0);
  });
  it('tells on time, at risk, late and done', () => {
    expect(health(p, [{ weight: 1, progress: 50, due_on: '2026-09-01' }], '2026-03-01')).toBe('on_time');
    expect(health(p, [{ weight: 1, progress: 10, due_on: '2026-03-10' }], '2026-03-01')).toBe('at_risk');
    expect(health(p, [{ weight: 1, progress: 10, due_on: '2026-12-01' }], '2026-09-01')).toBe('at_risk');
    expect(health(p, [{ weight: 1, progress: 90, due_on: '2026-02-01' }], '2026-03-01')).toBe('late');
    expect(health(p, [{ weight: 1, progress: 100, due_on: '2026-02-01' }], '2026-03-01')).toBe('done');
  });
});
