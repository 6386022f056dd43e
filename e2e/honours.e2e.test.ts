import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baseUrl,
  call,
  checkPage,
  chooseOption,
  confirmDialog,
  fillDate,
  launch,
  login,
  newContext,
  phoneContext,
  openMenu,
  settle,
  staffSession,
  tableRows,
  type StaffSession as Session,
} from './helpers.js';

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const stamp = Date.now() % 100000;
const phone = `136${String(10_000_000 + stamp * 10).slice(-8)}`;

/**
 * Honours end to end: the city union runs a programme; a street nominates and forwards, the district forwards,
 * the city asks the vetting departments, shortlists after an objection with a written decision and publishes the
 * notice; a citizen reads the notice on a phone and lodges an objection; the certificate verification page.
 */
describe('honours: nomination from below to public notice', () => {
  let browser: Browser;
  let street: Page;
  let phoneCtx: BrowserContext;
  let citizen: Page;
  let programme: { id: number; title: string };
  let streetName = '';
  let city: Session;
  const nominee = `测试候选${String.fromCharCode(0x4e00 + (stamp % 200))}英`;

  beforeAll(async () => {
    browser = await launch();
    city = await staffSession('union.city');
    const vetters = await Promise.all(['vet.jiwei', 'vet.police'].map(staffSession));
    const districts = ['510104', '510105'];
    const title = `${stamp}年度成都市五一劳动奖章评选（测试）`;
    const p = await call<{ id: number }>(city, 'POST', '/api/honour-programmes', {
      title,
      awardTitle: '成都市五一劳动奖章',
      year: 2027,
      kinds: ['individual', 'collective'],
      criteria: [{ key: 'years_of_work', type: 'number', labelZh: '工龄（年）', labelEn: 'Years of work', required: true, min: 0, max: 60 }],
      documents: [{ key: 'deeds_report', labelZh: '先进事迹材料', labelEn: 'Report of deeds' }],
      rules: [
        { attribute: 'frontline', op: 'min', percent: 60 },
        { attribute: 'female', op: 'min', percent: 20 },
      ],
      allowException: true,
      nominationFrom: day(-3),
      nominationTo: day(20),
      reviewTo: day(30),
      noticeDays: 5,
      announceOn: day(50),
      quotas: districts.map((districtCode) => ({ districtCode, quota: 5 })),
      vetterOrgIds: vetters.map((v) => v.orgId),
    });
    programme = { id: p.id, title };
    const s = await staffSession('union.street');
    const me = await call<{ scope: { regionPath: string } }>(s, 'GET', '/api/auth/me');
    streetName = (await call<{ name: string }>(s, 'GET', `/api/regions/${me.scope.regionPath.split('.').pop()}`)).name;
    street = await (await newContext(browser)).newPage();
    await login(street, 'union.street');
    phoneCtx = await phoneContext(browser);
    citizen = await phoneCtx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a street nominates a frontline woman and forwards her within the district quota', async () => {
    await openMenu(street, '评选表彰', '评选表彰');
    await tableRows(street);
    await checkPage(street, 'honours-list');
    await street.getByRole('link', { name: programme.title }).click();
    await street.getByRole('heading', { level: 1, name: programme.title }).waitFor();
    await settle(street);
    await checkPage(street, 'honours-programme-street');

    await street.getByRole('button', { name: '推荐对象' }).click();
    const dialog = street.getByRole('dialog');
    await dialog.getByLabel('姓名').fill(nominee);
    await dialog.getByLabel('手机号').fill(phone);
    await dialog.getByRole('radio', { name: '女' }).check();
    await dialog.getByLabel('所在区域').fill(streetName);
    await chooseOption(street, dialog.getByLabel('所在区域'), streetName);
    await dialog.getByRole('checkbox', { name: '一线职工和技术人员' }).check();
    await dialog.getByLabel('工作单位').fill('成都蜀锦智能制造有限公司');
    await dialog.getByLabel('职务（岗位）').fill('焊工班班长');
    await dialog.getByLabel('简要事迹（公示用）').fill('扎根生产一线二十年，带领班组攻克精密焊接难题。');
    await dialog.getByLabel('推荐意见').fill('经职工推荐、本单位研究，同意推荐。');
    await dialog.getByLabel('工龄（年）').fill('20');
    await dialog.getByLabel('先进事迹材料').fill('先进事迹材料.pdf');
    await checkPage(street, 'honours-nominate');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'detached' });
    await settle(street);

    const masked = `${nominee.slice(0, 1)}${'*'.repeat(Array.from(nominee).length - 1)}`;
    await street.getByRole('checkbox', { name: `选择${masked}` }).check();
    await street.getByRole('button', { name: '上报所选（1）' }).click();
    const fwd = street.getByRole('dialog');
    await fwd.getByText('上报占用本区（市）县名额').waitFor();
    await checkPage(street, 'honours-forward');
    await fwd
      .getByRole('button', { name: '上 报' })
      .or(fwd.getByRole('button', { name: '上报' }))
      .click();
    await fwd.waitFor({ state: 'detached' });
    await settle(street);
    await expect.poll(() => street.locator('.ant-table-row', { hasText: masked }).getByText('区县审核').isVisible()).toBe(true);
  });

  it('the district forwards to the city, which asks for vetting, overrules an objection in writing and publishes the notice', async () => {
    const district = await (await newContext(browser)).newPage();
    await login(district, 'union.district');
    await district.goto(`/honours/${programme.id}`);
    await district.getByRole('heading', { level: 1, name: programme.title }).waitFor();
    await settle(district);
    await checkPage(district, 'honours-programme-district');
    await district.locator('.ant-table-row', { hasText: '区县审核' }).getByRole('checkbox').check();
    await district.getByRole('button', { name: '上报所选（1）' }).click();
    const fwd = district.getByRole('dialog');
    await fwd
      .getByRole('button', { name: '上 报' })
      .or(fwd.getByRole('button', { name: '上报' }))
      .click();
    await fwd.waitFor({ state: 'detached' });
    await settle(district);
    await district.locator('.ant-table-row', { hasText: '市级评审' }).waitFor();

    const cityPage = await (await newContext(browser)).newPage();
    await login(cityPage, 'union.city');
    await cityPage.goto(`/honours/${programme.id}`);
    await cityPage.getByRole('heading', { level: 1, name: programme.title }).waitFor();
    await settle(cityPage);
    await cityPage.getByRole('button', { name: '征求意见' }).click();
    await confirmDialog(cityPage);
    await settle(cityPage);

    // One department gives its opinion in the console, the other objects through the API.
    const jiwei = await (await newContext(browser)).newPage();
    await login(jiwei, 'vet.jiwei');
    await openMenu(jiwei, '评选表彰', '评选表彰');
    await jiwei.getByRole('link', { name: programme.title }).click();
    await jiwei.getByRole('heading', { level: 1, name: programme.title }).waitFor();
    await settle(jiwei);
    await jiwei.locator('.ant-table-row', { hasText: '市级评审' }).getByRole('link').click();
    await jiwei.getByRole('heading', { level: 1, name: /^推荐对象 / }).waitFor();
    await settle(jiwei);
    await jiwei.getByRole('button', { name: '出具意见' }).click();
    await jiwei.getByRole('dialog').getByRole('radio', { name: '无异议' }).check();
    await checkPage(jiwei, 'honours-vet');
    await jiwei.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await jiwei.getByRole('dialog').waitFor({ state: 'detached' });
    const nominationId = Number(new URL(jiwei.url()).pathname.split('/').pop());
    const police = await staffSession('vet.police');
    await call(police, 'POST', `/api/honour-nominations/${nominationId}/vet`, { verdict: 'objection', reason: '2025年有一起交通违法记录待核实' });

    await cityPage.goto(`/honour-nominations/${nominationId}`);
    await cityPage.getByRole('heading', { level: 1, name: /^推荐对象 / }).waitFor();
    await settle(cityPage);
    await cityPage.getByText('有异议', { exact: true }).waitFor();
    await checkPage(cityPage, 'honours-nomination-city');
    await cityPage.getByRole('button', { name: '评审决定' }).click();
    const decide = cityPage.getByRole('dialog');
    await decide.getByRole('button', { name: '提交' }).click();
    await decide.getByText('须填写处理决定').waitFor();
    await decide.getByLabel('决定说明（有征求意见异议，必填）').fill('经核实，交通违法已处理完毕，不影响评选，同意列入拟表彰名单。');
    await checkPage(cityPage, 'honours-decide');
    await decide.getByRole('button', { name: '提交' }).click();
    await decide.waitFor({ state: 'detached' });
    await settle(cityPage);
    await cityPage.getByText('拟表彰', { exact: true }).first().waitFor();

    await cityPage.goto(`/honours/${programme.id}`);
    await cityPage.getByRole('heading', { level: 1, name: programme.title }).waitFor();
    await settle(cityPage);
    await cityPage.getByRole('button', { name: '发布公示' }).click();
    await confirmDialog(cityPage);
    await settle(cityPage);
    await cityPage.getByText('公示中', { exact: true }).first().waitFor();
    await checkPage(cityPage, 'honours-programme-city');
  });

  it('a citizen reads the notice on a phone (no personal field) and lodges an objection after signing in', async () => {
    await citizen.goto('/portal/honours');
    await citizen.getByRole('heading', { level: 1, name: '评选表彰公示' }).waitFor();
    await settle(citizen);
    await checkPage(citizen, 'portal-honours');
    await citizen.getByRole('link', { name: programme.title }).click();
    await citizen.getByRole('heading', { level: 1, name: programme.title }).waitFor();
    await citizen.getByRole('heading', { level: 2, name: nominee }).waitFor();
    await settle(citizen);
    const text = (await citizen.locator('main').textContent()) ?? '';
    expect(text).toContain('成都蜀锦智能制造有限公司');
    expect(text).not.toContain(phone);
    expect(text).not.toContain(phone.slice(0, 3) + '****');
    await checkPage(citizen, 'portal-honour-notice');

    // Without a citizen session the objection asks for the phone sign-in first.
    await citizen.getByRole('button', { name: `对“${nominee}”提出异议` }).click();
    await citizen.waitForURL(`**/portal/sign-in?next=/portal/honours/${programme.id}`);
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const objector = `137${String(10_000_000 + stamp * 10 + 1).slice(-8)}`;
    const { demoCode } = (await (await post('/api/portal/auth/code', { phone: objector })).json()) as { demoCode: string };
    const s = await staffSession('union.community');
    const region = (await call<{ scope: { regionPath: string } }>(s, 'GET', '/api/auth/me')).scope.regionPath.split('.').pop()!;
    const r = await post('/api/portal/auth/verify', { phone: objector, code: demoCode, name: '监督市民', regionCode: region });
    const [name, value] = r.headers.getSetCookie()[0]!.split(';')[0]!.split('=');
    await phoneCtx.addCookies([{ name: name!, value: value!, url: baseUrl() }]);

    await citizen.goto(`/portal/honours/${programme.id}`);
    await citizen.getByRole('heading', { level: 2, name: nominee }).waitFor();
    await settle(citizen);
    await citizen.getByRole('button', { name: `对“${nominee}”提出异议` }).click();
    const dialog = citizen.getByRole('dialog');
    await dialog.getByLabel('反映内容及证据').fill('该候选人2026年多次不在岗，事迹材料中的攻关项目另有负责人，请核实。');
    await checkPage(citizen, 'portal-honour-objection');
    await dialog
      .getByRole('button', { name: '提交' })
      .or(dialog.getByRole('button', { name: '提 交' }))
      .click();
    await citizen.getByText('您的反映已提交，我们将调查核实。').waitFor();
  });

  it('last year’s certificate downloads as a PDF and its QR address verifies it on a phone', async () => {
    const programmes = await call<{ items: Array<{ id: number; status: string; title: string }> }>(city, 'GET', '/api/honour-programmes');
    const announced = programmes.items.find((p) => p.status === 'announced')!;
    const awards = await call<{ items: Array<{ id: number; nominationId: number; number: string; verifyPath: string }> }>(
      city,
      'GET',
      `/api/honour-programmes/${announced.id}/awards`,
    );
    expect(awards.items.length).toBeGreaterThan(0);
    const award = awards.items[0]!;
    const pdf = await fetch(`${baseUrl()}/api/honour-awards/${award.id}/certificate`, { headers: { cookie: city.cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const cityPage = await (await newContext(browser)).newPage();
    await login(cityPage, 'union.city');
    await cityPage.goto(`/honours/${announced.id}`);
    await cityPage.getByRole('heading', { level: 1, name: announced.title }).waitFor();
    await settle(cityPage);
    await cityPage.getByText(award.number).waitFor();
    await checkPage(cityPage, 'honours-programme-announced');
    // The honour is on the person's record.
    const awardee = await call<{ items: Array<{ id: number; stage: string }> }>(
      city,
      'GET',
      `/api/honour-programmes/${announced.id}/nominations?stage=awarded`,
    );
    const withAward = awardee.items.find((n) => n.id === award.nominationId)!;
    await cityPage.goto(`/honour-nominations/${withAward.id}`);
    await cityPage.getByRole('link', { name: '查看人员档案' }).click();
    await cityPage.getByRole('heading', { level: 2, name: '获得荣誉' }).waitFor();
    await settle(cityPage);
    await cityPage.getByText('成都市五一劳动奖章').first().waitFor();
    await checkPage(cityPage, 'person-honours');

    await citizen.goto(award.verifyPath);
    await citizen.getByRole('heading', { level: 1, name: '荣誉证书核验' }).waitFor();
    await citizen.getByText('证书真实有效').waitFor();
    await citizen.getByText(award.number).waitFor();
    await checkPage(citizen, 'portal-honour-verify');
  });

  it('the city union creates a programme with rules, typed criteria, documents and district quotas', async () => {
    const page = await (await newContext(browser)).newPage();
    await login(page, 'union.city');
    await openMenu(page, '评选表彰', '评选表彰');
    await page.getByRole('button', { name: '新建评选项目' }).click();
    await page.getByRole('heading', { level: 1, name: '新建评选项目' }).waitFor();
    await settle(page);
    const title = `${stamp}年度成都市三八红旗手评选（测试）`;
    await page.getByLabel('评选项目').fill(title);
    await page.getByLabel('荣誉称号').fill('成都市三八红旗手');
    await fillDate(page, '推荐开始', day(0));
    await fillDate(page, '推荐截止', day(20));
    await fillDate(page, '评审截止', day(30));
    await fillDate(page, '计划公布日期', day(45));
    await page.getByRole('button', { name: '添加填报项' }).click();
    await page.getByLabel('字段标识').first().fill('years_of_work');
    await page.getByLabel('中文名称').first().fill('工龄（年）');
    await page.getByLabel('英文名称').first().fill('Years of work');
    await page.getByLabel('锦江区名额').fill('4');
    await page.getByLabel('青羊区名额').fill('3');
    await checkPage(page, 'honours-create');
    await page
      .getByRole('button', { name: '提 交' })
      .or(page.getByRole('button', { name: '提交' }))
      .click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await settle(page);
    await page.locator('.ant-table-row', { hasText: '锦江区' }).getByText('4', { exact: true }).waitFor();
  });

  it('the verification page answers for a certificate number and token, and refuses a forged one', async () => {
    await citizen.goto('/portal/honours/verify?no=RY-2027-999999&t=forgedforgedforged');
    await citizen.getByRole('heading', { level: 1, name: '荣誉证书核验' }).waitFor();
    await citizen.getByText('未查到该证书，或核验码不正确。').waitFor();
    await checkPage(citizen, 'portal-honour-verify-invalid');
  });
});
