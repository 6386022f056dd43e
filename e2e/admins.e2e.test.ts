import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, confirmDialog, fillDate, launch, login, newContext, openMenu, settle, tableRows } from './helpers.js';

const NEW_PASSWORD = 'Jinjiang-River#2026';

/** Flows (c) and (d): the separated administrator powers (三员) in the console. */
describe('administrators', () => {
  let browser: Browser;
  const newUser = `e2e.user${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function pageAs(username: string): Promise<Page> {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, username);
    return page;
  }

  it('auditadmin sees the audit trail, filters it and verifies the chain', async () => {
    const page = await pageAs('auditadmin');
    const menu = page.getByRole('navigation', { name: '主菜单' });
    expect(await menu.getByRole('menuitem', { name: '审计日志' }).count()).toBe(1);
    expect(await menu.getByRole('menuitem', { name: '组织' }).count()).toBe(0);
    expect(await menu.getByRole('menuitem', { name: '账号与角色' }).count()).toBe(0);
    await openMenu(page, '审计日志', '审计日志');
    await tableRows(page);
    await checkPage(page, 'audit');

    await page.getByLabel('操作', { exact: true }).fill('auth.login');
    await page.getByRole('button', { name: '搜索' }).click();
    await settle(page);
    await expect
      .poll(async () => [...new Set(await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(4)').allTextContents())])
      .toEqual(['auth.login']);

    await page.getByRole('button', { name: '校验审计链' }).click();
    await page.getByText('审计链完整').waitFor();
    await checkPage(page, 'audit-verified');

    await page.locator('.ant-table-tbody').getByRole('button').first().click();
    await page.getByRole('dialog').waitFor();
    await checkPage(page, 'audit-detail');
    await page.context().close();
  });

  it('sysadmin sees the accounts, creates one and disables it after a confirmation', async () => {
    const page = await pageAs('sysadmin');
    await openMenu(page, '账号与角色', '账号与角色');
    await tableRows(page);
    expect(await page.locator('.ant-table-tbody').textContent()).toContain('auditadmin');
    await checkPage(page, 'accounts');

    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(newUser);
    await dialog.getByLabel('显示名称').fill('端到端测试用户');
    await dialog.getByLabel('所属组织').fill('锦江区总工会');
    await page.locator('.ant-select-item-option', { hasText: '锦江区总工会' }).first().click();
    await dialog.getByLabel('初始密码').fill('Chengdu-Test#2026');
    await checkPage(page, 'accounts-create');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByLabel('用户名或姓名').fill(newUser);
    await page.getByLabel('用户名或姓名').press('Enter');
    await settle(page);
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: newUser });
    await row.waitFor();
    await row.getByRole('button', { name: `停用：${newUser}` }).click();
    const confirm = page.getByRole('dialog');
    await confirm.locator('.ant-modal-confirm-title', { hasText: `停用账号“${newUser}”` }).waitFor();
    await checkPage(page, 'accounts-confirm');
    await confirmDialog(page, '停用');
    await row.getByText('已停用').waitFor();
    await row.getByRole('button', { name: `启用：${newUser}` }).click();
    await confirmDialog(page, '启用');
    await row.getByText('正常').waitFor();
    await row.getByRole('button', { name: `重置密码：${newUser}` }).click();
    await page.getByRole('dialog').getByLabel('新密码').waitFor();
    await checkPage(page, 'accounts-reset-password');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.context().close();
  });

  it('a new account must change its password at the first sign-in', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByLabel('用户名').fill(newUser);
    await page.getByLabel('密码', { exact: true }).fill('Chengdu-Test#2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/change-password');
    await settle(page);
    await page.getByText('请先修改密码').waitFor();
    await checkPage(page, 'change-password-forced');
    await page.getByLabel('当前密码').fill('Chengdu-Test#2026');
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await settle(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('工作台');
    await ctx.close();
  });

  it('secadmin assigns roles; sysadmin keeps functional zones and calendar overrides', async () => {
    const sec = await pageAs('secadmin');
    await openMenu(sec, '账号与角色', '账号与角色');
    await tableRows(sec);
    // More accounts than one page: find the one to edit.
    await sec.locator('#acc-q').fill('union.city');
    await sec.locator('#acc-q').press('Enter');
    await sec.getByRole('button', { name: '分配角色：union.city' }).click();
    await sec.getByRole('dialog').getByRole('checkbox').first().waitFor();
    await checkPage(sec, 'accounts-roles');
    await sec.context().close();

    const page = await pageAs('sysadmin');
    await openMenu(page, '区域', '区域');
    await page.getByRole('tab', { name: '功能区' }).click();
    await page.getByRole('button', { name: '新建功能区' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('功能区名称').fill('锦江测试功能区');
    await dialog.getByLabel('所辖镇(街道)').fill('锦官驿');
    await page.locator('.ant-select-item-option', { hasText: '锦官驿街道' }).first().click();
    await dialog.getByLabel('功能区名称').click();
    await checkPage(page, 'zones-create');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    const zoneRow = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '锦江测试功能区' });
    await zoneRow.getByText('锦官驿街道').waitFor();
    await checkPage(page, 'zones');
    await zoneRow.getByRole('button', { name: '删除：锦江测试功能区' }).click();
    await confirmDialog(page, '删除');
    await zoneRow.waitFor({ state: 'detached' });

    await openMenu(page, '工作日历', '工作日历');
    await page.getByText('日期调整').first().waitFor();
    const day = `${new Date().getFullYear()}-03-02`;
    await fillDate(page, '日期', day);
    await page.getByLabel('节假日').check();
    await page.getByLabel('调整原因').fill('端到端测试调整');
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.locator('.ant-message').getByText('已保存').waitFor();
    const override = page.locator('.ant-table-tbody tr', { hasText: day });
    await override.getByText('管理员调整').waitFor();
    await checkPage(page, 'calendar-admin');
    await override.getByRole('button', { name: `删除调整：${day}` }).click();
    await confirmDialog(page, '删除调整');
    await page.locator('.ant-message').getByText('已删除').waitFor();
    await override.waitFor({ state: 'detached' });

    // The first year without an official arrangement is provisional: the statutory days, and a form to enter the arrangement.
    const status = (await (await page.request.get('/api/calendar/status')).json()) as { officialYears: number[]; warn: boolean };
    const next = Math.max(...status.officialYears) + 1;
    if (status.warn) await page.getByRole('link', { name: '录入正式安排' }).click();
    else await page.goto(`/calendar?year=${next}`);
    await settle(page);
    await page.getByText(`${next} 年为预计日历`).waitFor();
    await page
      .locator('.ant-table-tbody tr', { hasText: `${next}-01-01` })
      .getByText('法定（预计）')
      .waitFor();
    let saturday = new Date(Date.UTC(next, 2, 1));
    while (saturday.getUTCDay() !== 6) saturday = new Date(saturday.getTime() + 86_400_000);
    const makeUp = saturday.toISOString().slice(0, 10);
    await page.getByLabel('日期列表').fill(`${next}-01-01 休 元旦\n${makeUp} 班 春节`);
    await page.getByRole('button', { name: '预览差异' }).click();
    const changes = page.locator('table', { hasText: makeUp });
    await changes.getByText('调休上班').first().waitFor();
    await settle(page);
    await checkPage(page, 'calendar-provisional');
    await page.context().close();
  });
});
