import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, chooseOption, launch, login, newContext, openedDialog, openMenu, settle, tableRows, phoneContext } from './helpers.js';

/** The next Wednesday at least two days ahead (China time), where the demo holds a women's federation lecture. */
function demoWednesday(): string {
  const l = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000);
  const wd = l.getUTCDay() === 0 ? 7 : l.getUTCDay();
  l.setUTCDate(l.getUTCDate() + ((3 - wd + 7) % 7));
  return l.toISOString().slice(0, 10);
}

/** A youth-home manager (league.street) at work: venues, the week calendar, a refused booking, approvals, coverage. */
describe('venues (league.street, manager of a youth home)', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await login(page, 'league.street');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the venues of the street, filtered by type', async () => {
    await openMenu(page, '阵地场馆', '阵地场馆');
    await tableRows(page);
    await checkPage(page, 'venues-list');
    await page.getByLabel('按名称或地址搜索').fill('青年之家');
    await settle(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().textContent()).toContain('青年之家');
  });

  it('opens the youth home with rooms, co-builders, hours and hosted projects', async () => {
    await page.getByLabel('按名称或地址搜索').fill('锦官驿街道青年之家');
    await settle(page);
    await page.getByRole('link', { name: '锦官驿街道青年之家' }).click();
    await page.getByRole('heading', { level: 1, name: '锦官驿街道青年之家' }).waitFor();
    await settle(page);
    await expect.poll(() => page.getByText('锦官驿街道妇女联合会').first().isVisible()).toBe(true);
    await checkPage(page, 'venue-detail');
    await page.getByRole('tab', { name: '入驻项目' }).click();
    await expect.poll(() => page.getByText('妇女儿童心理关爱').isVisible()).toBe(true);
    await checkPage(page, 'venue-projects');
  });

  it('shows the week of bookings, with the slot another organization holds', async () => {
    await page.getByRole('tab', { name: '预订日历' }).click();
    await settle(page);
    const lecture = page.getByText('巾帼心理健康讲座');
    if (!(await lecture.isVisible())) {
      await page.getByRole('button', { name: '下一周' }).click();
      await settle(page);
    }
    await expect.poll(() => lecture.isVisible()).toBe(true);
    await checkPage(page, 'venue-calendar');
  });

  it('books the held slot and sees the conflict naming the holder and the time', async () => {
    const day = demoWednesday();
    await page.getByRole('button', { name: '预订房间' }).click();
    const dialog = await openedDialog(page);
    await dialog.getByText('您的单位是管理或共建单位').waitFor();
    await chooseOption(page, dialog.getByLabel('房间'), '青年议事厅');
    await dialog.getByLabel('日期').click();
    await dialog.getByLabel('日期').fill(day);
    await dialog.getByLabel('日期').press('Enter');
    await expect.poll(() => dialog.getByLabel('日期').inputValue()).toBe(day);
    const times = dialog.locator('.ant-picker-range input');
    await times.nth(0).click();
    await times.nth(0).fill('14:30');
    await times.nth(0).press('Enter');
    await times.nth(1).fill('15:30');
    await times.nth(1).press('Enter');
    await expect.poll(async () => `${await times.nth(0).inputValue()}-${await times.nth(1).inputValue()}`).toBe('14:30-15:30');
    await dialog.getByLabel('用途').fill('青年读书会');
    await dialog.getByRole('button', { name: '提交' }).click();
    const alert = dialog.getByRole('alert').filter({ hasText: '该时段已被占用' });
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toContain('锦官驿街道妇女联合会');
    await expect.poll(() => alert.textContent()).toContain(`${day} 14:00`);
    await checkPage(page, 'venue-booking-conflict');
    // A free slot the same day is confirmed at once.
    await times.nth(0).click();
    await times.nth(0).fill('10:00');
    await times.nth(0).press('Enter');
    await times.nth(1).fill('11:00');
    await times.nth(1).press('Enter');
    await expect.poll(async () => `${await times.nth(0).inputValue()}-${await times.nth(1).inputValue()}`).toBe('10:00-11:00');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(page);
    await expect.poll(() => page.getByText('青年读书会').isVisible()).toBe(true);
  });

  it('decides booking requests from other organizations', async () => {
    await openMenu(page, '预订审批', '预订审批');
    await tableRows(page);
    await expect.poll(() => page.getByText('职工技能培训').isVisible()).toBe(true);
    await checkPage(page, 'venue-approvals');
  });

  it('shows the coverage of every community of the street, gaps first', async () => {
    await openMenu(page, '阵地覆盖', '阵地覆盖（无死角）');
    await tableRows(page);
    await checkPage(page, 'venue-coverage');
    await page.locator('.ant-table-tbody tr.ant-table-row').first().getByRole('button').click();
    await page.getByRole('dialog').locator('.ant-list-item').first().waitFor();
    await checkPage(page, 'venue-coverage-community');
  });
});

describe('portal: venues near me (390×844)', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launch();
    const phone = await phoneContext(browser);
    page = await phone.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the venues of a district with their opening hours', async () => {
    await page.goto('/portal/venues');
    await page.getByRole('heading', { level: 1, name: '身边的阵地' }).waitFor();
    await settle(page);
    // The filters are the phone's own pickers (native selects), labelled.
    await page.getByLabel('区（市）县').selectOption({ label: '锦江区' });
    await expect.poll(() => page.getByLabel('街道（镇）').isEnabled()).toBe(true);
    await settle(page);
    await expect.poll(() => page.getByText('开放时间').first().isVisible()).toBe(true);
    await checkPage(page, 'portal-venues');
    await page.getByLabel('阵地类型').selectOption({ label: '青年之家' });
    await settle(page);
    await page.getByRole('heading', { level: 2 }).or(page.getByText('该范围内暂无阵地')).first().waitFor();
    await checkPage(page, 'portal-venues-type');
  });
});
