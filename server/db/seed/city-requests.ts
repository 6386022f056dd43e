import { sql } from 'kysely';
import { blindIndex, encryptField } from '../../platform/crypto/field-cipher.js';
import { maskPhone } from '../../platform/crypto/masking.js';
import { addWorkingDays, type CalendarData } from '../../modules/calendar/working-days.js';
import { copyRows, type CityContext } from './city.js';
import { fakeName, fakePhone, pick, rng } from './generate.js';
import { chinaDate } from '../../platform/time.js';

/** Requests at scale 1.0 (the platform must hold a million comfortably). */
export const CITY_REQUESTS = 1_000_000;

type Cat = { id: number; code: string; type: string; start: string; acc: number; resp: number; res: number; weight: number };
type Unit = { id: number; path: string };

/** How often each category is filed, per thousand: wages and contracts dominate, as on the hotline. */
const WEIGHTS: Record<string, number> = {
  wages_owed: 260,
  labour_contract: 180,
  work_injury: 70,
  youth_employment: 90,
  family_dispute: 110,
  domestic_violence: 30,
  child_care: 70,
  disability_assistance: 120,
  science_popularisation: 40,
  returnee_entrepreneurship: 30,
};

const TEXTS: Record<string, string[]> = {
  wages_owed: ['公司已拖欠{n}个月工资，多次讨要未果', '工地项目部拖欠农民工工资约{m}元', '离职后单位不结算最后{n}个月工资'],
  labour_contract: ['入职{n}个月未签订劳动合同', '单位单方面解除劳动合同未给补偿', '单位未为本人缴纳社会保险'],
  work_injury: ['工作中受伤，单位不配合申请工伤认定', '工伤认定后单位拒付停工留薪期工资'],
  youth_employment: ['应届毕业生求职，希望获得就业指导', '想参加青年创业培训，咨询报名方式'],
  family_dispute: ['夫妻矛盾长期未解决，希望社区调解', '赡养老人问题兄弟姐妹发生纠纷'],
  domestic_violence: ['遭受家庭暴力，希望获得庇护和法律援助', '邻居家中常有打骂声，担心儿童安全'],
  child_care: ['小区附近缺少普惠托育点', '留守儿童课后无人照看，希望提供帮助'],
  disability_assistance: ['残疾人辅具申请进度咨询', '希望办理残疾证，咨询办理流程', '残疾人就业岗位推荐'],
  science_popularisation: ['希望社区开展老年人防诈骗科普讲座', '学校希望邀请科普专家进校园'],
  returnee_entrepreneurship: ['归侨创业申请场地补贴', '侨眷子女就学政策咨询'],
};

/** Bad reviews are rare; the five levels' shares per thousand. */
const LEVEL_SHARE: Array<[number, number]> = [
  [1, 550],
  [2, 250],
  [3, 120],
  [4, 50],
  [5, 30],
];

const DAY = 86_400_000;
/** An instant on a China-local date at a given hour. */
const at = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);

/**
 * Generates requests over the real regions: routed like intake does (the category's organization type at the
 * community, else the street, else the district), submitted over the two years before the seed day, with
 * working-day deadlines, statuses by age, their event histories, call-backs, ratings and the rectifications of
 * bad reviews; loaded with COPY.
 */
export async function seedCityRequests(ctx: CityContext): Promise<{ requests: number; events: number; ratings: number }> {
  const { db, pool, keyring, scale, progress } = ctx;
  const n = Math.round(CITY_REQUESTS * scale);
  if (n === 0) return { requests: 0, events: 0, ratings: 0 };
  const r = rng(Math.round(scale * 1e6) + 311);

  const cats = (
    await sql<Cat>`SELECT id, code, default_org_type AS type, start_level AS start, sla_accept_days AS acc, sla_response_days AS resp, sla_resolve_days AS res, 0 AS weight
      FROM request_categories WHERE default_org_type IS NOT NULL AND active ORDER BY sort`.execute(db)
  ).rows.map((c) => ({ ...c, weight: WEIGHTS[c.code] ?? 20 }));
  const wheel: Cat[] = cats.flatMap((c) => Array.from({ length: c.weight }, () => c));

  const days = (await sql<{ day: string; kind: string }>`SELECT day::text AS day, kind FROM calendar_days`.execute(db)).rows;
  const years = (await sql<{ year: number }>`SELECT year FROM calendar_years ORDER BY year`.execute(db)).rows.map((y) => y.year);
  const cal: CalendarData = {
    years,
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
  const dueCache = new Map<string, string>();
  const due = (from: string, k: number) => {
    const key = `${from}+${k}`;
    let v = dueCache.get(key);
    if (!v) dueCache.set(key, (v = addWorkingDays(cal, from, k)));
    return v;
  };

  const communities = (
    await sql<{ code: string; path: string; street: string; district: string }>`
    SELECT c.code, c.path::text AS path, c.parent_code AS street, s.parent_code AS district
    FROM regions c JOIN regions s ON s.code = c.parent_code WHERE c.level = 'community' ORDER BY c.code`.execute(db)
  ).rows;
  const units = new Map<string, Unit>();
  for (const o of (
    await sql<{ id: number; path: string; type_code: string; level: string; region_code: string }>`
    SELECT id, path::text AS path, type_code, level, region_code FROM orgs WHERE status = 'active' AND level IN ('community', 'street', 'district', 'city')`.execute(
      db,
    )
  ).rows) {
    const key = `${o.type_code}:${o.level}:${o.region_code}`;
    if (!units.has(key)) units.set(key, { id: o.id, path: o.path });
  }
  const cityCode = (await sql<{ code: string }>`SELECT code FROM regions WHERE level = 'city' LIMIT 1`.execute(db)).rows[0]!.code;
  const route = (c: Cat, g: (typeof communities)[number]): Unit | undefined => {
    const chain: Array<[string, string]> = [
      ['community', g.code],
      ['street', g.street],
      ['district', g.district],
      ['city', cityCode],
    ];
    for (const [level, code] of chain.slice(['community', 'street', 'district', 'city'].indexOf(c.start))) {
      const u = units.get(`${c.type}:${level}:${code}`);
      if (u) return u;
    }
    return undefined;
  };

  // Requesters: one person for about every four requests; some call again (the duplicates intake would flag).
  const requesterCount = Math.max(1, Math.round(n / 4));
  let personId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM people`.execute(db)).rows[0]!.m);
  const firstPerson = personId;
  const requesterHome: number[] = [];
  const requesterPhoneBidx: Buffer[] = [];
  const people: unknown[][] = [];
  for (let i = 0; i < requesterCount; i++) {
    const g = Math.floor(r() * communities.length);
    const home = communities[g]!;
    const phone = fakePhone(r);
    const id = personId++;
    requesterHome.push(g);
    requesterPhoneBidx.push(blindIndex(keyring, 'request.phone', phone));
    people.push([
      id,
      fakeName(r),
      encryptField(keyring, phone, { table: 'people', column: 'phone', rowId: String(id) }),
      blindIndex(keyring, 'person.phone', phone),
      maskPhone(phone),
      home.code,
      home.path,
      home.district,
    ]);
  }
  await copyRows(
    pool,
    'people',
    ['id', 'name', 'phone_enc', 'phone_bidx', 'phone_masked', 'region_code', 'region_path', 'district_code'],
    people,
    people.length,
    progress,
  );
  people.length = 0;
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))`.execute(db);

  const firstId = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM requests`.execute(db)).rows[0]!.m);
  const firstSeq = Number((await sql<{ v: number }>`SELECT nextval('request_number_seq')::bigint AS v`.execute(db)).rows[0]!.v);
  const now = Date.now();
  const span = 730 * DAY;
  const levelWheel = LEVEL_SHARE.flatMap(([lv, w]) => Array.from({ length: w }, () => lv));
  const seedBase = Math.round(scale * 1e6) * 7 + 1_000_003;

  /** The i-th request, its events and rating, from its own random stream: the three COPY passes regenerate it instead of holding millions of rows. */
  const plan = (i: number) => {
    const q = rng(seedBase + i * 2_654_435_761);
    const id = firstId + i;
    const cat = pick(q, wheel);
    const p = Math.floor(q() * requesterCount);
    const g = communities[q() < 0.85 ? requesterHome[p]! : Math.floor(q() * communities.length)]!;
    const unit = route(cat, g);
    if (!unit) return null;
    // Newer requests are more frequent: a gentle growth over the two years.
    const ageMs = Math.floor(span * (1 - Math.sqrt(q()))) + 3_600_000;
    const submitted = new Date(now - ageMs);
    const on = chinaDate(submitted.getTime());
    const acceptDue = due(on, cat.acc);
    const responseDue = due(on, cat.resp);
    const resolveDue = due(on, cat.res);
    const ageDays = ageMs / DAY;
    const u = q();
    // Status by age: old requests are nearly all closed; the last weeks hold the open work.
    let status: string;
    if (ageDays > 45) status = u < 0.93 ? 'closed' : u < 0.97 ? 'resolved' : 'in_progress';
    else if (ageDays > 10) status = u < 0.55 ? 'closed' : u < 0.7 ? 'resolved' : u < 0.9 ? 'in_progress' : u < 0.97 ? 'accepted' : 'dispatched';
    else status = u < 0.1 ? 'closed' : u < 0.2 ? 'resolved' : u < 0.45 ? 'in_progress' : u < 0.75 ? 'accepted' : u < 0.97 ? 'dispatched' : 'returned';
    const late = q() < 0.08;
    const clamp = (d: Date | null) => (d && d.getTime() > now ? new Date(now - 60_000) : d);
    const acc = clamp(
      status === 'dispatched' || status === 'returned' ? null : at(late ? due(acceptDue, 1) : q() < 0.5 ? on : acceptDue, 9 + Math.floor(q() * 8)),
    );
    const resp = clamp(acc && status !== 'accepted' ? at(q() < 0.9 ? responseDue : due(responseDue, 2), 10 + Math.floor(q() * 7)) : null);
    const resv = clamp(
      status === 'resolved' || status === 'closed'
        ? at(q() < 0.88 ? due(on, Math.max(1, Math.floor(cat.res * q()))) : due(resolveDue, 3), 14 + Math.floor(q() * 4))
        : null,
    );
    const clo = clamp(status === 'closed' ? new Date(resv!.getTime() + (1 + Math.floor(q() * 3)) * DAY) : null);
    const callback = clo && q() < 0.92 ? new Date(Math.min(now - 60_000, clo.getTime() + DAY)) : null;
    const text = pick(q, TEXTS[cat.code] ?? ['咨询相关政策'])
      .replace('{n}', String(1 + Math.floor(q() * 6)))
      .replace('{m}', String((1 + Math.floor(q() * 90)) * 1000));
    const number = `QH-${on.slice(0, 4)}-${String(firstSeq + i).padStart(6, '0')}`;
    const events: unknown[][] = [];
    const ev = (kind: string, when: Date, note: string, pub: boolean, target: number | null = null) =>
      events.push([id, events.length + 1, kind, null, null, target, note, pub, when.toISOString()]);
    ev('submit', submitted, '', true, unit.id);
    if (acc) ev('accept', acc, '', true);
    if (resp) ev('respond', resp, '已联系当事人，正在核实办理', true);
    if (resv) ev('resolve', resv, '已协调解决并答复来电人', true);
    if (clo) ev('close', clo, '', true);
    if (callback) ev('callback', callback, '电话回访', false);
    let rating: unknown[] | null = null;
    if (clo && q() < 0.6) {
      const level = pick(q, levelWheel);
      const ratedAt = new Date(Math.min(now - 30_000, clo.getTime() + 2 * DAY));
      ev('rate', ratedAt, ['', '非常满意', '满意', '基本满意', '不满意', '非常不满意'][level]!, true);
      rating = ['request', id, unit.id, level, '', ratedAt.toISOString()];
    }
    const row = [
      id,
      number,
      cat.id,
      pick(q, ['portal', 'phone', 'phone', 'walk_in', 'open311']),
      text,
      '{}',
      g.code,
      g.path,
      null,
      null,
      firstPerson + p,
      requesterPhoneBidx[p],
      status,
      unit.id,
      submitted.toISOString(),
      on,
      acceptDue,
      responseDue,
      resolveDue,
      acc?.toISOString() ?? null,
      resp?.toISOString() ?? null,
      resv?.toISOString() ?? null,
      clo?.toISOString() ?? null,
      resv ? '已协调解决并答复来电人' : null,
      events.length,
      callback?.toISOString() ?? null,
      callback ? '电话回访，来电人认可处理结果' : null,
      callback ? true : null,
    ];
    return { row, events, rating };
  };
  // COPY in chunks: one statement per chunk stays well inside the pool's statement timeout.
  const CHUNK = 50_000;
  function* each<T>(from: number, to: number, f: (x: NonNullable<ReturnType<typeof plan>>) => Iterable<T>) {
    for (let i = from; i < to; i++) {
      const x = plan(i);
      if (x) yield* f(x);
    }
  }
  const copyChunked = async <T extends unknown[]>(
    table: string,
    columns: string[],
    f: (x: NonNullable<ReturnType<typeof plan>>) => Iterable<T>,
    perRequest: number,
  ) => {
    let rows = 0;
    for (let from = 0; from < n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK);
      const base = rows;
      rows += await copyRows(
        pool,
        table,
        columns,
        () => each(from, to, f),
        (to - from) * perRequest,
        (t, done, _total, rps) => progress?.(t, base + done, Math.round(n * perRequest), rps),
      );
    }
    return rows;
  };

  const requestCount = await copyChunked(
    'requests',
    [
      'id',
      'number',
      'category_id',
      'channel',
      'description',
      'fields',
      'region_code',
      'region_path',
      'address_enc',
      'address_masked',
      'person_id',
      'contact_phone_bidx',
      'status',
      'org_id',
      'submitted_at',
      'submitted_on',
      'accept_due',
      'response_due',
      'resolve_due',
      'accepted_at',
      'responded_at',
      'resolved_at',
      'closed_at',
      'reply',
      'version',
      'callback_at',
      'callback_note',
      'callback_reached',
    ],
    (x) => [x.row],
    1,
  );
  await sql`SELECT setval(pg_get_serial_sequence('requests', 'id'), (SELECT max(id) FROM requests))`.execute(db);
  await sql`SELECT setval('request_number_seq', ${firstSeq + n})`.execute(db);
  const eventCount = await copyChunked(
    'request_events',
    ['request_id', 'version', 'kind', 'actor_id', 'org_id', 'target_org_id', 'note', 'public', 'at'],
    (x) => x.events,
    6,
  );
  const ratingCount = await copyChunked(
    'ratings',
    ['subject_type', 'subject_id', 'org_id', 'level', 'comment', 'rated_at'],
    (x) => (x.rating ? [x.rating] : []),
    0.45,
  );
  // Bad reviews open rectifications due 15 working days after the rating; older ones are done with their call-back.
  const bad = (
    await sql<{ id: number; org_id: number; on: string; old: boolean }>`
    SELECT id, org_id, (rated_at AT TIME ZONE 'Asia/Shanghai')::date::text AS on, rated_at < now() - interval '30 days' AS old
    FROM ratings WHERE subject_type = 'request' AND level >= 4 AND subject_id >= ${firstId}`.execute(db)
  ).rows;
  await copyRows(
    pool,
    'rating_rectifications',
    ['rating_id', 'org_id', 'status', 'due', 'measures', 'callback_note', 'callback_at', 'completed_at'],
    bad.map((b) => {
      const d = due(b.on, 15);
      const done = b.old && r() < 0.95;
      const when = done ? at(due(b.on, 5 + Math.floor(r() * 10)), 15).toISOString() : null;
      return [b.id, b.org_id, done ? 'done' : 'open', d, done ? '约谈承办人员，完善办理流程' : null, done ? '已回访，来电人表示理解' : null, when, when];
    }),
    bad.length,
    progress,
  );
  // VACUUM sets the visibility map after the bulk load, so the inbox's counts can be answered from the indexes alone.
  await sql`VACUUM (ANALYZE) requests`.execute(db);
  await sql`VACUUM (ANALYZE) request_events`.execute(db);
  await sql`VACUUM (ANALYZE) ratings`.execute(db);
  return { requests: requestCount, events: eventCount, ratings: ratingCount };
}
