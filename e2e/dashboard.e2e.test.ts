import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SCREENSHOTS, checkPage, launch, login, newContext, openMenu, settle } from './helpers.js';

/** The city dashboard (数据驾驶舱): figure cards, the district tile map, trends and tables, with a drill-down. */
describe('dashboard (union.city)', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await login(page, 'union.city');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the cards, the tile map of the 20 districts and the charts', async () => {
    await openMenu(page, '数据驾驶舱', '数据驾驶舱');
    const members = page.locator('.ant-card').filter({ hasText: '工会会员' }).first();
    await expect.poll(async () => Number(((await members.locator('.ant-statistic-content').textContent()) ?? '0').replace(/[^0-9]/g, ''))).toBeGreaterThan(0);
    const tile = page.getByRole('img', { name: /区（市）县示意图/ });
    await tile.waitFor();
    expect(await tile.locator('canvas').count()).toBeGreaterThan(0);
    // The table beside the tile map lists the 20 districts.
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: '锦江区' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: /柱状图/ }).count()).toBeGreaterThan(3);
    await checkPage(page, 'dashboard-city');
    // The first screen and the tile map at viewport size, to look at closely.
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-city-top.png') });
    await tile.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-city-tiles.png') });
    // Worker benefits: the vouchers claimed in the demo, and their table by kind of offer.
    const claims = page.locator('.ant-card').filter({ hasText: '普惠领取（张）' }).first();
    await expect.poll(async () => Number(((await claims.locator('.ant-statistic-content').textContent()) ?? '0').replace(/[^0-9]/g, ''))).toBeGreaterThan(0);
    const byKind = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: '普惠领取按项目类型' }) });
    await byKind.scrollIntoViewIfNeeded();
    expect(await byKind.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-city-benefits.png') });
  });

  it('recolours the tile map by another indicator and filters to a district', async () => {
    await page.getByLabel('着色指标').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '群团组织单位' }).first().click();
    await settle(page);
    await page.getByLabel('区（市）县', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '锦江区' }).first().click();
    await settle(page);
    await expect.poll(() => page.getByText('锦江区 · 全部数字由业务记录实时汇总').count()).toBe(1);
    await checkPage(page, 'dashboard-district');
  });

  it('drills down from the members figure to masked member records', async () => {
    await page.locator('.ant-card').filter({ hasText: '工会会员' }).first().getByRole('button', { name: '查看明细' }).click();
    const dialog = page.getByRole('dialog', { name: '会员明细' });
    await dialog.waitFor();
    await dialog.locator('.ant-table-row').first().waitFor();
    expect(await dialog.locator('.ant-table-row').first().textContent()).toContain('*');
    await checkPage(page, 'dashboard-members');
    await dialog.getByRole('button', { name: '关闭' }).first().click();
  });
});
