import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  checkPage,
  citizenSession,
  launch,
  login,
  newContext,
  openMenu,
  phoneContext,
  settle,
  staffSession,
  tableRows,
  type ApiSession,
} from './helpers.js';

const phoneOf = (n: number) => `159${String(10_000_000 + (Math.floor(Date.now() / 1000) % 1_000_000) * 10 + n).slice(-8)}`;

/**
 * Activities end to end: a citizen on a phone signs in with a one-time code, registers for a full activity and lands
 * on the waitlist; the registrant holding the place cancels and the citizen is promoted; a community worker checks
 * the citizen in by the code on a phone; the console pages for activities, totals and volunteers.
 */
describe('activities: portal registration, waitlist promotion, check-in by code', () => {
  let browser: Browser;
  let phoneCtx: BrowserContext;
  let citizen: Page;
  let activity: { id: number; title: string; regionCode: string; regionName: string; district: string; street: string };
  let holder: ApiSession;
  let holderRegistration: number;
  let code = '';

  beforeAll(async () => {
    browser = await launch();
    const street = await staffSession('union.street');
    const community = await staffSession('union.community');
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const title = `幸福美好生活宣讲·手机报名测试${Date.now() % 10000}`;
    const a = await call<{ id: number; version: number; regionCode: string; regionName: string }>(street, 'POST', '/api/activities', {
      title,
      type: 'lecture',
      campaignId: null,
      hostOrgId: community.orgId,
      venueName: '社区党群服务中心议事厅',
      capacity: 1,
      startsAt: at(3 * 86_400_000),
      endsAt: at(3 * 86_400_000 + 7_200_000),
      regOpensAt: at(-3_600_000),
      regClosesAt: at(3 * 86_400_000 - 3_600_000),
    });
    await call(street, 'POST', `/api/activities/${a.id}/publish`, { version: a.version });
    const region = await call<{ ancestors: Array<{ name: string; level: string }> }>(street, 'GET', `/api/regions/${a.regionCode}`);
    const named = (level: string) => region.ancestors.find((x) => x.level === level)!.name;
    activity = { id: a.id, title, regionCode: a.regionCode, regionName: a.regionName, district: named('district'), street: named('street') };
    // Someone else takes the only place first.
    holder = await citizenSession(phoneOf(1), '先报名的居民', a.regionCode);
    holderRegistration = (await call<{ id: number; status: string }>(holder, 'POST', `/api/portal/activities/${a.id}/registrations`)).id;
    phoneCtx = await phoneContext(browser);
    citizen = await phoneCtx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists activities to anyone and asks for sign-in to see those near me', async () => {
    await citizen.goto('/portal/activities');
    await citizen.getByRole('heading', { level: 1, name: '身边的活动' }).waitFor();
    await settle(citizen);
    await checkPage(citizen, 'portal-activities-anonymous');
  });

  it('signs in with phone and one-time code; a first sign-in asks for name and community', async () => {
    await citizen.goto('/portal/sign-in?next=/portal/activities');
    await citizen.getByRole('heading', { level: 1, name: '群众登录' }).waitFor();
    await checkPage(citizen, 'portal-sign-in');
    await citizen.getByLabel('手机号码').fill(phoneOf(2));
    await citizen.getByRole('button', { name: '获取验证码' }).click();
    const demo = citizen.getByText(/演示环境：验证码为 \d{6}/);
    await demo.waitFor();
    const otp = (await demo.textContent())!.match(/\d{6}/)![0];
    await citizen.getByLabel('验证码').fill(otp);
    await citizen
      .getByRole('button', { name: '登 录' })
      .or(citizen.getByRole('button', { name: '登录' }))
      .click();
    await citizen.getByText('首次登录，请填写姓名并选择所在社区').waitFor();
    // The cursor is already in the name field: typing goes there.
    await expect.poll(() => citizen.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('name');
    await citizen.keyboard.type('手机端居民');
    await expect.poll(() => citizen.getByLabel('姓名').inputValue()).toBe('手机端居民');
    for (const [label, name] of [
      ['区（市）县', activity.district],
      ['街道（镇）', activity.street],
      ['社区（村），不清楚可不选', activity.regionName],
    ] as const) {
      // Native selects (the phone's own picker): the next one is enabled once the one before is chosen.
      await expect.poll(() => citizen.getByLabel(label, { exact: true }).isEnabled()).toBe(true);
      await citizen.getByLabel(label, { exact: true }).selectOption({ label: name });
    }
    await checkPage(citizen, 'portal-sign-in-first-time');
    await citizen
      .getByRole('button', { name: '登 录' })
      .or(citizen.getByRole('button', { name: '登录' }))
      .click();
    await citizen.waitForURL('**/portal/activities');
    await citizen.getByText(`按您所在的${activity.regionName}查找附近活动。`).waitFor();
    await citizen.getByText('本社区', { exact: true }).click();
    await citizen.getByText(activity.title).waitFor();
    await checkPage(citizen, 'portal-activities-near-me');
  });

  it('registers for the full activity and lands on the waitlist', async () => {
    await citizen.getByText(activity.title).click();
    await citizen.getByRole('heading', { level: 1, name: activity.title }).waitFor();
    await settle(citizen);
    await checkPage(citizen, 'portal-activity-full');
    await citizen.getByRole('button', { name: '名额已满，报名候补' }).click();
    await citizen.getByText('您在候补名单第 1 位，有人取消时自动递补').waitFor();
    await checkPage(citizen, 'portal-activity-waitlisted');
    await citizen.goto('/portal/me/activities');
    await citizen.getByText('候补第 1 位').waitFor();
    await checkPage(citizen, 'portal-my-waitlisted');
  });

  it('is promoted when the registrant holding the place cancels, and gets a QR code', async () => {
    await call(holder, 'POST', `/api/portal/me/registrations/${holderRegistration}/cancel`);
    await citizen.reload();
    await citizen.getByText('到场后请向工作人员出示此二维码签到').waitFor();
    const img = citizen.getByRole('img', { name: `“${activity.title}”签到二维码` });
    await img.waitFor();
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    code = (await citizen.locator('code').first().textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^[A-Z2-9]{12}$/);
    await checkPage(citizen, 'portal-my-registered-qr');
  });

  it('a community worker checks the citizen in by typing the code on a phone', async () => {
    const staffCtx = await newContext(browser);
    const worker = await staffCtx.newPage();
    await login(worker, 'union.community');
    // The check-in page is used on a phone at the door.
    await worker.setViewportSize({ width: 390, height: 844 });
    await worker.goto('/activity-check-in');
    await worker.getByRole('heading', { level: 1, name: '扫码签到' }).waitFor();
    await checkPage(worker, 'console-check-in-phone');
    await worker.getByLabel('签到码').fill(code.toLowerCase());
    await worker.getByRole('button', { name: '确认签到' }).click();
    await worker.getByText(/手机端居民 签到成功（本活动 \d+ 人次）/).waitFor();
    await checkPage(worker, 'console-check-in-done');
    await worker.getByLabel('签到码').fill(code);
    await worker.getByRole('button', { name: '确认签到' }).click();
    await worker.getByText('手机端居民 已签到过，未重复计数').waitFor();
    await staffCtx.close();
    await citizen.reload();
    await citizen.getByText('已签到').first().waitFor();
  });

  it('rates the activity once it has taken place, from my registrations', async () => {
    // The lecture takes place: the host records its actual times (an hour ago).
    const street = await staffSession('union.street');
    const a = await call<{ version: number }>(street, 'GET', `/api/activities/${activity.id}`);
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    await call(street, 'PATCH', `/api/activities/${activity.id}`, {
      version: a.version,
      regOpensAt: at(-4 * 3_600_000),
      regClosesAt: at(-2 * 3_600_000),
      startsAt: at(-3_600_000),
      endsAt: at(3_600_000),
    });
    await citizen.goto('/portal/me/activities');
    await citizen.getByRole('button', { name: '评价这次活动' }).click();
    await citizen.getByText('感谢参加！您的评价会转给主办单位，每次活动只能评价一次。').waitFor();
    await settle(citizen);
    await checkPage(citizen, 'portal-my-activity-rate');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByText('请选择满意程度').waitFor();
    await citizen.getByText('满意', { exact: true }).click();
    await citizen.getByLabel('意见和建议（可选）').fill('讲解清楚，时间安排合理');
    await citizen.getByRole('button', { name: '提交评价' }).click();
    await citizen.getByText('我的评价：满意').waitFor();
    await citizen.getByText('讲解清楚，时间安排合理').waitFor();
    expect(await citizen.getByRole('button', { name: '评价这次活动' }).count()).toBe(0);
    await checkPage(citizen, 'portal-my-activity-rated');
    const detail = await call<{ ratings: { rated: number; satisfied: number } }>(street, 'GET', `/api/activities/${activity.id}`);
    expect(detail.ratings).toMatchObject({ rated: 1, satisfied: 1 });
    // The host's street sees it on the activity and in the satisfaction index of activities.
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, 'union.street');
    await page.goto(`/activities/${activity.id}`);
    await page.getByText('1 人评价，满意率 100%，差评 0 条').waitFor();
    await page.goto('/rating-indices');
    await page.getByRole('heading', { level: 1, name: '三率与排名' }).waitFor();
    await page.getByLabel('评价对象').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '活动' }).click();
    await page.getByRole('columnheader', { name: '响应率' }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: '100%' }).first().waitFor();
    await settle(page);
    await checkPage(page, 'console-indices-activities');
    await ctx.close();
  });

  it('the volunteer page offers sign-up and open needs', async () => {
    await citizen.goto('/portal/volunteers');
    await citizen.getByRole('heading', { level: 1, name: '志愿服务' }).waitFor();
    await settle(citizen);
    await checkPage(citizen, 'portal-volunteers');
    // Skills: the listed ones are checkboxes; one not listed is typed and added.
    await citizen.getByRole('checkbox', { name: '急救' }).check();
    await citizen.getByLabel('其他技能').fill('剪纸');
    await citizen.getByRole('button', { name: '添加', exact: true }).click();
    await expect.poll(() => citizen.getByRole('checkbox', { name: '剪纸' }).isChecked()).toBe(true);
    await citizen.getByLabel('可服务时间').fill('周末全天');
    await citizen.getByRole('button', { name: '注册志愿者' }).click();
    await citizen.getByText('您已累计志愿服务 0 小时').waitFor();
    await checkPage(citizen, 'portal-volunteers-signed-up');
    await citizen.reload();
    await citizen
      .getByRole('button', { name: '保存' })
      .or(citizen.getByRole('button', { name: '保 存' }))
      .waitFor();
    expect(await citizen.getByRole('checkbox', { name: '急救' }).isChecked()).toBe(true);
    expect(await citizen.getByRole('checkbox', { name: '剪纸' }).isChecked()).toBe(true);
    expect(await citizen.getByLabel('可服务时间').inputValue()).toBe('周末全天');
  });

  it('console: activities list, detail with registrations, totals with chart, volunteers', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, 'union.street');
    await openMenu(page, '活动', '活动管理');
    await tableRows(page);
    await checkPage(page, 'console-activities');
    await page.getByRole('button', { name: '新建活动' }).click();
    await page.getByRole('dialog').getByLabel('活动名称').waitFor();
    await checkPage(page, 'console-activity-create');
    await page
      .getByRole('button', { name: '取 消' })
      .or(page.getByRole('button', { name: '取消', exact: true }))
      .click();
    await page.goto(`/activities/${activity.id}`);
    await page.getByRole('heading', { level: 1, name: activity.title }).waitFor();
    await tableRows(page);
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain('1 / 1');
    await checkPage(page, 'console-activity-detail');
    await openMenu(page, '活动统计', '活动与人次统计');
    await checkPage(page, 'console-activity-totals');
    await openMenu(page, '志愿者', '志愿者与志愿服务');
    await tableRows(page);
    await checkPage(page, 'console-volunteers');
    await page.getByRole('tab', { name: '招募岗位' }).click();
    await settle(page);
    await checkPage(page, 'console-volunteer-needs');
    await page.getByRole('tab', { name: '服务时长' }).click();
    await settle(page);
    await checkPage(page, 'console-volunteer-hours');
    await ctx.close();
  });
});
