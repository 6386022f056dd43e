import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const DEMO_PASSWORD = 'QunHub@2026';
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

export function baseUrl(): string {
  return inject('baseUrl');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookies and storage) at a desktop size, Chinese by default. */
export async function newContext(browser: Browser, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  if (lang === 'en') await ctx.addInitScript(() => window.localStorage.setItem('qunhub.lang', 'en'));
  return ctx;
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
    violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`) })),
  };
}

/** Screenshot of the whole page to e2e/screenshots/<name>.png, then axe with zero violations expected. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await settle(page);
  // With a dialog open, the fixed mask covers only the viewport: a full-page shot would look half-masked.
  const dialogOpen = await page.locator('.ant-modal-wrap:visible').count();
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: dialogOpen === 0 });
  const report = await axe(page, name);
  expect(report.violations, `axe violations on ${name}:\n${JSON.stringify(report.violations, null, 2)}`).toEqual([]);
}
