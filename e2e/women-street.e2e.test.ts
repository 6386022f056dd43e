import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, checkPage, confirmDialog, fillDate, launch, login, newContext, openMenu, settle, tableRows } from './helpers.js';

type OrgRow = { id: number; name: string; level: string; regionName: string };

/** Flows (a) and (b): a street-level Women's Federation administrator at work, and what she may not see. */
describe('women.street (org_admin at a street of 锦江区)', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  const unitName = `锦官驿测试妇女之家${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
    ctx = await newContext(browser);
    page = await ctx.newPage();
    await login(page, 'women.street');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the dashboard with counts from the API', async () => {
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('工作台');
    await expect.poll(() => page.getByText('锦官驿街道妇女联合会').first().isVisible()).toBe(true);
    await checkPage(page, 'home');
  });

  it('finds 锦江区 in the region tree by its pinyin initials jjq', async () => {
    await openMenu(page, '区域', '区域');
    await page.getByLabel('搜索区域').fill('jjq');
    await page.getByLabel('搜索区域').press('Enter');
    const hit = page.getByRole('button', { name: '锦江区', exact: true });
    await hit.waitFor();
    await hit.click();
    await settle(page);
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain('510104');
    await checkPage(page, 'regions');
    await page.getByRole('tab', { name: '功能区' }).click();
    await checkPage(page, 'regions-zones');
  });

  it('opens the 妇联 tree and creates a unit under the street organization, then finds it in the list', async () => {
    await openMenu(page, '组织', '组织');
    await tableRows(page);
    await expect.poll(() => page.getByRole('radio', { checked: true }).getAttribute('value')).toBe('women');
    const tree = page.getByRole('tree');
    await tree.getByText('锦官驿街道妇女联合会', { exact: true }).waitFor();
    await checkPage(page, 'orgs');

    await tree.getByText('锦官驿街道妇女联合会', { exact: true }).click();
    await page.getByRole('button', { name: '新建下级单位' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('单位名称').fill(unitName);
    await dialog.getByLabel('所在区域').fill('水井坊');
    await page.locator('.ant-select-item-option', { hasText: '水井坊社区' }).first().click();
    await checkPage(page, 'orgs-create');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(page);

    await page.getByLabel('搜索单位').fill(unitName);
    await page.getByLabel('搜索单位').press('Enter');
    await settle(page);
    const link = page.getByRole('link', { name: unitName });
    await link.waitFor();
    await link.click();
    await settle(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(unitName);
    await checkPage(page, 'org-detail');

    await page.getByRole('button', { name: '编辑基本信息' }).click();
    await page.getByLabel('所在企业').fill('成都测试科技有限公司');
    await checkPage(page, 'org-edit');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('成都测试科技有限公司').waitFor();

    await page.getByRole('button', { name: '归档' }).click();
    await page.locator('.ant-modal-confirm-title', { hasText: '归档' }).waitFor();
    await checkPage(page, 'org-archive-confirm');
    await confirmDialog(page, '归档');
    await page.locator('.qh-page-title').getByText('已归档').waitFor();
    await page.getByRole('button', { name: '恢复' }).click();
    await confirmDialog(page, '恢复');
    await page.locator('.qh-page-title').getByText('正常').waitFor();
    await page.getByRole('tab', { name: '变更记录' }).click();
    await settle(page);
    await expect.poll(() => page.locator('.ant-table-tbody').first().textContent()).toContain('新建');
    await checkPage(page, 'org-detail-history');
    await page.getByRole('tab', { name: '调整隶属' }).click();
    await checkPage(page, 'org-detail-move');
  });

  it('shows the leadership team and social workers of the street organization', async () => {
    await openMenu(page, '组织', '组织');
    await page.getByRole('link', { name: '锦官驿街道妇女联合会', exact: true }).click();
    await settle(page);
    await page.getByRole('tab', { name: '领导班子' }).click();
    await settle(page);
    await expect.poll(() => page.getByText('班子成员').first().isVisible()).toBe(true);
    await checkPage(page, 'org-leaders');
    await page.getByRole('button', { name: '添加班子成员' }).click();
    await checkPage(page, 'org-leaders-add');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.getByRole('tab', { name: '社工队伍' }).click();
    await checkPage(page, 'org-staff');
    await page.getByRole('button', { name: '添加社工' }).click();
    await checkPage(page, 'org-staff-add');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  });

  it('refuses a unit of the neighbouring street, by URL and by API', async () => {
    // Find the neighbouring street's Women's Federation as the district administrator.
    const api = await browser.newContext({ baseURL: page.url().replace(/(https?:\/\/[^/]+).*/, '$1') });
    const res = await api.request.post('/api/auth/login', { data: { username: 'women.district', password: DEMO_PASSWORD } });
    expect(res.status()).toBe(200);
    const list = (await (await api.request.get('/api/orgs?type=women&level=street&pageSize=50')).json()) as { items: OrgRow[] };
    const neighbour = list.items.find((o) => o.regionName === '东湖街道');
    expect(neighbour, 'the district sees the women federation of 东湖街道').toBeDefined();
    await api.close();

    await page.goto(`/orgs/${neighbour!.id}`);
    await settle(page);
    const alert = page.getByRole('alert').filter({ hasText: '不在您的权限范围内' });
    await alert.waitFor();
    expect(await page.getByText(neighbour!.name).count()).toBe(0);
    await checkPage(page, 'org-refused');

    const status = await page.evaluate(async (id) => (await fetch(`/api/orgs/${id}`, { credentials: 'same-origin' })).status, neighbour!.id);
    expect([403, 404]).toContain(status);
  });

  it('lists people with masked ID numbers and asks for a purpose before a reveal', async () => {
    await openMenu(page, '人员', '人员');
    // Requesters, citizens and volunteers registered by phone alone have no ID number: list the women served.
    await page.locator('#people-group').click();
    await page.locator('.ant-select-item-option[title="妇女"]').click();
    await page.locator('[data-field="idNumber"]').first().waitFor();
    const ids = await page.locator('[data-field="idNumber"]').allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    await checkPage(page, 'people');

    await page
      .getByRole('button', { name: /的完整身份证号$/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('查询目的').waitFor();
    await dialog.getByRole('button', { name: '查看' }).click();
    await dialog.getByText('请填写查询目的').waitFor();
    await checkPage(page, 'people-reveal');
    await dialog.getByLabel('查询目的').fill('核对身份信息（端到端测试）');
    await dialog.getByRole('button', { name: '查看' }).click();
    const value = dialog.getByTestId('revealed-value');
    await value.waitFor();
    expect(await value.textContent()).toMatch(/^\d{17}[\dX]$/);
    await checkPage(page, 'people-revealed');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('revealed-value').count()).toBe(0);

    await page.getByRole('button', { name: '登记人员' }).click();
    await page.getByRole('dialog').getByLabel('姓名').waitFor();
    await checkPage(page, 'people-create');
    // The server's refusal lands on the field it names.
    const create = page.getByRole('dialog');
    await create.getByLabel('姓名').fill('端到端测试');
    await create.getByLabel('身份证号').fill('123');
    await create.getByLabel('所在区域').fill('水井坊');
    await page.locator('.ant-select-item-option', { hasText: '水井坊社区' }).first().click();
    await create.getByRole('button', { name: '保存' }).click();
    const idItem = create.locator('.ant-form-item', { has: page.getByLabel('身份证号') });
    await idItem.locator('.ant-form-item-explain-error').waitFor();
    expect(await idItem.locator('.ant-form-item-explain-error').textContent()).toContain('身份号码');
    await checkPage(page, 'people-create-error');
    await create.getByRole('button', { name: '取消' }).click();
  });

  it('shows a person, the leadership composition, the calendar and the password form', async () => {
    await page.locator('.ant-table-tbody a').first().click();
    await settle(page);
    await checkPage(page, 'person-detail');
    await page.getByRole('button', { name: '编辑' }).click();
    await checkPage(page, 'person-edit');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();

    await openMenu(page, '班子与队伍', '班子结构与队伍');
    await page.locator('figure canvas').first().waitFor();
    await checkPage(page, 'leadership');
    await page.getByRole('button', { name: '登记干部交流' }).click();
    await checkPage(page, 'exchange-add');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();

    await openMenu(page, '工作日历', '工作日历');
    await fillDate(page, '起始日期', '2026-09-30');
    await page.getByLabel('工作日天数').fill('3');
    await page.getByRole('button', { name: '计算' }).click();
    await page.getByText('2026-10-10').first().waitFor();
    await checkPage(page, 'calendar');

    await page.getByRole('button', { name: '修改密码' }).click();
    await settle(page);
    await checkPage(page, 'change-password');
  });
});
