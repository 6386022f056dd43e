import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, call, checkPage, chooseOption, launch, login, newContext, settle, staffSession } from './helpers.js';

const stamp = Date.now() % 100000;

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
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('项目名称').fill(title);
    await dialog.getByLabel('申报截止').click();
    await dialog.getByLabel('申报截止').fill(new Date(Date.now() + 8 * 3_600_000 + 14 * 86_400_000).toISOString().slice(0, 10));
    await dialog.getByLabel('申报截止').press('Enter');
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

  it('staff read the catalogue with figures by brand, equal to what the API counts', async () => {
    await staff.goto('/catalogue');
    await staff.getByRole('heading', { level: 1, name: '服务目录与品牌' }).waitFor();
    await settle(staff);
    const figures = await call<{ items: Array<{ brandName: string | null; services: number }> }>(await staffSession('union.city'), 'GET', '/api/catalogue/brand-figures');
    const branded = figures.items.find((f) => f.brandName !== null)!;
    expect(branded.services).toBeGreaterThan(0);
    const row = staff.getByRole('row').filter({ has: staff.getByRole('cell', { name: branded.brandName!, exact: true }) }).first();
    await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe(branded.services.toLocaleString('zh-CN'));
    await checkPage(staff, 'catalogue-console');
    // Brand is a reporting dimension of the dashboard too: the same figures there.
    await staff.goto('/dashboard');
    await staff.getByRole('heading', { level: 1, name: '数据驾驶舱' }).waitFor();
    const card = staff.locator('.ant-card', { has: staff.getByRole('heading', { name: '品牌数据（本单位及下级）' }) });
    const onDashboard = card.getByRole('row').filter({ has: staff.getByRole('cell', { name: branded.brandName!, exact: true }) }).first();
    await expect.poll(() => onDashboard.getByRole('cell').nth(1).textContent()).toBe(branded.services.toLocaleString('zh-CN'));
    await card.scrollIntoViewIfNeeded();
    await checkPage(staff, 'dashboard-brands');
  });

  it('a citizen on a phone finds a service by brand, nearest first, and opens its venue', async () => {
    const ctx = await browser.newContext({
      baseURL: baseUrl(),
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
      geolocation: { latitude: 30.63, longitude: 104.075 },
      permissions: ['geolocation'],
    });
    const phone = await ctx.newPage();
    await phone.goto('/portal/services');
    await phone.getByRole('heading', { level: 1, name: '找服务' }).waitFor();
    await settle(phone);
    await phone.getByRole('checkbox', { name: '有爱无碍' }).click();
    await phone.getByRole('button', { name: /离我最近/ }).click();
    await phone.getByText(/约 .*(k?m)/).first().waitFor();
    await settle(phone);
    await checkPage(phone, 'catalogue-portal-directory');
    await phone.getByRole('link', { name: '辅助器具适配' }).click();
    await phone.getByRole('heading', { level: 1, name: '辅助器具适配' }).waitFor();
    await checkPage(phone, 'catalogue-portal-service');
    await phone.locator('h3 a').first().click();
    await phone.getByText('服务时间').waitFor();
    await checkPage(phone, 'catalogue-portal-venue');
    await ctx.close();
  });

  it('in English, a citizen narrows the directory to a district and reads the services in English', async () => {
    const ctx = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    const phone = await ctx.newPage();
    await phone.goto('/portal/services');
    await phone.getByRole('heading', { level: 1, name: '找服务' }).waitFor();
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Find a service' }).waitFor();
    await settle(phone);
    await chooseOption(phone, phone.getByRole('combobox', { name: 'District' }), '锦江区');
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
