import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, confirmDialog, launch, login, newContext, openMenu, settle, tableRows } from './helpers.js';

/** A street's administrator subscribes the hotline's system to the street's request events and sees the secret once. */
describe('webhooks: 数据推送', () => {
  let browser: Browser;
  let page: Page;
  const name = `12345热线${Date.now() % 100000}`;

  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser)).newPage();
    await login(page, 'union.street');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a subscription, shows its secret once, lists it, opens its deliveries, pauses and deletes it', async () => {
    await openMenu(page, '数据推送', '数据推送（Webhooks）');
    await page.getByRole('button', { name: '新建推送' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill(name);
    // A receiver on this machine: the e2e server allows private addresses, as a deployment with internal receivers would.
    await dialog.getByLabel('接收地址').fill('http://127.0.0.1:9/qunhub-hooks');
    await checkPage(page, 'webhooks-create');
    await dialog.getByRole('button', { name: /新\s*建/ }).click();
    const secret = page.getByTestId('webhook-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/whsec_[A-Za-z0-9+/]{43}=/);
    await checkPage(page, 'webhooks-secret');
    await page.getByRole('button', { name: '我已保存密钥' }).click();
    await tableRows(page);
    const row = page.locator('.ant-table-row', { hasText: name });
    await row.waitFor();
    // Once closed, the secret is gone from the page for good.
    await secret.waitFor({ state: 'detached' });
    await checkPage(page, 'webhooks');

    await row.getByRole('button', { name: '推送记录' }).click();
    await page.locator('.ant-drawer-open').waitFor();
    await settle(page);
    await checkPage(page, 'webhooks-deliveries');
    await page
      .locator('.ant-drawer-open')
      .getByRole('button', { name: /Close|关闭/ })
      .click();

    await row.getByRole('button', { name: '暂停' }).click();
    await row.getByText('已暂停').waitFor();
    await row.getByRole('button', { name: '删除' }).click();
    await confirmDialog(page);
    await row.waitFor({ state: 'detached' });
  });
});
