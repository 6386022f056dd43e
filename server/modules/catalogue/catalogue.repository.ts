import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import { affected, repath, type OrgReassignment, type OrgRepath } from '../../platform/repath.js';

export type BrandRow = {
  id: number;
  name: string;
  name_en: string;
  owner_org_id: number;
  owner_name: string;
  owner_path: string;
  logo_url: string | null;
  description: string;
  services: number;
  version: number;
};
const brandCols = sql`b.id, b.name, b.name_en, b.owner_org_id, b.owner_name, b.owner_path::text AS owner_path, b.logo_url, b.description, b.version,
  (SELECT count(*)::int FROM cat_services s WHERE s.brand_id = b.id AND s.status = 'active') AS services`;

export async function listBrands(db: Db): Promise<BrandRow[]> {
  return (await sql<BrandRow>`SELECT ${brandCols} FROM cat_brands b ORDER BY b.id`.execute(db)).rows;
}
export async function findBrand(db: Db, id: number, lock = false): Promise<BrandRow | undefined> {
  if (lock) await sql`SELECT 1 FROM cat_brands WHERE id = ${id} FOR UPDATE`.execute(db);
  return (await sql<BrandRow>`SELECT ${brandCols} FROM cat_brands b WHERE b.id = ${id}`.execute(db)).rows[0];
}
export async function brandNameTaken(db: Db, name: string, except = 0): Promise<boolean> {
  return (await db.selectFrom('cat_brands').select('id').where('name', '=', name).where('id', '<>', except).executeTakeFirst()) !== undefined;
}
export async function insertBrand(
  db: Db,
  r: { name: string; name_en: string; owner_org_id: number; owner_path: string; owner_name: string; logo_url: string | null; description: string },
): Promise<number> {
  return (await db.insertInto('cat_brands').values(r).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateBrand(
  db: Db,
  id: number,
  version: number,
  set: Partial<{ name: string; name_en: string; logo_url: string | null; description: string }>,
): Promise<boolean> {
  const r = await db
    .updateTable('cat_brands')
    .set({ ...set, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type ServiceRow = {
  id: number;
  org_id: number;
  org_name: string;
  org_path: string;
  region_path: string;
  providers: Array<{ id: number; name: string }>;
  district_codes: string[];
  brand_id: number | null;
  brand_name: string | null;
  name: string;
  name_initials: string;
  name_en: string;
  description: string;
  description_en: string;
  target_groups: string[];
  channels: string[];
  eligibility: string;
  documents: string[];
  hours: string;
  fees: string;
  apply_kind: string;
  apply_ref: string;
  accessibility: string[];
  office_phone: string;
  status: string;
  updated_at: Date;
  venue_ids: number[];
  version: number;
};
const svcCols = sql`s.id, s.org_id, s.org_name, s.org_path::text AS org_path, s.region_path::text AS region_path, s.providers, s.district_codes, s.brand_id, b.name AS brand_name,
  s.name, s.name_initials, s.name_en, s.description, s.description_en, s.target_groups, s.channels, s.eligibility, s.documents, s.hours, s.fees, s.apply_kind, s.apply_ref,
  s.accessibility, s.office_phone, s.status, s.updated_at, s.version,
  coalesce((SELECT array_agg(v.venue_id ORDER BY v.venue_id) FROM cat_service_venues v WHERE v.service_id = s.id), '{}') AS venue_ids`;
const svcFrom = sql`FROM cat_services s LEFT JOIN cat_brands b ON b.id = s.brand_id`;

export type ServiceFilter = { q?: string; brandId?: number; group?: string; district?: string; activeOnly?: boolean };

const esc = (q: string) => q.replace(/[\\%_]/g, (m) => `\\${m}`);
function where(scope: ScopeSql, f: ServiceFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [scope];
  if (f.activeOnly) parts.push(sql<SqlBool>`s.status = 'active'`);
  if (f.q) {
    const q = f.q.trim();
    const initials = /^[a-z0-9]+$/i.test(q) ? q.toLowerCase() : null;
    parts.push(
      initials
        ? sql<SqlBool>`(s.name_initials LIKE ${`%${esc(initials)}%`} OR s.name ILIKE ${`%${esc(q)}%`} OR s.name_en ILIKE ${`%${esc(q)}%`})`
        : sql<SqlBool>`(s.name ILIKE ${`%${esc(q)}%`} OR s.description ILIKE ${`%${esc(q)}%`} OR b.name ILIKE ${`%${esc(q)}%`})`,
    );
  }
  if (f.brandId) parts.push(sql<SqlBool>`s.brand_id = ${f.brandId}`);
  if (f.group) parts.push(sql<SqlBool>`${f.group} = ANY(s.target_groups)`);
  if (f.district) parts.push(sql<SqlBool>`(${f.district} = ANY(s.district_codes) OR cardinality(s.district_codes) = 0)`);
  return sql.join(parts, sql` AND `) as RawBuilder<SqlBool>;
}

export async function listServices(db: Db, scope: ScopeSql, f: ServiceFilter & { limit: number; offset: number }) {
  const w = where(scope, f);
  const rows = (
    await sql<ServiceRow>`SELECT ${svcCols} ${svcFrom} WHERE ${w} ORDER BY s.brand_id NULLS LAST, s.name, s.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db)
  ).rows;
  const total = (await sql<{ n: number }>`SELECT count(*)::int AS n ${svcFrom} WHERE ${w}`.execute(db)).rows[0]!.n;
  return { rows, total };
}
export async function findService(db: Db, scope: ScopeSql, id: number, lock = false): Promise<ServiceRow | undefined> {
  if (lock) await sql`SELECT 1 FROM cat_services s WHERE s.id = ${id} AND ${scope} FOR UPDATE OF s`.execute(db);
  return (await sql<ServiceRow>`SELECT ${svcCols} ${svcFrom} WHERE s.id = ${id} AND ${scope}`.execute(db)).rows[0];
}

export type NewService = Omit<ServiceRow, 'id' | 'brand_name' | 'status' | 'updated_at' | 'venue_ids' | 'version'>;
export async function insertService(db: Db, r: NewService): Promise<number> {
  return (
    await db
      .insertInto('cat_services')
      .values({ ...r, providers: JSON.stringify(r.providers) })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
export async function updateService(
  db: Db,
  id: number,
  version: number,
  set: Partial<Omit<NewService, 'org_id' | 'org_name' | 'org_path' | 'region_path'>> & { status?: string },
): Promise<boolean> {
  const { providers, ...rest } = set;
  const r = await db
    .updateTable('cat_services')
    .set({ ...rest, ...(providers && { providers: JSON.stringify(providers) }), updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function setVenues(db: Db, serviceId: number, venueIds: number[]): Promise<void> {
  await db.deleteFrom('cat_service_venues').where('service_id', '=', serviceId).execute();
  if (venueIds.length)
    await db
      .insertInto('cat_service_venues')
      .values(venueIds.map((v) => ({ service_id: serviceId, venue_id: v })))
      .execute();
}

/** Per brand (null: no brand), the published services in scope, the distinct venues and districts they reach, and the activities they lead to. */
export async function brandFigures(db: Db, scope: ScopeSql) {
  return (
    await sql<{ brand_id: number | null; brand_name: string | null; services: number; venues: number; districts: number; activity_ids: string[] }>`
      WITH sv AS (SELECT s.id, s.brand_id, b.name AS brand_name, s.district_codes, s.apply_kind, s.apply_ref ${svcFrom} WHERE ${scope} AND s.status = 'active')
      SELECT g.brand_id, g.brand_name, count(*)::int AS services,
        (SELECT count(DISTINCT v.venue_id)::int FROM cat_service_venues v JOIN sv x ON x.id = v.service_id WHERE x.brand_id IS NOT DISTINCT FROM g.brand_id) AS venues,
        (SELECT count(DISTINCT d)::int FROM sv x CROSS JOIN unnest(x.district_codes) d WHERE x.brand_id IS NOT DISTINCT FROM g.brand_id) AS districts,
        coalesce(array_agg(DISTINCT g.apply_ref) FILTER (WHERE g.apply_kind = 'activity' AND g.apply_ref ~ '^[1-9][0-9]{0,17}$'), '{}') AS activity_ids
      FROM sv g GROUP BY g.brand_id, g.brand_name ORDER BY g.brand_id NULLS LAST`.execute(db)
  ).rows;
}

/**
 * Open data: the last change of the published catalogue's own rows (services, brands, venue links) for the ETag, with
 * the venues and provider organizations it shows, whose stamps their modules give.
 */
export async function catalogueStamp(db: Db): Promise<{ own: string; venueIds: number[]; orgIds: number[] }> {
  const r = (
    await sql<{ own: string; venue_ids: string[]; org_ids: string[] }>`
      SELECT concat_ws(':',
          (SELECT concat_ws('/', max(updated_at), count(*), sum(version)) FROM cat_services),
          (SELECT concat_ws('/', count(*), sum(version)) FROM cat_brands),
          (SELECT concat_ws('/', count(*), sum(venue_id)) FROM cat_service_venues)) AS own,
        (SELECT coalesce(array_agg(DISTINCT venue_id), '{}') FROM cat_service_venues) AS venue_ids,
        (SELECT coalesce(array_agg(DISTINCT (p.value ->> 'id')::bigint), '{}') FROM cat_services s CROSS JOIN jsonb_array_elements(s.providers) p) AS org_ids`.execute(
      db,
    )
  ).rows[0]!;
  return { own: r.own, venueIds: r.venue_ids.map(Number), orgIds: r.org_ids.map(Number) };
}

/** Copied organization paths of brands and services under a unit that moved (or merged). */
export async function repathOrgs(db: Db, p: OrgRepath): Promise<void> {
  await sql`UPDATE cat_brands SET owner_path = ${repath('owner_path', p)} WHERE owner_path <@ ${p.fromPath}::ltree`.execute(db);
  await sql`UPDATE cat_services SET org_path = ${repath('org_path', p)} WHERE org_path <@ ${p.fromPath}::ltree`.execute(db);
}

/**
 * Organization merge: brands and services of the merged unit go to the survivor; in a service's provider list the
 * merged unit becomes the survivor, listed once, in the first place either held.
 */
export async function reassignOrg(db: Db, m: OrgReassignment): Promise<Record<string, number>> {
  const moved = {
    cat_brands: affected(await sql`UPDATE cat_brands SET owner_org_id = ${m.toId}, owner_name = ${m.toName} WHERE owner_org_id = ${m.fromId}`.execute(db)),
    cat_services: affected(await sql`UPDATE cat_services SET org_id = ${m.toId}, org_name = ${m.toName} WHERE org_id = ${m.fromId}`.execute(db)),
    cat_service_providers: affected(
      await sql`UPDATE cat_services s SET providers = (
          SELECT jsonb_agg(u.e ORDER BY u.ord) FROM (
            SELECT DISTINCT ON (v.e->>'id') v.e, v.ord FROM (
              SELECT CASE WHEN (x->>'id')::bigint = ${m.fromId} THEN jsonb_build_object('id', ${m.toId}::bigint, 'name', ${m.toName}::text) ELSE x END AS e, ord
              FROM jsonb_array_elements(s.providers) WITH ORDINALITY AS t(x, ord)) v
            ORDER BY v.e->>'id', v.ord) u)
        WHERE s.providers @> ${JSON.stringify([{ id: m.fromId }])}::jsonb`.execute(db),
    ),
  };
  await repathOrgs(db, m);
  return moved;
}
