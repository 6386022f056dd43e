import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../server/platform/validation/credit-code.js';
import { chinaToday } from '../server/platform/time.js';
import { checkPage, confirmDialog, fillDate, launch, login, newContext, openMenu, settle, tableRows } from './helpers.js';

/** Labour-dispute joint mediation: a street union opens a case and invites the court, which accepts and records a session. */
describe('labour-dispute joint mediation', () => {
  let browser: Browser;
  let union: Page;
  let caseUrl = '';
  const employer = `成都锦程测试物流有限公司${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
    union = await (await newContext(browser)).newPage();
    await login(union, 'union.street');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the cases of the street union with filters and shows the figures', async () => {
    await openMenu(union, '劳动纠纷调解', '劳动纠纷调解案件');
    await tableRows(union);
    await checkPage(union, 'disputes-list');
    await openMenu(union, '纠纷调解统计', '劳动纠纷调解统计');
    await union.getByRole('img', { name: '各结果案件数柱状图' }).waitFor();
    await expect.poll(() => union.getByText('调解成功率').first().isVisible()).toBe(true);
    await checkPage(union, 'disputes-figures');
  });

  it('opens a case and invites the district court', async () => {
    await openMenu(union, '劳动纠纷调解', '劳动纠纷调解案件');
    await union.getByRole('button', { name: '新建案件' }).click();
    await union.getByRole('heading', { level: 1, name: '新建劳动纠纷案件' }).waitFor();
    await union.getByLabel('用人单位', { exact: true }).fill(employer);
    await union.getByLabel('统一社会信用代码').fill(makeCreditCode('91510104MA61XKQ7B'));
    await union.getByLabel('纠纷事实').fill('五名快递分拣员反映近两个月工资被拖欠。');
    await union.getByLabel('姓名').fill('测试职工');
    await union.getByLabel('手机').fill('13900002222');
    await union.getByLabel('金额（元）').fill('36800');
    await settle(union);
    await checkPage(union, 'disputes-new');
    await union.getByRole('button', { name: '提交' }).click();
    await union.getByRole('heading', { level: 1, name: /^纠纷案件 LD-/ }).waitFor();
    caseUrl = new URL(union.url()).pathname;
    expect(caseUrl).toMatch(/^\/disputes\/\d+$/);
    await settle(union);
    await expect.poll(() => union.getByText('测***', { exact: true }).first().isVisible()).toBe(true);
    await checkPage(union, 'disputes-detail');

    await union.getByRole('button', { name: '邀请协作单位' }).click();
    const dialog = union.getByRole('dialog');
    await dialog.getByLabel('协作单位').click();
    await union.locator('.ant-select-item-option', { hasText: '锦江区人民法院' }).click();
    await checkPage(union, 'disputes-invite');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(union);
    await expect.poll(() => union.locator('.ant-table-row', { hasText: '锦江区人民法院' }).getByText('待回复').isVisible()).toBe(true);
  });

  it('lets the court land on its invited cases, accept and record a session', async () => {
    const court = await (await newContext(browser)).newPage();
    await login(court, 'court.jinjiang');
    await court.getByRole('heading', { level: 1, name: '我单位受邀的纠纷案件' }).waitFor();
    await tableRows(court);
    await settle(court);
    await checkPage(court, 'disputes-invited');
    await court
      .getByRole('row', { name: new RegExp(employer) })
      .getByRole('link')
      .click();
    await court.getByRole('heading', { level: 1, name: /^纠纷案件 LD-/ }).waitFor();
    await settle(court);
    await checkPage(court, 'disputes-detail-pending');
    await court.getByRole('button', { name: '接受邀请' }).click();
    await confirmDialog(court);
    await settle(court);
    await court.getByRole('button', { name: '记录调解会' }).click();
    const dialog = court.getByRole('dialog');
    await fillDate(court, dialog.getByLabel('时间'), `${chinaToday()}T10:00`);
    await dialog.getByLabel('地点').fill('锦江区诉调对接中心');
    await dialog.getByLabel('调解员').fill('法官助理、工会调解员');
    await dialog.getByLabel('记录').fill('用人单位同意分两期支付。');
    await checkPage(court, 'disputes-session');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(court);
    await expect.poll(() => court.getByText('锦江区诉调对接中心').first().isVisible()).toBe(true);
    await expect.poll(() => court.locator('.ant-timeline').textContent()).toContain('接受邀请');
    await checkPage(court, 'disputes-detail-court');
    await court.context().close();
  });

  it('refuses a partner that was not invited, even by URL', async () => {
    const other = await (await newContext(browser)).newPage();
    await login(other, 'court.qingyang');
    await other.goto(caseUrl);
    await other.getByText('记录不存在，或不在您的权限范围内').waitFor();
    await settle(other);
    await checkPage(other, 'disputes-denied');
    await other.context().close();
  });

  it('renders the list in English', async () => {
    const en = await (await newContext(browser, 'en')).newPage();
    await login(en, 'union.street');
    await openMenu(en, 'Labour disputes', 'Labour-dispute mediation cases');
    await tableRows(en);
    await checkPage(en, 'disputes-list-en');
    await en.context().close();
  });
});
