/**
 * Lighthouse (mobile profile, its default simulated slow 4G and CPU slowdown) on the portal's home, request form and
 * activity list; prints performance, accessibility and best practices per page. Needs a running server:
 *   QUNHUB_URL=http://127.0.0.1:3000 npm run bench:portal
 * Chromium comes from CHROME_PATH (default /usr/bin/chromium). A measurement, not a test: it never fails on a score.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const base = (process.env.QUNHUB_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const pages = [
  ['portal home', '/portal'],
  ['request form', '/portal/requests/new'],
  ['activity list', '/portal/activities'],
] as const;

process.env.CHROME_PATH ??= '/usr/bin/chromium';
const chrome = await chromeLauncher.launch({ chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu'] });
const rows: string[] = [];
try {
  for (const [name, path] of pages) {
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
    });
    if (!result) throw new Error(`no Lighthouse result for ${path}`);
    const { categories, audits } = result.lhr;
    const score = (k: string) => Math.round((categories[k]?.score ?? 0) * 100);
    const ms = (k: string) => `${((audits[k]?.numericValue ?? 0) / 1000).toFixed(1)} s`;
    const failing = Object.values(audits)
      .filter(
        (a) =>
          a.score !== null &&
          a.score < 1 &&
          (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric') &&
          ['accessibility', 'best-practices'].some((c) => categories[c]?.auditRefs.some((r) => r.id === a.id && r.weight > 0)),
      )
      .map((a) => a.id);
    rows.push(
      `| ${name} | ${path} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ${ms('first-contentful-paint')} | ${ms('largest-contentful-paint')} | ${ms('total-blocking-time')} | ${failing.join(', ') || '—'} |`,
    );
    console.error(`measured ${path}`);
  }
} finally {
  await chrome.kill();
}
console.log('| page | path | performance | accessibility | best practices | FCP | LCP | TBT | audits below full marks |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) console.log(r);
