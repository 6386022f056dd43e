import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkPage, launch, login, newContext, openMenu, settle, tableRows } from './helpers.js';

/**
 * Sign-in through the unified identity provider: the security administrator binds an account to a subject of the
 * provider (a real `oidc-provider` started by the global setup), then the sign-in page's button takes the browser
 * through the provider and back, signed in as that account.
 */
describe('unified identity sign-in (OpenID Connect)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('secadmin binds an account; the button on the sign-in page signs it in through the provider', async () => {
    const issuer = inject('oidcIssuer');
    expect(issuer, 'the global setup starts the provider').not.toBe('');
    const sec = await (await newContext(browser)).newPage();
    await login(sec, 'secadmin');
    await openMenu(sec, '账号与角色', '账号与角色');
    await sec.locator('#acc-q').fill('union.street2');
    await sec
      .getByRole('button', { name: '搜 索' })
      .or(sec.getByRole('button', { name: '搜索' }))
      .click();
    await tableRows(sec);
    await sec.getByRole('button', { name: '统一身份认证：union.street2' }).click();
    const dialog = sec.getByRole('dialog');
    await dialog.getByText('尚未绑定').waitFor();
    await dialog.getByLabel('主体标识（sub）').fill('e2e-street2');
    await dialog
      .getByRole('button', { name: '绑 定' })
      .or(dialog.getByRole('button', { name: '绑定' }))
      .click();
    await dialog.getByText('e2e-street2').waitFor();
    await checkPage(sec, 'oidc-binding');
    await sec.context().close();

    // The provider signs in whoever the test names (it has no login form of its own).
    expect((await fetch(`${issuer}/__test/sign-in-as?sub=e2e-street2`)).status).toBe(200);
    const page = await (await newContext(browser)).newPage();
    await page.goto('/login');
    const button = page.getByRole('link', { name: '使用统一身份认证登录' }).or(page.getByRole('button', { name: '使用统一身份认证登录' }));
    await button.waitFor();
    await checkPage(page, 'oidc-login');
    await button.click();
    await page
      .waitForURL((u) => u.pathname === '/', { timeout: 60_000 })
      .catch((e: unknown) => {
        throw new Error(`after the provider the browser is at ${page.url()}`, { cause: e });
      });
    await page
      .getByRole('navigation')
      .getByRole('menuitem')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: 'e2e/screenshots/oidc-failed.png' });
        const status = (await page.request.get('/api/auth/me')).status();
        const cookies = (await page.context().cookies()).map((c) => `${c.name}@${c.domain}${c.path} ${c.sameSite}`).join(', ');
        throw new Error(`signed in? the browser is at ${page.url()}; /api/auth/me answers ${status}; cookies: ${cookies}`, { cause: e });
      });
    await settle(page);
    const me = (await (await page.request.get('/api/auth/me')).json()) as { username: string };
    expect(me.username).toBe('union.street2');
    await checkPage(page, 'oidc-signed-in');

    // An unbound subject comes back to the sign-in page with the reason.
    expect((await fetch(`${issuer}/__test/sign-in-as?sub=nobody`)).status).toBe(200);
    const other = await (await newContext(browser)).newPage();
    await other.goto('/login');
    await other
      .getByRole('link', { name: '使用统一身份认证登录' })
      .or(other.getByRole('button', { name: '使用统一身份认证登录' }))
      .click();
    await other.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('oidc_error') === 'unbound');
    await other.getByText('该统一身份认证账号尚未绑定平台账号').waitFor();
    await checkPage(other, 'oidc-login-unbound');
    await page.context().close();
    await other.context().close();
  }, 300_000);
});
