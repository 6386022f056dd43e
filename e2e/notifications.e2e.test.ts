import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, call, checkPage, citizenSession, launch, login, newContext, phoneContext, publishLecture, settle, staffSession } from './helpers.js';

const stamp = Date.now() % 100000;
let phoneSeq = 0;
const nextPhone = () => `135${String(10_000_000 + stamp * 10 + ++phoneSeq).slice(-8)}`;

/** The bell of a street worker shows a request handed to the street; a citizen promoted from the waitlist reads it on the portal. */
describe('notifications: the bell and the citizen inbox', () => {
  let browser: Browser;
  let streetPage: Page;
  let phoneCtx: BrowserContext;
  let communityRegion = '';

  beforeAll(async () => {
    browser = await launch();
    const community = await staffSession('union.community');
    communityRegion = (await call<{ scope: { regionPath: string } }>(community, 'GET', '/api/auth/me')).scope.regionPath.split('.').pop()!;
    streetPage = await (await newContext(browser)).newPage();
    await login(streetPage, 'union.street');
    phoneCtx = await phoneContext(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a request handed to the street shows on the street worker’s bell and in the notification centre', async () => {
    const bell = streetPage.getByTestId('notification-bell');
    const count = async () => Number(/(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    await bell.waitFor({ timeout: 90_000 });
    const before = await count();

    // The community worker takes a call and escalates it to the street (or routing gives it to the street at once).
    const community = await staffSession('union.community');
    const street = await staffSession('union.street');
    const r = await call<{ id: number; number: string }>(community, 'POST', '/api/requests', {
      categoryCode: 'wages_owed',
      description: '公司拖欠三个月工资未发放',
      regionCode: communityRegion,
      contactName: '测试来电人',
      contactPhone: nextPhone(),
      channel: 'phone',
      fields: { employer: '成都某某建筑劳务有限公司', amount: 18000, months: '3to6' },
    });
    const d = await call<{ handlerOrgId: number; version: number }>(community, 'GET', `/api/requests/${r.id}`);
    if (d.handlerOrgId !== street.orgId)
      await call(community, 'POST', `/api/requests/${r.id}/escalate`, { version: d.version, note: '涉及多家企业，需街道协调' });

    // The runner delivers within a second or two; the bell reloads on navigation and every 30 s.
    for (let i = 0; i < 10 && (await count()) <= before; i++) {
      await streetPage.waitForTimeout(2000);
      await streetPage.goto('/change-password');
      await bell.waitFor({ timeout: 90_000 });
      await settle(streetPage);
    }
    expect(await count()).toBe(before + 1);
    await checkPage(streetPage, 'notifications-bell');
    await bell.click();
    await streetPage.getByRole('heading', { level: 1, name: '消息通知' }).waitFor();
    const link = streetPage.getByRole('link', { name: `诉求 ${r.number} 已交由本单位办理` });
    await link.waitFor();
    await checkPage(streetPage, 'notifications-centre');
    await link.click();
    await streetPage.waitForURL(`**/requests/${r.id}`);
    await streetPage.getByText(r.number).first().waitFor({ timeout: 90_000 });
    // Opening it marked it read, and the bell agrees with the server (other work may notify the street meanwhile).
    const readAt = async () =>
      (await call<{ items: { link: string | null; readAt: string | null }[] }>(street, 'GET', '/api/notifications?pageSize=50')).items.find(
        (n) => n.link === `/requests/${r.id}`,
      )?.readAt ?? null;
    await expect.poll(readAt, { timeout: 30_000 }).not.toBeNull();
    await expect
      .poll(async () => (await count()) === (await call<{ unread: number }>(street, 'GET', '/api/notifications/unread')).unread, { timeout: 30_000 })
      .toBe(true);
  });

  it('a citizen promoted from the waitlist sees it in “my messages” on the portal', async () => {
    const street = await staffSession('union.street');
    const title = `职工法律援助讲座${stamp}`;
    const a = await publishLecture(street, title, 1, 48);
    const first = await citizenSession(nextPhone(), '张先到', communityRegion);
    const waiting = await citizenSession(nextPhone(), '李候补', communityRegion);
    expect((await call<{ status: string }>(first, 'POST', `/api/portal/activities/${a.id}/registrations`)).status).toBe('registered');
    expect((await call<{ status: string }>(waiting, 'POST', `/api/portal/activities/${a.id}/registrations`)).status).toBe('waitlisted');
    const mine = await call<{ items: { id: number }[] }>(first, 'GET', '/api/portal/me/registrations');
    await call(first, 'POST', `/api/portal/me/registrations/${mine.items[0]!.id}/cancel`);

    const [name, value] = waiting.cookie.split('=');
    await phoneCtx.addCookies([{ name: name!, value: value!, url: baseUrl() }]);
    const citizen = await phoneCtx.newPage();
    const text = `您已从候补转为正式报名：${title}`;
    for (let i = 0; i < 20; i++) {
      await citizen.goto('/portal/me/notifications');
      await citizen.getByRole('heading', { level: 1, name: '我的消息' }).waitFor();
      await settle(citizen);
      if ((await citizen.getByRole('link', { name: text }).count()) > 0) break;
      await citizen.waitForTimeout(1000);
    }
    await citizen.getByRole('link', { name: text }).waitFor();
    await checkPage(citizen, 'portal-notifications');
    await citizen.getByRole('link', { name: text }).click();
    await citizen.waitForURL('**/portal/me/activities');
  });

  it('the system administrator sees the job queue', async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, 'sysadmin');
    await page.goto('/jobs');
    await page.getByRole('heading', { level: 1, name: '后台任务' }).waitFor();
    await page.getByText('notifications.deliver').first().waitFor();
    await checkPage(page, 'jobs-queue');
  });
});
