import { describe, expect, it } from 'vitest';
import { portalChunks } from './portal-bundle.js';

const chunk = (fileName: string, imports: string[], facadeModuleId: string | null = null, isEntry = false) => ({
  type: 'chunk',
  fileName,
  imports,
  facadeModuleId,
  isEntry,
});

describe('the portal chunks of a build', () => {
  const bundle = {
    'portal.js': chunk('portal.js', ['shared.js', 'react.js'], '/web/portal.html', true),
    'index.js': chunk('index.js', ['shared.js', 'antd.js'], '/web/index.html', true),
    'shared.js': chunk('shared.js', ['react.js']),
    'react.js': chunk('react.js', []),
    'antd.js': chunk('antd.js', ['react.js']),
    'page.js': chunk('page.js', ['form.js', 'shared.js'], '/web/src/portal/Page.tsx'),
    'form.js': chunk('form.js', ['page.js']),
    'portal.css': { type: 'asset' },
  };

  it('finds the portal entry and follows static imports from it, cycles included, without the console', () => {
    const portal = portalChunks(bundle)!;
    expect(portal.entry.fileName).toBe('portal.js');
    expect(portal.chunks.map((c) => c.fileName).sort()).toEqual(['antd.js', 'form.js', 'index.js', 'page.js', 'portal.js', 'react.js', 'shared.js']);
    expect([...portal.reachable(['portal.js'])].sort()).toEqual(['portal.js', 'react.js', 'shared.js']);
    expect([...portal.reachable(['page.js'])].sort()).toEqual(['form.js', 'page.js', 'react.js', 'shared.js']);
  });

  it('is null for a build without the portal', () => {
    expect(portalChunks({ 'index.js': chunk('index.js', [], '/web/index.html', true) })).toBeNull();
  });
});
