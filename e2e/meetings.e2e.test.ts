import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, call, checkPage, launch, login, newContext, openMenu, settle, staffSession } from './helpers.js';

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const stamp = Date.now() % 100000;

/**
 * Joint meetings end to end: the coordination office schedules a quarterly meeting, builds its agenda, records the
 * minutes and a decision that becomes an action item; the education bureau accepts it, reports progress and
 * completion; the next meeting's agenda carries it; the project portfolio.
 */
describe('joint meetings: from the table to the next agenda', () => {
  let browser: Browser;
  let office: Page;
  let seriesTitle = '';
  let seriesId = 0;
  let nextId = 0;
  const itemTitle = `落实校园科创推广${stamp}`;

  beforeAll(async () => {
    browser = await launch();
    const s = await staffSession('coordinator');
    const edu = await staffSession('dept.edu');
    const fin = await staffSession('dept.finance');
    seriesTitle = `群团改革项目推进会${stamp}`;
    seriesId = (
      await call<{ id: number }>(s, 'POST', '/api/meeting-series', {
        title: seriesTitle,
        cadence: 'quarterly',
        convenor: '市委群团工作领导小组',
        memberOrgIds: [edu.orgId, fin.orgId],
      })
    ).id;
    nextId = (await call<Array<{ id: number }>>(s, 'POST', `/api/meeting-series/${seriesId}/occurrences`, { day: day(75) }))[0]!.id;
    office = await (await newContext(browser)).newPage();
    await login(office, 'coordinator');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the secretariat schedules the meeting, builds the agenda, records minutes and a decision with an item', async () => {
    await openMenu(office, '联席会议', '联席会议与督办');
    await office.getByText('已召开会议').waitFor();
    // Under the figures: items and the on-time rate per lead organization, a table in its own titled section.
    const rates = office.getByRole('region', { name: '按牵头单位的按期办结率' });
    await rates.getByRole('heading', { name: '按牵头单位的按期办结率' }).waitFor();
    await rates.getByRole('table').first().waitFor();
    expect(await rates.getByRole('columnheader', { name: /按期办结率/ }).count()).toBeGreaterThan(0);
    await checkPage(office, 'meetings-list');
    // The office's calendar address: created in the dialog, served as iCalendar with the series' meetings.
    await office.getByRole('button', { name: '日历订阅' }).click();
    const feed = office.getByRole('dialog');
    await feed.getByRole('button', { name: '生成订阅地址' }).click();
    const link = feed.getByRole('link', { name: /\/api\/meeting-feeds\/.+\.ics$/ });
    await link.waitFor();
    await checkPage(office, 'meetings-feed');
    const ics = await fetch(new URL((await link.getAttribute('href'))!, baseUrl()));
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toContain(seriesTitle);
    await office.keyboard.press('Escape');
    await feed.waitFor({ state: 'detached' });
    await office.getByRole('tab', { name: '会议系列' }).click();
    await settle(office);
    await office.locator('.ant-table-row', { hasText: seriesTitle }).getByRole('button', { name: '排期' }).click();
    const dlg = office.getByRole('dialog');
    await dlg.getByLabel('指定日期（不定期）').fill(day(14));
    await dlg.getByLabel('指定日期（不定期）').press('Enter');
    await checkPage(office, 'meetings-schedule');
    await dlg
      .getByRole('button', { name: '排期' })
      .or(dlg.getByRole('button', { name: '排 期' }))
      .click();
    await dlg.waitFor({ state: 'detached' });
    await office.getByRole('tab', { name: '会议安排' }).click();
    await settle(office);
    await office.locator('.ant-table-row', { hasText: seriesTitle }).first().getByRole('link').click();
    await office.getByRole('heading', { level: 1, name: new RegExp(seriesTitle) }).waitFor();
    await settle(office);

    await office.getByRole('button', { name: '提出议题' }).click();
    const topic = office.getByRole('dialog');
    await topic.getByLabel('议题', { exact: true }).fill('通报改革项目推进情况');
    await topic
      .getByRole('button', { name: '提交' })
      .or(topic.getByRole('button', { name: '提 交' }))
      .click();
    await topic.waitFor({ state: 'detached' });
    await settle(office);
    await office.getByRole('checkbox', { name: '列入议程 通报改革项目推进情况' }).check();
    await office.getByRole('button', { name: '保存并发布议程' }).click();
    await settle(office);
    await office.getByText('已发布').first().waitFor();

    await office.getByLabel('会议纪要', { exact: true }).fill('会议听取了改革项目推进情况汇报。');
    await office.getByRole('button', { name: '保存纪要' }).click();
    await settle(office);

    await office.getByRole('button', { name: '记录议定事项' }).click();
    const dec = office.getByRole('dialog');
    await dec.getByLabel('议定内容').fill('各成员单位加快推进改革项目。');
    await dec.getByLabel('督办事项', { exact: true }).fill(itemTitle);
    await dec.getByLabel('预期成果').fill('推广方案印发');
    await dec.getByLabel('牵头单位').click();
    await dec.getByLabel('牵头单位').fill('成都市教育局');
    await office.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '成都市教育局' }).first().waitFor();
    await office.keyboard.press('Enter');
    // The chosen department shows in the field (the dropdown itself is rendered outside the dialog).
    await dec.getByTitle('成都市教育局', { exact: true }).waitFor();
    await dec.getByLabel('或会后工作日数').fill('10');
    await checkPage(office, 'meetings-decision');
    await dec
      .getByRole('button', { name: '保存' })
      .or(dec.getByRole('button', { name: '保 存' }))
      .click();
    await dec.waitFor({ state: 'detached' });
    await settle(office);
    await office.getByRole('link', { name: itemTitle }).waitFor();
    await checkPage(office, 'meetings-occurrence');
    // The meeting pack downloads as one PDF.
    const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('link', { name: '下载会议材料' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^meeting-pack-\d{4}-\d{2}-\d{2}-\d+\.pdf$/);
    expect((await readFile((await download.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the lead department accepts, reports progress and completion; the next meeting carries the item', async () => {
    const dept = await (await newContext(browser)).newPage();
    await login(dept, 'dept.edu');
    await openMenu(dept, '联席会议', '联席会议与督办');
    await dept.getByRole('tab', { name: '我的督办事项' }).click();
    await settle(dept);
    await dept.getByRole('link', { name: itemTitle }).click();
    await dept.getByRole('heading', { level: 1, name: itemTitle }).waitFor();
    await settle(dept);
    const step = async (button: string, note?: { label: string; text: string }) => {
      await dept.getByRole('button', { name: button, exact: true }).click();
      const d = dept.getByRole('dialog');
      if (note) await d.getByLabel(note.label).fill(note.text);
      await d
        .getByRole('button', { name: '提交' })
        .or(d.getByRole('button', { name: '提 交' }))
        .click();
      await d.waitFor({ state: 'detached' });
      await settle(dept);
    };
    await step('签收');
    await step('报告进展', { label: '说明', text: '已完成方案初稿。' });
    await dept.getByRole('button', { name: '报告办结', exact: true }).click();
    await dept.getByRole('dialog').getByLabel('办结材料').fill('推广方案已印发。');
    await checkPage(dept, 'meetings-item-complete');
    await dept
      .getByRole('dialog')
      .getByRole('button', { name: '提交' })
      .or(dept.getByRole('dialog').getByRole('button', { name: '提 交' }))
      .click();
    await dept.getByRole('dialog').waitFor({ state: 'detached' });
    await settle(dept);
    await dept.getByText('待审核').first().waitFor();
    await checkPage(dept, 'meetings-item');

    await office.goto(`/meeting-occurrences/${nextId}`);
    await office.getByRole('heading', { level: 1, name: new RegExp(seriesTitle) }).waitFor();
    await settle(office);
    await expect.poll(() => office.getByRole('link', { name: itemTitle }).isVisible()).toBe(true);
    await checkPage(office, 'meetings-next-agenda');
  });

  it('the project portfolio and a project', async () => {
    await openMenu(office, '重大项目', '重大项目');
    await office.locator('.ant-table-row').first().waitFor();
    await checkPage(office, 'projects-portfolio');
    await office.getByRole('link', { name: '第七届全国职工职业技能大赛决赛' }).click();
    await office.getByRole('heading', { level: 1, name: '第七届全国职工职业技能大赛决赛' }).waitFor();
    await checkPage(office, 'projects-detail');
  });
});
