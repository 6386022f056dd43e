import { describe, expect, it } from 'vitest';
import { alignColumns, displayWidth, padEndWidth } from './text-width.js';

describe('text width in a terminal', () => {
  it('counts Chinese characters and full-width punctuation as two columns', () => {
    expect(displayWidth('admin')).toBe(5);
    expect(displayWidth('市总工会')).toBe(8);
    expect(displayWidth('工会（市）')).toBe(10);
    expect(displayWidth('partner 法院')).toBe(12);
  });

  it('pads to a display width', () => {
    expect(padEndWidth('法院', 6)).toBe('法院  ');
    expect(padEndWidth('court', 6)).toBe('court ');
    expect(padEndWidth('很长的名字', 4)).toBe('很长的名字');
  });

  it('aligns columns of mixed Latin and Chinese text: every second column starts at the same terminal column', () => {
    const rows = [
      ['union.city', '系统管理员', 'city', '成都市总工会'],
      ['partner.court', '协作部门', 'district', '锦江区人民法院'],
      ['w', 'x', 'y', 'z'],
    ];
    const lines = alignColumns(rows);
    // The terminal column where each row's second, third and fourth cells begin.
    const starts = (col: number) => new Set(lines.map((l, i) => displayWidth(l.slice(0, l.indexOf(rows[i]![col]!, rows[i]![0]!.length + 2)))));
    expect(starts(1).size).toBe(1);
    expect(starts(2).size).toBe(1);
    expect(starts(3).size).toBe(1);
    expect(lines[2]!.endsWith('z')).toBe(true);
  });
});
