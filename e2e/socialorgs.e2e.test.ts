import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../server/platform/validation/credit-code.js';
import { baseUrl, call, checkPage, fillDate, launch, login, newContext, phoneContext, openedDialog, recordFailure, settle, staffSession } from './helpers.js';

const stamp = Date.now() % 100000;
const isoDay = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** Picks a region in a region search field by typing part of its name. */
async function pickRegion(page: Page, field: Locator, name: string): Promise<void> {
  await field.click();
  await field.fill(name);
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  const option = dropdown.locator('.ant-select-item-option', { hasText: name }).first();
  await option.waitFor();
  await expect.poll(() => dropdown.evaluate((el) => /-(appear|enter|leave)(\s|$)|-(appear|enter|leave)-/.test(el.className))).toBe(false);
  await option.click();
  await dropdown.waitFor({ state: 'hidden' });
}

/**
 * Purchased services end to end: the city union publishes a call, a social organization applies, the panel
 * declares and scores, the contract is signed and a milestone accepted; a citizen on a phone finds a service by
 * brand and distance and opens its venue.
 */
describe('social organizations and the service catalogue', () => {
  let browser: Browser;
  let staff: Page;
  const title = `职工关爱服务项目（测试${stamp}）`;
  let callId = 0;

  beforeAll(async () => {
    browser = await launch();
    staff = await (await newContext(browser)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('staff publish a call and name the panel', async () => {
    await login(staff, 'union.city');
    await staff.goto('/social-orgs');
    await staff.getByRole('heading', { level: 1, name: '社会组织与购买服务' }).waitFor();
    await checkPage(staff, 'socialorgs-registry');
    await staff.getByRole('button', { name: '发布项目征集' }).click();
    const dialog = await openedDialog(staff);
    await dialog.getByLabel('项目名称').fill(title);
    await dialog.getByLabel('预算（元）').fill('100000');
    await fillDate(staff, dialog.getByLabel('申报截止'), isoDay(14));
    await pickRegion(staff, dialog.getByRole('combobox', { name: '服务区域' }), '锦江区');
    // Weights that do not sum to 100 are refused at the criteria, before the server is asked.
    await dialog.getByLabel('评分项 3 的权重（%）').fill('30');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.getByText('权重合计须为 100（当前 110）').waitFor();
    await checkPage(staff, 'socialorgs-call-new-invalid');
    await dialog.getByLabel('评分项 3 的权重（%）').fill('20');
    await dialog.getByText('权重合计：100 / 100').waitFor();
    await checkPage(staff, 'socialorgs-call-new');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await staff.getByRole('heading', { level: 1, name: title }).waitFor();
    callId = Number(new URL(staff.url()).pathname.split('/').pop());
    await staff.getByRole('button', { name: /发\s?布/ }).click();
    await staff.getByText('征集中').first().waitFor();
    const city = await staffSession('union.city');
    await call(city, 'PUT', `/api/sorg-calls/${callId}/panel`, { accountIds: [city.id] });
    await staff.reload();
    await staff.getByRole('heading', { level: 1, name: title }).waitFor();
    await checkPage(staff, 'socialorgs-call-open');
  });

  it('an organization applies', async () => {
    const org = await (await newContext(browser)).newPage();
    await login(org, 'sorg.a');
    await org.goto(`/social-orgs/calls/${callId}`);
    await org.getByRole('heading', { level: 1, name: title }).waitFor();
    await org.getByLabel('项目名称').fill('“心晴工友”关爱行动');
    await org.getByLabel('项目方案').fill('每月两场讲座和一次团体辅导');
    await org.getByLabel('申请金额（元）').fill('80000');
    await org.getByLabel('附件名称（逗号分隔）').fill('申报书.pdf，资质证明.pdf');
    await checkPage(org, 'socialorgs-apply');
    await org.getByRole('button', { name: /提\s?交/ }).click();
    await org.locator('.ant-table-row', { hasText: '“心晴工友”关爱行动' }).waitFor();
    await settle(org);
    await checkPage(org, 'socialorgs-applied');
    await org.context().close();
  });

  it('the panel declares and scores, the contract is signed and a milestone accepted', async () => {
    await staff.reload();
    await staff.getByRole('heading', { level: 1, name: title }).waitFor();
    await staff.getByRole('button', { name: '截止申报并开始评审' }).click();
    await staff.getByText('评审中').first().waitFor();
    await staff.getByRole('button', { name: '声明无利益冲突' }).click();
    await staff.getByLabel('服务方案 (50%)').waitFor();
    await staff.getByLabel('服务方案 (50%)').fill('90');
    await staff.getByLabel('团队能力 (30%)').fill('80');
    await staff.getByLabel('预算合理性 (20%)').fill('70');
    await checkPage(staff, 'socialorgs-review');
    await staff.getByRole('button', { name: '提交评分' }).click();
    await staff.locator('.ant-table-row', { hasText: '83' }).waitFor();
    await staff.getByRole('button', { name: '立项并签订合同' }).click();
    const award = await openedDialog(staff);
    await award.getByLabel('付款节点 1 到期日').waitFor();
    await checkPage(staff, 'socialorgs-award-form');
    await award.getByRole('button', { name: '立项并签订合同' }).click();
    await staff.getByRole('heading', { level: 1, name: '“心晴工友”关爱行动' }).waitFor();
    await checkPage(staff, 'socialorgs-project-signed');
    const projectId = Number(new URL(staff.url()).pathname.split('/').pop());

    const org = await staffSession('sorg.a');
    const p = await call<{ milestones: Array<{ id: number }> }>(org, 'GET', `/api/sorg-projects/${projectId}`);
    await call(org, 'POST', `/api/sorg-milestones/${p.milestones[0]!.id}/report`, { report: '中期完成讲座三场、团体辅导一次，服务 96 人次。' });
    await staff.reload();
    await staff.getByRole('button', { name: '验收并付款' }).click();
    await staff.getByText('已验收').waitFor();
    await checkPage(staff, 'socialorgs-milestone-accepted');
    const after = await call<{ paid: number }>(await staffSession('union.city'), 'GET', `/api/sorg-projects/${projectId}`);
    expect(after.paid).toBe(40000);
  });

  it('staff register a social organization through the form, the credit code checked at the field', async () => {
    await staff.goto('/social-orgs');
    await staff.getByRole('heading', { level: 1, name: '社会组织与购买服务' }).waitFor();
    await settle(staff);
    await staff.getByRole('button', { name: '登记社会组织' }).click();
    const dialog = await openedDialog(staff);
    const name = `锦江区测试社工服务中心${stamp}`;
    const code = makeCreditCode(`52510104MJ${String(stamp).padStart(5, '0')}77`);
    await dialog.getByLabel('名称', { exact: true }).fill(name);
    // A wrong check character is refused at the field.
    await dialog.getByLabel('统一社会信用代码').fill(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'));
    await dialog.getByLabel('登记管理机关').click();
    await dialog.getByText('校验码不正确，请核对证书上的代码').waitFor();
    await checkPage(staff, 'socialorgs-register-invalid');
    await dialog.getByLabel('统一社会信用代码').fill(code);
    await dialog.getByLabel('登记管理机关').fill('锦江区民政局');
    await fillDate(staff, dialog.getByLabel('登记日期'), isoDay(-400));
    await pickRegion(staff, dialog.getByRole('combobox', { name: '所在地' }), '锦江区');
    await pickRegion(staff, dialog.getByRole('combobox', { name: '添加服务区域' }), '锦江区');
    await dialog.getByLabel('联系人姓名').fill('李晓梅');
    await dialog.getByLabel('联系电话').fill('13900001234');
    await checkPage(staff, 'socialorgs-register');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    const drawer = staff.locator('.ant-drawer-body');
    await drawer.getByText(code).waitFor();
    await drawer.getByText('李**').waitFor();
    await settle(staff);
    await checkPage(staff, 'socialorgs-registered-detail');
  });

  it('staff record a document and upload its file, then download it', async () => {
    recordFailure(staff, 'socialorgs-document');
    const drawer = staff.locator('.ant-drawer-body');
    await drawer.getByRole('button', { name: '登记证照' }).click();
    // The drawer is a dialog too: take the open modal.
    const dialog = staff.locator('.ant-modal-wrap:visible .ant-modal');
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((el) => /ant-zoom/.test(el.className))).toBe(false);
    await dialog.getByLabel('名称').fill('登记证书（正本）');
    await fillDate(staff, dialog.getByLabel('有效期至'), isoDay(40));
    await checkPage(staff, 'socialorgs-document-new');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = drawer.locator('.ant-table-row', { hasText: '登记证书（正本）' });
    await row.getByText('将到期').waitFor();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
    await row.locator('input[type=file]').setInputFiles({ name: '登记证书.pdf', mimeType: 'application/pdf', buffer: pdf });
    const link = row.getByRole('link', { name: '下载 登记证书.pdf' });
    await link.waitFor();
    await settle(staff);
    await checkPage(staff, 'socialorgs-document-uploaded');
    const href = await link.getAttribute('href');
    const city = await staffSession('union.city');
    const r = await fetch(`${baseUrl()}${href}`, { headers: { cookie: city.cookie } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await r.arrayBuffer()).equals(pdf)).toBe(true);
    await staff.keyboard.press('Escape');
    await staff.locator('.ant-drawer-body').waitFor({ state: 'hidden' });
  });

  it('staff edit a catalogue service through the form', async () => {
    await staff.goto('/catalogue');
    await staff.getByRole('heading', { level: 1, name: '服务目录与品牌' }).waitFor();
    await settle(staff);
    const first = staff.getByRole('button', { name: /^编辑服务 / }).first();
    const label = (await first.getAttribute('aria-label'))!;
    const service = label.replace(/^编辑服务 /, '');
    await first.click();
    const dialog = await openedDialog(staff);
    await expect.poll(() => dialog.getByLabel('服务名称').inputValue()).toBe(service);
    const hours = `周一至周五 9:00–17:00（测试${stamp}）`;
    await dialog.getByLabel('服务时间').fill(hours);
    await dialog.getByLabel('费用').fill('免费');
    await checkPage(staff, 'catalogue-service-edit');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const found = await call<{ items: Array<{ name: string; hours: string; fees: string }> }>(
      await staffSession('union.city'),
      'GET',
      `/api/catalogue/services?q=${encodeURIComponent(service)}`,
    );
    expect(found.items.find((x) => x.name === service)).toMatchObject({ hours, fees: '免费' });
    await staff.getByRole('button', { name: '新增品牌' }).click();
    await openedDialog(staff);
    await checkPage(staff, 'catalogue-brand-new');
    await staff
      .getByRole('dialog')
      .getByRole('button', { name: /取\s?消/ })
      .click();
  });

  it('staff read the catalogue with figures by brand, equal to what the API counts', async () => {
    await staff.goto('/catalogue');
    await staff.getByRole('heading', { level: 1, name: '服务目录与品牌' }).waitFor();
    await settle(staff);
    const figures = await call<{ items: Array<{ brandName: string | null; services: number }> }>(
      await staffSession('union.city'),
      'GET',
      '/api/catalogue/brand-figures',
    );
    const branded = figures.items.find((f) => f.brandName !== null)!;
    expect(branded.services).toBeGreaterThan(0);
    const figuresCard = staff.locator('.ant-card', { has: staff.getByRole('heading', { name: '品牌数据（本单位及下级）' }) });
    const row = figuresCard
      .getByRole('row')
      .filter({ has: staff.getByRole('cell', { name: branded.brandName!, exact: true }) })
      .first();
    await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe(branded.services.toLocaleString('zh-CN'));
    await checkPage(staff, 'catalogue-console');
    // Brand is a reporting dimension of the dashboard too: the same figures there.
    await staff.goto('/dashboard');
    await staff.getByRole('heading', { level: 1, name: '数据驾驶舱' }).waitFor();
    const card = staff.locator('.ant-card', { has: staff.getByRole('heading', { name: '品牌数据（本单位及下级）' }) });
    const onDashboard = card
      .getByRole('row')
      .filter({ has: staff.getByRole('cell', { name: branded.brandName!, exact: true }) })
      .first();
    await expect.poll(() => onDashboard.getByRole('cell').nth(1).textContent()).toBe(branded.services.toLocaleString('zh-CN'));
    await card.scrollIntoViewIfNeeded();
    await checkPage(staff, 'dashboard-brands');
  });

  it('a citizen on a phone finds a service by brand, nearest first, and opens its venue', async () => {
    const ctx = await phoneContext(browser, { geolocation: { latitude: 30.63, longitude: 104.075 }, permissions: ['geolocation'] });
    const phone = await ctx.newPage();
    await phone.goto('/portal/services');
    await phone.getByRole('heading', { level: 1, name: '找服务' }).waitFor();
    await settle(phone);
    await phone.getByRole('group', { name: '品牌' }).getByText('有爱无碍', { exact: true }).click();
    await expect.poll(() => phone.getByRole('radio', { name: '有爱无碍' }).isChecked()).toBe(true);
    await phone.getByRole('button', { name: /离我最近/ }).click();
    await phone
      .getByText(/约 .*(k?m)/)
      .first()
      .waitFor();
    await settle(phone);
    await checkPage(phone, 'catalogue-portal-directory');
    await phone.getByRole('link', { name: '辅助器具适配' }).click();
    await phone.getByRole('heading', { level: 1, name: '辅助器具适配' }).waitFor();
    await checkPage(phone, 'catalogue-portal-service');
    await phone.getByRole('heading', { level: 3 }).getByRole('link').first().click();
    await phone.getByText('服务时间').waitFor();
    await checkPage(phone, 'catalogue-portal-venue');
    await ctx.close();
  });

  it('in English, a citizen narrows the directory to a district and reads the services in English', async () => {
    const ctx = await phoneContext(browser);
    const phone = await ctx.newPage();
    await phone.goto('/portal/services');
    await phone.getByRole('heading', { level: 1, name: '找服务' }).waitFor();
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Find a service' }).waitFor();
    await settle(phone);
    await phone.getByRole('combobox', { name: 'District' }).selectOption({ label: '锦江区' });
    await phone.getByRole('link', { name: 'Legal aid for workers' }).waitFor();
    await settle(phone);
    await checkPage(phone, 'catalogue-portal-directory-en');
    await phone.getByRole('link', { name: 'Legal aid for workers' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Legal aid for workers' }).waitFor();
    await phone.getByText('Advice on labour disputes, drafting and legal aid for workers.').waitFor();
    await checkPage(phone, 'catalogue-portal-service-en');
    await ctx.close();
  });
});
