import { describe, expect, it } from 'vitest';
import { distanceM, fromHsdsId, hsdsId, initialsOf } from './catalogue.policy.js';

describe('catalogue policy', () => {
  it('derives pinyin initials, keeping Latin letters and digits', () => {
    expect(initialsOf('职工法律援助')).toBe('zgflyz');
    expect(initialsOf('创业中华·海归蓉漂')).toBe('cyzhhgrp');
    expect(initialsOf('12351 职工热线')).toBe('12351zgrx');
  });
  it('gives stable UUIDs per kind that read back only as their kind', () => {
    const id = hsdsId('serviceAtLocation', 12, 345);
    expect(id).toMatch(/^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/);
    expect(fromHsdsId('serviceAtLocation', id)).toEqual({ a: 12, b: 345 });
    expect(fromHsdsId('service', id)).toBeNull();
    expect(hsdsId('service', 12)).not.toBe(hsdsId('organization', 12));
  });
  it('measures distance in metres', () => {
    expect(distanceM({ lat: 30.62, lng: 104.07 }, { lat: 30.62, lng: 104.07 })).toBe(0);
    const d = distanceM({ lat: 30.62, lng: 104.07 }, { lat: 30.63, lng: 104.07 });
    expect(d).toBeGreaterThan(1100);
    expect(d).toBeLessThan(1120);
  });
});
