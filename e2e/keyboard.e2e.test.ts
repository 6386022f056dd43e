import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, baseUrl, call, checkPage, launch, publishLecture, recordFailure, settle, staffSession } from './helpers.js';

/**
 * The core tasks done with the keyboard alone — no click, no tap: a citizen submits a request, follows it and rates it;
 * a citizen signs in for the first time with a one-time code and registers for an activity; a street worker signs in,
 * finds the request, accepts it and resolves it. Every step moves the focus with Tab (or the arrows inside a
 * control) and acts with Enter, Space or typing, as a person without a pointer would; a control that cannot be
 * reached that way fails the test.
 */

/** Presses Tab until the focus is on the target or inside it (going round the page if it lies behind). */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`the keyboard never reaches ${target.toString()} in ${max} presses of Tab`);
}

/**
 * Chooses an option of a select with the keyboard: Tab to it; a native select (the portal's) then takes the arrow keys
 * until the wanted option is chosen; the console's types to narrow the list when it searches, then the arrow keys until
 * the highlighted option is the wanted one, and Enter.
 */
async function keySelect(page: Page, combobox: Locator, option: string): Promise<void> {
  await tabTo(page, combobox);
  if (await combobox.evaluate((el) => el instanceof HTMLSelectElement)) {
    // A native select (the portal's): the arrow keys change its choice without opening it.
    const chosen = () => combobox.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text.trim());
    await expect.poll(() => combobox.evaluate((el, o) => [...(el as HTMLSelectElement).options].some((x) => x.text.trim() === o), option)).toBe(true);
    for (let i = 0; i < 400 && (await chosen()) !== option; i++) await page.keyboard.press('ArrowDown');
    expect(await chosen()).toBe(option);
    return;
  }
  const searches = await combobox.evaluate((el) => el instanceof HTMLInputElement && !el.readOnly);
  if (searches) await page.keyboard.type(option);
  else await page.keyboard.press('ArrowDown');
  const active = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active');
  for (let i = 0; i < 80; i++) {
    if (((await active.count()) > 0 && (await active.first().textContent())?.trim()) === option) {
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the option ${option} is not reachable with the arrow keys`);
}

/** Opens a page from the console menu: Tab into the menu, the arrow keys to the item, Enter (the menu pattern). */
async function keyMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('navigation').getByRole('menuitem', { name: item, exact: true }).waitFor();
  await settle(page);
  await tabTo(page, page.getByRole('navigation').getByRole('menu').first());
  // Where the focus went at each press, for the message when the item is never reached.
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('ArrowDown');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute('role') === 'menuitem'
        ? (el.textContent?.trim() ?? '')
        : `<${el?.tagName.toLowerCase() ?? 'none'} ${el?.getAttribute('role') ?? ''}>`;
    });
    if (at === item) {
      await page.keyboard.press('Enter');
      return;
    }
    if (seen.at(-1) !== at) seen.push(at);
  }
  throw new Error(`the menu item ${item} is not reachable with the arrow keys; the focus went to: ${seen.join(' → ')}`);
}

/** Tabs to a field and types into it. */
async function keyType(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Tabs to a button or link and presses Enter. */
async function keyPress(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
}

const stamp = Date.now() % 100000;
const phoneOf = (n: number) => `137${String(10_000_000 + stamp * 10 + n).slice(-8)}`;

describe('the core tasks with the keyboard alone', () => {
  let browser: Browser;
  let number = '';
  let requestId = 0;
  const mobile = phoneOf(1);

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A desktop browser without touch; a failing step leaves a screenshot of where the focus was. */
  const desktop = async (name: string) => {
    const page = await (await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
    recordFailure(page, `keyboard-failed-${name}`);
    return page;
  };

  it('a citizen submits a request from the portal home', async () => {
    const page = await desktop('submit');
    await page.goto('/portal');
    await keyPress(page, page.getByRole('main').getByRole('link', { name: '我要反映' }).first());
    await page.getByRole('heading', { level: 1, name: '我要反映' }).waitFor();
    await settle(page);
    await keySelect(page, page.getByRole('combobox', { name: '问题类别' }), '欠薪求助');
    await keyType(page, page.getByLabel('用人单位名称'), '成都某某餐饮管理有限公司');
    await keyType(page, page.getByLabel('拖欠金额（元）'), '6000');
    await keySelect(page, page.getByRole('combobox', { name: '拖欠时长' }), '3个月以内');
    await keyType(page, page.getByLabel('具体情况'), `餐馆停业，两个月工资未发（键盘${stamp}）`);
    await keySelect(page, page.getByRole('combobox', { name: '区（市）县' }), '锦江区');
    await keySelect(page, page.getByRole('combobox', { name: '街道（镇）' }), '锦官驿街道');
    await keySelect(page, page.getByRole('combobox', { name: '社区（村），不清楚可不选' }), '水井坊社区');
    await keyType(page, page.getByLabel('您的姓名'), '键盘用户');
    await keyType(page, page.getByLabel('手机号码'), mobile);
    const consent = page.getByRole('checkbox', { name: /^我同意群团通为办理本诉求处理/ });
    await tabTo(page, consent);
    await page.keyboard.press('Space');
    await expect.poll(() => consent.isChecked()).toBe(true);
    await checkPage(page, 'keyboard-request-filled');
    await keyPress(page, page.getByRole('button', { name: '提交' }));
    await page.getByRole('heading', { level: 1, name: '提交成功' }).waitFor();
    number = (await page.getByTestId('request-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^QH-\d{4}-\d{6,9}$/);
    await page.context().close();
  });

  it('a street worker signs in, finds the request, accepts it, resolves it and closes it', async () => {
    // Arranged through the API: the request is with the street (routing may have given it to the community).
    const community = await staffSession('union.community');
    const street = await staffSession('union.street');
    const found = await call<{ items: { id: number; number: string; handlerOrgId: number }[] }>(community, 'GET', `/api/requests?number=${number}&pageSize=5`);
    const r = found.items.find((x) => x.number === number);
    if (r) {
      requestId = r.id;
      const d = await call<{ handlerOrgId: number; version: number }>(community, 'GET', `/api/requests/${r.id}`);
      if (d.handlerOrgId !== street.orgId) await call(community, 'POST', `/api/requests/${r.id}/escalate`, { version: d.version, note: '由街道统一协调' });
    }
    // The account's display modes are kept on the server; start from the default ones whatever an earlier test left.
    await call(street, 'PUT', '/api/auth/me/prefs', { elder: false, contrast: false, largeFont: false });

    const page = await desktop('worker');
    await page.goto('/login');
    await keyType(page, page.getByLabel('用户名'), 'union.street');
    await keyType(page, page.getByLabel('密码'), DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await keyMenu(page, '诉求办理');
    await page.getByRole('heading', { level: 1, name: '诉求办理' }).waitFor();
    await keyType(page, page.getByLabel('诉求编号'), number);
    await page.keyboard.press('Enter');
    await settle(page);
    await keyPress(page, page.getByRole('link', { name: number }));
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    await settle(page);
    if (!requestId) requestId = Number(new URL(page.url()).pathname.split('/').pop());

    await keyPress(page, page.getByRole('button', { name: '受理' }));
    const confirm = page.getByRole('dialog');
    await confirm.waitFor();
    await keyPress(page, confirm.getByRole('button', { name: /^确\s*定$/ }));
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.ant-page-header, .qh-page-title').first().textContent()).toContain('已受理');

    await keyPress(page, page.getByRole('button', { name: '办结答复' }));
    const dialog = page.getByRole('dialog');
    await keyType(page, dialog.getByLabel('答复意见（诉求人可见）'), '已约谈餐馆负责人，承诺下周结清工资。');
    await checkPage(page, 'keyboard-request-resolve');
    await keyPress(page, dialog.getByRole('button', { name: '提交' }));
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.qh-req-timeline').textContent()).toContain('办结');

    await keyPress(page, page.getByRole('button', { name: '关闭', exact: true }));
    await confirm.waitFor();
    await keyPress(page, confirm.getByRole('button', { name: /^确\s*定$/ }));
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.qh-req-timeline').textContent()).toContain('关闭');
    await page.context().close();
  });

  it('the citizen follows the request by number and phone, and rates it', async () => {
    const page = await desktop('track');
    await page.goto('/portal');
    await keyPress(page, page.getByRole('navigation', { name: '服务导航' }).getByRole('link', { name: '查询进度' }));
    await page.getByRole('heading', { level: 1, name: '查询进度' }).waitFor();
    await keyType(page, page.getByLabel('诉求编号'), number);
    await keyType(page, page.getByLabel('手机号码'), mobile);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `诉求 ${number}` }).waitFor();
    await settle(page);
    // The rating is a group of radios: Tab enters it, the arrows move the choice.
    const satisfied = page.getByRole('radio', { name: '满意', exact: true });
    await tabTo(page, page.locator('.qh-portal-rate').getByRole('radio').first());
    for (let i = 0; i < 6 && !(await satisfied.isChecked()); i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => satisfied.isChecked()).toBe(true);
    await keyType(page, page.getByLabel('意见和建议（可选）'), '处理及时。');
    await checkPage(page, 'keyboard-rate-filled');
    await keyPress(page, page.getByRole('button', { name: '提交评价' }));
    await page.getByRole('heading', { name: '您的评价' }).waitFor();
    await page.context().close();
  });

  it('a citizen signs in for the first time with a one-time code and registers for an activity', async () => {
    const street = await staffSession('union.street');
    const community = await staffSession('union.community');
    const regionCode = (await call<{ scope: { regionPath: string } }>(community, 'GET', '/api/auth/me')).scope.regionPath.split('.').pop()!;
    const region = await call<{ name: string; ancestors: { name: string; level: string }[] }>(street, 'GET', `/api/regions/${regionCode}`);
    const named = (level: string) => region.ancestors.find((x) => x.level === level)!.name;
    const title = `键盘报名测试讲座${stamp}`;
    const a = await publishLecture(street, title, 20, 72);

    const page = await desktop('activity');
    await page.goto(`/portal/sign-in?next=/portal/activities/${a.id}`);
    await page.getByRole('heading', { level: 1, name: '群众登录' }).waitFor();
    await keyType(page, page.getByLabel('手机号码'), phoneOf(2));
    await keyPress(page, page.getByRole('button', { name: '获取验证码' }));
    const demo = page.getByText(/演示环境：验证码为 \d{6}/);
    await demo.waitFor();
    const otp = (await demo.textContent())!.match(/\d{6}/)![0];
    await keyType(page, page.getByLabel('验证码'), otp);
    await page.keyboard.press('Enter');
    await page.getByText('首次登录，请填写姓名并选择所在社区').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('name');
    await page.keyboard.type('键盘居民');
    await keySelect(page, page.getByRole('combobox', { name: '区（市）县' }), named('district'));
    await keySelect(page, page.getByRole('combobox', { name: '街道（镇）' }), named('street'));
    await keySelect(page, page.getByRole('combobox', { name: '社区（村），不清楚可不选' }), region.name);
    await checkPage(page, 'keyboard-sign-in-first-time');
    await keyPress(page, page.getByRole('button', { name: /^登\s*录$/ }));
    await page.waitForURL(`**/portal/activities/${a.id}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await keyPress(page, page.getByRole('button', { name: '我要报名' }));
    await page.getByText('您已报名成功，到场时出示签到二维码').waitFor();
    await keyPress(page, page.getByRole('main').getByRole('link', { name: '我的报名' }));
    await page.getByText('到场后请向工作人员出示此二维码签到').waitFor();
    await checkPage(page, 'keyboard-activity-registered');
    await page.context().close();
  });
});
