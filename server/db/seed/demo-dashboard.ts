import { sql } from 'kysely';
import type { Container } from '../../container.js';

/**
 * Union membership records for the demo: a few dozen masked members at every community and grassroots union
 * unit, so that the dashboard's members figure, tile map and drill-down show something. The rollups follow by trigger.
 */
export async function loadDemoDashboard(c: Container): Promise<void> {
  await sql`
    INSERT INTO union_members (org_id, member_no, name_masked, gender, birth_year, joined_on, region_code, region_path, org_path)
    SELECT o.id, 'M9' || lpad((o.id * 100 + g)::text, 10, '0'),
      substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗', (1 + (o.id + g) % 20)::int, 1) || '*',
      CASE WHEN (o.id + g) % 9 < 4 THEN 'female' ELSE 'male' END,
      (extract(year FROM current_date)::int - 60 + (o.id * 7 + g * 3) % 38)::int,
      current_date - 1000 + ((o.id * 13 + g * 17) % 1000)::int,
      o.region_code, o.region_path, o.path
    FROM orgs o CROSS JOIN generate_series(1, CASE WHEN o.level = 'grassroots' THEN 40 ELSE 12 END) g
    WHERE o.type_code = 'union' AND o.level IN ('community', 'grassroots')`.execute(c.db);
}
