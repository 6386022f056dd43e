import { sql } from 'kysely';
import { copyRows, type CityContext } from './city.js';
import { chinaToday } from '../../platform/time.js';
import { rng } from './generate.js';

const DAY = 86_400_000;

/** Union members of Chengdu at scale 1.0. */
export const CITY_MEMBERS = 4_650_000;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

/**
 * Union membership records over the union tree: most members belong to grassroots (enterprise) unions, the rest
 * to community unions. A membership row carries a masked name only; no personal data is generated here.
 */
export async function seedCityMembers(ctx: CityContext): Promise<number> {
  const units = (
    await sql<{ id: number; level: string; region_code: string; region_path: string; path: string }>`
      SELECT id, level, region_code, region_path::text AS region_path, path::text AS path FROM orgs
      WHERE type_code = 'union' AND level IN ('community', 'grassroots') AND status = 'active' ORDER BY id`.execute(ctx.db)
  ).rows;
  if (units.length === 0) return 0;
  // Grassroots unions weigh eight times a community union.
  const weighted: number[] = [];
  for (let i = 0; i < units.length; i++) for (let k = 0; k < (units[i]!.level === 'grassroots' ? 8 : 1); k++) weighted.push(i);
  const total = Math.round(CITY_MEMBERS * ctx.scale);
  const first = Number((await sql<{ m: number }>`SELECT coalesce(max(id), 0) + 1 AS m FROM union_members`.execute(ctx.db)).rows[0]!.m);
  const today = Date.parse(`${chinaToday()}T00:00:00Z`);
  const thisYear = new Date(today).getUTCFullYear();
  const rows = function* (): Generator<unknown[]> {
    const r = rng(Math.round(ctx.scale * 1e6) + 11);
    for (let i = 0; i < total; i++) {
      const u = units[weighted[Math.floor(r() * weighted.length)]!]!;
      const id = first + i;
      const birth = thisYear - 66 + Math.floor(r() * 45);
      // Joined some day in the last 26 years, at 18 or older; 4% have left since, on a day before today.
      const joinedDay = Math.max(Date.UTC(birth + 18, 0, 1), today - Math.floor(r() * 26 * 365) * DAY);
      const joined = new Date(joinedDay).toISOString().slice(0, 10);
      const left = r() < 0.04 ? new Date(joinedDay + Math.floor(r() * ((today - joinedDay) / DAY)) * DAY).toISOString().slice(0, 10) : null;
      yield [
        id,
        u.id,
        `M${String(id).padStart(10, '0')}`,
        `${SURNAMES[Math.floor(r() * SURNAMES.length)]}${r() < 0.7 ? '*' : '**'}`,
        r() < 0.46 ? 'female' : 'male',
        birth,
        joined,
        left !== null && left >= joined ? left : null,
        u.region_code,
        u.region_path,
        u.path,
      ];
    }
  };
  const n = await copyRows(
    ctx.pool,
    'union_members',
    ['id', 'org_id', 'member_no', 'name_masked', 'gender', 'birth_year', 'joined_on', 'left_on', 'region_code', 'region_path', 'org_path'],
    rows,
    total,
    ctx.progress,
  );
  await sql`SELECT setval(pg_get_serial_sequence('union_members', 'id'), (SELECT greatest(max(id), 1) FROM union_members))`.execute(ctx.db);
  await sql`ANALYZE union_members`.execute(ctx.db);
  return n;
}
