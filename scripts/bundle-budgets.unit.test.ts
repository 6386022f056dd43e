import { describe, expect, it } from 'vitest';
import { check } from './check-bundle-budgets.js';
import type { BundleStats, ChunkStats } from './bundle-stats.js';
import { closure, measure, routeFiles } from './bundle-budgets.js';

const KB = 1024;
const chunk = (file: string, gzip: number, o: Partial<ChunkStats> = {}): ChunkStats => ({
  file,
  isEntry: false,
  facade: null,
  imports: [],
  dynamicImports: [],
  css: [],
  bytes: gzip * 3,
  gzip,
  modules: [{ id: `node_modules/lib-of-${file}/index.js`, bytes: gzip * 3, importers: [] }],
  ...o,
});

const P = 'web/src/portal';
const pages = [
  'requests/PortalSubmitPage',
  'requests/PortalTrackPage',
  'activities/ActivitiesPage',
  'activities/ActivityDetailPage',
  'activities/MyActivitiesPage',
  'activities/SignInPage',
  'volunteers/VolunteerPage',
  'venues/VenuesNearMePage',
];

/** A portal build: entry + shared runtime, layout, home and the pages, each page `pageKb` beyond the home. */
function build(entryKb: number, pageKb: number, extra: Record<string, ChunkStats> = {}): BundleStats {
  const chunks: Record<string, ChunkStats> = {
    'portal.js': chunk('portal.js', entryKb * KB, {
      isEntry: true,
      facade: 'web/portal.html',
      imports: ['react.js'],
      dynamicImports: ['layout.js', 'home.js', ...pages.map((p) => `${p}.js`), ...Object.keys(extra)],
      css: ['portal.css'],
    }),
    'react.js': chunk('react.js', 50 * KB),
    'layout.js': chunk('layout.js', 2 * KB, { facade: `${P}/PortalLayout.tsx` }),
    'home.js': chunk('home.js', 1 * KB, { facade: `${P}/PortalHome.tsx` }),
    'index.js': chunk('index.js', 200 * KB, { isEntry: true, facade: 'web/index.html', imports: ['react.js'], dynamicImports: ['console-home.js'] }),
    'console-home.js': chunk('console-home.js', 5 * KB, { facade: 'web/src/features/home/HomePage.tsx' }),
    ...extra,
  };
  for (const p of pages) chunks[`${p}.js`] = chunk(`${p}.js`, pageKb * KB, { facade: `${P}/${p}.tsx` });
  return { entries: { 'portal.html': 'portal.js', 'index.html': 'index.js' }, chunks, cssGzip: { 'portal.css': 3 * KB } };
}

describe('bundle budgets', () => {
  it('adds up a page as its entry, the static imports and the lazily loaded page', () => {
    const s = build(40, 10);
    expect([...closure(s, ['portal.js'])].sort()).toEqual(['portal.js', 'react.js']);
    const home = measure(s, routeFiles(s, { route: '/portal', entry: 'portal.html', lazy: [`${P}/PortalLayout.tsx`, `${P}/PortalHome.tsx`] }));
    expect([home.js, home.css]).toEqual([93 * KB, 3 * KB]);
  });

  it('passes a build within every budget', () => {
    expect(check(build(40, 10)).findings.filter((f) => !f.ok)).toEqual([]);
  });

  it('fails a portal first load over budget and names the chunk and its largest module', () => {
    const bad = check(build(120, 10)).findings.filter((f) => !f.ok);
    expect(bad.map((f) => f.line)).toEqual([expect.stringMatching(/^OVER portal first load JS/)]);
    expect(bad[0]!.detail).toContain('portal.js');
    expect(bad[0]!.detail).toContain('node_modules/lib-of-portal.js/index.js');
  });

  it('fails a later portal page over budget, also one added after the report table', () => {
    const extra = { 'notices.js': chunk('notices.js', 300 * KB, { facade: `${P}/honours/NoticesPage.tsx` }) };
    const bad = check(build(40, 10, extra)).findings.filter((f) => !f.ok);
    expect(bad.map((f) => f.line)).toEqual([expect.stringContaining('web/src/portal/honours/NoticesPage.tsx')]);
  });

  it('fails when the portal can reach a console page or the chart library', () => {
    const extra = {
      'dash.js': chunk('dash.js', 1 * KB, {
        facade: 'web/src/features/dashboard/DashboardPage.tsx',
        modules: [{ id: 'node_modules/echarts/lib/core/echarts.js', bytes: 10, importers: [] }],
      }),
    };
    const bad = check(build(40, 10, extra)).findings.filter((f) => !f.ok);
    expect(bad.map((f) => f.line)).toEqual([expect.stringContaining('no console pages or charts')]);
    expect(bad[0]!.detail).toContain('echarts');
  });
});
