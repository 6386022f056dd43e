import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, confirmDialog, launch, login, newContext, openMenu, settle, tableRows, phoneContext } from './helpers.js';

/** Picks an option of a portal form's native select by its text, once the option is there. */
async function pick(combobox: ReturnType<Page['getByRole']>, option: string): Promise<void> {
  await combobox.selectOption({ label: option });
}

/** Picks an option of an antd Select opened from the given combobox. */
async function choose(page: Page, combobox: ReturnType<Page['getByRole']>, option: string): Promise<void> {
  await combobox.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * The request desk end to end: a citizen on a phone submits a request through the portal; the street union worker
 * finds it in the inbox and handles it to resolution and call-back; the citizen follows it by number and phone
 * and rates it; the bad review opens a rectification the street completes; the rates and ranking count it.
 */
describe('request desk: portal → street union → portal rating → rectification', () => {
  let browser: Browser;
  let phone: BrowserContext;
  let desk: BrowserContext;
  let citizen: Page;
  let staff: Page;
  let number = '';
  const mobile = `139${String(Date.now()).slice(-8)}`;
  const description = `公司拖欠我三个月工资，共一万二千元，多次讨要未果（${Date.now() % 100000}）`;

  beforeAll(async () => {
    browser = await launch();
    phone = await phoneContext(browser);
    citizen = await phone.newPage();
    desk = await newContext(browser);
    staff = await desk.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets a citizen on a phone submit a request with the category fields, a community and consent', async () => {
    await citizen.goto('/portal');
    await citizen.getByRole('link', { name: '我要反映' }).first().waitFor();
    await checkPage(citizen, 'portal-home-requests');
    await citizen.getByRole('navigation', { name: '服务导航' }).getByRole('link', { name: '我要反映' }).click();
    await citizen.getByRole('heading', { level: 1, name: '我要反映' }).waitFor();
    await settle(citizen);
    await checkPage(citizen, 'portal-request-new');

    // Submitting empty names every missing field, consent included.
    await citizen.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => citizen.getByText('请阅读并同意个人信息处理说明').isVisible()).toBe(true);
    await expect.poll(() => citizen.getByText('请至少选到街道（镇）').isVisible()).toBe(true);

    await pick(citizen.getByRole('combobox', { name: '问题类别' }), '欠薪求助');
    await citizen.getByLabel('用人单位名称').fill('成都某某建筑劳务有限公司');
    await citizen.getByLabel('拖欠金额（元）').fill('12000');
    await pick(citizen.getByRole('combobox', { name: '拖欠时长' }), '3至6个月');
    await citizen.getByLabel('具体情况').fill(description);
    await pick(citizen.getByRole('combobox', { name: '区（市）县' }), '锦江区');
    await pick(citizen.getByRole('combobox', { name: '街道（镇）' }), '锦官驿街道');
    await pick(citizen.getByRole('combobox', { name: '社区（村），不清楚可不选' }), '水井坊社区');
    await citizen.getByLabel('详细地址（可选）').fill('锦江区水井街88号');
    await citizen.getByLabel('您的姓名').fill('王小明');
    await citizen.getByLabel('手机号码').fill(mobile);
    await citizen.getByRole('checkbox', { name: /^我同意群团通为办理本诉求处理/ }).check();
    await checkPage(citizen, 'portal-request-filled');
    await citizen.getByRole('button', { name: '提交' }).click();

    await citizen.getByRole('heading', { level: 1, name: '提交成功' }).waitFor();
    number = (await citizen.getByTestId('request-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^QH-\d{4}-\d{6,9}$/);
    await expect.poll(() => citizen.getByText(/已交由 .*水井坊.* 办理/).isVisible()).toBe(true);
    await checkPage(citizen, 'portal-request-submitted');
  });

  it('shows the street union the request in its inbox, found by number', async () => {
    await login(staff, 'union.street');
    await openMenu(staff, '诉求办理', '诉求办理');
    await checkPage(staff, 'requests-inbox');
    await staff.getByLabel('诉求编号').fill(number);
    await staff.getByLabel('诉求编号').press('Enter');
    await settle(staff);
    await tableRows(staff);
    await expect.poll(() => staff.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await expect.poll(() => staff.locator('.ant-table-tbody').textContent()).toContain('待受理');
    await checkPage(staff, 'requests-inbox-search');
    await staff.getByRole('link', { name: number }).click();
    await staff.getByRole('heading', { level: 1, name: number }).waitFor();
    await settle(staff);
    await expect.poll(() => staff.getByText('成都某某建筑劳务有限公司').isVisible()).toBe(true);
    // The requester's name and phone are masked.
    await expect.poll(() => staff.locator('#main').textContent()).not.toContain('王小明');
    await expect.poll(() => staff.locator('#main').textContent()).not.toContain(mobile);
    await checkPage(staff, 'request-detail-new');
  });

  it('accepts, invites a co-handler, reports progress, resolves, closes and records the call-back', async () => {
    await staff.getByRole('button', { name: '受理' }).click();
    await staff.getByRole('dialog').waitFor();
    await checkPage(staff, 'request-accept-confirm');
    await confirmDialog(staff);
    await expect.poll(() => staff.locator('.ant-page-header, .qh-page-title').first().textContent()).toContain('已受理');

    await staff.getByRole('button', { name: '邀请协办单位' }).click();
    let dialog = staff.getByRole('dialog');
    await dialog.getByRole('combobox', { name: '协办单位' }).fill('崇德里');
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '崇德里社区工会' }).first().waitFor();
    await settle(staff);
    await dialog.getByRole('combobox', { name: '协办单位' }).press('Enter');
    await expect.poll(() => dialog.locator('.ant-select').first().textContent()).toContain('崇德里社区工会联合会');
    await dialog.getByLabel('说明').fill('欠薪单位在崇德里社区，请协助核实');
    await checkPage(staff, 'request-cohandler-dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => staff.getByText('崇德里社区工会联合会').first().isVisible()).toBe(true);

    await staff.getByRole('button', { name: '答复进展' }).click();
    dialog = staff.getByRole('dialog');
    await dialog.getByLabel('进展说明（诉求人可见）').fill('已联系用人单位，正在协调支付。');
    await checkPage(staff, 'request-respond-dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(staff);

    await staff.getByRole('button', { name: '办结答复' }).click();
    dialog = staff.getByRole('dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => dialog.getByText('请填写答复意见（诉求人可见）').isVisible()).toBe(true);
    await dialog.getByLabel('答复意见（诉求人可见）').fill('用人单位已承诺本月底前结清全部欠薪，街道工会将跟踪落实。');
    await checkPage(staff, 'request-resolve-dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(staff);

    await staff.getByRole('button', { name: '关闭', exact: true }).click();
    await confirmDialog(staff);
    await settle(staff);

    await staff.getByRole('button', { name: '登记回访' }).click();
    dialog = staff.getByRole('dialog');
    await dialog.getByLabel('回访情况').fill('电话回访，诉求人确认已收到部分工资。');
    await checkPage(staff, 'request-callback-dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(staff);
    const timeline = await staff.locator('.qh-req-timeline').textContent();
    for (const step of ['提交诉求', '受理', '邀请协办', '答复进展', '办结', '关闭', '回访']) expect(timeline).toContain(step);
    await checkPage(staff, 'request-detail-closed');
  });

  it('lets the citizen follow the request by number and phone, and rate it', async () => {
    await citizen.getByRole('navigation', { name: '服务导航' }).getByRole('link', { name: '查询进度' }).click();
    await citizen.getByRole('heading', { level: 1, name: '查询进度' }).waitFor();
    await citizen.getByLabel('诉求编号').fill(number);
    await citizen.getByLabel('手机号码').fill('13900000000');
    await citizen.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => citizen.getByText('没有找到这件诉求').isVisible()).toBe(true);
    await checkPage(citizen, 'portal-track-not-found');

    await citizen.getByLabel('手机号码').fill(mobile);
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByRole('heading', { name: `诉求 ${number}` }).waitFor();
    await settle(citizen);
    await expect.poll(() => citizen.getByRole('status').getByText('用人单位已承诺本月底前结清全部欠薪').isVisible()).toBe(true);
    // Internal notes and the call-back never reach the citizen.
    await expect.poll(() => citizen.locator('#main').textContent()).not.toContain('电话回访');
    await checkPage(citizen, 'portal-track-closed');

    await citizen.locator('.qh-portal-rate').getByText('不满意', { exact: true }).click();
    await expect.poll(() => citizen.getByRole('radio', { name: '不满意', exact: true }).isChecked()).toBe(true);
    await citizen.getByLabel('意见和建议（可选）').fill('拖了很久才处理。');
    await checkPage(citizen, 'portal-rate-filled');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByRole('heading', { name: '您的评价' }).waitFor();
    await settle(citizen);
    await expect.poll(() => citizen.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await checkPage(citizen, 'portal-track-rated');
  });

  it('opens a rectification for the bad review, which the street completes with a call-back', async () => {
    await openMenu(staff, '好差评整改', '好差评整改与申诉');
    await tableRows(staff);
    const row = staff.locator('.ant-table-tbody tr.ant-table-row', { hasText: number });
    await row.waitFor();
    await checkPage(staff, 'ratings-rectifications');

    // The unit thinks the review untrue and appeals it to the level above while the rectification is open.
    await row.getByRole('button', { name: '申诉' }).click();
    const appealDialog = staff.getByRole('dialog');
    await appealDialog.getByLabel('申诉理由').fill('欠薪已在时限内解决，评价所述"拖了很久"与办理记录不符。');
    await checkPage(staff, 'ratings-appeal-dialog');
    await appealDialog.getByRole('button', { name: '提交' }).click();
    await appealDialog.waitFor({ state: 'detached' });
    await settle(staff);
    await expect.poll(() => row.textContent()).toContain('待审核');

    await row.getByRole('button', { name: '完成整改' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByLabel('整改措施').fill('建立欠薪诉求当日受理机制，指定专人跟进。');
    await dialog.getByLabel('回访评价人的情况').fill('已电话致歉并说明整改措施，评价人表示理解。');
    await checkPage(staff, 'ratings-complete-dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(staff);
    await expect.poll(() => staff.locator('.ant-table-tbody tr.ant-table-row', { hasText: number }).count()).toBe(0);
    await staff.getByRole('combobox', { name: '状态' }).click();
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已完成' }).click();
    await settle(staff);
    await staff.locator('.ant-table-tbody tr.ant-table-row', { hasText: number }).waitFor();
    await checkPage(staff, 'ratings-rectifications-done');
  });

  it('lets the level above uphold the appeal', async () => {
    await staff.getByRole('tab', { name: '申诉' }).click();
    await settle(staff);
    const appeal = staff.getByRole('tabpanel', { name: '申诉' }).locator('.ant-table-tbody tr.ant-table-row', { hasText: number });
    await appeal.waitFor();
    await expect.poll(() => appeal.textContent()).toContain('待审核');
    await checkPage(staff, 'ratings-appeals');
    await appeal.getByRole('button', { name: '申诉成立' }).click();
    const decide = staff.getByRole('dialog');
    await decide.getByLabel('审核意见').fill('经核查办理记录，评价与事实不符，申诉成立。');
    await checkPage(staff, 'ratings-decide-dialog');
    await decide.getByRole('button', { name: '提交' }).click();
    await decide.waitFor({ state: 'detached' });
    await staff.getByRole('combobox', { name: '状态' }).click();
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '申诉成立' }).click();
    await settle(staff);
    await staff.getByRole('tabpanel', { name: '申诉' }).locator('.ant-table-tbody tr.ant-table-row', { hasText: number }).waitFor();
    await checkPage(staff, 'ratings-appeals-decided');
  });

  it('counts the request in the rates and ranking of communities', async () => {
    await openMenu(staff, '三率与排名', '三率与排名');
    await tableRows(staff);
    await expect.poll(() => staff.locator('.ant-table-tbody').textContent()).toContain('水井坊');
    await expect.poll(() => staff.locator('canvas').count()).toBeGreaterThan(0);
    await checkPage(staff, 'rating-indices');
  });

  it('shows the staff intake form, the dispatcher view and the supervision queue', async () => {
    await openMenu(staff, '诉求办理', '诉求办理');
    await staff.getByRole('button', { name: '代为登记诉求' }).click();
    await staff.getByRole('heading', { level: 1, name: '代为登记诉求' }).waitFor();
    await settle(staff);
    await choose(staff, staff.getByRole('combobox', { name: '诉求类别' }), '婚姻家庭纠纷');
    await staff.getByLabel('诉求人姓名').fill('李大姐');
    const caller = `138${String(Date.now()).slice(-8)}`;
    await staff.getByLabel('联系电话').fill(caller);
    await staff.getByLabel('诉求描述').fill('邻居夫妻长期争吵，希望社区妇联上门调解。');
    await staff.getByRole('combobox', { name: '所在社区（村）或街道（镇）' }).fill('水井坊');
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '水井坊社区' }).first().click();
    await checkPage(staff, 'request-intake');
    await staff.getByRole('button', { name: '提交' }).click();
    await staff.getByText(/已登记，编号 QH-/).waitFor();
    await checkPage(staff, 'request-intake-done');

    // The same caller again with the same matter: the earlier request is offered as a duplicate.
    await staff.getByRole('button', { name: '继续登记' }).click();
    await choose(staff, staff.getByRole('combobox', { name: '诉求类别' }), '婚姻家庭纠纷');
    await staff.getByLabel('诉求人姓名').fill('李大姐');
    await staff.getByLabel('联系电话').fill(caller);
    await staff.getByLabel('诉求描述').fill('邻居夫妻长期争吵，希望社区妇联上门调解。');
    await staff.getByRole('combobox', { name: '所在社区（村）或街道（镇）' }).fill('水井坊');
    await staff.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '水井坊社区' }).first().click();
    await staff.getByRole('button', { name: '提交' }).click();
    await staff.getByText('可能重复的诉求：').waitFor();
    await staff.getByRole('button', { name: '标记本件为其重复' }).first().waitFor();
    await checkPage(staff, 'request-intake-duplicate');

    await openMenu(staff, '诉求分派', '诉求分派');
    await checkPage(staff, 'request-dispatch');
    await openMenu(staff, '督办', '督办');
    await checkPage(staff, 'request-supervision');
  });

  it('shows the portal form in English and with the large font on a phone', async () => {
    const en = await phoneContext(browser, { locale: 'en' });
    await en.addInitScript(() => {
      window.localStorage.setItem('qunhub.lang', 'en');
      window.localStorage.setItem('qunhub.largeFont', '1');
    });
    const p = await en.newPage();
    await p.goto('/portal/requests/new');
    await p.getByRole('heading', { level: 1, name: 'Report a problem' }).waitFor();
    await pick(p.getByRole('combobox', { name: 'Kind of problem' }), 'Wages owed');
    await p.getByLabel('Employer').waitFor();
    await checkPage(p, 'portal-request-new-en-large');
    await p.goto(`/portal/requests/track?number=${number}`);
    await p.getByLabel('Mobile phone').fill(mobile);
    await p.getByRole('button', { name: 'Look up' }).click();
    await p.getByRole('heading', { name: 'Your rating' }).waitFor();
    await checkPage(p, 'portal-track-en-large');
    await en.close();
  });

  it('lets the system administrator edit the catalogue and the routing rules', async () => {
    const admin = await (await newContext(browser)).newPage();
    await login(admin, 'sysadmin');
    await openMenu(admin, '派单目录', '派单目录与分派规则');
    await tableRows(admin);
    await checkPage(admin, 'request-catalogue');
    await admin.getByRole('button', { name: '编辑 欠薪求助' }).click();
    await admin.getByRole('dialog').waitFor();
    await checkPage(admin, 'request-catalogue-edit');
    await admin.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await admin.getByRole('tab', { name: '分派规则' }).click();
    await settle(admin);
    await checkPage(admin, 'request-routing-rules');
  });
});
