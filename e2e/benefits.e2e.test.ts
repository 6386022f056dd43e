import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, call, checkPage, idNumber, launch, login, newContext, settle, staffSession } from './helpers.js';

const stamp = Date.now() % 100000;
const phone = `135${String(10_000_000 + stamp * 10 + 3).slice(-8)}`;

/** Benefits end to end on a phone: a member claims an offer and shows the voucher QR; the provider redeems it at its counter. */
describe('benefits: claim on the phone, redeem at the provider', () => {
  let browser: Browser;
  let phoneCtx: BrowserContext;
  let citizen: Page;
  let provider: Page;
  const title = `职工观影测试${stamp}`;
  const expiring = `职工观影限时券${stamp}`;

  beforeAll(async () => {
    browser = await launch();
    const street = await staffSession('union.street');
    const cinema = await staffSession('provider.cinema');
    const me = await call<{ scope: { regionPath: string } }>(street, 'GET', '/api/auth/me');
    const region = me.scope.regionPath.split('.').pop()!;
    const community = await call<{ scope: { regionPath: string } }>(await staffSession('union.community'), 'GET', '/api/auth/me');
    const communityCode = community.scope.regionPath.split('.').pop()!;
    await call(street, 'POST', '/api/members', { orgId: street.orgId, name: '测试会员', idNumber: idNumber(`${region.slice(0, 6)}19900101${String(stamp % 1000).padStart(3, '0')}`), phone, regionCode: communityCode });
    for (const t of [title, expiring])
      await call(street, 'POST', '/api/benefit-offers', {
        title: t,
        brand: '蓉城影城',
        kind: 'voucher',
        orgId: street.orgId,
        providerOrgId: cinema.orgId,
        quota: 20,
        perMemberLimit: 1,
        limitPeriod: 'month',
        claimFrom: new Date(Date.now() - 3_600_000).toISOString(),
        claimTo: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        voucherDays: t === title ? 30 : 1,
        mode: 'fcfs',
        slices: 4,
      });
    phoneCtx = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    citizen = await phoneCtx.newPage();
    const post = (path: string, body: unknown) => fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { demoCode } = (await (await post('/api/portal/auth/code', { phone })).json()) as { demoCode: string };
    const r = await post('/api/portal/auth/verify', { phone, code: demoCode, name: '测试会员', regionCode: communityCode });
    const [name, value] = r.headers.getSetCookie()[0]!.split(';')[0]!.split('=');
    await phoneCtx.addCookies([{ name: name!, value: value!, url: baseUrl() }]);
    provider = await (await newContext(browser)).newPage();
    await login(provider, 'provider.cinema');
  });
  afterAll(async () => {
    await browser?.close();
  });

  let code = '';
  it('a member sees the offer, claims it and shows the voucher QR', async () => {
    await citizen.goto('/portal/benefits');
    await citizen.getByRole('heading', { level: 2, name: title }).waitFor();
    await checkPage(citizen, 'portal-benefits-offers');
    const card = citizen.locator('.ant-card', { has: citizen.getByRole('heading', { level: 2, name: title }) });
    const sent = citizen.waitForRequest((r) => r.method() === 'POST' && /\/api\/portal\/benefit-offers\/\d+\/claims$/.test(r.url()));
    await card.getByRole('button', { name: /立即领取/ }).click();
    // The claim carries an Idempotency-Key: pressing again after a lost answer claims once.
    expect((await sent).headers()['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await citizen.getByTestId('voucher-code').first().waitFor();
    // One per member a month: the offer no longer offers a claim.
    await card.getByRole('button', { name: '已领取：已达每人限领次数' }).waitFor();
    await settle(citizen);
    code = ((await citizen.getByTestId('voucher-code').first().textContent()) ?? '').replace(/\s+/g, '');
    expect(code).toMatch(/^[0-9A-Z]{12}$/);
    await expect(citizen.getByRole('img', { name: `${title}的券码二维码` }).isVisible()).resolves.toBe(true);
    await citizen.getByRole('img', { name: `${title}的券码二维码` }).scrollIntoViewIfNeeded();
    await checkPage(citizen, 'portal-benefits-voucher');
  });

  it('the provider types the code, checks it and redeems it once', async () => {
    await provider.goto('/benefit-redeem');
    await provider.getByLabel('券码（12 位，扫码或输入）').fill(code.replace(/(.{4})/g, '$1 ').trim());
    await provider.getByRole('button', { name: /查\s*询/ }).click();
    await provider.getByRole('button', { name: /确认核销/ }).waitFor();
    await checkPage(provider, 'console-benefit-redeem-lookup');
    await provider.getByRole('button', { name: /确认核销/ }).click();
    await provider.getByText('已核销').first().waitFor();
    await checkPage(provider, 'console-benefit-redeemed');
    await provider.goto('/benefits');
    await provider.getByRole('cell', { name: title }).waitFor();
    await checkPage(provider, 'console-benefit-offers');
    await citizen.reload();
    await citizen.getByRole('button', { name: '评价本次服务' }).waitFor();
  });

  it('the provider checks the member card the member shows at its counter', async () => {
    const card = await citizen.request.get('/api/portal/member-card');
    expect(card.status()).toBe(200);
    const { token } = (await card.json()) as { token: string };
    await provider.goto('/benefit-redeem');
    const field = provider.getByLabel('会员卡二维码内容');
    await field.fill(token);
    await provider.getByRole('button', { name: /核\s*验/ }).click();
    const answer = provider.getByRole('status');
    await answer.getByText('会员卡有效').waitFor();
    await expect(answer.getByText('测**').isVisible()).resolves.toBe(true);
    await checkPage(provider, 'console-member-card-valid');
    // A QR altered by one digit is not a card of this platform.
    await field.fill(token.replace(/\.(\d+)\./, (_, id: string) => `.${Number(id) + 1}.`));
    await field.press('Enter');
    await answer.getByText('二维码无效：不是本平台签发的会员卡').waitFor();
    await expect(answer.getByText('测**').count()).resolves.toBe(0);
  });

  it('a voucher past its expiry shows no code to redeem', async () => {
    await citizen.goto('/portal/benefits');
    const card = citizen.locator('.ant-card', { has: citizen.getByRole('heading', { level: 2, name: expiring }) });
    await card.getByRole('button', { name: /立即领取/ }).click();
    await citizen.getByRole('img', { name: `${expiring}的券码二维码` }).waitFor();
    // Two days on, the one-day voucher has expired: the phone says so and shows neither the QR nor the code.
    await citizen.clock.setFixedTime(new Date(Date.now() + 2 * 86_400_000));
    await citizen.reload();
    const mine = citizen.locator('[data-testid^="claim-"]', { has: citizen.getByRole('heading', { level: 3, name: expiring }) });
    await mine.getByText('已过期，不能再核销').waitFor();
    await expect(mine.getByRole('img').count()).resolves.toBe(0);
    await expect(mine.getByTestId('voucher-code').count()).resolves.toBe(0);
    await expect(mine.getByRole('button', { name: /取消/ }).count()).resolves.toBe(0);
    await checkPage(citizen, 'portal-benefits-expired');
  });
});
