import { createHash } from 'node:crypto';
import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type {
  Brand,
  BrandFigures,
  BrandInput,
  HsdsPage,
  PublicService,
  PublicServiceItem,
  PublicVenue,
  Service,
  ServiceInput,
} from '../../../contracts/catalogue.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import { distanceM, fromHsdsId, hsdsId, initialsOf, publishedServiceScope, serviceReadScope, serviceWriteScope } from './catalogue.policy.js';
import * as repo from './catalogue.repository.js';

const toBrand = (b: repo.BrandRow): Brand => ({
  id: b.id,
  name: b.name,
  nameEn: b.name_en,
  ownerOrgId: b.owner_org_id,
  ownerName: b.owner_name,
  logoUrl: b.logo_url,
  description: b.description,
  services: b.services,
  version: b.version,
});
const toService = (s: repo.ServiceRow): Service => ({
  id: s.id,
  orgId: s.org_id,
  orgName: s.org_name,
  providers: s.providers,
  brandId: s.brand_id,
  brandName: s.brand_name,
  name: s.name,
  nameInitials: s.name_initials,
  nameEn: s.name_en,
  description: s.description,
  descriptionEn: s.description_en,
  targetGroups: s.target_groups,
  channels: s.channels,
  eligibility: s.eligibility,
  documents: s.documents,
  hours: s.hours,
  fees: s.fees,
  applyKind: s.apply_kind,
  applyRef: s.apply_ref,
  accessibility: s.accessibility,
  officePhone: s.office_phone,
  status: s.status,
  venueIds: s.venue_ids.map(Number),
  version: s.version,
});

type Venue = Awaited<ReturnType<VenuesService['publicByIds']>>[number];
type Pos = { lat?: number; lng?: number };
const posOf = (p: Pos) => (p.lat !== undefined && p.lng !== undefined ? { lat: p.lat, lng: p.lng } : null);
/** How many services the portal ranks by distance at most (the catalogue is a few hundred services). */
const PORTAL_LIMIT = 2000;

/** The service catalogue and brands (C5), the portal directory and the HSDS open data. */
export class CatalogueService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly venues: VenuesService,
    private readonly activities: ActivitiesService,
  ) {}

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  /** Brands are managed by the system administrator or by staff of a city-level organization (a root of the tree). */
  private requireBrandManager(actor: Actor): void {
    if (actor.adminKind === 'system') return;
    if (!actor.permissions.has('catalogue.write') || actor.scope.orgPath.includes('.')) throw new AppError('FORBIDDEN');
  }

  /** The brand dimension of the catalogue, counted from the services of my tree and the activities they lead to. */
  async brandFigures(actor: Actor): Promise<{ items: BrandFigures[] }> {
    const rows = await repo.brandFigures(this.db, serviceReadScope(actor));
    const ids = [...new Set(rows.flatMap((r) => r.activity_ids.map(Number)))];
    const acts = new Map((await this.activities.figuresOf(this.db, ids)).map((a) => [a.id, a]));
    const items: BrandFigures[] = [];
    for (const r of rows) {
      const mine = r.activity_ids.map((id) => acts.get(Number(id))).filter((a) => a !== undefined);
      // Satisfaction: the ratings participants gave the activities the brand's services lead to.
      const rated = await this.activities.ratingsOf(
        this.db,
        mine.map((a) => a.id),
      );
      items.push({
        brandId: r.brand_id,
        brandName: r.brand_name,
        services: r.services,
        venues: r.venues,
        districts: r.districts,
        activities: mine.length,
        personTimes: mine.reduce((n, a) => n + a.personTimes, 0),
        rated: rated.rated,
        satisfactionRate: rated.satisfactionRate,
      });
    }
    return { items };
  }

  // ───────────── Brands ─────────────

  async brands(): Promise<{ items: Brand[] }> {
    return { items: (await repo.listBrands(this.db)).map(toBrand) };
  }

  async createBrand(ctx: RequestContext, input: BrandInput): Promise<Brand> {
    this.requireBrandManager(ctx.actor);
    return this.db.transaction().execute(async (trx) => {
      if (await repo.brandNameTaken(trx, input.name.trim())) throw new AppError('CONFLICT', 'name', { reason: 'duplicate' });
      const id = await repo.insertBrand(trx, {
        name: input.name.trim(),
        name_en: input.nameEn?.trim() ?? '',
        owner_org_id: ctx.actor.orgId,
        owner_path: ctx.actor.scope.orgPath,
        owner_name: ctx.actor.orgName,
        logo_url: input.logoUrl ?? null,
        description: input.description?.trim() ?? '',
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'catalogue.brand.create', objectType: 'cat_brand', objectId: id });
      return toBrand((await repo.findBrand(trx, id))!);
    });
  }

  async updateBrand(ctx: RequestContext, id: number, input: Partial<BrandInput> & { version: number }): Promise<Brand> {
    return this.db.transaction().execute(async (trx) => {
      this.requireBrandManager(ctx.actor);
      const b = await repo.findBrand(trx, id, true);
      if (!b || !(ctx.actor.adminKind === 'system' || b.owner_path === ctx.actor.scope.orgPath || b.owner_path.startsWith(`${ctx.actor.scope.orgPath}.`)))
        throw new AppError('NOT_FOUND', 'id');
      if (input.name && (await repo.brandNameTaken(trx, input.name.trim(), id))) throw new AppError('CONFLICT', 'name', { reason: 'duplicate' });
      const ok = await repo.updateBrand(trx, id, input.version, {
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.nameEn !== undefined && { name_en: input.nameEn.trim() }),
        ...(input.logoUrl !== undefined && { logo_url: input.logoUrl }),
        ...(input.description !== undefined && { description: input.description.trim() }),
      });
      if (!ok) throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), { action: 'catalogue.brand.update', objectType: 'cat_brand', objectId: id });
      return toBrand((await repo.findBrand(trx, id))!);
    });
  }

  // ───────────── Services (staff) ─────────────

  async services(actor: Actor, f: { q?: string; brandId?: number; page: number; pageSize: number }) {
    const { rows, total } = await repo.listServices(this.db, serviceReadScope(actor), {
      q: f.q?.trim() || undefined,
      brandId: f.brandId,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return { items: rows.map(toService), total, page: f.page, pageSize: f.pageSize };
  }

  async service(actor: Actor, id: number): Promise<Service> {
    const s = await repo.findService(this.db, serviceReadScope(actor), id);
    if (!s) throw new AppError('NOT_FOUND', 'id');
    return toService(s);
  }

  private checkApply(kind: string, ref: string): void {
    if (kind !== 'none' && ref.trim() === '') throw new AppError('VALIDATION', 'applyRef', { reason: 'required' });
    if (kind === 'url' && !/^https:\/\/\S+$/.test(ref)) throw new AppError('VALIDATION', 'applyRef', { reason: 'invalid' });
  }

  /** Providers after the lead, readable by the actor; venues must be active; districts follow the venues and the lead. */
  private async resolve(trx: Db, actor: Actor, lead: { id: number; name: string }, leadRegionPath: string, input: Partial<ServiceInput>) {
    const out: { providers?: Array<{ id: number; name: string }>; venueIds?: number[]; districts?: string[] } = {};
    if (input.providerOrgIds !== undefined) {
      const providers = [lead];
      for (const [i, id] of [...new Set(input.providerOrgIds)].entries()) {
        if (id === lead.id) continue;
        const o = await this.orgs.requireReadable(trx, actor, id, `providerOrgIds.${i}`);
        providers.push({ id: o.id, name: o.name });
      }
      out.providers = providers;
    }
    if (input.venueIds !== undefined) {
      const ids = [...new Set(input.venueIds)];
      const found = await this.venues.publicByIds(ids, trx);
      ids.forEach((id, i) => {
        if (!found.some((v) => v.id === id)) throw new AppError('NOT_FOUND', `venueIds.${i}`);
      });
      out.venueIds = ids;
      const leadDistrict = leadRegionPath.split('.')[1];
      out.districts = [...new Set([...found.map((v) => v.districtCode), ...(leadDistrict ? [leadDistrict] : [])])].filter(Boolean);
    }
    if (input.brandId) {
      if (!(await repo.findBrand(trx, input.brandId))) throw new AppError('NOT_FOUND', 'brandId');
    }
    return out;
  }

  async createService(ctx: RequestContext, input: ServiceInput): Promise<Service> {
    this.checkApply(input.applyKind ?? 'none', input.applyRef ?? '');
    return this.db.transaction().execute(async (trx) => {
      const lead = { id: ctx.actor.orgId, name: ctx.actor.orgName };
      const r = await this.resolve(trx, ctx.actor, lead, ctx.actor.scope.regionPath, {
        ...input,
        providerOrgIds: input.providerOrgIds ?? [],
        venueIds: input.venueIds ?? [],
      });
      const id = await repo.insertService(trx, {
        org_id: lead.id,
        org_name: lead.name,
        org_path: ctx.actor.scope.orgPath,
        region_path: ctx.actor.scope.regionPath,
        providers: r.providers!,
        district_codes: r.districts!,
        brand_id: input.brandId ?? null,
        name: input.name.trim(),
        name_initials: initialsOf(input.name.trim()),
        name_en: input.nameEn?.trim() ?? '',
        description: input.description.trim(),
        description_en: input.descriptionEn?.trim() ?? '',
        target_groups: [...new Set(input.targetGroups)],
        channels: [...new Set(input.channels)],
        eligibility: input.eligibility?.trim() ?? '',
        documents: input.documents ?? [],
        hours: input.hours?.trim() ?? '',
        fees: input.fees?.trim() ?? '',
        apply_kind: input.applyKind ?? 'none',
        apply_ref: input.applyRef?.trim() ?? '',
        accessibility: input.accessibility ?? [],
        office_phone: input.officePhone ?? '',
      });
      await repo.setVenues(trx, id, r.venueIds!);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'catalogue.service.create',
        objectType: 'cat_service',
        objectId: id,
        detail: { brandId: input.brandId ?? null, venues: r.venueIds!.length },
      });
      return toService((await repo.findService(trx, unscoped('checked'), id))!);
    });
  }

  async updateService(ctx: RequestContext, id: number, input: Partial<ServiceInput> & { status?: string; version: number }): Promise<Service> {
    return this.db.transaction().execute(async (trx) => {
      const s = await repo.findService(trx, serviceWriteScope(ctx.actor), id, true);
      if (!s) throw new AppError('NOT_FOUND', 'id');
      this.checkApply(input.applyKind ?? s.apply_kind, input.applyRef ?? s.apply_ref);
      const r = await this.resolve(trx, ctx.actor, { id: s.org_id, name: s.org_name }, s.region_path, input);
      const set: Parameters<typeof repo.updateService>[3] = {};
      if (input.name !== undefined) Object.assign(set, { name: input.name.trim(), name_initials: initialsOf(input.name.trim()) });
      if (input.nameEn !== undefined) set.name_en = input.nameEn.trim();
      if (input.description !== undefined) set.description = input.description.trim();
      if (input.descriptionEn !== undefined) set.description_en = input.descriptionEn.trim();
      if (input.brandId !== undefined) set.brand_id = input.brandId;
      if (input.targetGroups !== undefined) set.target_groups = [...new Set(input.targetGroups)];
      if (input.channels !== undefined) set.channels = [...new Set(input.channels)];
      if (input.eligibility !== undefined) set.eligibility = input.eligibility.trim();
      if (input.documents !== undefined) set.documents = input.documents;
      if (input.hours !== undefined) set.hours = input.hours.trim();
      if (input.fees !== undefined) set.fees = input.fees.trim();
      if (input.applyKind !== undefined) set.apply_kind = input.applyKind;
      if (input.applyRef !== undefined) set.apply_ref = input.applyRef.trim();
      if (input.accessibility !== undefined) set.accessibility = input.accessibility;
      if (input.officePhone !== undefined) set.office_phone = input.officePhone;
      if (input.status !== undefined) set.status = input.status;
      if (r.providers) set.providers = r.providers;
      if (r.districts) set.district_codes = r.districts;
      if (!(await repo.updateService(trx, id, input.version, set))) throw new AppError('STALE_VERSION', 'version');
      if (r.venueIds) await repo.setVenues(trx, id, r.venueIds);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'catalogue.service.update',
        objectType: 'cat_service',
        objectId: id,
        detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
      });
      return toService((await repo.findService(trx, unscoped('checked'), id))!);
    });
  }

  // ───────────── Portal ─────────────

  private venueOut(v: Venue, pos: { lat: number; lng: number } | null): PublicVenue {
    return {
      id: v.id,
      name: v.name,
      address: v.address,
      regionName: v.regionName,
      streetName: v.streetName,
      districtCode: v.districtCode,
      lat: v.lat,
      lng: v.lng,
      accessibility: v.accessibility,
      weekly: v.weekly,
      distanceM: pos && v.lat !== null && v.lng !== null ? distanceM(pos, { lat: v.lat, lng: v.lng }) : null,
    };
  }

  async portalServices(f: { q?: string; group?: string; brandId?: number; district?: string; page: number; pageSize: number } & Pos) {
    const pos = posOf(f);
    const { rows, total } = await repo.listServices(this.db, unscoped('portal'), {
      q: f.q?.trim() || undefined,
      group: f.group,
      brandId: f.brandId,
      district: f.district,
      activeOnly: true,
      limit: PORTAL_LIMIT,
      offset: 0,
    });
    const venues = await this.venues.publicByIds([...new Set(rows.flatMap((r) => r.venue_ids.map(Number)))]);
    const byId = new Map(venues.map((v) => [v.id, v]));
    const items: PublicServiceItem[] = rows.map((r) => {
      const vs = r.venue_ids
        .map((id) => byId.get(Number(id)))
        .filter((v): v is Venue => v !== undefined)
        .map((v) => this.venueOut(v, pos));
      vs.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity));
      return {
        id: r.id,
        name: r.name,
        nameEn: r.name_en,
        brandId: r.brand_id,
        brandName: r.brand_name,
        orgName: r.org_name,
        targetGroups: r.target_groups,
        channels: r.channels,
        fees: r.fees,
        nearestVenue: vs[0]?.name ?? null,
        distanceM: vs[0]?.distanceM ?? null,
      };
    });
    if (pos) items.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.id - b.id);
    const start = (f.page - 1) * f.pageSize;
    return { items: items.slice(start, start + f.pageSize), total, page: f.page, pageSize: f.pageSize };
  }

  async portalService(id: number, p: Pos): Promise<PublicService> {
    const s = await repo.findService(this.db, publishedServiceScope, id);
    if (!s) throw new AppError('NOT_FOUND', 'id');
    const pos = posOf(p);
    const venues = (await this.venues.publicByIds(s.venue_ids.map(Number))).map((v) => this.venueOut(v, pos));
    venues.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.id - b.id);
    return { ...toService(s), venues };
  }

  async portalBrands(): Promise<{ items: Brand[] }> {
    return this.brands();
  }

  // ───────────── Open data (HSDS 3.0) ─────────────

  /** A weak ETag over the published catalogue's state and the request. */
  async etag(what: string): Promise<string> {
    const own = await repo.catalogueStamp(this.db);
    const stamp = `${own.own}|${await this.venues.stampOf(own.venueIds)}|${await this.orgs.stampOf(own.orgIds)}`;
    return `W/"${createHash('sha256').update(`${stamp}|${what}`).digest('base64url').slice(0, 27)}"`;
  }

  private page<T>(all: T[], page: number, size: number): HsdsPage {
    const total = all.length;
    const pages = Math.max(1, Math.ceil(total / size));
    const contents = all.slice((page - 1) * size, page * size) as unknown as HsdsPage['contents'];
    return {
      total_items: total,
      total_pages: pages,
      page_number: page,
      size,
      first_page: page === 1,
      last_page: page >= pages,
      empty: contents.length === 0,
      contents,
    };
  }

  private async published() {
    return (await repo.listServices(this.db, unscoped('portal'), { activeOnly: true, limit: 100_000, offset: 0 })).rows;
  }

  private hsdsOrganization(o: { id: number; name: string }) {
    return { id: hsdsId('organization', o.id), name: o.name, description: `${o.name}（成都市群团组织服务目录）`, organization_identifiers: [] as unknown[] };
  }

  private hsdsLocation(v: Venue) {
    const loc = hsdsId('location', v.id);
    return {
      id: loc,
      location_type: 'physical',
      name: v.name,
      description: [v.regionName, v.streetName].filter(Boolean).join(' · '),
      latitude: v.lat ?? undefined,
      longitude: v.lng ?? undefined,
      external_identifier: String(v.id),
      external_identifier_type: 'qunhub-venue',
      addresses: [
        {
          id: hsdsId('address', v.id),
          location_id: loc,
          address_1: v.address,
          city: '成都市',
          region: v.regionName,
          state_province: '四川省',
          postal_code: '',
          country: 'CN',
          address_type: 'physical',
        },
      ],
      accessibility: v.accessibility.map((a, i) => ({ id: hsdsId('accessibility', v.id, i + 1), location_id: loc, description: a })),
      schedules: v.weekly.map((h, i) => ({
        id: hsdsId('schedule', v.id, 0x100000 + i),
        location_id: loc,
        freq: 'WEEKLY',
        wkst: 'MO',
        byday: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][h.weekday % 7],
        opens_at: h.opens,
        closes_at: h.closes,
        timezone: 8,
      })),
    };
  }

  private hsdsService(s: repo.ServiceRow) {
    const sid = hsdsId('service', s.id);
    const contacts = s.office_phone
      ? [
          {
            id: hsdsId('contact', s.id),
            service_id: sid,
            name: `${s.org_name}服务热线`,
            department: s.org_name,
            phones: [{ id: hsdsId('phone', s.id), service_id: sid, number: s.office_phone, type: 'voice' }],
          },
        ]
      : [];
    return {
      id: sid,
      organization_id: hsdsId('organization', s.org_id),
      program_id: s.brand_id ? hsdsId('program', s.brand_id) : undefined,
      name: s.name,
      alternate_name: s.name_en || undefined,
      description: s.description_en ? `${s.description}\n\n${s.description_en}` : s.description,
      url: s.apply_kind === 'url' ? s.apply_ref : undefined,
      status: s.status === 'active' ? 'active' : 'inactive',
      application_process: s.apply_kind === 'none' ? '到场或来电咨询' : s.apply_kind === 'url' ? `在线申请：${s.apply_ref}` : '通过“群团通”门户办理',
      fees_description: s.fees || '免费',
      eligibility_description: s.eligibility || undefined,
      last_modified: new Date(s.updated_at).toISOString(),
      schedules: s.hours ? [{ id: hsdsId('schedule', s.id), service_id: sid, description: s.hours }] : [],
      required_documents: s.documents.map((d, i) => ({ id: hsdsId('document', s.id, i + 1), service_id: sid, document: d })),
      contacts,
      phones: [] as unknown[],
      languages: [{ id: hsdsId('phone', s.id, 0x200000), service_id: sid, name: '中文', code: 'zh' }],
      service_areas: [] as unknown[],
      organization: this.hsdsOrganization({ id: s.org_id, name: s.org_name }),
      program: s.brand_id ? { id: hsdsId('program', s.brand_id), name: s.brand_name ?? '', description: `品牌：${s.brand_name ?? ''}` } : undefined,
      service_at_locations: s.venue_ids.map((v) => ({
        id: hsdsId('serviceAtLocation', s.id, Number(v)),
        service_id: sid,
        location_id: hsdsId('location', Number(v)),
      })),
      attributes: [] as unknown[],
      metadata: [] as unknown[],
    };
  }

  async hsdsOrganizations(page: number, size: number): Promise<HsdsPage> {
    const orgs = new Map<number, { id: number; name: string }>();
    for (const s of await this.published()) for (const p of s.providers) orgs.set(p.id, p);
    const all = [...orgs.values()].sort((a, b) => a.id - b.id).map((o) => this.hsdsOrganization(o));
    return this.page(all, page, size);
  }

  async hsdsServices(page: number, size: number): Promise<HsdsPage> {
    const { rows, total } = await repo.listServices(this.db, unscoped('portal'), { activeOnly: true, limit: size, offset: (page - 1) * size });
    const pages = Math.max(1, Math.ceil(total / size));
    return {
      total_items: total,
      total_pages: pages,
      page_number: page,
      size,
      first_page: page === 1,
      last_page: page >= pages,
      empty: rows.length === 0,
      contents: rows.map((s) => this.hsdsService(s)) as HsdsPage['contents'],
    };
  }

  async hsdsServiceById(uuid: string) {
    const id = fromHsdsId('service', uuid);
    const s = id ? await repo.findService(this.db, publishedServiceScope, id.a) : undefined;
    if (!s) throw new AppError('NOT_FOUND', 'id');
    return this.hsdsService(s);
  }

  async hsdsServiceAtLocations(page: number, size: number): Promise<HsdsPage> {
    const services = await this.published();
    const venues = new Map((await this.venues.publicByIds([...new Set(services.flatMap((s) => s.venue_ids.map(Number)))])).map((v) => [v.id, v]));
    const all = services.flatMap((s) =>
      s.venue_ids
        .map(Number)
        .filter((v) => venues.has(v))
        .map((v) => ({
          id: hsdsId('serviceAtLocation', s.id, v),
          service_id: hsdsId('service', s.id),
          location_id: hsdsId('location', v),
          description: `${s.name} @ ${venues.get(v)!.name}`,
          location: this.hsdsLocation(venues.get(v)!),
        })),
    );
    return this.page(all, page, size);
  }
}
