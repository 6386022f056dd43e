import type { PortalRegion, Region, RegionDetail, Zone, ZoneCreate } from '../../../contracts/regions.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './regions.repository.js';

const toRegion = (r: repo.RegionRow): Region => ({
  code: r.code,
  parentCode: r.parent_code,
  level: r.level,
  name: r.name,
  officialName: r.official_name,
  pinyin: r.pinyin,
  initials: r.initials,
  path: r.path,
  childCount: r.child_count,
});

const REGION_TTL_MS = 5 * 60_000;

/** The legal region tree (reference data) and the editable functional-zone overlay. */
export class RegionsService {
  private readonly known = new Map<string, { at: number; region: Region }>();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  async get(code: string): Promise<RegionDetail> {
    const r = await repo.findByCode(this.db, code);
    if (!r) throw new AppError('NOT_FOUND', 'code');
    const ancestors = await repo.findAncestors(this.db, r.path);
    return { ...toRegion(r), ancestors: ancestors.map(toRegion) };
  }

  /**
   * For other modules: the region a record is anchored to, or a VALIDATION error naming the field. The legal tree
   * is reference data, so a region once read is remembered for a few minutes: most calls cost no query at all, and
   * none needs a second connection inside the caller's transaction (pass `db` = the transaction for a miss).
   */
  async requireRegion(code: string, field: string, db: Db = this.db): Promise<Region> {
    const now = Date.now();
    const hit = this.known.get(code);
    if (hit && now - hit.at < REGION_TTL_MS) return hit.region;
    const r = await repo.findByCode(db, code);
    if (!r) throw new AppError('VALIDATION', field, { reason: 'invalid' });
    const region = toRegion(r);
    this.known.set(code, { at: now, region });
    return region;
  }

  private treeCache: PortalRegion[] | null = null;
  /** The whole tree for the portal's community picker; regions change only with a reference data update (a restart). */
  async portalTree(): Promise<PortalRegion[]> {
    this.treeCache ??= (await repo.tree(this.db)).map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level as PortalRegion['level'],
      parentCode: r.parent_code,
      pinyin: r.pinyin,
      initials: r.initials,
    }));
    return this.treeCache;
  }

  async children(parentCode: string | null, db: Db = this.db): Promise<Region[]> {
    return (await repo.findChildren(db, parentCode)).map(toRegion);
  }

  async search(q: string, withinCode: string | null, limit: number): Promise<Region[]> {
    let within: string | null = null;
    if (withinCode) within = (await this.requireRegion(withinCode, 'within')).path;
    return (await repo.search(this.db, q.trim(), within, limit)).map(toRegion);
  }

  async counts(): Promise<Record<string, number>> {
    return repo.countByLevel(this.db);
  }

  async listZones(): Promise<Zone[]> {
    return (await repo.listZones(this.db)).map((z) => ({ id: z.id, name: z.name, note: z.note, streetCodes: z.street_codes }));
  }

  async createZone(ctx: RequestContext, input: ZoneCreate): Promise<Zone> {
    return this.db.transaction().execute(async (trx) => {
      const codes = [...new Set(input.streetCodes)];
      if ((await repo.countStreets(trx, codes)) !== codes.length) throw new AppError('VALIDATION', 'streetCodes', { reason: 'region_level' });
      const id = await repo.insertZone(trx, input.name, input.note ?? '');
      await repo.replaceZoneStreets(trx, id, codes);
      await this.audit.append(trx, actorOf(ctx), { action: 'zone.create', objectType: 'zone', objectId: id, detail: { streets: codes.length } });
      return { id, name: input.name, note: input.note ?? '', streetCodes: codes.sort() };
    });
  }

  async setZoneStreets(ctx: RequestContext, zoneId: number, streetCodes: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('functional_zones').select('id').where('id', '=', zoneId).forUpdate().executeTakeFirst();
      if (!exists) throw new AppError('NOT_FOUND', 'id');
      const codes = [...new Set(streetCodes)];
      if ((await repo.countStreets(trx, codes)) !== codes.length) throw new AppError('VALIDATION', 'streetCodes', { reason: 'region_level' });
      await repo.replaceZoneStreets(trx, zoneId, codes);
      await this.audit.append(trx, actorOf(ctx), { action: 'zone.streets', objectType: 'zone', objectId: zoneId, detail: { streets: codes.length } });
    });
  }

  async deleteZone(ctx: RequestContext, zoneId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if ((await repo.deleteZone(trx, zoneId)) === 0) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'zone.delete', objectType: 'zone', objectId: zoneId });
    });
  }
}
