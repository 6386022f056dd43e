import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, baseUrl, call, checkPage, fillDate, launch, login, newContext, phoneContext, openMenu, settle, staffSession } from './helpers.js';
import { chinaToday } from '../server/platform/time.js';

const stamp = Date.now() % 100000;
const phone = `135${String(20_000_000 + stamp * 10).slice(-8)}`;

/**
 * A talent programme from enrolment to certificate: a street union creates a women's programme and a session in
 * the console; a woman enrols on the portal on her phone; the staff check her in and assess her; she downloads
 * her completion certificate.
 */
describe('talent: a programme from enrolment to certificate', () => {
  let browser: Browser;
  let staff: Page;
  let phoneCtx: BrowserContext;
  let citizen: Page;
  const name = `蓉城巾帼学院·家政服务班${stamp}`;
  let programmeUrl = '';

  beforeAll(async () => {
    browser = await launch();
    staff = await (await newContext(browser)).newPage();
    phoneCtx = await phoneContext(browser);
    citizen = await phoneCtx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the street creates the programme and a session in the console', async () => {
    await login(staff, 'union.street');
    await openMenu(staff, '人才培养', '人才培养项目');
    // The figures of the street's scope sit below the programmes: totals, by district, by organization.
    const figures = staff.getByRole('region', { name: '培养情况统计' });
    await figures.waitFor();
    await figures.getByText('按区（市）县').waitFor();
    await figures.getByText('按组织').waitFor();
    await checkPage(staff, 'talent-list');
    await staff.getByRole('button', { name: '新建培养项目' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('主办组织').click();
    await staff.locator('.ant-select-item-option').first().waitFor();
    await staff.keyboard.press('Enter');
    await dialog.getByLabel('项目名称').fill(name);
    await dialog.getByLabel('类别').click();
    await staff.locator('.ant-select-item-option').filter({ hasText: '巾帼培养' }).click();
    await dialog.getByLabel('报名条件').click();
    await staff.locator('.ant-select-item-option').filter({ hasText: '限女性' }).click();
    // On to the next field, as a user would: the select loses the focus and its list is closed before axe reads the page.
    await dialog.getByLabel('项目名称').focus();
    await expect.poll(() => staff.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    await checkPage(staff, 'talent-create');
    await dialog.getByRole('button', { name: '保存' }).click();
    await staff.getByRole('heading', { level: 1, name }).waitFor();
    programmeUrl = new URL(staff.url()).pathname;

    await staff.getByRole('button', { name: '添加课程' }).click();
    const s = staff.getByRole('dialog');
    await s.getByLabel('课程名称').fill('家庭收纳整理');
    await s.getByLabel('上课地点').fill('街道妇女之家');
    await s.getByRole('button', { name: '保存' }).click();
    await s.waitFor({ state: 'detached' });
    await staff.getByRole('link', { name: '家庭收纳整理' }).waitFor();
    await checkPage(staff, 'talent-programme');
  });

  it('a woman enrols on the portal', async () => {
    const s = await staffSession('union.street');
    const region = (await call<{ scope: { regionPath: string } }>(s, 'GET', '/api/auth/me')).scope.regionPath.split('.').pop()!;
    await call(s, 'POST', '/api/people', { name: '陈秀兰', phone, gender: 'female', birthDate: '1988-03-08', regionCode: region });
    const post = (url: string, body: unknown) =>
      fetch(`${baseUrl()}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { demoCode } = (await (await post('/api/portal/auth/code', { phone })).json()) as { demoCode: string };
    const r = await post('/api/portal/auth/verify', { phone, code: demoCode, name: '陈秀兰', regionCode: region });
    const [cookieName, value] = r.headers.getSetCookie()[0]!.split(';')[0]!.split('=');
    await phoneCtx.addCookies([{ name: cookieName!, value: value!, url: baseUrl() }]);

    await citizen.goto('/portal/talent');
    await citizen.getByRole('heading', { level: 1, name: '人才培养' }).waitFor();
    const card = citizen.getByRole('listitem').filter({ has: citizen.getByRole('heading', { level: 3, name }) });
    await card.getByRole('button', { name: '报名' }).click();
    await citizen.getByRole('heading', { level: 2, name: '我的培养项目' }).waitFor();
    await card.getByRole('button', { name: '已报名' }).waitFor();
    await checkPage(citizen, 'portal-talent-enrolled');
  });

  it('the staff check her in and assess her; she downloads the certificate', async () => {
    await staff.goto(programmeUrl);
    await staff.getByRole('heading', { level: 1, name }).waitFor();
    await settle(staff);
    const checkIn = staff.getByRole('button', { name: '签到：家庭收纳整理（陈秀兰）' });
    await checkIn.click();
    await checkIn.waitFor({ state: 'detached' });
    await staff.getByRole('button', { name: '考核（陈秀兰）' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('考核成绩').fill('91');
    await checkPage(staff, 'talent-assess');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await staff.getByRole('link', { name: '结业证书（陈秀兰）' }).waitFor();
    await checkPage(staff, 'talent-completed');

    await citizen.reload();
    await citizen.getByRole('heading', { level: 1, name: '人才培养' }).waitFor();
    const cert = citizen.getByRole('link', { name: '下载结业证书' });
    await cert.waitFor();
    await checkPage(citizen, 'portal-talent-certificate');
    const href = (await cert.getAttribute('href'))!;
    const pdf = await citizen.request.get(href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(path.join(SCREENSHOTS, 'talent-certificate.pdf'), body);

    // Back on the list, the street's figures count her: enrolled, completed and her certificate.
    await openMenu(staff, '人才培养', '人才培养项目');
    const figures = staff.getByRole('region', { name: '培养情况统计' });
    await figures.waitFor();
    const stat = (title: string) =>
      figures
        .locator('.ant-statistic')
        .filter({ has: staff.getByText(title, { exact: true }) })
        .locator('.ant-statistic-content-value');
    for (const title of ['报名人数', '结业人数', '颁发证书']) expect(Number(await stat(title).innerText())).toBeGreaterThanOrEqual(1);
    await figures.getByRole('cell', { name: '锦江区' }).waitFor();
    await checkPage(staff, 'talent-figures');
  });

  it('the city union reads its cultural societies and records a performance', async () => {
    const city = await (await newContext(browser)).newPage();
    await login(city, 'union.city');
    await openMenu(city, '文化文艺社团', '群众性文化文艺社团');
    await city.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await checkPage(city, 'societies-list');
    await city.getByRole('link', { name: '成都市职工文学创作院' }).click();
    await city.getByRole('heading', { level: 1, name: '成都市职工文学创作院' }).waitFor();
    await city.getByRole('button', { name: '登记演出或作品' }).click();
    const dialog = city.getByRole('dialog');
    await dialog.getByLabel('名称').fill('职工读书月诗歌朗诵会');
    await fillDate(city, dialog.getByLabel('日期'), chinaToday());
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await city.getByRole('cell', { name: '职工读书月诗歌朗诵会' }).waitFor();
    await checkPage(city, 'society-detail');
  });
});
