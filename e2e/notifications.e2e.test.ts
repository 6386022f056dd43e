import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, baseUrl, checkPage, launch, login, newContext, settle } from './helpers.js';

type Session = { cookie: string; csrf: string; orgId: number };

async function staffSession(username: string): Promise<Session> {
  const r = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  const body = (await r.json()) as { csrfToken: string; orgId: number };
  return { cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, csrf: body.csrfToken, orgId: body.orgId };
}

async function call<T>(s: { cookie: string; csrf: string; header?: string }, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { cookie: s.cookie, [s.header ?? 'x-csrf-token']: s.csrf, ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body),
  });
  const json = (await r.json()) as T;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

const stamp = Date.now() % 100000;
let phoneSeq = 0;
const nextPhone = () => `135${String(10_000_000 + stamp * 10 + ++phoneSeq).slice(-8)}`;

async function citizenSession(regionCode: string, name: string) {
  const post = (path: string, body: unknown) => fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const phone = nextPhone();
  const { demoCode } = (await (await post('/api/portal/auth/code', { phone })).json()) as { demoCode: string };
  const r = await post('/api/portal/auth/verify', { phone, code: demoCode, name, regionCode });
  const me = (await r.json()) as { csrfToken: string };
  return { cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, csrf: me.csrfToken, header: 'x-citizen-csrf' };
}

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
    phoneCtx = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
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
    if (d.handlerOrgId !== street.orgId) await call(community, 'POST', `/api/requests/${r.id}/escalate`, { version: d.version, note: '涉及多家企业，需街道协调' });

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
    await expect.poll(count, { timeout: 30_000 }).toBe(before);
  });

  it('a citizen promoted from the waitlist sees it in “my messages” on the portal', async () => {
    const street = await staffSession('union.street');
    const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const title = `职工法律援助讲座${stamp}`;
    const a = await call<{ id: number; version: number }>(street, 'POST', '/api/activities', {
      title,
      type: 'lecture',
      hostOrgId: street.orgId,
      venueName: '街道党群服务中心',
      address: '某某路1号',
      targetGroups: ['worker'],
      capacity: 1,
      startsAt: at(48),
      endsAt: at(50),
      regOpensAt: at(-1),
      regClosesAt: at(47),
    });
    await call(street, 'POST', `/api/activities/${a.id}/publish`, { version: a.version });
    const first = await citizenSession(communityRegion, '张先到');
    const waiting = await citizenSession(communityRegion, '李候补');
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
