import { describe, expect, it } from 'vitest';
import { regionEnglishName } from './region-english.js';

describe('regionEnglishName', () => {
  it('names streets, towns and districts in English rather than by a pinyin slug', () => {
    expect(regionEnglishName('锦官驿街道', 'jinguanyijiedao')).toBe('Jinguanyi Subdistrict');
    expect(regionEnglishName('锦江区', 'jinjiangqu')).toBe('Jinjiang District');
    expect(regionEnglishName('金堂县', 'jintangxian')).toBe('Jintang County');
    expect(regionEnglishName('简阳市', 'jianyangshi')).toBe('Jianyang City');
    expect(regionEnglishName('安德镇', 'andezhen')).toBe('Ande Town');
    expect(regionEnglishName('水井坊社区', 'shuijingfangshequ')).toBe('Shuijingfang Community');
  });

  it('falls back to the capitalised pinyin, or to the Chinese name without one', () => {
    expect(regionEnglishName('成都', 'chengdu')).toBe('Chengdu');
    expect(regionEnglishName('某地区', '')).toBe('某地区');
    // The suffix must match in both scripts: 曲 is not 区.
    expect(regionEnglishName('某曲', 'mouqu')).toBe('Mouqu');
  });
});
