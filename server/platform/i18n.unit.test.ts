import { describe, expect, it } from 'vitest';
import { pickLang, renderMessage } from './i18n.js';

describe('messages', () => {
  it('picks the language from Accept-Language, zh-CN by default', () => {
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('en-US,en;q=0.9')).toBe('en');
    expect(pickLang('fr, zh-TW;q=0.8, en;q=0.5')).toBe('zh-CN');
    expect(pickLang('de')).toBe('zh-CN');
  });

  it('names the field in both languages', () => {
    expect(renderMessage('en', 'VALIDATION', 'name', { reason: 'maxLength', limit: 100 })).toBe('Field name must be at most 100 characters');
    expect(renderMessage('zh-CN', 'VALIDATION', 'idNumber', { reason: 'id_checksum' })).toBe('字段 idNumber 公民身份号码校验码错误');
    expect(renderMessage('en', 'FORBIDDEN', undefined, {})).toBe('You are not allowed to do this');
  });
});
