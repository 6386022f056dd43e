import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, checkPage, confirmDialog, launch, login, newContext, openedDialog, openMenu, settle, staffSession, tableRows } from './helpers.js';

const SHOTS = '/tmp/shots-email';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const stamp = Date.now() % 100000;

/** Email addresses for notifications: my own on the notifications page, an account's by the system administrator; personal data of a webhook. */
describe('email addresses and webhook personal data', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a staff member sets their own address on the notifications page, sees a refusal on the field, and finds it after a reload', async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, 'union.community');
    await openMenu(page, '消息通知', '消息通知');
    const card = page.locator('.ant-card', { hasText: '我的邮箱' });
    await card.waitFor();
    // Start from no address, whatever an earlier run left.
    const s = await staffSession('union.community');
    await call(s, 'PUT', '/api/auth/me/email', { email: null });
    await page.reload();
    await settle(page);
    await card.getByText('尚未填写邮箱').waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'my-email-empty');
    await checkPage(page, 'notifications-my-email');

    // The server refuses a malformed address; its message stands on the field, in Chinese.
    const field = card.getByLabel('邮箱地址');
    await field.fill('zhang.san@');
    await card.getByRole('button', { name: '保存邮箱' }).click();
    const fieldError = card.locator('.ant-form-item-explain-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/邮箱|email/i);
    await shot(page, 'my-email-error');

    const address = `zhang.san${stamp}@example.org`;
    await field.fill(address);
    await card.getByRole('button', { name: '保存邮箱' }).click();
    await card.getByTestId('my-email').getByText(address).waitFor();
    await page.reload();
    await settle(page);
    await page.locator('.ant-card', { hasText: '我的邮箱' }).getByTestId('my-email').getByText(address).waitFor();
    expect((await call<{ email: string | null }>(s, 'GET', '/api/auth/me')).email).toBe(address);
    await page.locator('.ant-card', { hasText: '我的邮箱' }).scrollIntoViewIfNeeded();
    await shot(page, 'my-email-set');
    await checkPage(page, 'notifications-my-email-set');

    // Clearing asks first.
    await page.locator('.ant-card', { hasText: '我的邮箱' }).getByRole('button', { name: '清除邮箱' }).click();
    await openedDialog(page);
    await shot(page, 'my-email-clear-confirm');
    await checkPage(page, 'notifications-my-email-clear');
    await confirmDialog(page, '清除邮箱');
    await page.locator('.ant-card', { hasText: '我的邮箱' }).getByText('尚未填写邮箱').waitFor();
    expect((await call<{ email: string | null }>(s, 'GET', '/api/auth/me')).email).toBeNull();
  });

  it('a staff member sets their own mobile phone, is refused a bad number on the field, and sees it masked after a reload', async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, 'union.district');
    await openMenu(page, '消息通知', '消息通知');
    const s = await staffSession('union.district');
    await call(s, 'PUT', '/api/auth/me/phone', { phone: null });
    await page.reload();
    await settle(page);
    const card = () => page.locator('.ant-card', { hasText: '我的手机' });
    await card().getByText('尚未填写手机号码').waitFor();

    const field = card().getByLabel('手机号码');
    await field.fill('1381234');
    await card().getByRole('button', { name: '保存手机号码' }).click();
    const fieldError = card().locator('.ant-form-item-explain-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/手机号码/);

    await field.fill('138 1234 1234');
    await card().getByRole('button', { name: '保存手机号码' }).click();
    await card().getByTestId('my-phone').getByText('138****1234').waitFor();
    await page.reload();
    await settle(page);
    await card().getByTestId('my-phone').getByText('138****1234').waitFor();
    // Only the masked number reaches the page, and the field does not hold it.
    expect(await page.content()).not.toContain('13812341234');
    expect(await card().getByLabel('手机号码').inputValue()).toBe('');
    expect((await call<{ phoneMasked: string | null }>(s, 'GET', '/api/auth/me')).phoneMasked).toBe('138****1234');
    await card().scrollIntoViewIfNeeded();
    await checkPage(page, 'notifications-my-phone');
    await call(s, 'PUT', '/api/auth/me/phone', { phone: null });
  });

  it('in English, the refusal on the field is English', async () => {
    const page = await (await newContext(browser, 'en')).newPage();
    await login(page, 'union.street');
    await openMenu(page, 'Notifications', 'Notifications');
    const card = page.locator('.ant-card', { hasText: 'My email address' });
    await card.getByLabel('Email address').fill('wang.wu@');
    await card.getByRole('button', { name: 'Save address' }).click();
    const fieldError = card.locator('.ant-form-item-explain-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/email/i);
    expect(await fieldError.textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'my-email-error-en');
  });

  it("the system administrator sets another account's address from the accounts table", async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, 'sysadmin');
    await openMenu(page, '账号与角色', '账号与角色');
    await page.locator('#acc-q').fill('union.street2');
    await page.locator('#acc-q').press('Enter');
    await settle(page);
    await tableRows(page);
    const row = page.locator('.ant-table-row', { hasText: 'union.street2' }).first();
    await row.getByRole('button', { name: '设置邮箱：union.street2' }).click();
    const dialog = await openedDialog(page);
    const address = `li.si${stamp}@example.org`;
    await dialog.getByLabel('邮箱地址').fill(address);
    await shot(page, 'account-email-modal');
    await checkPage(page, 'accounts-email-modal');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(address).waitFor();
    const street2 = await staffSession('union.street2');
    expect((await call<{ email: string | null }>(street2, 'GET', '/api/auth/me')).email).toBe(address);
    await shot(page, 'accounts-email-column');

    // The same dialog sets the account's mobile phone; the table shows it masked.
    await call(street2, 'PUT', '/api/auth/me/phone', { phone: null });
    await row.getByRole('button', { name: '设置手机：union.street2' }).click();
    const phoneDialog = await openedDialog(page);
    await phoneDialog.getByLabel('手机号码').fill('13912340088');
    await checkPage(page, 'accounts-phone-modal');
    await phoneDialog.getByRole('button', { name: /保\s*存/ }).click();
    await phoneDialog.waitFor({ state: 'detached' });
    await row.getByText('139****0088').waitFor();
    expect((await call<{ phoneMasked: string | null }>(street2, 'GET', '/api/auth/me')).phoneMasked).toBe('139****0088');
    await call(street2, 'PUT', '/api/auth/me/phone', { phone: null });
  });

  it('the security administrator approves personal data for a subscription after confirming, and the tag says so', async () => {
    const street = await staffSession('union.street');
    const name = `工会App推送${stamp}`;
    const created = await call<{ subscription: { id: number } }>(street, 'POST', '/api/webhooks', {
      orgId: street.orgId,
      name,
      url: 'http://127.0.0.1:9/qunhub-app',
      eventTypes: ['request.created'],
    });
    const page = await (await newContext(browser)).newPage();
    await login(page, 'secadmin');
    await openMenu(page, '数据推送', '数据推送（Webhooks）');
    await tableRows(page);
    const row = page.locator('.ant-table-row', { hasText: name });
    await row.getByText('脱敏推送').waitFor();
    // The security administrator manages no subscription.
    expect(await page.getByRole('button', { name: '新建推送' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: '删除' }).count()).toBe(0);
    await row.getByRole('button', { name: `批准完整推送：${name}` }).click();
    const dialog = await openedDialog(page);
    await dialog.getByText('姓名和手机号码完整值').waitFor();
    await shot(page, 'webhook-personal-confirm');
    await checkPage(page, 'webhooks-personal-confirm');
    await confirmDialog(page, '批准完整推送');
    await row.getByText('完整推送', { exact: true }).waitFor();
    const list = await call<{ items: { id: number; personalDataApproved: boolean }[] }>(street, 'GET', '/api/webhooks');
    expect(list.items.find((x) => x.id === created.subscription.id)?.personalDataApproved).toBe(true);
    await shot(page, 'webhooks-personal-approved');
    await checkPage(page, 'webhooks-personal');
    await call(street, 'DELETE', `/api/webhooks/${created.subscription.id}`);
  });
});
