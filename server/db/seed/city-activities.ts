import { sql } from 'kysely';
import { copyRows, type CityContext } from './city.js';
import { VOLUNTEER_SKILLS } from '../../../contracts/volunteers.enums.js';
import { fakeName, pick, rng } from './generate.js';

/** The seed's Chengdu figures at scale 1.0. */
export const CITY_ACTIVITIES = { youth: 13_000, lectures: 3_000, volunteers: 733_000, participations: 10_000_000, onlineShare: 0.23 };

const DAY = 86_400_000;
const YOUTH_TYPES = ['youth_social', 'culture_sports', 'volunteer_service', 'training'] as const;
const YOUTH_TITLES = ['青年交友联谊会', '青春读书会', '城市定向挑战赛', '青年志愿者社区服务日', '青年创业沙龙', '非遗手作体验', '篮球友谊赛', '青年夜校'];
const LECTURES = ['幸福美好生活十大工程宣讲', '劳动法律知识宣讲', '职工权益保障宣讲', '安全生产知识宣讲'];
const SKILLS = [...VOLUNTEER_SKILLS];

type Unit = { id: number; path: string; region_code: string; region_path: string };

/**
 * Activities of the league (youth) and union (lectures) trees over two years, their participation records
 * (check-ins, walk-ins and online joins, 23% online), and volunteers on new person records with confirmed hours;
 * all loaded with COPY. Participation goes to the month partitions of activity_participations.
 */
export async function seedCityActivities(ctx: CityContext): Promise<{ activities: number; participations: number; volunteers: number; hours: number }> {
  const { db, pool, scale, progress } = ctx;
  const nYouth = Math.round(CITY_ACTIVITIES.youth * scale);
  const nLectures = Math.round(CITY_ACTIVITIES.lectures * scale);
  const nActivities = nYouth + nLectures;
  if (nActivities === 0) return { activities: 0, participations: 0, volunteers: 0, hours: 0 };
  const r = rng(Math.round(scale * 1e6) + 4040);
  const unitsOf = async (type: string) =>
    (
      await sql<Unit>`SELECT id, path::text AS path, region_code, region_path::text AS region_path FROM orgs
        WHERE type_code = ${type} AND level IN ('community', 'street', 'district') AND status = 'active' ORDER BY id`.execute(db)
    ).rows;
  const league = await unitsOf('league');
  const union = await unitsOf('union');
  if (league.length === 0 || union.length === 0) return { activities: 0, participations: 0, volunteers: 0, hours: 0 };
  const campaigns = (await sql<{ id: number; code: string }>`SELECT id, code FROM campaigns`.execute(db)).rows;
  const lectureCampaign = campaigns.find((c) => c.code === 'happy_life_lectures')?.id ?? null;
  const youthCampaign = campaigns.find((c) => c.code === 'youth_social_scene')?.id ?? null;
  const communities = (
    await sql<{ code: string; path: string }>`SELECT code, path::text AS path FROM regions WHERE level = 'community' ORDER BY code`.execute(db)
  ).rows;

  // People for the volunteers: names and regions only (no contact data is invented at scale).
  const nVolunteers = Math.round(CITY_ACTIVITIES.volunteers * scale);
  const firstPerson = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM people`.execute(db)).rows[0]!.m);
  const homes = Array.from({ length: nVolunteers }, () => pick(r, communities));
  await copyRows(
    pool,
    'people',
    ['id', 'name', 'groups', 'region_code', 'region_path', 'district_code'],
    (function* () {
      for (let i = 0; i < nVolunteers; i++) {
        const h = homes[i]!;
        yield [firstPerson + i, fakeName(r), ['youth', 'volunteer'], h.code, h.path, h.path.split('.')[1] ?? null];
      }
    })(),
    nVolunteers,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))`.execute(db);
  const firstVolunteer = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM volunteers`.execute(db)).rows[0]!.m);
  await copyRows(
    pool,
    'volunteers',
    ['id', 'person_id', 'skills', 'availability', 'region_code', 'region_path'],
    (function* () {
      for (let i = 0; i < nVolunteers; i++) {
        const h = homes[i]!;
        yield [
          firstVolunteer + i,
          firstPerson + i,
          [pick(r, SKILLS), pick(r, SKILLS)].filter((x, k, a) => a.indexOf(x) === k),
          r() < 0.5 ? '周末' : '工作日晚上',
          h.code,
          h.path,
        ];
      }
    })(),
    nVolunteers,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('volunteers', 'id'), (SELECT greatest(max(id), 1) FROM volunteers))`.execute(db);

  // Activities over the two years before the seed day; person-times drawn first so the counter matches the rows.
  const now = Date.now();
  const firstActivity = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM activities`.execute(db)).rows[0]!.m);
  type Plan = { id: number; online: boolean; start: number; times: number };
  // Person-times are spread by weight and normalised to the seed's total (10M at scale 1.0, 23% of them online).
  const weights = Array.from({ length: nActivities }, () => 0.3 + r() * 1.4);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const target = Math.round(CITY_ACTIVITIES.participations * scale);
  const plans: Plan[] = [];
  const activityRows: unknown[][] = [];
  for (let i = 0; i < nActivities; i++) {
    const lecture = i >= nYouth;
    const online = r() < CITY_ACTIVITIES.onlineShare;
    const u = pick(r, lecture ? union : league);
    const start = now - Math.floor(r() * 730) * DAY - Math.floor(r() * 10) * 3_600_000;
    const times = Math.max(1, Math.round((weights[i]! / weightSum) * target));
    const capacity = Math.max(online ? 5000 : 30 + Math.floor(r() * 300), times);
    const type = online ? 'online' : lecture ? 'lecture' : pick(r, YOUTH_TYPES);
    const id = firstActivity + i;
    plans.push({ id, online, start, times });
    activityRows.push([
      id,
      `${lecture ? pick(r, LECTURES) : pick(r, YOUTH_TITLES)}（第${i + 1}期）`,
      type,
      lecture ? lectureCampaign : r() < 0.6 ? youthCampaign : null,
      u.id,
      u.path,
      u.region_code,
      u.region_path,
      online ? null : '群团服务阵地',
      online ? `https://live.example.cn/a/${id}` : null,
      lecture ? ['worker'] : ['youth'],
      capacity,
      times,
      new Date(start),
      new Date(start + 2 * 3_600_000),
      new Date(start - 10 * DAY),
      new Date(start - 3_600_000),
      'published',
    ]);
  }
  const nActs = await copyRows(
    pool,
    'activities',
    [
      'id',
      'title',
      'type',
      'campaign_id',
      'host_org_id',
      'host_org_path',
      'region_code',
      'region_path',
      'venue_name',
      'online_url',
      'target_groups',
      'capacity',
      'person_times',
      'starts_at',
      'ends_at',
      'reg_opens_at',
      'reg_closes_at',
      'status',
    ],
    activityRows,
    activityRows.length,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('activities', 'id'), (SELECT max(id) FROM activities))`.execute(db);

  const nParticipations = plans.reduce((s, p) => s + p.times, 0);
  const firstPart = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM activity_participations`.execute(db)).rows[0]!.m);
  const peopleSpan = Math.max(1, nVolunteers);
  const parts = await copyRows(
    pool,
    'activity_participations',
    ['id', 'activity_id', 'person_id', 'kind', 'at'],
    (function* () {
      let id = firstPart;
      for (const p of plans) {
        for (let k = 0; k < p.times; k++) {
          const kind = p.online ? 'online' : r() < 0.85 ? 'check_in' : 'walk_in';
          yield [id++, p.id, firstPerson + Math.floor(r() * peopleSpan), kind, new Date(p.start + Math.floor(r() * 7_200_000)).toISOString()];
        }
      }
    })(),
    nParticipations,
    progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('activity_participations', 'id'), (SELECT greatest(max(id), 1) FROM activity_participations))`.execute(db);

  // Confirmed service hours for about half of the volunteers, recorded by a youth league unit of their district.
  const leagueByDistrict = new Map<string, Unit[]>();
  for (const u of league) {
    const d = u.region_path.split('.')[1] ?? '';
    leagueByDistrict.set(d, [...(leagueByDistrict.get(d) ?? []), u]);
  }
  let nHours = 0;
  const hours = await copyRows(
    pool,
    'volunteer_hours',
    ['volunteer_id', 'org_id', 'org_path', 'service_date', 'hours', 'content', 'status', 'confirmed_at'],
    (function* () {
      for (let i = 0; i < nVolunteers; i++) {
        if (r() >= 0.5) continue;
        const d = homes[i]!.path.split('.')[1] ?? '';
        const u = pick(r, leagueByDistrict.get(d) ?? league);
        const entries = 1 + Math.floor(r() * 3);
        for (let k = 0; k < entries; k++) {
          const day = new Date(now - Math.floor(r() * 730) * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
          nHours++;
          yield [firstVolunteer + i, u.id, u.path, day, (1 + Math.floor(r() * 16)) / 2, '社区志愿服务', 'confirmed', new Date(`${day}T20:00:00+08:00`)];
        }
      }
    })(),
    Math.round(nVolunteers),
    progress,
  );
  for (const t of ['activities', 'activity_participations', 'volunteers', 'volunteer_hours']) await sql`ANALYZE ${sql.table(t)}`.execute(db);
  return { activities: nActs, participations: parts, volunteers: nVolunteers, hours: hours || nHours };
}
