/**
 * Builds the web app into a scratch directory (or reads a build given with --dist <dir>) and fails when a page
 * downloads more compressed JavaScript or CSS than its budget, naming the chunks and the modules that weigh most.
 * Usage: node --import tsx scripts/check-bundle-budgets.ts [--dist dist/web] [--table]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closure, explain, kb, measure, routeFiles, type RoutePlan } from './bundle-budgets.js';
import { STATS_FILE, type BundleStats } from './bundle-stats.js';

const KB = 1024;
/**
 * Budgets in gzip bytes: the portal's first use, each further portal page, the console's first use. A further portal
 * page is measured as what it downloads beyond the home page. Portal pages are drawn with the portal's light
 * components (web/src/portal/ui, ADR 0028), never the console's component library, whose runtime alone is about 100 KB.
 */
export const BUDGETS = {
  portalFirstJs: 150 * KB,
  portalFirstCss: 30 * KB,
  portalRouteJs: 50 * KB,
  consoleFirstJs: 350 * KB,
};

const PORTAL_ENTRY = process.env.QUNHUB_PORTAL_ENTRY ?? 'portal.html';
const P = 'web/src/portal';
/** The portal pages of the report table; every lazily loaded portal chunk is checked whether listed here or not. */
const PORTAL_ROUTES: RoutePlan[] = [
  { route: '/portal', entry: PORTAL_ENTRY, lazy: [`${P}/PortalHome.tsx`] },
  { route: '/portal/requests/new', entry: PORTAL_ENTRY, lazy: [`${P}/requests/PortalSubmitPage.tsx`] },
  { route: '/portal/requests/track', entry: PORTAL_ENTRY, lazy: [`${P}/requests/PortalTrackPage.tsx`] },
  { route: '/portal/activities', entry: PORTAL_ENTRY, lazy: [`${P}/activities/ActivitiesPage.tsx`] },
  { route: '/portal/activities/:id', entry: PORTAL_ENTRY, lazy: [`${P}/activities/ActivityDetailPage.tsx`] },
  { route: '/portal/me/activities', entry: PORTAL_ENTRY, lazy: [`${P}/activities/MyActivitiesPage.tsx`] },
  { route: '/portal/sign-in', entry: PORTAL_ENTRY, lazy: [`${P}/activities/SignInPage.tsx`] },
  { route: '/portal/volunteers', entry: PORTAL_ENTRY, lazy: [`${P}/volunteers/VolunteerPage.tsx`] },
  { route: '/portal/venues', entry: PORTAL_ENTRY, lazy: [`${P}/venues/VenuesNearMePage.tsx`] },
];
const CONSOLE_HOME: RoutePlan = { route: '/ (console)', entry: 'index.html', lazy: ['web/src/features/home/HomePage.tsx'] };
/** Modules the portal must never download: the chart library and the console's pages and shell. */
const PORTAL_FORBIDDEN = [
  /node_modules\/echarts/,
  /node_modules\/zrender/,
  /^web\/src\/features\/.*Page\.tsx$/,
  /^web\/src\/features\/layout\//,
  /^web\/src\/routes\.tsx$/,
  /^web\/src\/session\.tsx$/,
];

export type Finding = { ok: boolean; line: string; detail?: string };

export function check(stats: BundleStats): { findings: Finding[]; table: string } {
  const findings: Finding[] = [];
  const rows: string[] = ['| route | JS chunks | first load JS (gzip) | CSS (gzip) | beyond the portal home (gzip) |', '|---|---:|---:|---:|---:|'];
  const home = routeFiles(stats, PORTAL_ROUTES[0]!);
  const homeLoad = measure(stats, home);
  for (const plan of PORTAL_ROUTES) {
    const files = routeFiles(stats, plan);
    const load = measure(stats, files);
    const extra = measure(stats, new Set([...files].filter((f) => !home.has(f))));
    rows.push(`| ${plan.route} | ${files.size} | ${kb(load.js)} | ${kb(load.css)} | ${plan === PORTAL_ROUTES[0] ? '—' : kb(extra.js)} |`);
  }
  const consoleLoad = measure(stats, routeFiles(stats, CONSOLE_HOME));
  rows.push(`| ${CONSOLE_HOME.route} | ${consoleLoad.chunks.length} | ${kb(consoleLoad.js)} | ${kb(consoleLoad.css)} | — |`);

  const limit = (ok: boolean, what: string, got: number, budget: number, detail?: string) =>
    findings.push({ ok, line: `${ok ? 'ok  ' : 'OVER'} ${what}: ${kb(got)} gzip (budget ${kb(budget)})`, detail: ok ? undefined : detail });
  limit(homeLoad.js <= BUDGETS.portalFirstJs, `portal first load JS (${PORTAL_ENTRY} + home)`, homeLoad.js, BUDGETS.portalFirstJs, explain(homeLoad));
  limit(homeLoad.css <= BUDGETS.portalFirstCss, 'portal first load CSS', homeLoad.css, BUDGETS.portalFirstCss, `  ${homeLoad.cssFiles.join(', ')}`);
  limit(consoleLoad.js <= BUDGETS.consoleFirstJs, 'console first load JS (index.html + home)', consoleLoad.js, BUDGETS.consoleFirstJs, explain(consoleLoad));

  // Every chunk the portal may load later (its routes, including ones added after this list), over what the home loaded.
  const portalEntry = stats.entries[PORTAL_ENTRY];
  if (!portalEntry) throw new Error(`no entry ${PORTAL_ENTRY} in the build`);
  const reachable = new Set<string>();
  const todo = [portalEntry];
  while (todo.length) {
    const f = todo.pop()!;
    if (reachable.has(f)) continue;
    reachable.add(f);
    const c = stats.chunks[f]!;
    todo.push(...c.imports, ...c.dynamicImports);
  }
  for (const f of reachable) {
    const c = stats.chunks[f]!;
    if (home.has(f) || !c.facade || !stats.chunks[portalEntry]) continue;
    const isLazyPage = [...reachable].some((r) => stats.chunks[r]!.dynamicImports.includes(f));
    if (!isLazyPage) continue;
    const extra = measure(stats, new Set([...closure(stats, [f])].filter((x) => !home.has(x))));
    limit(extra.js <= BUDGETS.portalRouteJs, `portal lazy chunk ${c.facade} beyond the home`, extra.js, BUDGETS.portalRouteJs, explain(extra));
  }
  const forbidden = [...reachable].flatMap((f) =>
    stats.chunks[f]!.modules.filter((m) => PORTAL_FORBIDDEN.some((re) => re.test(m.id))).map((m) => `${m.id} in ${f}`),
  );
  findings.push({
    ok: forbidden.length === 0,
    line: `${forbidden.length === 0 ? 'ok  ' : 'OVER'} no console pages or charts reachable from ${PORTAL_ENTRY}`,
    detail: forbidden.slice(0, 10).join('\n  '),
  });
  return { findings, table: rows.join('\n') };
}

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const at = process.argv.indexOf('--dist');
  let dist = at > 0 ? path.resolve(process.argv[at + 1] ?? '') : '';
  if (!dist) {
    dist = path.join(root, 'dist/bundle-check');
    execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const stats = JSON.parse(readFileSync(path.join(dist, STATS_FILE), 'utf8')) as BundleStats;
  const { findings, table } = check(stats);
  if (process.argv.includes('--table')) console.log(table + '\n');
  for (const f of findings) {
    console.log(f.line);
    if (f.detail) console.log(f.detail);
  }
  if (findings.some((f) => !f.ok)) {
    console.error('bundle budget exceeded: see the chunks and modules named above');
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
