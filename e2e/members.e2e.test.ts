import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  recordFailure,
  SCREENSHOTS,
  settle,
  staffSession,
  type StaffSession as Session,
} from './helpers.js';

const stamp = Date.now() % 100000;
const seq3 = String(stamp % 1000).padStart(3, '0');

/**
 * `checkPage` for a state with a drawer open, then the screenshot again of the viewport only: the drawer and its mask
 * are fixed to the viewport, so the full-page shot `checkPage` takes of a long page shows them cut off half-way.
 */
async function checkDrawer(page: Page, name: string): Promise<void> {
  await checkPage(page, name);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Members end to end: a worker registers on a phone through the union's QR link, the street union confirms,
 * the worker shows the member card QR and staff verify it; staff upload a member list with errors and see the preview.
 */
describe('members: self-registration, confirmation, card; import preview', () => {
  let browser: Browser;
  let staff: Page;
  let phoneCtx: BrowserContext;
  let citizen: Page;
  let street: Session;
  let union = { id: 0, name: '' };
  const worker = `测试工人${String.fromCharCode(0x4e00 + (stamp % 200))}`;
  const workerId = idNumber(`51010419950615${seq3}`);

  beforeAll(async () => {
    browser = await launch();
    street = await staffSession('union.street');
    const units = await call<{ items: Array<{ id: number; name: string }> }>(street, 'GET', '/api/orgs?type=union&level=community&pageSize=5');
    union = units.items[0]!;
    staff = await (await newContext(browser)).newPage();
    await login(staff, 'union.street');
    phoneCtx = await phoneContext(browser);
    citizen = await phoneCtx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a worker registers through the union’s QR link on a phone', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const phone = `135${String(10_000_000 + stamp * 10 + 3).slice(-8)}`;
    const { demoCode } = (await (await post('/api/portal/auth/code', { phone })).json()) as { demoCode: string };
    const me = await call<{ scope: { regionPath: string } }>(await staffSession('union.community'), 'GET', '/api/auth/me');
    const r = await post('/api/portal/auth/verify', { phone, code: demoCode, name: worker, regionCode: me.scope.regionPath.split('.').pop() });
    const [name, value] = r.headers.getSetCookie()[0]!.split(';')[0]!.split('=');
    await phoneCtx.addCookies([{ name: name!, value: value!, url: baseUrl() }]);

    await citizen.goto(`/portal/members?union=${union.id}`);
    await citizen.getByRole('heading', { level: 1, name: '工会会员' }).waitFor();
    await citizen.getByText(union.name).first().waitFor();
    await citizen.getByLabel('真实姓名').fill(worker);
    await citizen.getByLabel('身份证号').fill(workerId);
    await checkPage(citizen, 'portal-member-register');
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await citizen.getByText(`入会申请已提交，等待${union.name}确认`).waitFor();
    await checkPage(citizen, 'portal-member-pending');
  });

  it('the street union confirms the application in the console', async () => {
    await staff.goto('/members?tab=registrations');
    await staff.getByRole('heading', { level: 1, name: '会员管理' }).waitFor();
    const row = staff
      .getByRole('row')
      .filter({ hasText: union.name })
      .filter({ hasText: `${worker[0]}**` })
      .first();
    await row.waitFor();
    await checkPage(staff, 'members-registrations');
    await row.getByRole('button', { name: '确认入会' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('the street union turns an application down with a reason the applicant reads', async () => {
    const me = await call<{ scope: { regionPath: string } }>(await staffSession('union.community'), 'GET', '/api/auth/me');
    const other = `测试申请人${String.fromCharCode(0x4e00 + ((stamp + 7) % 200))}`;
    const applicant = await citizenSession(`135${String(10_000_000 + stamp * 10 + 5).slice(-8)}`, other, me.scope.regionPath.split('.').pop()!);
    await call(applicant, 'POST', '/api/portal/member-registrations', { orgId: union.id, name: other, idNumber: idNumber(`51010419960716${seq3}`) });
    await staff.goto('/members?tab=registrations');
    const row = staff
      .getByRole('row')
      .filter({ hasText: `${other[0]}**` })
      .filter({ hasText: union.name })
      .first();
    await row.getByRole('button', { name: '不予通过' }).click();
    const dialog = staff.getByRole('dialog');
    await dialog.getByRole('button', { name: '不予通过' }).click();
    await dialog.getByText('请填写不通过原因，申请人会看到它').waitFor();
    await dialog.getByLabel('不通过原因').fill('所在单位不属于本工会');
    await checkPage(staff, 'members-registration-reject');
    await dialog.getByRole('button', { name: '不予通过' }).click();
    await row.waitFor({ state: 'detached' });
    const mine = await call<{ registration: { status: string; reason: string | null } | null }>(applicant, 'GET', '/api/portal/membership');
    expect(mine.registration).toMatchObject({ status: 'rejected', reason: '所在单位不属于本工会' });
  });

  it('the worker shows the member card QR, and staff verify its token', async () => {
    await citizen.goto('/portal/members');
    await citizen.getByText('电子会员卡').waitFor();
    const img = citizen.getByRole('img', { name: '电子会员卡' });
    await img.waitFor();
    await checkPage(citizen, 'portal-member-card');
    const token = (await img.getAttribute('data-token'))!;
    expect(token).toMatch(/^QHM1\./);
    expect(token).not.toContain(workerId);
    const v = await call<{ valid: boolean; orgName: string }>(street, 'POST', '/api/member-cards/verify', { token });
    expect(v).toMatchObject({ valid: true, orgName: union.name });
  });

  let enrolledNo = '';
  it('staff enrol a member through the form, the server refusing an ID that is a member already', async () => {
    recordFailure(staff, 'members-enrol-failure');
    const enrolled = idNumber(`51010419920303${seq3}`);
    const reviewOn = new Date(Date.now() + 8 * 3_600_000 + 180 * 86_400_000).toISOString().slice(0, 10);
    await staff.goto('/members');
    await staff.getByRole('heading', { level: 1, name: '会员管理' }).waitFor();
    await settle(staff);
    await staff.getByRole('button', { name: '入会登记' }).click();
    const drawer = staff.getByRole('dialog', { name: '入会登记', exact: true });
    await drawer.waitFor();
    await settle(staff);
    await drawer.getByLabel('姓名（与身份证一致）').fill('登记会员');
    // The worker who registered above is a member already: the server's refusal shows beside the ID number.
    await drawer.getByLabel('身份证号').fill(workerId);
    await drawer.getByLabel('手机号').fill(`137${String(10_000_000 + stamp * 10 + 5).slice(-8)}`);
    const tags = drawer.getByLabel('标签');
    await tags.click();
    await staff.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '困难职工' }).click();
    // A click on the drawer's title closes the tags' drop-down, which covers the fields below. (Escape would close the
    // whole drawer whenever the drop-down had closed already.)
    await drawer.locator('.ant-drawer-title').click();
    await expect.poll(() => staff.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    await chooseOption(staff, drawer.getByLabel('困难类别'), '相对困难');
    await fillDate(staff, drawer.getByLabel('困难复核日期'), reviewOn);
    await drawer.getByRole('button', { name: /^登\s*记$/ }).click();
    await drawer.locator('.ant-form-item-explain-error').filter({ hasText: '已是工会会员' }).waitFor();
    await checkDrawer(staff, 'members-enrol-form');
    await drawer.getByLabel('身份证号').fill(enrolled);
    await drawer.getByRole('button', { name: /^登\s*记$/ }).click();
    // The drawer closes on success (the toast that says so lasts 3 s, too short to wait for on a loaded machine).
    await drawer.waitFor({ state: 'detached' });
    const found = await call<{
      items: Array<{ memberNo: string; orgId: number; tags: string[]; hardshipLevel: string | null; hardshipReviewOn: string | null }>;
    }>(street, 'POST', '/api/members/lookup', { idNumber: enrolled });
    expect(found.items[0]).toMatchObject({ orgId: street.orgId, tags: ['hardship'], hardshipLevel: 'relative', hardshipReviewOn: reviewOn });
    enrolledNo = found.items[0]!.memberNo;
  });

  it('staff start a transfer of that membership to a community union', async () => {
    // The member enrolled by the previous test moves to a community union: the form names it, both unions then confirm.
    const memberNo = enrolledNo;
    expect(memberNo).toMatch(/\S/);
    recordFailure(staff, 'members-transfer-failure');
    await staff.getByLabel('会员号或姓名').fill(memberNo);
    await staff.getByLabel('会员号或姓名').press('Enter');
    const row = staff.getByRole('row').filter({ hasText: memberNo });
    await row.waitFor();
    await row.getByRole('button', { name: `发起转接：会员号 ${memberNo}` }).click();
    const dialog = staff.getByRole('dialog', { name: new RegExp(`^发起会员关系转接：登\\*+（${memberNo}）$`) });
    await dialog.waitFor();
    await settle(staff);
    await dialog.getByRole('button', { name: /^发起转接$/ }).click();
    await dialog.getByText('请填写转入工会').waitFor();
    const to = dialog.getByLabel('转入工会');
    await to.click();
    await to.fill(union.name);
    const option = staff.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: union.name }).first();
    await option.waitFor();
    await option.click();
    await dialog.getByLabel('转接原因').fill('工作单位变动');
    await checkPage(staff, 'members-transfer-form');
    await dialog.getByRole('button', { name: /^发起转接$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await staff.getByRole('tab', { name: '会员关系转接' }).click();
    const transfer = staff.getByRole('row').filter({ hasText: memberNo });
    await transfer.filter({ hasText: union.name }).waitFor();
  });

  it('staff import a file with errors and see every row’s problems before anything is written', async () => {
    await staff.goto('/members?tab=import');
    await staff.getByText('上传 Excel').waitFor();
    const good = idNumber(`51010419880808${seq3}`);
    const csv = [
      '姓名,身份证号,手机,工会代码',
      `导入甲,${good},,${union.id}`,
      `导入乙,${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'},,${union.id}`,
      `导入丙,${good},12345,999999999`,
      `,${idNumber(`51010419770707${seq3}`)},,${union.id}`,
    ].join('\n');
    // The file goes up as a multipart form, not as text in a JSON body.
    const sent = staff.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/member-imports');
    await staff.locator('#member-import-file').setInputFiles({ name: '会员名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const request = await sent;
    expect((await request.headerValue('content-type')) ?? '').toMatch(/^multipart\/form-data; boundary=/);
    await staff.getByText('公民身份号码校验码错误').waitFor();
    await staff.getByText('与文件中第 2 行重复').waitFor();
    await staff.getByText('工会代码不存在或不在您的管辖范围').waitFor();
    await staff.getByRole('button', { name: '导入可导入的行' }).waitFor();
    await settle(staff);
    await checkPage(staff, 'members-import-preview');
    await staff.goto('/members');
    await staff.getByRole('tab', { name: '会员名册' }).waitFor();
    await checkPage(staff, 'members-list');
  });
});
