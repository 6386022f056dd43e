import type {
  HoursInput,
  NewProject,
  NewRoom,
  NewVenue,
  Room,
  RoomPatch,
  UploadedFile,
  Venue,
  VenueDetail,
  VenuePatch,
  VenuePhoto,
  VenueProject,
  VenueQuotas,
  Hours,
} from '../../../contracts/venues.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { hasPermission, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { hashedPath, safeFileName, storeByHash } from '../../platform/files/stored-files.js';
import { pathWithin } from '../../platform/scope.js';
import * as repo from './venues.repository.js';
import { detectImageType, directBooker, iso, PHOTO_LIMITS, readScope, writeScope } from './venues.policy.js';

/** The list's filter as the service takes it (the routes file maps the query's names). */
export type VenueFilterInput = { typeCode?: string; regionCode?: string; orgId?: number; q?: string; sort: keyof typeof repo.SORTS; desc: boolean };
/** The hours as the service stores them: an exception's missing times are null. */
export type HoursChange = { weekly: HoursInput['weekly']; exceptions: Array<Omit<repo.ExceptionRow, 'note'> & { note?: string }> };

const toVenue = (r: repo.VenueRow, cobuilders: Venue['cobuilders']): Venue => ({
  id: r.id,
  typeCode: r.type_code,
  modelLevel: r.model_level,
  name: r.name,
  regionCode: r.region_code,
  regionName: r.region_name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  managingOrgId: r.managing_org_id,
  managingOrgName: r.managing_org_name,
  accessibility: r.accessibility,
  accessibilityNote: r.accessibility_note,
  description: r.description,
  openOnHolidays: r.open_on_holidays,
  monthlyQuotaHours: r.monthly_quota_hours,
  approvalRequired: r.approval_required,
  status: r.status,
  version: r.version,
  roomCount: r.room_count,
  cobuilders,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const toRoom = (r: repo.RoomRow): Room => ({ id: r.id, name: r.name, capacity: r.capacity, facilities: r.facilities, status: r.status });

const toProject = (p: repo.ProjectRow): VenueProject => ({
  id: p.id,
  orgId: p.org_id,
  orgName: p.org_name,
  service: p.service,
  schedule: p.schedule,
  startsOn: p.starts_on,
  endsOn: p.ends_on,
});

/**
 * A venue in the actor's read scope, or (write) managed in its subtree. A venue I can read but not manage is
 * refused as forbidden; one I cannot see does not exist for me.
 */
export async function requireVenue(db: Db, actor: Actor, id: number, write: boolean, field = 'id'): Promise<repo.VenueRow> {
  const row = await repo.findById(db, write ? writeScope(actor) : readScope(actor), id, write);
  if (!row) {
    if (write && (await repo.findById(db, readScope(actor), id))) throw new AppError('FORBIDDEN');
    throw new AppError('NOT_FOUND', field);
  }
  return row;
}

/** The path of a region named in a filter; an unknown code is a validation error of `field`. */
export async function regionPathOf(db: Db, code: string | undefined, field: string): Promise<string | undefined> {
  if (!code) return undefined;
  const r = await repo.findRegion(db, code);
  if (!r) throw new AppError('VALIDATION', field, { reason: 'invalid' });
  return r.path;
}

/** The venue registry: venues, co-builders, service areas, rooms, opening hours, hosted projects, photos and booking quotas. */
export class VenueRegistry {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    /** Where photos are stored, content-addressed (DATA_DIR/files/venues). */
    private readonly filesDir: string,
  ) {}

  // ───────────── Booking rules: per-organization quotas ─────────────

  /** A venue's booking rules: approval, the general monthly quota and each organization's own quota. */
  async quotas(actor: Actor, venueId: number): Promise<VenueQuotas> {
    const v = await requireVenue(this.db, actor, venueId, false);
    return this.quotasOf(this.db, v);
  }

  private async quotasOf(db: Db, v: repo.VenueRow): Promise<VenueQuotas> {
    const rows = await repo.listQuotas(db, v.id);
    return {
      monthlyQuotaHours: v.monthly_quota_hours,
      approvalRequired: v.approval_required,
      orgs: rows.map((r) => ({ orgId: r.org_id, orgName: r.org_name, monthlyHours: r.monthly_hours })),
    };
  }

  /** Replaces the organizations' own monthly quotas at a venue I manage. */
  async setQuotas(ctx: RequestContext, venueId: number, orgs: Array<{ orgId: number; monthlyHours: number }>): Promise<VenueQuotas> {
    return this.db.transaction().execute(async (trx) => {
      const v = await requireVenue(trx, ctx.actor, venueId, true);
      const ids = orgs.map((o) => o.orgId);
      if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION', 'orgs', { reason: 'duplicate' });
      for (const o of orgs) {
        const org = await repo.findOrg(trx, o.orgId);
        if (!org || org.status !== 'active') throw new AppError('VALIDATION', 'orgs', { reason: 'invalid' });
      }
      await repo.replaceQuotas(
        trx,
        venueId,
        orgs.map((o) => ({ org_id: o.orgId, monthly_hours: o.monthlyHours })),
      );
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.quotas.set', objectType: 'venue', objectId: venueId, detail: { orgs: orgs.length } });
      return this.quotasOf(trx, v);
    });
  }

  private async withCobuilders(rows: repo.VenueRow[], db: Db = this.db): Promise<Venue[]> {
    const cbs = await repo.listCobuilders(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      toVenue(
        r,
        cbs.filter((c) => c.venue_id === r.id).map((c) => ({ orgId: c.org_id, name: c.name, typeCode: c.type_code })),
      ),
    );
  }

  /** Venues in my read scope, filtered, sorted and paged. */
  async list(actor: Actor, f: VenueFilterInput & { page: number; pageSize: number }): Promise<{ items: Venue[]; total: number }> {
    const regionPath = await regionPathOf(this.db, f.regionCode, 'regionCode');
    const { rows, total } = await repo.list(
      this.db,
      readScope(actor),
      { typeCode: f.typeCode, regionPath, orgId: f.orgId, q: f.q },
      f.sort,
      f.desc,
      f.pageSize,
      (f.page - 1) * f.pageSize,
    );
    return { items: await this.withCobuilders(rows), total };
  }

  /** The filtered list as an Excel workbook, audited with its row count. */
  async exportXlsx(ctx: RequestContext, f: VenueFilterInput): Promise<Buffer> {
    const { items } = await this.list(ctx.actor, { ...f, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const buf = await toXlsx(
      'venues',
      [
        { header: 'ID', value: (v: Venue) => v.id, width: 8 },
        { header: '名称 Name', value: (v) => v.name, width: 36 },
        { header: '类型 Type', value: (v) => v.typeCode, width: 18 },
        { header: '模范等级 Model level', value: (v) => v.modelLevel, width: 12 },
        { header: '区域 Region', value: (v) => `${v.regionName} (${v.regionCode})`, width: 28 },
        { header: '地址 Address', value: (v) => v.address, width: 36 },
        { header: '管理单位 Manager', value: (v) => v.managingOrgName, width: 30 },
        { header: '共建单位 Co-builders', value: (v) => v.cobuilders.map((c) => c.name).join('; '), width: 40 },
        { header: '房间 Rooms', value: (v) => v.roomCount, width: 8 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'venue.export', objectType: 'venue', detail: { rows: items.length } }));
    return buf;
  }

  /** One venue with its rooms, projects, photos, service areas, hours, and what the actor may do there. */
  async get(actor: Actor, id: number): Promise<VenueDetail> {
    const row = await requireVenue(this.db, actor, id, false);
    const [venue] = await this.withCobuilders([row]);
    const hours = await repo.listHours(this.db, id);
    const canWrite = hasPermission(actor, 'venue.write') && pathWithin(row.managing_org_path, actor.scope.orgPath);
    return {
      ...venue!,
      rooms: (await repo.listRooms(this.db, id)).map(toRoom),
      projects: (await repo.listProjects(this.db, id)).map(toProject),
      photos: (await repo.listPhotos(this.db, id)).map((p) => ({ id: p.id, name: p.name, mime: p.mime, size: p.size, uploadedAt: iso(p.uploaded_at) })),
      serviceAreas: await repo.listServiceAreas(this.db, id),
      weekly: hours.weekly,
      exceptions: hours.exceptions,
      canWrite,
      canBookDirectly: directBooker(
        actor.scope.orgPath,
        row.managing_org_path,
        (await repo.listCobuilders(this.db, [id])).map((c) => c.path),
      ),
    };
  }

  private async checkOrgs(db: Db, regionPath: string, ids: number[], field: string): Promise<void> {
    for (const id of ids) {
      const o = await repo.findOrg(db, id);
      // Co-builders come from any tree, but from the venue's area: their region contains the venue's or lies inside it.
      if (!o || o.status !== 'active') throw new AppError('VALIDATION', field, { reason: 'invalid' });
      if (!pathWithin(regionPath, o.region_path) && !pathWithin(o.region_path, regionPath))
        throw new AppError('VALIDATION', field, { reason: 'outside_scope' });
    }
  }

  private async checkAreas(db: Db, regionPath: string, codes: string[]): Promise<void> {
    const found = await repo.findCommunities(db, codes);
    if (found.length !== new Set(codes).size) throw new AppError('VALIDATION', 'serviceAreaCodes', { reason: 'region_level' });
    // A venue serves communities of its own district.
    const district = regionPath.split('.').slice(0, 2).join('.');
    if (found.some((c) => !pathWithin(c.path, district))) throw new AppError('VALIDATION', 'serviceAreaCodes', { reason: 'outside_scope' });
  }

  private async checkType(db: Db, typeCode: string, modelLevel: string | null | undefined): Promise<void> {
    const t = (await repo.listTypes(db)).find((x) => x.code === typeCode);
    if (!t) throw new AppError('VALIDATION', 'typeCode', { reason: 'enum' });
    if (modelLevel && !t.has_model_level) throw new AppError('VALIDATION', 'modelLevel', { reason: 'model_level' });
  }

  /** Registers a venue managed by a unit in my subtree, inside that unit's region. */
  async create(ctx: RequestContext, input: NewVenue): Promise<Venue> {
    await this.checkType(this.db, input.typeCode, input.modelLevel);
    return this.db.transaction().execute(async (trx) => {
      const manager = await repo.findOrg(trx, input.managingOrgId);
      if (!manager || !pathWithin(manager.path, ctx.actor.scope.orgPath)) throw new AppError('NOT_FOUND', 'managingOrgId');
      if (manager.status !== 'active') throw new AppError('VALIDATION', 'managingOrgId', { reason: 'archived' });
      const region = await repo.findRegion(trx, input.regionCode);
      if (!region) throw new AppError('VALIDATION', 'regionCode', { reason: 'invalid' });
      if (!pathWithin(region.path, manager.region_path)) throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
      const cobuilders = [...new Set(input.cobuilderOrgIds ?? [])].filter((id) => id !== manager.id);
      await this.checkOrgs(trx, region.path, cobuilders, 'cobuilderOrgIds');
      const areas = [...new Set(input.serviceAreaCodes ?? [])];
      await this.checkAreas(trx, region.path, areas);
      const id = await repo.insertVenue(trx, {
        type_code: input.typeCode,
        model_level: input.modelLevel ?? null,
        name: input.name.trim(),
        region_code: region.code,
        region_path: region.path,
        address: input.address?.trim() ?? '',
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        managing_org_id: manager.id,
        managing_org_path: manager.path,
        accessibility: [...new Set(input.accessibility ?? [])],
        accessibility_note: input.accessibilityNote ?? '',
        description: input.description ?? '',
        open_on_holidays: input.openOnHolidays ?? false,
        monthly_quota_hours: input.monthlyQuotaHours ?? null,
        approval_required: input.approvalRequired ?? true,
      });
      await repo.replaceCobuilders(trx, id, cobuilders);
      await repo.replaceServiceAreas(trx, id, areas);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.create',
        objectType: 'venue',
        objectId: id,
        detail: { typeCode: input.typeCode, cobuilders: cobuilders.length },
      });
      return (await this.withCobuilders([(await repo.findById(trx, writeScope(ctx.actor), id))!], trx))[0]!;
    });
  }

  /** Edits a venue I manage (optimistic: the version read). */
  async update(ctx: RequestContext, id: number, input: VenuePatch): Promise<Venue> {
    return this.db.transaction().execute(async (trx) => {
      const v = await requireVenue(trx, ctx.actor, id, true);
      await this.checkType(trx, v.type_code, input.modelLevel);
      const set: Partial<repo.NewVenue> = {};
      if (input.modelLevel !== undefined) set.model_level = input.modelLevel;
      if (input.name !== undefined) set.name = input.name.trim();
      if (input.address !== undefined) set.address = input.address.trim();
      if (input.lat !== undefined) set.lat = input.lat;
      if (input.lng !== undefined) set.lng = input.lng;
      if (input.accessibility !== undefined) set.accessibility = [...new Set(input.accessibility)];
      if (input.accessibilityNote !== undefined) set.accessibility_note = input.accessibilityNote;
      if (input.description !== undefined) set.description = input.description;
      if (input.openOnHolidays !== undefined) set.open_on_holidays = input.openOnHolidays;
      if (input.monthlyQuotaHours !== undefined) set.monthly_quota_hours = input.monthlyQuotaHours;
      if (input.approvalRequired !== undefined) set.approval_required = input.approvalRequired;
      if ((set.lat === undefined) !== (set.lng === undefined) || (set.lat === null) !== (set.lng === null))
        throw new AppError('VALIDATION', 'lng', { reason: 'required' });
      if (input.cobuilderOrgIds !== undefined) {
        const ids = [...new Set(input.cobuilderOrgIds)].filter((x) => x !== v.managing_org_id);
        await this.checkOrgs(trx, v.region_path, ids, 'cobuilderOrgIds');
        await repo.replaceCobuilders(trx, id, ids);
      }
      if (input.serviceAreaCodes !== undefined) {
        const codes = [...new Set(input.serviceAreaCodes)];
        await this.checkAreas(trx, v.region_path, codes);
        await repo.replaceServiceAreas(trx, id, codes);
      }
      if (!(await repo.updateVenue(trx, id, input.version, set))) throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.update',
        objectType: 'venue',
        objectId: id,
        detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
      });
      return (await this.withCobuilders([(await repo.findById(trx, writeScope(ctx.actor), id))!], trx))[0]!;
    });
  }

  /** Archives (or restores) a venue I manage. */
  async setArchived(ctx: RequestContext, id: number, archived: boolean): Promise<{ ok: boolean }> {
    await this.db.transaction().execute(async (trx) => {
      const v = await requireVenue(trx, ctx.actor, id, true);
      await repo.updateVenue(trx, id, v.version, { status: archived ? 'archived' : 'active' });
      await this.audit.append(trx, actorOf(ctx), { action: archived ? 'venue.archive' : 'venue.restore', objectType: 'venue', objectId: id });
    });
    return { ok: true };
  }

  /** Replaces the weekly opening hours and the dated exceptions. */
  async setHours(ctx: RequestContext, id: number, input: HoursChange): Promise<Hours> {
    input.weekly.forEach((w, i) => {
      if (w.closes <= w.opens) throw new AppError('VALIDATION', `weekly.${i}.closes`, { reason: 'range_order' });
    });
    input.exceptions.forEach((e, i) => {
      if (!e.closed && (!e.opens || !e.closes || e.closes <= e.opens)) throw new AppError('VALIDATION', `exceptions.${i}.closes`, { reason: 'range_order' });
    });
    return this.db.transaction().execute(async (trx) => {
      await requireVenue(trx, ctx.actor, id, true);
      await repo.replaceHours(
        trx,
        id,
        input.weekly,
        input.exceptions.map((e) => ({
          day: e.day,
          closed: e.closed,
          opens: e.closed ? null : e.opens,
          closes: e.closed ? null : e.closes,
          note: e.note ?? '',
        })),
      );
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.hours',
        objectType: 'venue',
        objectId: id,
        detail: { weekly: input.weekly.length, exceptions: input.exceptions.length },
      });
      return repo.listHours(trx, id);
    });
  }

  /** Adds a room (its name unique at the venue). */
  async addRoom(ctx: RequestContext, venueId: number, input: NewRoom): Promise<Room> {
    return this.db.transaction().execute(async (trx) => {
      await requireVenue(trx, ctx.actor, venueId, true);
      if ((await repo.listRooms(trx, venueId)).some((r) => r.name === input.name.trim())) throw new AppError('CONFLICT', 'name', { reason: 'duplicate' });
      const id = await repo.insertRoom(trx, {
        venue_id: venueId,
        name: input.name.trim(),
        capacity: input.capacity,
        facilities: [...new Set(input.facilities ?? [])],
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.room.create', objectType: 'venue', objectId: venueId, detail: { roomId: id } });
      return toRoom((await repo.listRooms(trx, venueId)).find((r) => r.id === id)!);
    });
  }

  /** Edits or archives a room of a venue I manage. */
  async updateRoom(ctx: RequestContext, roomId: number, input: RoomPatch): Promise<Room> {
    // An update that names no field has nothing to write (and would be an empty SET).
    if (Object.keys(input).length === 0) throw new AppError('VALIDATION', 'body', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const room = await repo.findRoom(trx, writeScope(ctx.actor), roomId);
      if (!room) {
        if (await repo.findRoom(trx, readScope(ctx.actor), roomId)) throw new AppError('FORBIDDEN');
        throw new AppError('NOT_FOUND', 'id');
      }
      const name = input.name?.trim();
      if (name && name !== room.name && (await repo.listRooms(trx, room.venue_id)).some((r) => r.name === name))
        throw new AppError('CONFLICT', 'name', { reason: 'duplicate' });
      await repo.updateRoom(trx, roomId, { ...input, ...(name ? { name } : {}) });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.room.update',
        objectType: 'venue',
        objectId: room.venue_id,
        detail: { roomId, fields: Object.keys(input) },
      });
      return toRoom((await repo.listRooms(trx, room.venue_id)).find((r) => r.id === roomId)!);
    });
  }

  /** Records a hosted service project (入驻): an organization offering a service at the venue. */
  async addProject(ctx: RequestContext, venueId: number, input: NewProject): Promise<VenueProject> {
    if (input.endsOn && input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'endsOn', { reason: 'date_order' });
    return this.db.transaction().execute(async (trx) => {
      const v = await requireVenue(trx, ctx.actor, venueId, true);
      await this.checkOrgs(trx, v.region_path, [input.orgId], 'orgId');
      const id = await repo.insertProject(trx, {
        venue_id: venueId,
        org_id: input.orgId,
        service: input.service.trim(),
        schedule: input.schedule?.trim() ?? '',
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.project.create',
        objectType: 'venue',
        objectId: venueId,
        detail: { projectId: id, orgId: input.orgId },
      });
      return toProject((await repo.listProjects(trx, venueId)).find((x) => x.id === id)!);
    });
  }

  /** Removes a hosted project of a venue I manage. */
  async removeProject(ctx: RequestContext, projectId: number): Promise<{ ok: boolean }> {
    await this.db.transaction().execute(async (trx) => {
      const p = await repo.findProject(trx, projectId);
      if (!p) throw new AppError('NOT_FOUND', 'id');
      await requireVenue(trx, ctx.actor, p.venue_id, true);
      await repo.deleteProject(trx, projectId);
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.project.delete', objectType: 'venue', objectId: p.venue_id, detail: { projectId } });
    });
    return { ok: true };
  }

  /** Stores a photo once by its SHA-256 after checking its size and its type by magic bytes. */
  async addPhoto(ctx: RequestContext, venueId: number, file: UploadedFile): Promise<VenuePhoto> {
    // A JSON body can mimic the shape of a file part: only bytes read from a multipart upload count.
    if (!Buffer.isBuffer(file.data) || file.data.length === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if (file.data.length > PHOTO_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: PHOTO_LIMITS.maxBytes });
    const type = detectImageType(file.data.subarray(0, 16));
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file', { reason: 'file_type' });
    return this.db.transaction().execute(async (trx) => {
      await requireVenue(trx, ctx.actor, venueId, true);
      if ((await repo.listPhotos(trx, venueId)).length >= PHOTO_LIMITS.perVenue)
        throw new AppError('VALIDATION', 'file', { reason: 'maximum', limit: PHOTO_LIMITS.perVenue });
      const { sha256 } = await storeByHash(this.filesDir, file.data);
      const name = safeFileName(file.name, `photo.${type.ext}`);
      const id = await repo.insertPhoto(trx, { venue_id: venueId, sha256, mime: type.mime, size: file.data.length, name, uploaded_by: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.photo.add', objectType: 'venue', objectId: venueId, detail: { photoId: id } });
      return { id, name, mime: type.mime, size: file.data.length, uploadedAt: new Date().toISOString() };
    });
  }

  /** Where a photo of a venue I can read is stored, and its type. */
  async photoFile(actor: Actor, venueId: number, photoId: number): Promise<{ path: string; mime: string; name: string }> {
    await requireVenue(this.db, actor, venueId, false);
    const p = (await repo.listPhotos(this.db, venueId)).find((x) => x.id === photoId);
    if (!p) throw new AppError('NOT_FOUND', 'photoId');
    return { path: hashedPath(this.filesDir, p.sha256), mime: p.mime, name: p.name };
  }
}
