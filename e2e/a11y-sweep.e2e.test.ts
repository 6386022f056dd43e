import { AxeBuilder } from '@axe-core/playwright';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, baseUrl, launch, login, quiet, settle } from './helpers.js';

/**
 * Every console page reachable from the menu and the portal's main pages, checked with axe (WCAG 2.2 AA rules), for
 * sideways scrolling of the page, and for what axe cannot see (selected states in forced colours, elder-mode text and
 * target sizes, the menu by keyboard).
 *
 * In the browser tier (the default) the portal is swept in all its modes — normal, forced colours, the platform's
 * high contrast and elder mode at 1440×900, and normal and elder mode at 390×844 (a phone) and 720×450 (1440×900 at
 * 200% zoom) — and the console pages of a street union in normal, forced colours and elder mode on a phone.
 * `npm run test:a11y` (QUNHUB_A11Y_SWEEP=full) sweeps the console of every kind of account as the portal, and both
 * in all four modes at all three sizes.
 */
const FULL = process.env.QUNHUB_A11Y_SWEEP === 'full';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const ZOOM200 = { width: 720, height: 450 };
/**
 * Every kind of account: unions at city, street and community level, the coordination office, the three
 * administrators, a court (dispute partner), a government department (meetings), a benefit provider, a social
 * organization and a read-only viewer. A page already swept for an earlier account is checked again in normal mode
 * only (its data differ by account; its modes do not).
 */
const ROLES = FULL
  ? [
      'union.city',
      'union.street',
      'union.community',
      'coordinator',
      'sysadmin',
      'secadmin',
      'auditadmin',
      'court.jinjiang',
      'dept.edu',
      'provider.cinema',
      'sorg.a',
      'viewer.district',
    ]
  : ['union.street'];
const PORTAL = [
  '',
  'requests/new',
  'requests/track',
  'sign-in',
  'activities',
  'volunteers',
  'venues',
  'honours',
  'honours/verify',
  'services',
  'talent',
  'benefits',
  'members',
];
/** Shots of a few representative pages in each mode, to look at. */
const SHOOT = new Set(['/dashboard', '/requests', '/disputes', '/portal', '/portal/requests/new']);

type Finding = { where: string; what: string };
const findings: Finding[] = [];
const swept = new Set<string>();
let visits = 0;
const started = Date.now();
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`a11y sweep: ${visits} page × mode checks of ${swept.size} pages in ${seconds} s`);
});

async function axe(page: Page, where: string): Promise<void> {
  visits += 1;
  // A button enabled as its data arrives changes colour over 0.2 s: the colours checked are the ones that stay.
  await quiet(page);
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  for (const v of r.violations)
    findings.push({
      where,
      what: `${v.id}: ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
    });
}

async function noOverflow(page: Page, where: string): Promise<void> {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  if (sw > cw) findings.push({ where, what: `page scrolls sideways: scrollWidth ${sw} > clientWidth ${cw}` });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `sweep-${name.replace(/[^a-z0-9]+/gi, '_')}.png`) });
}

/** In forced colours a selected and an unselected item of each kind on the page must be drawn differently. */
async function selectedStatesDiffer(page: Page, where: string): Promise<number> {
  const pairs = await page.evaluate(() => {
    const kinds: [string, string][] = [
      ['.ant-menu-item-selected', '.ant-menu-item:not(.ant-menu-item-selected)'],
      ['.ant-segmented-item-selected', '.ant-segmented-item:not(.ant-segmented-item-selected)'],
      ['.ant-radio-button-wrapper-checked', '.ant-radio-button-wrapper:not(.ant-radio-button-wrapper-checked)'],
      ['.ant-tabs-tab-active', '.ant-tabs-tab:not(.ant-tabs-tab-active)'],
    ];
    const look = (el: Element) => {
      const s = getComputedStyle(el);
      return [s.backgroundColor, s.color, s.outlineStyle, s.outlineWidth, s.outlineColor].join(' ');
    };
    return kinds.flatMap(([sel, unsel]) => {
      const a = document.querySelector(sel);
      const b = document.querySelector(unsel);
      return a && b ? [{ kind: sel, same: look(a) === look(b), a: look(a) }] : [];
    });
  });
  for (const p of pairs) if (p.same) findings.push({ where, what: `${p.kind} looks like an unselected item in forced colours (${p.a})` });
  return pairs.length;
}

/** Elder mode: body text ≥ 18 px and line height ≥ 1.5 on the page's paragraphs, cells and labels. */
async function elderText(page: Page, where: string): Promise<void> {
  const small = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('main p, main td, main label, main li, main .ant-typography')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || !el.textContent?.trim()) continue;
      const s = getComputedStyle(el);
      const size = parseFloat(s.fontSize);
      const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / size;
      if (size < 18 || lh < 1.5) out.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 20)}" ${size}px/${lh.toFixed(2)}`);
    }
    return out.slice(0, 3);
  });
  for (const s of small) findings.push({ where, what: `elder mode text below 18 px or 1.5 line height: ${s}` });
}

/** Elder mode on the portal: every visible target at least 60 × 60 px. */
async function elderTargets(page: Page, where: string): Promise<void> {
  const tiny = await page.evaluate(() => {
    const out: string[] = [];
    const sel =
      'a, button, select, [role=switch], input:not([type=checkbox]):not([type=radio]):not([type=hidden]), .ant-select-selector, .ant-checkbox-wrapper, .ant-radio-wrapper, .ant-list-item';
    for (const el of document.querySelectorAll(sel)) {
      // A control inside its label is activated by the whole label: that is its target.
      const r = (el.tagName === 'INPUT' ? (el.closest('label') ?? el) : el).getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.qh-skip-link') || (el.closest('.ant-select-selector') !== el && el.closest('.ant-select'))) continue;
      if (r.width < 59.5 || r.height < 59.5)
        out.push(
          `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]} "${(el.textContent ?? '').trim().slice(0, 16)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return out.slice(0, 4);
  });
  for (const s of tiny) findings.push({ where, what: `elder mode target under 60 × 60 px: ${s}` });
}

/** Client-side navigation (no reload), then the page's data. */
async function go(page: Page, to: string): Promise<void> {
  await page.evaluate((p) => {
    window.history.pushState({}, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, to);
  await page.waitForFunction(() => !!document.querySelector('main h1'), undefined, { timeout: 20_000 }).catch(() => undefined);
  await settle(page);
}

/**
 * Flips a display switch. Signed in, the switch is saved to the account: wait for that save, so that no later test
 * signs in as this account with a mode the sweep left on, or has it switched on under it.
 */
async function toggle(page: Page, name: RegExp): Promise<void> {
  const signedIn = !page.url().includes('/portal');
  const saved = signedIn ? page.waitForResponse((r) => r.url().endsWith('/api/auth/me/prefs') && r.request().method() === 'PUT', { timeout: 10_000 }) : null;
  await page.getByRole('switch', { name }).first().click();
  if (saved) expect((await saved).ok()).toBe(true);
  await page.waitForTimeout(150);
  await quiet(page);
}

/** Emulates forced colours (or ends it) and waits for the colours to settle. */
async function forcedColours(page: Page, on: boolean): Promise<void> {
  await page.emulateMedia({ forcedColors: on ? 'active' : 'none' });
  await quiet(page);
}

/** Resizes the viewport and waits for the layout and its transitions to settle. */
async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.waitForTimeout(200);
  await quiet(page);
}

/** The four desktop modes, then normal and elder at a phone's width and at 200% zoom. */
async function sweepPage(page: Page, where: string, portal: boolean): Promise<void> {
  const shoot = SHOOT.has(where);
  await axe(page, `${where} normal`);
  await noOverflow(page, `${where} normal`);
  if (shoot) await shot(page, `${where}-normal`);

  await forcedColours(page, true);
  await axe(page, `${where} forced-colours`);
  await selectedStatesDiffer(page, `${where} forced-colours`);
  if (shoot) await shot(page, `${where}-forced`);
  await forcedColours(page, false);

  await toggle(page, /^(高对比度|High contrast)$/);
  await axe(page, `${where} contrast`);
  if (shoot) await shot(page, `${where}-contrast`);
  await toggle(page, /^(高对比度|High contrast)$/);

  await toggle(page, /^(长辈模式|Elder mode)$/);
  await settle(page);
  await axe(page, `${where} elder`);
  await elderText(page, `${where} elder`);
  if (portal) await elderTargets(page, `${where} elder`);
  if (shoot) await shot(page, `${where}-elder`);
  for (const [size, label] of [
    [PHONE, '390'],
    [ZOOM200, '200%'],
  ] as const) {
    await resize(page, size);
    await axe(page, `${where} elder ${label}`);
    await noOverflow(page, `${where} elder ${label}`);
    if (portal && label === '390') await elderTargets(page, `${where} elder 390`);
    if (shoot) await shot(page, `${where}-elder-${label}`);
  }
  // The elder switch sits in the header, which wraps at these widths but stays on the page.
  await toggle(page, /^(长辈模式|Elder mode)$/);
  await settle(page);
  for (const [size, label] of [
    [ZOOM200, '200%'],
    [PHONE, '390'],
  ] as const) {
    await resize(page, size);
    await axe(page, `${where} ${label}`);
    await noOverflow(page, `${where} ${label}`);
    if (shoot) await shot(page, `${where}-${label}`);
  }
  // The full sweep: forced colours and the contrast theme at a phone's width and at 200% zoom too (four modes at
  // three sizes).
  if (FULL) {
    for (const [size, label] of [
      [PHONE, '390'],
      [ZOOM200, '200%'],
    ] as const) {
      await resize(page, size);
      await forcedColours(page, true);
      await axe(page, `${where} forced-colours ${label}`);
      await noOverflow(page, `${where} forced-colours ${label}`);
      await selectedStatesDiffer(page, `${where} forced-colours ${label}`);
      if (shoot) await shot(page, `${where}-forced-${label}`);
      await forcedColours(page, false);
      await toggle(page, /^(高对比度|High contrast)$/);
      await axe(page, `${where} contrast ${label}`);
      await noOverflow(page, `${where} contrast ${label}`);
      if (shoot) await shot(page, `${where}-contrast-${label}`);
      await toggle(page, /^(高对比度|High contrast)$/);
    }
  }
  await page.setViewportSize(DESKTOP);
}

/** The console in the tier: normal and forced colours at 1440×900, elder mode on a phone. */
async function sweepConsolePage(page: Page, where: string): Promise<void> {
  if (FULL) return sweepPage(page, where, false);
  await axe(page, `${where} normal`);
  await noOverflow(page, `${where} normal`);
  await forcedColours(page, true);
  await axe(page, `${where} forced-colours`);
  await selectedStatesDiffer(page, `${where} forced-colours`);
  await forcedColours(page, false);
  await toggle(page, /^(长辈模式|Elder mode)$/);
  await page.setViewportSize(PHONE);
  await settle(page);
  await axe(page, `${where} elder 390`);
  await noOverflow(page, `${where} elder 390`);
  await elderText(page, `${where} elder 390`);
  if (SHOOT.has(where)) await shot(page, `${where}-elder-390`);
  await page.setViewportSize(DESKTOP);
  await toggle(page, /^(长辈模式|Elder mode)$/);
  await settle(page);
}

/** With the keyboard only, from the top of the page: Tab to the menu toggle, open it, Tab to a menu item. */
async function menuByKeyboard(page: Page, size: { width: number; height: number }): Promise<boolean> {
  await page.setViewportSize(size);
  // As a person arriving on the page: blurring an element keeps the browser's starting point of sequential focus
  // where that element was (deep in the page the sweep last worked on), so load the page afresh.
  await page.reload();
  await settle(page);
  await page.keyboard.press('Tab'); // the skip link
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.classList.contains('qh-menu-toggle'))) break;
  }
  const expanded = () => page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'));
  if ((await expanded()) !== 'false') return false;
  await page.keyboard.press('Enter');
  // The menu is one tab stop (the menu pattern): Tab reaches it, the arrow keys move between its items.
  const role = () => page.evaluate(() => document.activeElement?.getAttribute('role'));
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if ((await role()) === 'menu') await page.keyboard.press('ArrowDown');
    if ((await role()) === 'menuitem') {
      await page.keyboard.press('Escape');
      await page.setViewportSize(DESKTOP);
      return true;
    }
  }
  await page.setViewportSize(DESKTOP);
  return false;
}

async function staffContext(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: baseUrl(), viewport: DESKTOP, locale: 'zh-CN', reducedMotion: 'reduce' });
  return { ctx, page: await ctx.newPage() };
}

describe('accessibility sweep of every page in four modes', () => {
  for (const role of ROLES) {
    it(`console pages of ${role}`, async () => {
      const { ctx, page } = await staffContext();
      await login(page, role);
      const paths = await page.evaluate(() =>
        [...document.querySelectorAll('nav .ant-menu-item')].map((el) => {
          const id = el.getAttribute('data-menu-id') ?? '';
          return id.slice(id.indexOf('-/') + 1);
        }),
      );
      expect(paths.length).toBeGreaterThan(0);
      for (const p of [...new Set(paths)]) {
        await go(page, p);
        if (swept.has(p)) {
          await axe(page, `${p} normal (${role})`);
          await noOverflow(page, `${p} normal (${role})`);
        } else {
          swept.add(p);
          await sweepConsolePage(page, p);
        }
      }
      expect(await menuByKeyboard(page, ZOOM200), `${role}: menu by keyboard at 200% zoom`).toBe(true);
      expect(await menuByKeyboard(page, PHONE), `${role}: menu by keyboard at 390 px`).toBe(true);
      await ctx.close();
    }, 1_800_000);
  }

  it('portal pages', async () => {
    const ctx = await browser.newContext({ baseURL: baseUrl(), viewport: DESKTOP, locale: 'zh-CN', reducedMotion: 'reduce' });
    const page = await ctx.newPage();
    await page.goto('/portal');
    await settle(page);
    for (const p of PORTAL) {
      swept.add(`/portal${p ? `/${p}` : ''}`);
      await go(page, `/portal${p ? `/${p}` : ''}`);
      await sweepPage(page, `/portal${p ? `/${p}` : ''}`, true);
    }
    await ctx.close();
  }, 600_000);

  it('reports nothing found', () => {
    console.log(findings.map((f) => `${f.where}: ${f.what}`).join('\n'));
    expect(findings).toEqual([]);
  });
});
