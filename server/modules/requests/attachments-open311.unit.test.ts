import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toXml } from './open311.format.js';
import { parseForm } from './open311.policy.js';
import { detectFileType } from './requests.policy.js';

describe('detectFileType', () => {
  it('knows JPEG, PNG, PDF and WebP by their first bytes and nothing else', () => {
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.mime).toBe('image/jpeg');
    expect(detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mime).toBe('image/png');
    expect(detectFileType(Buffer.from('%PDF-1.7\n'))?.mime).toBe('application/pdf');
    expect(detectFileType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))?.mime).toBe('image/webp');
    for (const bad of ['MZ\x90\x00', '<svg xmlns="http://www.w3.org/2000/svg">', 'GIF89a', 'RIFF\x10\x00\x00\x00WAVEfmt ', '%PD', '']) {
      expect(detectFileType(Buffer.from(bad, 'latin1')), bad).toBeNull();
    }
    // A PNG signature cut short is not a PNG.
    expect(detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
  });
});

describe('Open311 form encoding and XML', () => {
  it('nests attribute[code], lists attribute[code][] and repeated attributes, refuses repeated parameters', () => {
    expect(parseForm('service_code=wages_owed&attribute%5Bamount%5D=12&attribute[employer]=%E6%9F%90%E5%85%AC%E5%8F%B8&phone=138')).toEqual({
      service_code: 'wages_owed',
      attribute: { amount: '12', employer: '某公司' },
      phone: '138',
    });
    expect(() => parseForm('phone=1&phone=2')).toThrow();
    expect(parseForm('attribute[a][]=1&attribute[a][]=2').attribute).toEqual({ a: ['1', '2'] });
    expect(parseForm('attribute[a]=1&attribute[a]=2').attribute).toEqual({ a: ['1', '2'] });
    expect(parseForm('attribute[a][]=1').attribute).toEqual({ a: ['1'] });
    expect(() => parseForm('attribute=x')).toThrow();
  });

  it('escapes text and repeats array items as elements', () => {
    const xml = toXml('service_requests', {
      request: [
        { service_request_id: 'QH-2026-000001', status_notes: '<b>&"' },
        { service_request_id: 'QH-2026-000002', status_notes: '' },
      ],
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(xml).not.toContain('<b>');
    const parsed = new XMLParser({ isArray: (n) => n === 'request', parseTagValue: false }).parse(xml);
    expect(parsed.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(['QH-2026-000001', 'QH-2026-000002']);
    expect(parsed.service_requests.request[0].status_notes).toBe('<b>&"');
  });
});

describe('textSimilarity', () => {
  it('scores near-identical Chinese text high and different text low, ignoring punctuation and spaces', async () => {
    const { textSimilarity } = await import('./requests.policy.js');
    const a = '锦江区某某路某某建筑工地项目部拖欠四十名农民工工资共计八十万元';
    expect(textSimilarity(a, a)).toBe(1);
    expect(textSimilarity(a, `${a}。`)).toBe(1);
    expect(textSimilarity(a, a.replace('四十', '四十一'))).toBeGreaterThan(0.9);
    expect(textSimilarity(a, '想咨询一下职工疗休养政策')).toBeLessThan(0.2);
    expect(textSimilarity('', a)).toBe(0);
    expect(textSimilarity('Wages owed', 'wages  OWED!')).toBe(1);
  });
});
