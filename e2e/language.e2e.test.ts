import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, checkPage, chooseOption, launch, login, newContext, openMenu, recordFailure, settle, tableRows } from './helpers.js';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Flow (e): the English switch, plus sign-in errors, large font, and the 404 and 403 pages. */
describe('language, sign-in and shell', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a sign-in error in the live region', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto('/login');
    await settle(page);
    await checkPage(page, 'login');
    await page.getByLabel('用户名').fill('union.street');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.locator('#login-error');
    await expect.poll(async () => ((await alert.textContent()) ?? '').length).toBeGreaterThan(0);
    expect(await alert.getAttribute('aria-live')).toBe('assertive');
    await checkPage(page, 'login-error');
    await ctx.close();
  });

  it('switches to English, keeps it after a reload and sends Accept-Language: en', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, 'union.street');
    await page.getByRole('button', { name: 'English' }).click();
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Workbench');
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    for (const label of ['Workbench', 'Dashboard', 'Regions', 'Work calendar', 'Organizations', 'People']) {
      expect(await menu.getByRole('menuitem', { name: label, exact: true }).count(), label).toBe(1);
    }
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await checkPage(page, 'home-en');

    const req = page.waitForRequest((r) => r.url().includes('/api/orgs'));
    await openMenu(page, 'Organizations', 'Organizations');
    await tableRows(page);
    expect((await req).headers()['accept-language']).toBe('en');
    await settle(page);
    expect(await page.getByRole('radio', { name: /Trade union/ }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'Unit name' }).count()).toBe(1);
    await checkPage(page, 'orgs-en');

    await page.reload();
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Organizations');
    const link = page.locator('.ant-table-tbody a').first();
    await link.click();
    await settle(page);
    await checkPage(page, 'org-detail-en');

    await openMenu(page, 'People', 'People');
    await checkPage(page, 'people-en');
    await openMenu(page, 'Work calendar', 'Work calendar');
    await checkPage(page, 'calendar-en');

    // A server message follows the language too.
    await page.goto('/orgs/999999');
    await settle(page);
    await page.getByText('outside your scope').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Unit details');
    await checkPage(page, 'org-not-found-en');

    await page.getByRole('button', { name: '中文' }).click();
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('单位详情');
    expect(await page.evaluate(() => localStorage.getItem('qunhub.lang'))).toBe('zh-CN');
    await ctx.close();
  });

  it('names the months of an open date picker in the page language', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const ctx = await newContext(browser, lang);
      const page = await ctx.newPage();
      await login(page, 'union.street');
      const menu = lang === 'en' ? 'Work calendar' : '工作日历';
      await openMenu(page, menu, menu);
      const field = page.getByLabel(lang === 'en' ? 'Start date' : '起始日期', { exact: true });
      const month = Number((await field.inputValue()).slice(5, 7));
      await field.click();
      const picker = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
      await picker.waitFor();
      expect(await picker.locator('.ant-picker-month-btn').textContent()).toBe(lang === 'en' ? EN_MONTHS[month - 1] : `${month}月`);
      // Weeks start on Monday in both languages.
      expect(await picker.locator('.ant-picker-content thead th').first().textContent()).toBe(lang === 'en' ? 'Mo' : '一');
      await page
        .getByRole('button', { name: lang === 'en' ? 'Clear' : '清除' })
        .first()
        .waitFor({ state: 'attached' });
      await checkPage(page, `date-picker-${lang}`);
      await page.keyboard.press('Escape');
      await ctx.close();
    }
  });

  it("follows the system's reduced-motion setting: drop-downs appear without animation, and with it otherwise", async () => {
    for (const reducedMotion of ['reduce', 'no-preference'] as const) {
      const ctx = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion });
      const page = await ctx.newPage();
      await login(page, 'union.street');
      await openMenu(page, '工作日历', '工作日历');
      // Every class a drop-down ever carries, however briefly: an animation runs while it carries the active class of
      // its appear or enter step.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seenClasses: string[] }).seenClasses = seen;
        new MutationObserver((records) => {
          for (const r of records) if (r.target instanceof HTMLElement && r.target.closest('.ant-picker-dropdown')) seen.push(r.target.className);
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'], childList: true });
      });
      await page.getByLabel('起始日期', { exact: true }).click();
      await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').waitFor();
      const seen = await page.evaluate(() => (window as unknown as { seenClasses: string[] }).seenClasses.join(' '));
      const transition = await page.getByRole('button', { name: '退出登录' }).evaluate((el) => getComputedStyle(el).transitionDuration);
      if (reducedMotion === 'reduce') {
        expect(seen).not.toMatch(/slide-up-(appear|enter)-active/);
        expect(
          transition.split(',').every((d) => parseFloat(d) === 0),
          transition,
        ).toBe(true);
      } else {
        expect(seen).toMatch(/slide-up-(appear|enter)-active/);
        expect(
          transition.split(',').some((d) => parseFloat(d) > 0),
          transition,
        ).toBe(true);
      }
      await ctx.close();
    }
  });

  it('raises the base font size to at least 18px with the large-font switch', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, 'union.community');
    await page.getByRole('switch', { name: '大字号' }).click();
    await settle(page);
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p') ?? document.body).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    await checkPage(page, 'home-large-font');
    await openMenu(page, '组织', '组织');
    await checkPage(page, 'orgs-large-font');
    await page.getByRole('switch', { name: '大字号' }).click();
    await ctx.close();
  });

  it("names the clear buttons of selects and search fields in the page's language", async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, 'union.district');
    await openMenu(page, '组织', '组织');
    await page.getByLabel('搜索单位').first().fill('工会');
    await chooseOption(page, page.getByLabel('层级').first(), /./);
    await settle(page);
    expect(await page.getByRole('button', { name: '清除', exact: true }).count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Clear', exact: true }).count()).toBe(0);
    await checkPage(page, 'orgs-filters-clear');

    await page.getByRole('button', { name: 'English' }).click();
    await settle(page);
    expect(await page.getByRole('button', { name: 'Clear', exact: true }).count()).toBe(2);
    expect(await page.getByRole('button', { name: '清除', exact: true }).count()).toBe(0);
    await checkPage(page, 'orgs-filters-clear-en');
    await ctx.close();
  });

  it('is keyboard operable: skip link, menu and sortable columns', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, 'union.district');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.getByRole('menuitem', { name: '组织', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/orgs');
    await settle(page);
    const header = page.getByRole('columnheader', { name: /单位名称/ });
    await header.focus();
    const sorted = page.waitForRequest((r) => r.url().includes('sort=name'));
    await page.keyboard.press('Enter');
    await sorted;
    await settle(page);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await ctx.close();
  });

  it('shows the 404 page and refuses pages outside the permissions', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    recordFailure(page, 'language-failed-404');
    await login(page, 'union.street');
    await page.goto('/no-such-page');
    await settle(page);
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    await checkPage(page, 'not-found');
    await page.goto('/audit');
    await settle(page);
    await page.getByRole('heading', { name: '无权访问' }).waitFor();
    await checkPage(page, 'forbidden');
    expect(await page.evaluate(async () => (await fetch('/api/audit')).status)).toBe(403);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await page.goto('/people');
    await page.waitForURL('**/login?next=%2Fpeople');
    await ctx.close();
  });
});
