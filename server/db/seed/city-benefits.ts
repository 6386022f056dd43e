import { sql, type RawBuilder } from 'kysely';
import { copyRows, type CityContext } from './city.js';
import { chinaDate, chinaToday } from '../../platform/time.js';
import { periodKey, rankEntrants } from '../../modules/benefits/benefits.policy.js';
import { pick, rng } from './generate.js';

const DAY = 86_400_000;

/** The benefits of Chengdu at scale 1.0: offers, claims, providers, and person-times of a year. */
export const CITY_BENEFITS = { offers: 3_000, claims: 13_500_000, providers: 300, personTimes: 150_000_000, claimantShare: 0.4 };

const KINDS = ['free_service', 'discount', 'voucher', 'goods', 'subsidy', 'mutual_aid', 'education_grant', 'seasonal_care'] as const;
type Kind = (typeof KINDS)[number];
// Aid that a union reviews; the rest is first come first served.
const REVIEWED = new Set<Kind>(['subsidy', 'mutual_aid', 'education_grant', 'seasonal_care']);
const TITLES: Record<Kind, string[]> = {
  free_service: ['职工免费体检', '职工法律咨询', '职工心理疏导', '职工在线技能课'],
  discount: ['职工影院八折', '职工餐饮优惠', '职工健身卡优惠', '职工书店折扣'],
  voucher: ['职工观影券', '职工消费券', '职工游泳券', '职工景区门票'],
  goods: ['职工生日蛋糕', '职工节日慰问品', '职工图书礼包'],
  subsidy: ['困难职工生活补助', '职工子女托管补贴'],
  mutual_aid: ['职工互助保障', '女职工安康互助保障'],
  education_grant: ['金秋助学'],
  seasonal_care: ['夏季送清凉', '冬季送温暖'],
};
const BRANDS = ['蓉城', '锦江', '天府', '芙蓉', '青羊', '金沙', '熊猫', '宽窄', '望江', '浣花'];
const TRADES = ['影城', '健康体检中心', '健身会所', '书店', '餐饮', '旅行社', '教育科技', '保险服务', '商贸', '文旅'];
// Voucher codes: 12 characters of the claim alphabet, a fixed prefix and the claim id scrambled bijectively.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const SPACE = 34 ** 8;
function voucherCode(id: number): string {
  let x = (id * 1_000_003) % SPACE;
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = ALPHABET[x % 34]! + s;
    x = Math.floor(x / 34);
  }
  return `SEED${s}`;
}

type Offer = {
  id: number;
  orgId: number;
  path: string;
  district: string | null;
  kind: Kind;
  mode: 'fcfs' | 'review' | 'lottery';
  limit: number;
  period: 'offer' | 'month' | 'year';
  from: number;
  to: number;
  voucherDays: number;
  slices: number;
  lo: number;
  hi: number;
  claims: number;
  quota: number;
  online: boolean;
  /** A lottery drawn after its window closed: the seed, the entrant claim ids and the places, as the draw records them. */
  draw: { seed: string; entrants: number[]; places: number; at: number } | null;
};

/**
 * Benefit offers of unions at every level with their providers, claims by members of the offers' subtrees within
 * quota and per-member limits (issued, redeemed, expired, cancelled, rejected) over the last twelve months, the
 * quota slices and per-member counters equal to those claims, and person-times per offer and day: redemptions
 * counted from the claims, online services' daily reports. Claimants are a share of the active members, each given
 * a person record (no ID number or phone) so that a claim belongs to a person as the portal's claims do.
 */
export async function seedCityBenefits(ctx: CityContext): Promise<{ offers: number; claims: number; usage: number }> {
  const { db, pool, scale, progress } = ctx;
  // Set-wide statements of a bulk load run without the pool's statement timeout.
  const bulk = <T>(q: RawBuilder<T>): Promise<T[]> =>
    db.transaction().execute(async (trx) => {
      await sql`SET LOCAL statement_timeout = 0`.execute(trx);
      await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
      return (await q.execute(trx)).rows;
    });
  const r = rng(Math.round(scale * 1e6) + 23);
  const city = (await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'city' LIMIT 1`.execute(db)).rows[0]!;
  const unions = (
    await sql<{ id: number; level: string; path: string; region_path: string; name: string }>`
      SELECT id::int AS id, level, path::text AS path, region_path::text AS region_path, name FROM orgs
      WHERE type_code = 'union' AND status = 'active' ORDER BY id`.execute(db)
  ).rows;
  if (unions.length === 0) return { offers: 0, claims: 0, usage: 0 };

  // Claimants: every n-th active member gets a person record and is linked to it.
  const step = Math.max(1, Math.round(1 / CITY_BENEFITS.claimantShare));
  const personBase = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) AS m FROM people`.execute(db)).rows[0]!.m);
  await bulk(sql`
    INSERT INTO people (id, name, gender, region_code, region_path, district_code, org_id, groups)
    OVERRIDING SYSTEM VALUE
    SELECT ${personBase} + m.id, m.name_masked, m.gender, m.region_code, m.region_path, subpath(m.region_path, 1, 1)::text, m.org_id, '{worker}'
    FROM union_members m WHERE m.person_id IS NULL AND m.left_on IS NULL AND m.id % ${step} = 0`);
  await bulk(sql`UPDATE union_members SET person_id = ${personBase} + id WHERE person_id IS NULL AND left_on IS NULL AND id % ${step} = 0`);
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))`.execute(db);
  const claimants = await bulk(sql<{ id: number; person_id: number; org_id: number; key: string; district: string; joined: number }>`
      SELECT id::int AS id, person_id::int AS person_id, org_id::int AS org_id, org_path::text || '.' AS key,
        coalesce(subpath(region_path, 1, 1)::text, '') AS district, (extract(epoch FROM joined_on) * 1000)::float8 AS joined
      FROM union_members WHERE person_id > ${personBase} AND status = 'active' ORDER BY org_path::text || '.' COLLATE "C"`);
  progress?.('people (claimants)', claimants.length, claimants.length, 0);
  const lowerBound = (k: string) => {
    let lo = 0;
    let hi = claimants.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (claimants[mid]!.key < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // Providers: partner organizations at city level.
  let nextOrg = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM orgs`.execute(db)).rows[0]!.m);
  const providers: Array<{ id: number; name: string }> = [];
  for (let i = 0; i < Math.max(2, Math.round(CITY_BENEFITS.providers * scale)); i++) {
    const id = nextOrg++;
    providers.push({
      id,
      name: `${BRANDS[i % BRANDS.length]}${TRADES[Math.floor(i / BRANDS.length) % TRADES.length]}${i >= 100 ? `${Math.floor(i / 100) + 1}店` : ''}（普惠服务商）`,
    });
  }
  await copyRows(
    pool,
    'orgs',
    ['id', 'type_code', 'parent_id', 'path', 'name', 'level', 'region_code', 'region_path'],
    providers.map((p) => [p.id, 'provider', null, String(p.id), p.name, 'city', city.code, city.path]),
    providers.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT max(id) FROM orgs))`.execute(db);

  // Offers: the city union and every district a share, streets and grassroots unions the rest.
  const today = Date.parse(`${chinaToday()}T00:00:00+08:00`);
  const now = Date.now();
  const byLevel = new Map<string, typeof unions>();
  for (const u of unions) (byLevel.get(u.level) ?? byLevel.set(u.level, []).get(u.level)!).push(u);
  const total = Math.max(KINDS.length, Math.round(CITY_BENEFITS.offers * scale));
  const publishers: typeof unions = [];
  const shares: Array<[string, number]> = [
    ['city', 0.02],
    ['district', 0.15],
    ['street', 0.33],
    ['community', 0.1],
    ['grassroots', 0.4],
  ];
  for (const [level, share] of shares) {
    const us = byLevel.get(level) ?? [];
    if (us.length === 0) continue;
    const n = level === 'city' ? Math.max(KINDS.length, Math.round(total * share)) : Math.round(total * share);
    for (let i = 0; i < n; i++) publishers.push(level === 'district' || level === 'city' ? us[i % us.length]! : pick(r, us));
  }
  let nextOffer = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM benefit_offers`.execute(db)).rows[0]!.m);
  const offers: Offer[] = [];
  const offerRows: unknown[][] = [];
  let eligibleSum = 0;
  for (const [i, u] of publishers.entries()) {
    const kind = i < KINDS.length ? KINDS[i]! : pick(r, KINDS);
    // The first offer of a kind is an online free service and the first voucher a lottery whose window has closed,
    // so that a city of any scale has daily usage reports and a drawn lottery.
    const online = kind === 'free_service' && (i === 0 || r() < 0.5);
    const lottery = kind === 'voucher' && (i === 2 || r() < 0.25);
    const from = i === 2 ? today - 120 * DAY : today - Math.floor(30 + r() * 335) * DAY + Math.floor(r() * 12) * 3_600_000;
    const to = i === 2 ? today - 30 * DAY : from + Math.floor(14 + r() * 180) * DAY;
    const reviewed = REVIEWED.has(kind);
    const period: Offer['period'] = lottery ? 'offer' : reviewed || kind === 'goods' ? 'year' : pick(r, ['offer', 'month', 'month', 'year'] as const);
    const lo = lowerBound(`${u.path}.`);
    const hi = lowerBound(`${u.path}/`);
    eligibleSum += hi - lo;
    offers.push({
      id: nextOffer++,
      orgId: u.id,
      path: u.path,
      district: u.region_path.split('.')[1] ?? null,
      kind,
      mode: reviewed ? 'review' : lottery ? 'lottery' : 'fcfs',
      limit: reviewed || period === 'offer' ? 1 : pick(r, [1, 1, 2, 4]),
      period,
      from,
      to,
      voucherDays: reviewed ? 90 : pick(r, [7, 30, 60]),
      slices: reviewed || lottery ? 1 : u.level === 'city' || u.level === 'district' ? 16 : 1,
      lo,
      hi,
      claims: 0,
      quota: 0,
      online,
      draw: null,
    });
  }
  // Claims per offer in proportion to its eligible members, within what its limit and window allow.
  const factor = eligibleSum > 0 ? (CITY_BENEFITS.claims * scale) / eligibleSum : 0;
  for (const o of offers) {
    const eligible = o.hi - o.lo;
    const periods = o.period === 'month' ? Math.max(1, Math.ceil((Math.min(o.to, now) - o.from) / (30 * DAY))) : 1;
    o.claims = Math.min(Math.round(eligible * factor * (0.5 + r())), Math.floor(eligible * o.limit * periods * 0.6));
  }

  const claimRows = function* (): Generator<unknown[]> {
    const rc = rng(Math.round(scale * 1e6) + 29);
    let claimId = firstClaim;
    const entries: unknown[][] = [];
    for (const o of offers) {
      const used = new Map<string, number>();
      let held = 0;
      const end = Math.min(o.to, now - 3_600_000);
      for (let k = 0; k < o.claims; k++) {
        const at = o.from + Math.floor(rc() * (end - o.from));
        // An eligible member who had joined by then and has not reached the limit of the period; a few tries.
        let m: (typeof claimants)[number] | null = null;
        for (let t = 0; t < 8 && !m; t++) {
          const c = claimants[o.lo + Math.floor(rc() * (o.hi - o.lo))]!;
          if (c.joined > at) continue;
          const key = `${c.person_id}:${periodKey(o.period, chinaDate(new Date(at)))}`;
          if ((used.get(key) ?? 0) >= o.limit) continue;
          m = c;
        }
        if (!m) continue;
        const period = periodKey(o.period, chinaDate(new Date(at)));
        const x = rc();
        const status =
          o.mode === 'lottery'
            ? x < 0.1
              ? 'cancelled'
              : 'entered'
            : o.mode === 'review' && x < 0.1
              ? 'rejected'
              : x < 0.22
                ? 'cancelled'
                : x < 0.35
                  ? 'issued'
                  : 'redeemed';
        // A claim counts against the member's limit until it is cancelled or rejected (a lost lottery entry still counts).
        if (status !== 'cancelled' && status !== 'rejected') {
          const key = `${m.person_id}:${period}`;
          used.set(key, (used.get(key) ?? 0) + 1);
        }
        const id = claimId++;
        if (o.mode === 'lottery') {
          entries.push([id, o.id, m.person_id, m.id, m.org_id, m.district || null, period, status, null, null, null, null, new Date(at)]);
          continue;
        }
        const holds = status === 'issued' || status === 'redeemed';
        const expires = at + o.voucherDays * DAY;
        const redeemed = status === 'redeemed' ? at + Math.floor(rc() * (Math.min(expires, now) - at)) : null;
        yield [
          id,
          o.id,
          m.person_id,
          m.id,
          m.org_id,
          m.district || null,
          period,
          status,
          holds ? held++ % o.slices : null,
          holds ? voucherCode(id) : null,
          holds ? new Date(expires) : null,
          redeemed === null ? null : new Date(redeemed),
          new Date(at),
        ];
      }
      if (o.mode !== 'lottery') {
        o.quota = Math.max(1, held + (o.to > now ? Math.round(held * 0.1 * rc()) + 1 : rc() < 0.5 ? 0 : Math.round(held * 0.05)));
        continue;
      }
      // A lottery: entries while the window is open; once it has closed, the draw as the service makes it.
      const entrants = entries.filter((e) => e[7] === 'entered').map((e) => e[0] as number);
      o.quota = Math.max(1, Math.round(entrants.length * (0.2 + 0.3 * rc())));
      if (o.to <= now - DAY) {
        const seed = Array.from({ length: 8 }, () =>
          Math.floor(rc() * 2 ** 32)
            .toString(16)
            .padStart(8, '0'),
        ).join('');
        const places = Math.min(o.quota, entrants.length);
        const winners = new Set(rankEntrants(seed, entrants).slice(0, places));
        const drawnAt = o.to + 3_600_000;
        o.draw = { seed, entrants, places, at: drawnAt };
        for (const e of entries) {
          if (e[7] !== 'entered') continue;
          const id = e[0] as number;
          if (!winners.has(id)) {
            e[7] = 'lost';
            continue;
          }
          const expires = drawnAt + o.voucherDays * DAY;
          const redeemed = rc() < 0.7 ? drawnAt + Math.floor(rc() * (Math.min(expires, now) - drawnAt)) : null;
          e[7] = redeemed === null ? 'issued' : 'redeemed';
          e[8] = 0;
          e[9] = voucherCode(id);
          e[10] = new Date(expires);
          e[11] = redeemed === null ? null : new Date(redeemed);
        }
      }
      yield* entries;
      entries.length = 0;
    }
  };
  const firstClaim = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM benefit_claims`.execute(db)).rows[0]!.m);

  // Claims are generated first (the quota of an offer is what its claims hold plus what is left), so offers are
  // copied after them within one transaction-free load: the foreign key is checked at the end of the claims' COPY.
  const offerColumns = [
    'id',
    'org_id',
    'org_path',
    'org_name',
    'district_code',
    'provider_org_id',
    'provider_path',
    'provider_name',
    'eligible_org_id',
    'title',
    'brand',
    'description',
    'kind',
    'eligible_org_path',
    'quota',
    'per_member_limit',
    'limit_period',
    'claim_from',
    'claim_to',
    'voucher_days',
    'mode',
    'slices',
    'status',
    'created_at',
  ];
  const name = new Map(publishers.map((u) => [u.id, u.name]));
  const offerRow = (o: Offer, quota: number) => {
    const p = providers[o.id % providers.length]!;
    const title = pick(r, TITLES[o.kind]);
    return [
      o.id,
      o.orgId,
      o.path,
      name.get(o.orgId)!,
      o.district,
      p.id,
      String(p.id),
      p.name,
      o.orgId,
      o.online ? `${title}（线上）` : title,
      p.name.slice(0, 2),
      o.online ? '线上服务，服务商按日报送使用人次。' : '',
      o.kind,
      o.path,
      quota,
      o.limit,
      o.period,
      new Date(o.from),
      new Date(o.to),
      o.voucherDays,
      o.mode,
      o.slices,
      'open',
      new Date(o.from - 3 * DAY),
    ];
  };
  // The offers with the largest possible quota first (claims reference them), then the real quota once counted.
  for (const o of offers) offerRows.push(offerRow(o, 10_000_000));
  const offerCount = await copyRows(pool, 'benefit_offers', offerColumns, offerRows, offerRows.length, progress);
  await sql`SELECT setval(pg_get_serial_sequence('benefit_offers', 'id'), (SELECT max(id) FROM benefit_offers))`.execute(db);
  const totalClaims = offers.reduce((a, o) => a + o.claims, 0);
  const claimCount = await copyRows(
    pool,
    'benefit_claims',
    [
      'id',
      'offer_id',
      'person_id',
      'member_id',
      'member_org_id',
      'district_code',
      'period',
      'status',
      'slice',
      'code',
      'expires_at',
      'redeemed_at',
      'created_at',
    ],
    claimRows,
    totalClaims,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('benefit_claims', 'id'), (SELECT greatest(max(id), 1) FROM benefit_claims))`.execute(db);

  // Counters equal to the claims: each offer's quota and its slices' remaining units, and the per-member counts.
  const quotas = offers.map((o) => [
    o.id,
    o.quota,
    o.draw?.seed ?? null,
    o.draw?.entrants ?? null,
    o.draw?.places ?? null,
    o.draw ? new Date(o.draw.at).toISOString() : null,
  ]);
  await bulk(sql`
    UPDATE benefit_offers o SET quota = q.quota, lottery_seed = q.seed, lottery_entrants = q.entrants, lottery_places = q.places, drawn_at = q.drawn_at,
      status = CASE WHEN q.seed IS NULL THEN o.status ELSE 'drawn' END
    FROM (SELECT (x->>0)::bigint AS id, (x->>1)::int AS quota, x->>2 AS seed,
            CASE WHEN jsonb_typeof(x->3) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(x->3)::bigint) END AS entrants,
            (x->>4)::int AS places, (x->>5)::timestamptz AS drawn_at
          FROM jsonb_array_elements(${JSON.stringify(quotas)}::jsonb) x) q
    WHERE o.id = q.id`);
  await bulk(sql`
    INSERT INTO benefit_quota_slices (offer_id, slice, remaining)
    SELECT o.id, g, o.quota / o.slices + CASE WHEN g < o.quota % o.slices THEN 1 ELSE 0 END
      - (SELECT count(*) FROM benefit_claims c WHERE c.offer_id = o.id AND c.slice = g AND c.status IN ('issued', 'redeemed'))
    FROM benefit_offers o CROSS JOIN LATERAL generate_series(0, o.slices - 1) g WHERE o.id >= ${offers[0]?.id ?? 0}`);
  await bulk(sql`
    INSERT INTO benefit_member_counts (offer_id, person_id, period, used, lim)
    SELECT c.offer_id, c.person_id, c.period, count(*) FILTER (WHERE c.status NOT IN ('cancelled', 'rejected')), o.per_member_limit
    FROM benefit_claims c JOIN benefit_offers o ON o.id = c.offer_id WHERE c.offer_id >= ${offers[0]?.id ?? 0}
    GROUP BY c.offer_id, c.person_id, c.period, o.per_member_limit`);

  // Person-times: one per redemption (by the claimant's district), and online services' daily reports.
  await bulk(sql`
    INSERT INTO benefit_usage (offer_id, day, source, district_code, count)
    SELECT offer_id, (redeemed_at AT TIME ZONE 'Asia/Shanghai')::date, 'redeem', coalesce(district_code, ''), count(*)
    FROM benefit_claims WHERE status = 'redeemed' AND offer_id >= ${offers[0]?.id ?? 0} GROUP BY 1, 2, 4`);
  const redeemedTimes = Number(
    (
      await sql<{
        n: string;
      }>`SELECT coalesce(sum(count), 0)::text AS n FROM benefit_usage WHERE source = 'redeem' AND offer_id >= ${offers[0]?.id ?? 0}`.execute(db)
    ).rows[0]!.n,
  );
  const online = offers.filter((o) => o.online);
  const districts = [...new Set(claimants.map((c) => c.district).filter((d) => d))].sort();
  const reported = Math.max(0, CITY_BENEFITS.personTimes * scale - redeemedTimes);
  const usageRows = function* (): Generator<unknown[]> {
    const ru = rng(Math.round(scale * 1e6) + 31);
    // Each online offer's share of the year, spread over the days it was open and the districts it reaches.
    const days = online.map((o) => Math.max(1, Math.floor((Math.min(o.to, today) - o.from) / DAY)));
    const dayWeight = days.reduce((a, d) => a + d, 0);
    for (const [i, o] of online.entries()) {
      const perDay = reported / dayWeight;
      const reach = o.district ? [o.district] : districts.length ? districts : [''];
      for (let d = 0; d < days[i]!; d++) {
        const day = chinaDate(new Date(o.from + d * DAY));
        const weekday = new Date(o.from + d * DAY).getUTCDay();
        const dayCount = perDay * (weekday === 0 || weekday === 6 ? 0.7 : 1.12) * (0.8 + 0.4 * ru());
        for (const district of reach) yield [o.id, day, 'report', district, Math.round(dayCount / reach.length)];
      }
    }
  };
  const usageTotal = online.reduce((a, o) => a + Math.max(1, Math.floor((Math.min(o.to, today) - o.from) / DAY)) * (o.district ? 1 : districts.length || 1), 0);
  const usage = await copyRows(pool, 'benefit_usage', ['offer_id', 'day', 'source', 'district_code', 'count'], usageRows, usageTotal, progress);
  await sql`ANALYZE benefit_offers`.execute(db);
  await sql`ANALYZE benefit_claims`.execute(db);
  await sql`ANALYZE benefit_usage`.execute(db);
  return { offers: offerCount, claims: claimCount, usage };
}
