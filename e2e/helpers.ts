import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';

export const DEMO_PASSWORD = 'QunHub@2026';
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

/**
 * When the running test fails, leaves beside the screenshots what the page showed (`<name>.png`), what a screen reader
 * would have found there (`<name>.aria.yml`) and the page's API requests and console messages (`<name>.log`).
 */
export function recordFailure(page: Page, name: string): void {
  const log: string[] = [];
  const at = () => new Date().toISOString().slice(11, 23);
  page.on('request', (r) => void (r.url().includes('/api/') && log.push(`${at()} -> ${r.method()} ${r.url()}`)));
  page.on('response', (r) => void (r.url().includes('/api/') && log.push(`${at()} <- ${r.status()} ${r.url()}`)));
  page.on('requestfailed', (r) => void (r.url().includes('/api/') && log.push(`${at()} xx ${r.failure()?.errorText} ${r.url()}`)));
  page.on('console', (m) => void log.push(`${at()} console.${m.type()} ${m.text()}`));
  onTestFailed(async () => {
    await writeFile(path.join(SCREENSHOTS, `${name}.log`), `${log.join('\n')}\n`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    await writeFile(path.join(SCREENSHOTS, `${name}.aria.yml`), await page.locator('body').ariaSnapshot());
  });
}

export function baseUrl(): string {
  return inject('baseUrl');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The flows run with the system's reduced-motion setting, which the pages follow: a click never lands on a dialog or
 * drop-down still moving into place, and axe never reads a colour half-way through a fade. The keyboard test and the
 * motion test in language.e2e run with animations, so that path stays covered.
 */
const FLOW_CONTEXT: BrowserContextOptions = { reducedMotion: 'reduce' };

/** A fresh context (own cookies and storage) at a desktop size, Chinese by default. */
export async function newContext(browser: Browser, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ ...FLOW_CONTEXT, baseURL: baseUrl(), viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  if (lang === 'en') await ctx.addInitScript(() => window.localStorage.setItem('qunhub.lang', 'en'));
  return ctx;
}

/** A fresh context on a phone (390 × 844, touch), Chinese unless `options` say otherwise. */
export function phoneContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    ...FLOW_CONTEXT,
    baseURL: baseUrl(),
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    isMobile: true,
    hasTouch: true,
    ...options,
  });
}

/** Waits until no request is in flight and no spinner or skeleton is showing. */
export async function settle(page: Page): Promise<void> {
  const busy = () => !document.querySelector('.ant-spin-spinning, .ant-table-loading, .ant-skeleton-active, .ant-select-loading');
  // Twice: a lazily loaded page chunk starts its own requests only after the first quiet moment.
  for (let i = 0; i < 2; i++) {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(busy, undefined, { timeout: 20_000 });
    // Let animations (tabs ink bar, modals) finish before axe or a screenshot.
    await page.waitForTimeout(300);
  }
}

/**
 * Waits until no finite CSS animation or transition is running: a colour caught half-way (a toast fading out, a mode
 * switched, a resize) is not a contrast the user ever sees. Endless ones (spinners) are not waited for.
 */
export async function quiet(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => !document.getAnimations().some((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity)),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

/** Opens a page from the side menu and waits for its h1, then for its data. */
export async function openMenu(page: Page, item: string, heading: string): Promise<void> {
  await page.getByRole('navigation').getByRole('menuitem', { name: item, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await settle(page);
}

/** The open dialog, once its opening animation is over (a click during it can be lost or land on the backdrop). */
export async function openedDialog(page: Page): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await expect.poll(() => dialog.evaluate((el) => /ant-zoom/.test(el.className))).toBe(false);
  return dialog;
}

/** Answers the open confirmation dialog once its opening animation is over, and waits for it to close. */
export async function confirmDialog(page: Page, button = '确定'): Promise<void> {
  const dialog = await openedDialog(page);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Chooses an option of a single select: opens its drop-down and waits until the drop-down is placed beside the field
 * and done animating before clicking (on a loaded machine a click aimed at a drop-down still being placed lands on what
 * lies under it, such as a dialog's backdrop, which closes the dialog), then waits for the drop-down to close.
 */
export async function chooseOption(page: Page, field: Locator, option: string | RegExp): Promise<void> {
  await field.click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.waitFor();
  await expect
    .poll(() => dropdown.evaluate((el) => /-(appear|enter|leave)(\s|$)|-(appear|enter|leave)-/.test(el.className) || el.getBoundingClientRect().left < 0))
    .toBe(false);
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

/** Waits until a data table shows at least one row. */
export async function tableRows(page: Page): Promise<void> {
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByRole('navigation').getByRole('menuitem').first().waitFor();
  await settle(page);
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export type AxeReport = { name: string; violations: { id: string; impact: string | null | undefined; help: string; nodes: string[] }[] };

/** Runs axe-core with the WCAG 2.1 A/AA rules and returns the violations in a readable form. */
export async function axe(page: Page, name: string): Promise<AxeReport> {
  const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return {
    name,
    violations: r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    })),
  };
}

/** Screenshot of the whole page to e2e/screenshots/<name>.png, then axe with zero violations expected. */
export async function checkPage(page: Page, name: string): Promise<void> {
  // A toast lasts three seconds and then fades: axe run during the fade reads its half-transparent text as a contrast
  // failure. Let it go first.
  await page
    .locator('.ant-message-notice')
    .last()
    .waitFor({ state: 'detached', timeout: 8_000 })
    .catch(() => undefined);
  await settle(page);
  // With a dialog open, the fixed mask covers only the viewport: a full-page shot would look half-masked.
  const dialogOpen = await page.locator('.ant-modal-wrap:visible').count();
  const shot = (timeout: number) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: dialogOpen === 0, timeout });
  // Headless Chromium now and then stops producing frames for a background page, and a screenshot waits for one
  // forever: bring the page to the front, ask for a frame, and try once more.
  await shot(30_000).catch(async () => {
    await page.bringToFront();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
    await shot(60_000);
  });
  const report = await axe(page, name);
  expect(report.violations, `axe violations on ${name}:\n${JSON.stringify(report.violations, null, 2)}`).toEqual([]);
}

/**
 * Types a value into a date field (YYYY-MM-DD, YYYY-MM or YYYY-MM-DDTHH:mm, as the form holds it), confirms it with
 * Enter and waits until the field shows it and its picker has closed. A string is the field's exact label on the page.
 */
export async function fillDate(page: Page, field: Locator | string, value: string): Promise<void> {
  const input = typeof field === 'string' ? page.getByLabel(field, { exact: true }) : field;
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(value.replace('T', ' '));
  await expect.poll(() => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count()).toBe(0);
}

/** A staff account signed in through the API, for arranging what a browser flow starts from. */
export type StaffSession = { cookie: string; csrf: string; id: number; orgId: number };
/** What `call` needs: the session cookie and the CSRF token, sent in the staff header unless another is named. */
export type ApiSession = { cookie: string; csrf: string; header?: string };

export async function staffSession(username: string): Promise<StaffSession> {
  const r = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await r.json()) as { csrfToken: string; id: number; orgId: number };
  return { cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, csrf: body.csrfToken, id: body.id, orgId: body.orgId };
}

/** Calls the API as a signed-in staff account or citizen; an answer other than 2xx throws with its body. */
export async function call<T>(s: ApiSession, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { cookie: s.cookie, [s.header ?? 'x-csrf-token']: s.csrf, ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body),
  });
  const json = (await r.json()) as T;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** A citizen signed in through the real one-time-code endpoints (the demo server hands the code back). */
export async function citizenSession(phone: string, name: string, regionCode: string): Promise<ApiSession> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { demoCode } = (await (await post('/api/portal/auth/code', { phone })).json()) as { demoCode: string };
  const r = await post('/api/portal/auth/verify', { phone, code: demoCode, name, regionCode });
  const me = (await r.json()) as { csrfToken: string };
  return { cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, csrf: me.csrfToken, header: 'x-citizen-csrf' };
}

/**
 * A street lecture published through the API by the given staff session: registration open from an hour ago until
 * two hours before it starts, `startsInHours` from now, two hours long.
 */
export async function publishLecture(s: StaffSession, title: string, capacity: number, startsInHours: number): Promise<{ id: number }> {
  const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  const a = await call<{ id: number; version: number }>(s, 'POST', '/api/activities', {
    title,
    type: 'lecture',
    hostOrgId: s.orgId,
    venueName: '街道党群服务中心',
    address: '某某路1号',
    targetGroups: ['worker'],
    capacity,
    startsAt: at(startsInHours),
    endsAt: at(startsInHours + 2),
    regOpensAt: at(-1),
    regClosesAt: at(startsInHours - 2),
  });
  await call(s, 'POST', `/api/activities/${a.id}/publish`, { version: a.version });
  return { id: a.id };
}

/** An ID number with a correct check character (GB 11643). */
export function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
