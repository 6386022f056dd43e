import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, checkPage, chooseOption, launch, login, newContext, openMenu, settle, staffSession } from './helpers.js';

const stamp = Date.now() % 100000;
/** The next Monday at least a week ahead, China time. */
function nextMonday(): string {
  const d = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000);
  const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return new Date(d.getTime() + ((8 - wd) % 7) * 86_400_000).toISOString().slice(0, 10);
}

async function pick(page: Page, label: string, typed: string, option: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(typed);
  await chooseOption(page, field, option);
}

/**
 * The venue console: a street's venue manager registers a venue with a room and opening hours and edits it;
 * the system administrator adds a district's own kind of position; the manager cancels another organization's
 * booking with a reason, which the booking organization reads under 我的预约.
 */
describe('venue console', () => {
  let browser: Browser;
  let street: Page;
  let venueId = 0;
  const venueName = `测试职工之家${stamp}`;

  beforeAll(async () => {
    browser = await launch();
    street = await (await newContext(browser)).newPage();
    await login(street, 'union.street');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a venue manager creates a venue with a room and hours, then edits it', async () => {
    const s = await staffSession('union.street');
    const org = await call<{ name: string; regionCode: string }>(s, 'GET', `/api/orgs/${s.orgId}`);
    const region = await call<{ name: string }>(s, 'GET', `/api/regions/${org.regionCode}`);
    await openMenu(street, '阵地场馆', '阵地场馆');
    await street.getByRole('button', { name: '新建阵地' }).click();
    await street.getByRole('heading', { level: 1, name: '新建阵地' }).waitFor();
    await settle(street);
    await chooseOption(street, street.getByLabel('类型', { exact: true }), '职工之家');
    await pick(street, '所在区域', region.name, region.name);
    await pick(street, '管理单位', org.name, org.name);
    await street.getByLabel('名称', { exact: true }).fill(venueName);
    await street.getByLabel('地址', { exact: true }).fill('锦城大道 1 号');
    await checkPage(street, 'venues-admin-new');
    await street.getByRole('button', { name: '创建阵地' }).click();
    await street.getByRole('heading', { level: 1, name: `编辑：${venueName}` }).waitFor();
    venueId = Number(/\/venues\/(\d+)\/edit/.exec(street.url())![1]);
    await settle(street);
    await checkPage(street, 'venues-admin-edit-info');

    await street.getByRole('tab', { name: '房间与设施' }).click();
    await street.getByLabel('房间', { exact: true }).fill('多功能活动室');
    await street.getByLabel('容纳人数').fill('30');
    await street.getByRole('button', { name: '添加房间' }).last().click();
    await street.locator('.ant-table-row', { hasText: '多功能活动室' }).waitFor();
    await checkPage(street, 'venues-admin-rooms');

    await street.getByRole('tab', { name: '开放时间' }).click();
    await street.getByRole('switch', { name: '周一' }).click();
    await street.getByRole('switch', { name: '周三' }).click();
    await checkPage(street, 'venues-admin-hours');
    await street.getByRole('button', { name: '保存开放时间' }).click();
    await street.getByText('已保存').first().waitFor();
    const v = await call<{ weekly: Array<{ weekday: number; opens: string }>; rooms: unknown[] }>(s, 'GET', `/api/venues/${venueId}`);
    expect(v.weekly.map((w) => w.weekday)).toEqual([1, 3]);
    expect(v.rooms.length).toBe(1);

    await street.getByRole('tab', { name: '基本信息' }).click();
    await street.getByLabel('名称', { exact: true }).fill(`${venueName}（新）`);
    await street
      .getByRole('button', { name: '保 存' })
      .or(street.getByRole('button', { name: '保存', exact: true }))
      .click();
    await street.getByRole('heading', { level: 1, name: `编辑：${venueName}（新）` }).waitFor();
    await street.getByRole('tab', { name: '单位额度' }).click();
    await settle(street);
    await checkPage(street, 'venues-admin-quotas');
  }, 300_000);

  it('the system administrator adds a venue type for a district', async () => {
    const admin = await (await newContext(browser)).newPage();
    await login(admin, 'sysadmin');
    await openMenu(admin, '阵地类型', '阵地类型');
    await admin.getByRole('button', { name: '新增类型' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('代码').fill(`worker_service_${stamp}`);
    await dialog.getByLabel('中文名称').fill(`职工服务中心${stamp}`);
    await dialog.getByLabel('英文名称').fill("Workers' service centre");
    await checkPage(admin, 'venues-admin-type-new');
    await dialog
      .getByRole('button', { name: '保 存' })
      .or(dialog.getByRole('button', { name: '保存', exact: true }))
      .click();
    await dialog.waitFor({ state: 'detached' });
    await admin.locator('.ant-table-row', { hasText: `职工服务中心${stamp}` }).waitFor();
    await checkPage(admin, 'venues-admin-types');
    await admin.close();
  });

  it('a staff member cancels a booking with a reason and the booker sees why', async () => {
    const league = await staffSession('league.street');
    const s = await staffSession('union.street');
    const v = await call<{ rooms: Array<{ id: number }> }>(s, 'GET', `/api/venues/${venueId}`);
    const monday = nextMonday();
    const booked = await call<{ booking: { id: number; status: string } }>(league, 'POST', '/api/venue-bookings', {
      roomId: v.rooms[0]!.id,
      start: new Date(`${monday}T10:00:00+08:00`).toISOString(),
      end: new Date(`${monday}T11:00:00+08:00`).toISOString(),
      purpose: '青年读书会',
    });
    expect(booked.booking.status).toBe('pending');

    await street.goto(`/venues/${venueId}`);
    await street.getByRole('heading', { level: 1 }).waitFor();
    await settle(street);
    await street.getByRole('tab', { name: '预约管理' }).click();
    const row = street.locator('.ant-table-row', { hasText: '青年读书会' });
    await row.waitFor();
    await checkPage(street, 'venues-admin-bookings');
    await row.getByRole('button', { name: '取消预约' }).click();
    const dialog = street.getByRole('dialog');
    await dialog.getByLabel('取消原因').fill('活动室临时维修，请改约其他时间');
    await checkPage(street, 'venues-admin-cancel');
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    await street.getByText('已取消，预约单位可看到原因').waitFor();

    const booker = await (await newContext(browser)).newPage();
    await login(booker, 'league.street');
    await openMenu(booker, '我的预约', '我的预约');
    const mine = booker.locator('.ant-table-row', { hasText: '青年读书会' });
    await mine.getByText('活动室临时维修，请改约其他时间').waitFor();
    await expect.poll(() => mine.getByText('已取消').isVisible()).toBe(true);
    await checkPage(booker, 'venues-admin-mine');
    await booker.close();
  });

  it('a district merges a street union into another after a reorganisation, with a preview of what moves', async () => {
    const d = await staffSession('union.district');
    const s = await staffSession('union.street');
    const streetOrg = await call<{ regionCode: string; parentId: number }>(s, 'GET', `/api/orgs/${s.orgId}`);
    const mk = (name: string) =>
      call<{ id: number; name: string }>(d, 'POST', '/api/orgs', { parentId: streetOrg.parentId, name, regionCode: streetOrg.regionCode });
    const from = await mk(`测试合并街道甲${stamp}总工会`);
    const into = await mk(`测试合并街道乙${stamp}总工会`);
    await call(d, 'POST', '/api/orgs', { parentId: from.id, name: `测试合并社区${stamp}工会`, regionCode: streetOrg.regionCode }).catch(() => undefined);
    await call(d, 'POST', '/api/venues', {
      typeCode: 'workers_home',
      name: `测试合并街道职工之家${stamp}`,
      regionCode: streetOrg.regionCode,
      managingOrgId: from.id,
    });

    const page = await (await newContext(browser)).newPage();
    await login(page, 'union.district');
    await page.goto(`/orgs/${from.id}`);
    await page.getByRole('heading', { level: 1, name: from.name }).waitFor();
    await settle(page);
    await page.getByRole('tab', { name: '合并' }).click();
    await page.getByLabel('合并到（保留的组织）').fill(into.name);
    await chooseOption(page, page.getByLabel('合并到（保留的组织）'), into.name);
    await page.getByRole('button', { name: '预览合并' }).click();
    const preview = page.getByRole('region', { name: `将从“${from.name}”转入“${into.name}”的记录` });
    await preview.locator('.ant-table-row', { hasText: '管理的阵地' }).waitFor();
    await checkPage(page, 'orgs-merge-preview');
    await preview.getByRole('button', { name: '确认合并' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '确认合并' }).click();
    // The merge moves the rows of every module in one transaction: on a loaded machine it can take longer than a click.
    await dialog.waitFor({ state: 'detached', timeout: 90_000 });
    await page.getByText('该组织已合并或归档，不能再合并。').waitFor();
    const merged = await call<{ status: string }>(d, 'GET', `/api/orgs/${from.id}`);
    expect(merged.status).toBe('merged');
    await page.getByRole('tab', { name: '变更记录' }).click();
    await settle(page);
    await checkPage(page, 'orgs-merge-history');
    await page.close();
  });

  it('leadership composition: an organization and the units below it, with chart and export', async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, 'union.district');
    await page.goto('/leadership');
    await page.getByRole('heading', { level: 2, name: '班子结构统计' }).waitFor();
    await settle(page);
    await page.getByRole('region', { name: '班子结构统计' }).locator('.ant-table-row', { hasText: '合计' }).waitFor();
    await checkPage(page, 'leadership-breakdown');
    await page.close();
  });
});
