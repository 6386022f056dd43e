import type { CommunityCoverage, CoveragePage, CoverageSummary } from '../../../contracts/venues.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { pathWithin } from '../../platform/scope.js';
import type { VenueTypes } from './venue-types.service.js';
import * as repo from './venues.repository.js';

/** A page of the coverage matrix (the routes file adds the page and its size). */
export type Coverage = Omit<CoveragePage, 'page' | 'pageSize'>;

/** Coverage: which communities of a region subtree each venue type serves, the gaps, and who serves one community. */
export class VenueCoverage {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly venueTypes: VenueTypes,
  ) {}

  private async coverageRoot(actor: Actor, regionCode: string | undefined): Promise<string> {
    if (!regionCode) return actor.scope.regionPath;
    const r = await repo.findRegion(this.db, regionCode);
    if (!r) throw new AppError('VALIDATION', 'regionCode', { reason: 'invalid' });
    // Outside my region subtree there is nothing for me to see.
    if (!pathWithin(r.path, actor.scope.regionPath)) throw new AppError('NOT_FOUND', 'regionCode');
    return r.path;
  }

  /** The community × venue type matrix (with serving organizations counted) for my region subtree. */
  async coverage(actor: Actor, f: { regionCode?: string; typeCode?: string; gapsOnly: boolean; page: number; pageSize: number }): Promise<Coverage> {
    const root = await this.coverageRoot(actor, f.regionCode);
    const types = await this.venueTypes.types();
    const expected = types.filter((t) => t.expected).map((t) => t.code);
    if (f.typeCode && !types.some((t) => t.code === f.typeCode)) throw new AppError('VALIDATION', 'type', { reason: 'enum' });
    const { rows, total } = await repo.coverage(this.db, root, {
      gapsOf: f.gapsOnly ? expected : undefined,
      typeCode: f.typeCode,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return {
      items: rows.map((r) => ({
        code: r.code,
        name: r.name,
        streetCode: r.street_code,
        streetName: r.street_name,
        districtCode: r.district_code,
        districtName: r.district_name,
        types: r.types,
        venues: r.venues,
        orgs: r.orgs,
        missing: expected.filter((t) => !r.types[t]),
      })),
      total,
      expectedTypes: expected,
    };
  }

  /** Per venue type: how many communities of my region subtree it serves, and how many it misses. */
  async coverageSummary(actor: Actor, regionCode?: string): Promise<CoverageSummary> {
    const root = await this.coverageRoot(actor, regionCode);
    const { rows } = await repo.coverage(this.db, root, { limit: 100_000, offset: 0 });
    const types = await this.venueTypes.types();
    return {
      communities: rows.length,
      types: types.map((t) => {
        const covered = rows.filter((r) => (r.types[t.code] ?? 0) > 0).length;
        return { code: t.code, nameZh: t.nameZh, nameEn: t.nameEn, expected: t.expected, covered, missing: rows.length - covered };
      }),
      fullyCovered: rows.filter((r) => types.filter((t) => t.expected).every((t) => (r.types[t.code] ?? 0) > 0)).length,
    };
  }

  /** One community: the venues serving it by type, with their managers and co-builders. */
  async coverageOf(actor: Actor, communityCode: string): Promise<CommunityCoverage> {
    const r = await repo.findRegion(this.db, communityCode);
    if (!r || r.level !== 'community' || !pathWithin(r.path, actor.scope.regionPath)) throw new AppError('NOT_FOUND', 'code');
    const venues = await repo.servingVenues(this.db, communityCode);
    const cbs = await repo.listCobuilders(
      this.db,
      venues.map((v) => v.id),
    );
    return {
      code: r.code,
      name: r.name,
      venues: venues.map((v) => ({
        id: v.id,
        name: v.name,
        typeCode: v.type_code,
        regionCode: v.region_code,
        orgs: [
          { orgId: v.managing_org_id, name: v.managing_org_name, role: 'manager' as const },
          ...cbs.filter((c) => c.venue_id === v.id).map((c) => ({ orgId: c.org_id, name: c.name, role: 'cobuilder' as const })),
        ],
      })),
    };
  }

  /** The gaps (communities missing an expected venue type), filtered, as an Excel workbook; audited. */
  async exportGaps(ctx: RequestContext, f: { regionCode?: string; typeCode?: string }): Promise<Buffer> {
    const { items } = await this.coverage(ctx.actor, { ...f, gapsOnly: true, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const types = await this.venueTypes.types();
    const nameOf = (code: string) => types.find((t) => t.code === code)?.nameZh ?? code;
    const buf = await toXlsx(
      'coverage-gaps',
      [
        { header: '区(市)县 District', value: (r: (typeof items)[number]) => r.districtName, width: 14 },
        { header: '镇/街道 Street', value: (r) => r.streetName, width: 18 },
        { header: '社区/村 Community', value: (r) => r.name, width: 20 },
        { header: '代码 Code', value: (r) => r.code, width: 14 },
        { header: '缺少 Missing', value: (r) => r.missing.map(nameOf).join('、'), width: 40 },
        { header: '阵地数 Venues', value: (r) => r.venues, width: 10 },
        { header: '服务组织数 Organizations', value: (r) => r.orgs, width: 12 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'venue.coverage.export', objectType: 'venue', detail: { rows: items.length } }));
    return buf;
  }
}
