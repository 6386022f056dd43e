import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  call,
  checkPage,
  chooseOption,
  citizenSession,
  fillDate,
  idNumber,
  launch,
  login,
  newContext,
  phoneContext,
  openMenu,
  recordFailure,
  SCREENSHOTS,
  settle,
  staffSession,
  type ApiSession,
  type StaffSession,
} from './helpers.js';

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
    await call(street, 'POST', '/api/members', {
      orgId: street.orgId,
      name: '测试会员',
      idNumber: idNumber(`${region.slice(0, 6)}19900101${String(stamp % 1000).padStart(3, '0')}`),
      phone,
      regionCode: communityCode,
    });
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
    phoneCtx = await phoneContext(browser);
    citizen = await phoneCtx.newPage();
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
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
    const card = citizen.getByRole('listitem').filter({ has: citizen.getByRole('heading', { level: 2, name: title }) });
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
    const card = citizen.getByRole('listitem').filter({ has: citizen.getByRole('heading', { level: 2, name: expiring }) });
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

/**
 * `checkPage` for a state with a drawer open, then the screenshot again of the viewport only: the drawer and its mask
 * are fixed to the viewport, so the full-page shot `checkPage` takes of a long page shows them cut off half-way.
 */
async function checkDrawer(page: Page, name: string): Promise<void> {
  await checkPage(page, name);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** A local date-and-time as a date field holds it (YYYY-MM-DDTHH:mm), `days` from now. */
function localDateTime(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** The confirmation dialog showing `text` (confirmations have no title of their own to be named by). */
async function confirmation(page: Page, text: string | RegExp): Promise<Locator> {
  const dialog = page.locator('.ant-modal-confirm').filter({ hasText: text });
  await dialog.waitFor();
  await expect.poll(() => dialog.evaluate((el) => /ant-zoom/.test(el.className))).toBe(false);
  return dialog;
}

/** A drawer named by its title, once its opening animation is over. */
async function openedDrawer(page: Page, name: string): Promise<Locator> {
  const drawer = page.getByRole('dialog', { name, exact: true });
  await drawer.waitFor();
  await expect.poll(() => page.locator('.ant-drawer-content-wrapper[class*="-appear"], .ant-drawer-content-wrapper[class*="-enter"]').count()).toBe(0);
  await settle(page);
  return drawer;
}

/**
 * The street union's staff publish an offer claimed by application through the console's form, open its detail,
 * add quota and extend its window, and decide two members' applications: one approved (a voucher is issued), one
 * rejected with a reason.
 */
describe('benefits: staff publish a review offer and decide its applications', () => {
  let browser: Browser;
  let page: Page;
  let street: StaffSession;
  const title = `职工疗休养申请测试${stamp}`;
  const applicants: { phone: string; session?: ApiSession }[] = [
    { phone: `136${String(10_000_000 + stamp * 10 + 7).slice(-8)}` },
    { phone: `136${String(10_000_000 + stamp * 10 + 8).slice(-8)}` },
  ];
  let providerName = '';
  let offerId = 0;

  beforeAll(async () => {
    browser = await launch();
    street = await staffSession('union.street');
    const cinema = await staffSession('provider.cinema');
    const providers = await call<{ items: { id: number; name: string }[] }>(street, 'GET', '/api/benefit-providers');
    providerName = providers.items.find((p) => p.id === cinema.orgId)!.name;
    const me = await call<{ scope: { regionPath: string } }>(street, 'GET', '/api/auth/me');
    const region = me.scope.regionPath.split('.').pop()!;
    const community = await call<{ scope: { regionPath: string } }>(await staffSession('union.community'), 'GET', '/api/auth/me');
    const communityCode = community.scope.regionPath.split('.').pop()!;
    for (const [i, a] of applicants.entries()) {
      const name = `审核会员${i + 1}`;
      await call(street, 'POST', '/api/members', {
        orgId: street.orgId,
        name,
        idNumber: idNumber(`${region.slice(0, 6)}1991021${i}${String(stamp % 1000).padStart(3, '0')}`),
        phone: a.phone,
        regionCode: communityCode,
      });
      a.session = await citizenSession(a.phone, name, communityCode);
    }
    page = await (await newContext(browser)).newPage();
    await login(page, 'union.street');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('publishes an offer claimed by application through the form', async () => {
    recordFailure(page, 'console-benefit-publish-failure');
    await openMenu(page, '职工普惠', '普惠项目');
    await page.getByRole('button', { name: '发布普惠项目' }).click();
    const drawer = await openedDrawer(page, '发布普惠项目');
    // An empty name is refused beside the field before anything is sent.
    await drawer.getByRole('button', { name: /^发\s*布$/ }).click();
    await drawer.getByText('请填写项目名称').waitFor();
    await drawer.getByLabel('项目名称').fill(title);
    await drawer.getByLabel('品牌').fill('蓉城职工疗休养');
    await drawer.getByLabel('项目说明').fill('一线职工疗休养名额，按申请审核发放。');
    await chooseOption(page, drawer.getByLabel('项目类型'), '免费服务');
    await chooseOption(page, drawer.getByLabel('服务商'), providerName);
    await drawer.getByLabel('总名额').fill('5');
    await chooseOption(page, drawer.getByLabel('限领周期'), '每年');
    await fillDate(page, drawer.getByLabel('截止领取时间'), localDateTime(10));
    await drawer.getByLabel('券有效天数').fill('60');
    await chooseOption(page, drawer.getByLabel('领取方式'), '申请审核');
    await drawer.getByText('会员提交申请，工会逐一审核，批准后发券。').waitFor();
    // Slices and the waitlist are for first come, first served only.
    await expect(drawer.getByLabel('名额分片数').isDisabled()).resolves.toBe(true);
    await expect(drawer.getByLabel('名额领完后允许候补').isDisabled()).resolves.toBe(true);
    await checkDrawer(page, 'console-benefit-publish-form');
    await drawer.getByRole('button', { name: /^发\s*布$/ }).click();
    await page.getByText(`已发布“${title}”`).waitFor();
    await drawer.waitFor({ state: 'detached' });
    await page.getByRole('row').filter({ hasText: title }).getByText('申请审核').waitFor();
    const list = await call<{
      items: { id: number; title: string; mode: string; quota: number; limitPeriod: string; voucherDays: number; providerName: string }[];
    }>(street, 'GET', '/api/benefit-offers?pageSize=100');
    const offer = list.items.find((o) => o.title === title)!;
    expect(offer).toMatchObject({ mode: 'review', quota: 5, limitPeriod: 'year', voucherDays: 60, providerName });
    offerId = offer.id;
  });

  it('opens the offer, adds quota and extends the window after confirming', async () => {
    recordFailure(page, 'console-benefit-detail-failure');
    await page.getByRole('button', { name: title, exact: true }).click();
    const drawer = await openedDrawer(page, `项目详情：${title}`);
    await drawer.getByText('暂无领取记录').first().waitFor();
    await checkDrawer(page, 'console-benefit-offer-detail');

    await drawer.getByRole('button', { name: '追加名额' }).click();
    const quota = page.getByRole('dialog', { name: '追加名额', exact: true });
    await quota.waitFor();
    await quota.getByLabel('追加数量').fill('3');
    await quota.getByRole('button', { name: /^提\s*交$/ }).click();
    const sure = await confirmation(page, '追加 3 个名额，总名额变为 8 个？');
    await sure.getByRole('button', { name: '追加名额' }).click();
    await quota.waitFor({ state: 'detached' });
    await drawer.getByText('8 / 8').waitFor();

    await drawer.getByRole('button', { name: '延长领取时间' }).click();
    const extend = page.getByRole('dialog', { name: '延长领取时间', exact: true });
    await extend.waitFor();
    const later = localDateTime(20);
    await fillDate(page, extend.getByLabel('新的截止领取时间'), later);
    await checkDrawer(page, 'console-benefit-extend');
    await extend.getByRole('button', { name: /^提\s*交$/ }).click();
    const sure2 = await confirmation(page, `将截止领取时间延长到 ${later.replace('T', ' ')}？`);
    await sure2.getByRole('button', { name: '延长领取时间' }).click();
    await extend.waitFor({ state: 'detached' });
    await drawer.getByText(later.replace('T', ' ')).waitFor();
  });

  it('approves one application and rejects another with a reason', async () => {
    recordFailure(page, 'console-benefit-decide-failure');
    for (const a of applicants) await call(a.session!, 'POST', `/api/portal/benefit-offers/${offerId}/claims`, { note: '一线岗位，申请疗休养' });
    const drawer = page.getByRole('dialog', { name: `项目详情：${title}`, exact: true });
    await chooseOption(page, drawer.getByLabel('按状态筛选'), '审核中');
    const rows = drawer.getByRole('row').filter({ hasText: '一线岗位，申请疗休养' });
    await expect.poll(() => rows.count()).toBe(2);
    await settle(page);
    await checkDrawer(page, 'console-benefit-claims-review');
    const claims = await call<{ items: { id: number; status: string }[] }>(street, 'GET', `/api/benefit-offers/${offerId}/claims?status=applied`);
    const [first, second] = claims.items.map((c) => c.id).sort((x, y) => x - y);

    await drawer.getByRole('button', { name: `批准第 ${first} 号申请` }).click();
    const sure = await confirmation(page, `批准第 ${first} 号申请？`);
    await checkDrawer(page, 'console-benefit-approve-confirm');
    await sure.getByRole('button', { name: /^批\s*准$/ }).click();
    await page.getByText('已批准，券已发放').waitFor();
    await sure.waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(1);

    await drawer.getByRole('button', { name: `驳回第 ${second} 号申请` }).click();
    const reject = page.getByRole('dialog', { name: `驳回第 ${second} 号申请`, exact: true });
    await reject.waitFor();
    await reject.getByRole('button', { name: /^驳\s*回$/ }).click();
    await reject.getByText('请填写驳回理由', { exact: true }).waitFor();
    await reject.getByLabel('驳回理由').fill('本年度已安排过疗休养');
    await checkDrawer(page, 'console-benefit-reject');
    await reject.getByRole('button', { name: /^驳\s*回$/ }).click();
    await reject.waitFor({ state: 'detached' });
    await expect.poll(() => rows.count()).toBe(0);

    // The figures follow: one voucher issued, one application rejected, 7 of 8 places left.
    await drawer.getByText('7 / 8').waitFor();
    await chooseOption(page, drawer.getByLabel('按状态筛选'), '可使用');
    await drawer.getByRole('row').filter({ hasText: '可使用' }).first().waitFor();
    await settle(page);
    await checkDrawer(page, 'console-benefit-claims-issued');
    const mine = await call<{ items: { offerId: number; status: string; code: string | null }[] }>(
      applicants[0]!.session!,
      'GET',
      '/api/portal/me/benefit-claims',
    );
    expect(mine.items.find((c) => c.offerId === offerId)).toMatchObject({ status: 'issued', code: expect.stringMatching(/^[0-9A-Za-z]{12}$/) });
    const theirs = await call<{ items: { offerId: number; status: string }[] }>(applicants[1]!.session!, 'GET', '/api/portal/me/benefit-claims');
    expect(theirs.items.find((c) => c.offerId === offerId)?.status).toBe('rejected');
  });
});
