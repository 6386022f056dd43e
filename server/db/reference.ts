import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { officialArrangements } from '../modules/calendar/official.js';
import type { Database } from './client.js';

const REF_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'reference');

type RegionRef = { code: string; name: string; officialName: string; level: string; parentCode: string | null; pinyin: string; initials: string };

export function readRegions(cityCode = '5101'): RegionRef[] {
  return (JSON.parse(readFileSync(path.join(REF_DIR, `regions-${cityCode}.json`), 'utf8')) as { regions: RegionRef[] }).regions;
}

/**
 * Loads the shipped region tree and the official working-day arrangements of the installed chinese-days package;
 * rows already present (an arrangement an administrator entered, overrides) are left as they are.
 */
export async function loadReferenceData(db: Database, cityCode = '5101'): Promise<{ regions: number; calendarDays: number }> {
  const regions = readRegions(cityCode);
  const paths = new Map<string, string>();
  let inserted = 0;
  await db.transaction().execute(async (trx) => {
    const rows = regions.map((r) => {
      const parentPath = r.parentCode ? paths.get(r.parentCode) : undefined;
      const p = parentPath ? `${parentPath}.${r.code}` : r.code;
      paths.set(r.code, p);
      const district = r.level === 'city' ? null : p.split('.')[1] ?? null;
      return {
        code: r.code,
        parent_code: r.parentCode,
        level: r.level,
        name: r.name,
        official_name: r.officialName,
        pinyin: r.pinyin,
        initials: r.initials,
        path: p,
        district_code: district,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) {
      const res = await trx.insertInto('regions').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
      inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
  });
  const cal = officialArrangements();
  let days = 0;
  await db.transaction().execute(async (trx) => {
    for (const year of cal.years) {
      await trx.insertInto('calendar_years').values({ year, source: cal.source }).onConflict((oc) => oc.column('year').doNothing()).execute();
    }
    const rows = cal.days.map((d) => ({ day: d.date, kind: d.kind, name: d.name ?? '', source: 'reference' }));
    for (let i = 0; i < rows.length; i += 1000) {
      const res = await trx.insertInto('calendar_days').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.column('day').doNothing()).executeTakeFirst();
      days += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
  });
  await sql`ANALYZE regions`.execute(db);
  return { regions: inserted, calendarDays: days };
}
