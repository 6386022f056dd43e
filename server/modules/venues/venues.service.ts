import type { NewVenueType, VenueQuotas, VenueTypeItem, VenueTypePatch } from '../../../contracts/venues.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import { randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { hasPermission, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { pathWithin } from '../../platform/scope.js';
import { storeByHash, hashedPath, safeFileName } from '../../platform/files/stored-files.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import * as repo from './venues.repository.js';
import {
  BOOKING_LIMITS,
  bookingOwnerScope,
  chinaLabel,
  chinaLocal,
  chinaMonth,
  detectImageType,
  openingVerdict,
  PHOTO_LIMITS,
  readScope,
  writeScope,
  type OpeningRules,
} from './venues.policy.js';

const toTypeItem = (t: repo.VenueTypeRow, venues: number): VenueTypeItem => ({
  code: t.code,
  nameZh: t.name_zh,
  nameEn: t.name_en,
  hasModelLevel: t.has_model_level,
  expected: t.expected,
  sort: t.sort,
  active: t.active,
  venues,
});

export type VenueType = { code: string; nameZh: string; nameEn: string; hasModelLevel: boolean; expected: boolean };

export type Venue = {
  id: number;
  typeCode: string;
  modelLevel: string | null;
  name: string;
  regionCode: string;
  regionName: string;
  address: string;
  lat: number | null;
  lng: number | null;
  managingOrgId: number;
  managingOrgName: string;
  accessibility: string[];
  accessibilityNote: string;
  description: string;
  openOnHolidays: boolean;
  monthlyQuotaHours: number | null;
  approvalRequired: boolean;
  status: string;
  version: number;
  roomCount: number;
  cobuilders: Array<{ orgId: number; name: string; typeCode: string }>;
  createdAt: string;
  updatedAt: string;
};

export type Room = { id: number; name: string; capacity: number; facilities: string[]; status: string };
export type Booking = {
  id: number;
  venueId: number;
  venueName: string;
  roomId: number;
  roomName: string;
  orgId: number;
  orgName: string;
  start: string;
  end: string;
  status: string;
  purpose: string;
  activityId: number | null;
  seriesId: number | null;
  decisionNote: string | null;
  createdAt: string;
};

const iso = (d: Date | string) => new Date(d).toISOString();

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

export const toBooking = (b: repo.BookingRow): Booking => ({
  id: b.id,
  venueId: b.venue_id,
  venueName: b.venue_name,
  roomId: b.room_id,
  roomName: b.room_name,
  orgId: b.org_id,
  orgName: b.org_name,
  start: iso(b.starts_at),
  end: iso(b.ends_at),
  status: b.status,
  purpose: b.purpose,
  activityId: b.activity_id,
  seriesId: b.series_id,
  decisionNote: b.decision_note,
  createdAt: iso(b.created_at),
});

export type VenueInput = {
  typeCode: string;
  modelLevel?: string | null;
  name: string;
  regionCode: string;
  address?: string;
  lat?: number | null;
  lng?: number | null;
  managingOrgId: number;
  cobuilderOrgIds?: number[];
  serviceAreaCodes?: string[];
  accessibility?: string[];
  accessibilityNote?: string;
  description?: string;
  openOnHolidays?: boolean;
  monthlyQuotaHours?: number | null;
  approvalRequired?: boolean;
};

export type VenueFilterInput = { typeCode?: string; regionCode?: string; orgId?: number; q?: string; sort: keyof typeof repo.SORTS; desc: boolean };

export type BookInput = {
  roomId: number;
  start: string;
  end: string;
  purpose: string;
  /** The booking organization: mine by default, or a unit below mine. */
  orgId?: number;
  activityId?: number | null;
  /** Repeat weekly, same weekday and time, through this China-time date (inclusive). */
  repeatWeeklyUntil?: string;
};

export type Occurrence = {
  start: string;
  end: string;
  bookingId: number | null;
  status: 'confirmed' | 'pending' | 'conflict' | 'refused';
  message: string | null;
  holder: string | null;
};
export type BookResult = { booking: Booking | null; seriesId: number | null; occurrences: Occurrence[] };

type Refusal = { kind: 'conflict'; holder: string; from: Date; to: Date } | { kind: 'refused'; reason: string; params: Record<string, string | number> };

for (const [kind, text] of [
  ['venue.booking.confirmed', '场地预约已批准：{venue} {room} {from}'],
  ['venue.booking.rejected', '场地预约未获批准：{venue} {room} {from}'],
  ['venue.booking.cancelled', '场地预约已取消：{venue} {room} {from}'],
] as const) {
  registerNotificationKind({
    kind,
    module: 'venues',
    audience: 'staff',
    defaults: ['in_app'],
    text: (p) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? '')),
  });
}

/** Tells the booking organization what became of its booking (in the transaction that changed it). */
async function notifyBooking(
  trx: Tx,
  b: { id: number; org_id: number; venue_id: number; venue_name: string; room_name: string; starts_at: Date | string },
  status: 'confirmed' | 'rejected' | 'cancelled',
): Promise<void> {
  await notify(trx, {
    kind: `venue.booking.${status}`,
    to: { orgId: Number(b.org_id) },
    params: { venue: b.venue_name, room: b.room_name, from: chinaLabel(new Date(b.starts_at)) },
    link: `/venues/${b.venue_id}`,
    eventKey: `venue.booking.${status}:${b.id}`,
  });
}

/** Positions (阵地): the venue registry, co-building, hosted projects, the shared booking ledger and coverage. */
export class VenuesService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: MergeTx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly calendar: CalendarService,
    /** Where photos are stored, content-addressed (DATA_DIR/files/venues). */
    private readonly filesDir: string,
  ) {}

  async types(): Promise<VenueType[]> {
    return (await repo.listTypes(this.db, false)).map((t) => ({
      code: t.code,
      nameZh: t.name_zh,
      nameEn: t.name_en,
      hasModelLevel: t.has_model_level,
      expected: t.expected,
    }));
  }

  // ───────────── Venue type catalogue (system administrator) ─────────────

  async typeCatalogue(): Promise<VenueTypeItem[]> {
    const usage = await repo.typeUsage(this.db);
    return (await repo.listTypes(this.db, true)).map((t) => toTypeItem(t, usage.get(t.code) ?? 0));
  }

  async addType(ctx: RequestContext, input: NewVenueType): Promise<VenueTypeItem> {
    return this.db.transaction().execute(async (trx) => {
      const nameZh = input.nameZh.trim();
      const nameEn = input.nameEn.trim();
      if (!nameZh) throw new AppError('VALIDATION', 'nameZh', { reason: 'required' });
      if (!nameEn) throw new AppError('VALIDATION', 'nameEn', { reason: 'required' });
      if ((await repo.listTypes(trx, true)).some((t) => t.name_zh === nameZh)) throw new AppError('CONFLICT', 'nameZh', { reason: 'duplicate' });
      const row = {
        code: input.code,
        name_zh: nameZh,
        name_en: nameEn,
        has_model_level: input.hasModelLevel ?? false,
        expected: input.expected ?? false,
        sort: input.sort ?? 500,
      };
      if (!(await repo.insertType(trx, row))) throw new AppError('CONFLICT', 'code', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.type.create', objectType: 'venue_type', detail: { code: input.code, nameZh } });
      return toTypeItem({ ...row, active: true }, 0);
    });
  }

  async updateType(ctx: RequestContext, code: string, input: VenueTypePatch): Promise<VenueTypeItem> {
    return this.db.transaction().execute(async (trx) => {
      const t = await repo.findType(trx, code, true);
      if (!t) throw new AppError('NOT_FOUND', 'code');
      const set: Partial<Omit<repo.VenueTypeRow, 'code'>> = {};
      if (input.nameZh !== undefined) {
        set.name_zh = input.nameZh.trim();
        if (!set.name_zh) throw new AppError('VALIDATION', 'nameZh', { reason: 'required' });
        if ((await repo.listTypes(trx, true)).some((x) => x.code !== code && x.name_zh === set.name_zh))
          throw new AppError('CONFLICT', 'nameZh', { reason: 'duplicate' });
      }
      if (input.nameEn !== undefined) {
        set.name_en = input.nameEn.trim();
        if (!set.name_en) throw new AppError('VALIDATION', 'nameEn', { reason: 'required' });
      }
      if (input.hasModelLevel !== undefined) set.has_model_level = input.hasModelLevel;
      if (input.expected !== undefined) set.expected = input.expected;
      if (input.sort !== undefined) set.sort = input.sort;
      if (input.active !== undefined) set.active = input.active;
      await repo.updateType(trx, code, set);
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.type.update', objectType: 'venue_type', detail: { code, fields: Object.keys(input) } });
      return toTypeItem({ ...t, ...set }, (await repo.typeUsage(trx)).get(code) ?? 0);
    });
  }

  // ───────────── Booking rules: per-organization quotas ─────────────

  async quotas(actor: Actor, venueId: number): Promise<VenueQuotas> {
    const v = await this.requireVenue(this.db, actor, venueId, false);
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

  async setQuotas(ctx: RequestContext, venueId: number, orgs: Array<{ orgId: number; monthlyHours: number }>): Promise<VenueQuotas> {
    return this.db.transaction().execute(async (trx) => {
      const v = await this.requireVenue(trx, ctx.actor, venueId, true);
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

  private async regionPathOf(code: string | undefined, field: string): Promise<string | undefined> {
    if (!code) return undefined;
    const r = await repo.findRegion(this.db, code);
    if (!r) throw new AppError('VALIDATION', field, { reason: 'invalid' });
    return r.path;
  }

  async list(actor: Actor, f: VenueFilterInput & { page: number; pageSize: number }): Promise<{ items: Venue[]; total: number }> {
    const regionPath = await this.regionPathOf(f.regionCode, 'regionCode');
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

  private async requireVenue(db: Db, actor: Actor, id: number, write: boolean, field = 'id'): Promise<repo.VenueRow> {
    const row = await repo.findById(db, write ? writeScope(actor) : readScope(actor), id, write);
    if (!row) {
      // A venue I can read but not manage is refused as forbidden; one I cannot see does not exist for me.
      if (write && (await repo.findById(db, readScope(actor), id))) throw new AppError('FORBIDDEN');
      throw new AppError('NOT_FOUND', field);
    }
    return row;
  }

  async get(actor: Actor, id: number) {
    const row = await this.requireVenue(this.db, actor, id, false);
    const [venue] = await this.withCobuilders([row]);
    const hours = await repo.listHours(this.db, id);
    const canWrite = hasPermission(actor, 'venue.write') && pathWithin(row.managing_org_path, actor.scope.orgPath);
    return {
      ...venue!,
      rooms: (await repo.listRooms(this.db, id)).map(toRoom),
      projects: (await repo.listProjects(this.db, id)).map((p) => ({
        id: p.id,
        orgId: p.org_id,
        orgName: p.org_name,
        service: p.service,
        schedule: p.schedule,
        startsOn: p.starts_on,
        endsOn: p.ends_on,
      })),
      photos: (await repo.listPhotos(this.db, id)).map((p) => ({ id: p.id, name: p.name, mime: p.mime, size: p.size, uploadedAt: iso(p.uploaded_at) })),
      serviceAreas: await repo.listServiceAreas(this.db, id),
      weekly: hours.weekly,
      exceptions: hours.exceptions,
      canWrite,
      canBookDirectly: this.directBooker(
        actor.scope.orgPath,
        row,
        (await repo.listCobuilders(this.db, [id])).map((c) => c.path),
      ),
    };
  }

  /** The manager and the co-builders — or a unit above one of them in its tree — book directly; others request. */
  private directBooker(orgPath: string, v: repo.VenueRow, cobuilderPaths: string[]): boolean {
    return [v.managing_org_path, ...cobuilderPaths].some((p) => pathWithin(p, orgPath));
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
  async create(ctx: RequestContext, input: VenueInput): Promise<Venue> {
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
  async update(
    ctx: RequestContext,
    id: number,
    input: Partial<Omit<VenueInput, 'managingOrgId' | 'regionCode' | 'typeCode'>> & { version: number },
  ): Promise<Venue> {
    return this.db.transaction().execute(async (trx) => {
      const v = await this.requireVenue(trx, ctx.actor, id, true);
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

  async setArchived(ctx: RequestContext, id: number, archived: boolean): Promise<{ ok: boolean }> {
    await this.db.transaction().execute(async (trx) => {
      const v = await this.requireVenue(trx, ctx.actor, id, true);
      await repo.updateVenue(trx, id, v.version, { status: archived ? 'archived' : 'active' });
      await this.audit.append(trx, actorOf(ctx), { action: archived ? 'venue.archive' : 'venue.restore', objectType: 'venue', objectId: id });
    });
    return { ok: true };
  }

  /** Replaces the weekly opening hours and the dated exceptions. */
  async setHours(
    ctx: RequestContext,
    id: number,
    input: { weekly: repo.HoursRow[]; exceptions: Array<Omit<repo.ExceptionRow, 'note'> & { note?: string }> },
  ): Promise<{ weekly: repo.HoursRow[]; exceptions: repo.ExceptionRow[] }> {
    input.weekly.forEach((w, i) => {
      if (w.closes <= w.opens) throw new AppError('VALIDATION', `weekly.${i}.closes`, { reason: 'range_order' });
    });
    input.exceptions.forEach((e, i) => {
      if (!e.closed && (!e.opens || !e.closes || e.closes <= e.opens)) throw new AppError('VALIDATION', `exceptions.${i}.closes`, { reason: 'range_order' });
    });
    return this.db.transaction().execute(async (trx) => {
      await this.requireVenue(trx, ctx.actor, id, true);
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

  async addRoom(ctx: RequestContext, venueId: number, input: { name: string; capacity: number; facilities?: string[] }): Promise<Room> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireVenue(trx, ctx.actor, venueId, true);
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

  async updateRoom(
    ctx: RequestContext,
    roomId: number,
    input: { name?: string; capacity?: number; facilities?: string[]; status?: 'active' | 'archived' },
  ): Promise<Room> {
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
  async addProject(
    ctx: RequestContext,
    venueId: number,
    input: { orgId: number; service: string; schedule?: string; startsOn: string; endsOn?: string | null },
  ) {
    if (input.endsOn && input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'endsOn', { reason: 'date_order' });
    return this.db.transaction().execute(async (trx) => {
      const v = await this.requireVenue(trx, ctx.actor, venueId, true);
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
      const p = (await repo.listProjects(trx, venueId)).find((x) => x.id === id)!;
      return { id: p.id, orgId: p.org_id, orgName: p.org_name, service: p.service, schedule: p.schedule, startsOn: p.starts_on, endsOn: p.ends_on };
    });
  }

  async removeProject(ctx: RequestContext, projectId: number): Promise<{ ok: boolean }> {
    await this.db.transaction().execute(async (trx) => {
      const p = await repo.findProject(trx, projectId);
      if (!p) throw new AppError('NOT_FOUND', 'id');
      await this.requireVenue(trx, ctx.actor, p.venue_id, true);
      await repo.deleteProject(trx, projectId);
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.project.delete', objectType: 'venue', objectId: p.venue_id, detail: { projectId } });
    });
    return { ok: true };
  }

  /** Stores a photo once by its SHA-256 after checking its size and its type by magic bytes. */
  async addPhoto(ctx: RequestContext, venueId: number, file: { name: string; data: Buffer }) {
    // A JSON body can mimic the shape of a file part: only bytes read from a multipart upload count.
    if (!Buffer.isBuffer(file.data) || file.data.length === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if (file.data.length > PHOTO_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: PHOTO_LIMITS.maxBytes });
    const type = detectImageType(file.data.subarray(0, 16));
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file', { reason: 'file_type' });
    return this.db.transaction().execute(async (trx) => {
      await this.requireVenue(trx, ctx.actor, venueId, true);
      if ((await repo.listPhotos(trx, venueId)).length >= PHOTO_LIMITS.perVenue)
        throw new AppError('VALIDATION', 'file', { reason: 'maximum', limit: PHOTO_LIMITS.perVenue });
      const { sha256 } = await storeByHash(this.filesDir, file.data);
      const name = safeFileName(file.name, `photo.${type.ext}`);
      const id = await repo.insertPhoto(trx, { venue_id: venueId, sha256, mime: type.mime, size: file.data.length, name, uploaded_by: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.photo.add', objectType: 'venue', objectId: venueId, detail: { photoId: id } });
      return { id, name, mime: type.mime, size: file.data.length, uploadedAt: new Date().toISOString() };
    });
  }

  async photoFile(actor: Actor, venueId: number, photoId: number): Promise<{ path: string; mime: string; name: string }> {
    await this.requireVenue(this.db, actor, venueId, false);
    const p = (await repo.listPhotos(this.db, venueId)).find((x) => x.id === photoId);
    if (!p) throw new AppError('NOT_FOUND', 'photoId');
    return { path: hashedPath(this.filesDir, p.sha256), mime: p.mime, name: p.name };
  }

  // ───────────── Booking ─────────────

  /** Tries one occurrence: hours, quota, then the exclusion constraint. */
  private async tryOccurrence(
    db: Db,
    actor: Actor,
    room: repo.RoomRow & { venue: repo.VenueRow },
    org: repo.OrgLite,
    direct: boolean,
    rules: OpeningRules,
    holidays: Set<string>,
    start: Date,
    end: Date,
    purpose: string,
    activityId: number | null,
    seriesId: number | null,
  ): Promise<{ status: 'confirmed' | 'pending'; row: repo.BookingRow } | Refusal> {
    const verdict = openingVerdict(rules, (d) => holidays.has(d), start, end);
    if (verdict === 'closed_day') return { kind: 'refused', reason: 'venue_closed', params: { day: chinaLocal(start).day } };
    if (verdict === 'outside_hours') return { kind: 'refused', reason: 'outside_hours', params: {} };
    const v = room.venue;
    const status = direct ? 'confirmed' : 'pending';
    const row = await repo.insertBooking(
      db,
      {
        venue_id: v.id,
        room_id: room.id,
        org_id: org.id,
        org_path: org.path,
        start,
        end,
        status,
        purpose,
        activity_id: activityId,
        series_id: seriesId,
        created_by: actor.accountId || null,
      },
      { venue: v.name, room: room.name, org: org.name },
    );
    if (row === null) {
      const holder = await repo.findOverlap(db, room.id, start, end);
      return { kind: 'conflict', holder: holder?.org_name ?? '?', from: holder?.starts_at ?? start, to: holder?.ends_at ?? end };
    }
    // The quota is checked after the insert, so refused overlaps never queue on the quota lock.
    // An organization's own quota at this venue replaces the venue's general figure.
    const quota = org.id === v.managing_org_id ? null : ((await repo.quotaFor(db, v.id, org.id)) ?? v.monthly_quota_hours);
    if (quota !== null) {
      const month = chinaMonth(chinaLocal(start).day);
      await repo.lockQuota(db, v.id, org.id);
      const used = await repo.bookedHours(db, v.id, org.id, month.from, month.to);
      if (used > quota + 1e-9) {
        await repo.deleteBooking(db, row.id);
        return { kind: 'refused', reason: 'quota', params: { limit: quota } };
      }
    }
    return { status, row };
  }

  /**
   * Books a room inside the caller's transaction (for activities and other modules). A co-building or managing
   * organization's booking is confirmed; another organization's is a pending request. An overlap with a
   * confirmed booking is a CONFLICT naming the holder and time. Call it before appending the caller's own
   * audit row: the booking waits on competing bookings of the room, and the audit head is taken last.
   */
  async bookIn(db: Tx, ctx: RequestContext, input: BookInput): Promise<BookResult> {
    const actor = ctx.actor;
    const start = new Date(input.start);
    const end = new Date(input.end);
    if (Number.isNaN(start.getTime())) throw new AppError('VALIDATION', 'start', { reason: 'format', format: 'date-time' });
    if (Number.isNaN(end.getTime())) throw new AppError('VALIDATION', 'end', { reason: 'format', format: 'date-time' });
    if (end <= start || chinaLocal(start).day !== chinaLocal(new Date(end.getTime() - 1)).day)
      throw new AppError('VALIDATION', 'end', { reason: 'range_order' });
    if (start.getTime() < Date.now() - 60_000) throw new AppError('VALIDATION', 'start', { reason: 'past' });
    const context = await repo.findBookingContext(db, readScope(actor), input.roomId, input.orgId ?? actor.scope.orgId);
    if (!context || context.room.status !== 'active' || context.room.venue.status !== 'active') throw new AppError('NOT_FOUND', 'roomId');
    const { room, org } = context;
    if (!org || !pathWithin(org.path, actor.scope.orgPath)) throw new AppError('NOT_FOUND', 'orgId');
    if (org.status !== 'active') throw new AppError('VALIDATION', 'orgId', { reason: 'archived' });
    const direct = !room.venue.approval_required || this.directBooker(org.path, room.venue, context.cobuilderPaths);

    const starts: Date[] = [start];
    if (input.repeatWeeklyUntil) {
      if (input.repeatWeeklyUntil < chinaLocal(start).day) throw new AppError('VALIDATION', 'repeatWeeklyUntil', { reason: 'date_order' });
      const week = 7 * 86_400_000;
      for (let t = start.getTime() + week; chinaLocal(new Date(t)).day <= input.repeatWeeklyUntil; t += week) {
        starts.push(new Date(t));
        if (starts.length > BOOKING_LIMITS.maxOccurrences)
          throw new AppError('VALIDATION', 'repeatWeeklyUntil', { reason: 'maxItems', limit: BOOKING_LIMITS.maxOccurrences });
      }
    }
    const rules: OpeningRules = { weekly: context.weekly, exceptions: context.exceptions, openOnHolidays: room.venue.open_on_holidays };
    const cal = await this.calendar.data(db);
    const seriesId =
      starts.length > 1
        ? await repo.insertSeries(db, { room_id: room.id, org_id: org.id, until_day: input.repeatWeeklyUntil!, created_by: actor.accountId })
        : null;
    const duration = end.getTime() - start.getTime();
    const occurrences: Occurrence[] = [];
    let first: repo.BookingRow | null = null;
    for (const s of starts) {
      const e = new Date(s.getTime() + duration);
      const r = await this.tryOccurrence(db, actor, room, org, direct, rules, cal.holidays, s, e, input.purpose.trim(), input.activityId ?? null, seriesId);
      if ('row' in r) {
        first ??= r.row;
        occurrences.push({ start: iso(s), end: iso(e), bookingId: r.row.id, status: r.status, message: null, holder: null });
      } else if (r.kind === 'conflict') {
        const params = { reason: 'booking_overlap', holder: r.holder, from: chinaLabel(r.from), to: chinaLabel(r.to) };
        if (starts.length === 1) throw new AppError('CONFLICT', 'start', params);
        occurrences.push({
          start: iso(s),
          end: iso(e),
          bookingId: null,
          status: 'conflict',
          message: `booking_overlap`,
          holder: `${r.holder} ${params.from}–${params.to.slice(11)}`,
        });
      } else {
        if (starts.length === 1) throw new AppError('VALIDATION', r.reason === 'quota' ? 'orgId' : 'start', { reason: r.reason, ...r.params });
        occurrences.push({ start: iso(s), end: iso(e), bookingId: null, status: 'refused', message: r.reason, holder: null });
      }
    }
    return { booking: first ? toBooking(first) : null, seriesId, occurrences };
  }

  /** Books a room in a transaction of its own (see `bookIn`), audited. */
  async book(ctx: RequestContext, input: BookInput): Promise<BookResult> {
    // The holiday calendar is read (and cached) before the transaction takes its connection: never two at once.
    await this.calendar.data();
    return this.db.transaction().execute(async (trx) => {
      const result = await this.bookIn(trx, ctx, input);
      const made = result.occurrences.filter((o) => o.bookingId !== null);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'venue.book',
        objectType: 'venue_booking',
        objectId: result.booking?.id,
        detail: { roomId: input.roomId, made: made.length, refused: result.occurrences.length - made.length, seriesId: result.seriesId },
      });
      return result;
    });
  }

  /** Bookings of a venue (or one room) in a time window. */
  async bookings(actor: Actor, venueId: number, f: { roomId?: number; from: string; to: string; includePending: boolean }): Promise<Booking[]> {
    await this.requireVenue(this.db, actor, venueId, false);
    const from = new Date(f.from);
    const to = new Date(f.to);
    if (!(to > from)) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    if (to.getTime() - from.getTime() > 62 * 86_400_000) throw new AppError('VALIDATION', 'to', { reason: 'window', limit: 62 });
    const rows = await repo.listBookings(this.db, readScope(actor), {
      venueId,
      roomId: f.roomId,
      from,
      to,
      statuses: f.includePending ? ['confirmed', 'pending'] : ['confirmed'],
    });
    return rows.map(toBooking);
  }

  /** Bookings held by my organization (and units below it) from a date on. */
  async myBookings(actor: Actor, f: { from: string; to: string }): Promise<Booking[]> {
    const from = new Date(f.from);
    const to = new Date(f.to);
    if (!(to > from)) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    const rows = await repo.listBookings(this.db, bookingOwnerScope(actor), { from, to, statuses: ['confirmed', 'pending', 'rejected', 'cancelled'] });
    return rows.map(toBooking);
  }

  private async requireBooking(db: Db, actor: Actor, id: number): Promise<repo.BookingRow & { org_path: string; managing_org_path: string }> {
    const b = await repo.findBooking(db, readScope(actor), id, true);
    if (!b) throw new AppError('NOT_FOUND', 'id');
    return b;
  }

  /** Cancels a booking: by its organization (or one above it) or by the venue's manager; past bookings stay. */
  async cancel(ctx: RequestContext, id: number, reason?: string): Promise<Booking> {
    return this.db.transaction().execute(async (trx) => {
      const b = await this.requireBooking(trx, ctx.actor, id);
      if (!pathWithin(b.org_path, ctx.actor.scope.orgPath) && !pathWithin(b.managing_org_path, ctx.actor.scope.orgPath)) throw new AppError('FORBIDDEN');
      if (b.status !== 'confirmed' && b.status !== 'pending') throw new AppError('INVALID_STATE', 'id');
      if (new Date(b.ends_at) <= new Date()) throw new AppError('INVALID_STATE', 'id');
      // The venue's staff cancelling another organization's booking tell the booker why.
      const byVenue = !pathWithin(b.org_path, ctx.actor.scope.orgPath);
      if (byVenue && !reason?.trim()) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
      await repo.setBookingStatus(trx, id, 'cancelled', byVenue ? ctx.actor.accountId : null, reason?.trim() || null);
      await notifyBooking(trx, b, 'cancelled');
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.booking.cancel', objectType: 'venue_booking', objectId: id, detail: { byVenue } });
      return toBooking((await repo.findBooking(trx, readScope(ctx.actor), id))!);
    });
  }

  /** The venue's staff cancel a booking at a venue they manage; the booker sees the reason on its bookings. */
  async cancelByVenue(ctx: RequestContext, id: number, reason: string): Promise<{ ok: boolean }> {
    const note = reason.trim();
    if (!note) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const b = await repo.findBooking(trx, writeScope(ctx.actor), id, true);
      if (!b) throw new AppError('NOT_FOUND', 'id');
      if (b.status !== 'confirmed' && b.status !== 'pending') throw new AppError('INVALID_STATE', 'id');
      if (new Date(b.ends_at) <= new Date()) throw new AppError('INVALID_STATE', 'id');
      await repo.setBookingStatus(trx, id, 'cancelled', ctx.actor.accountId, note);
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.booking.cancel', objectType: 'venue_booking', objectId: id, detail: { byVenue: true } });
      return { ok: true };
    });
  }

  /** Cancels a booking made with an activity inside the caller's transaction (the activity was cancelled). */
  async cancelIn(db: Tx, ctx: RequestContext, id: number): Promise<void> {
    const b = await this.requireBooking(db, ctx.actor, id);
    if (b.status === 'confirmed' || b.status === 'pending') await repo.setBookingStatus(db, id, 'cancelled', null, null);
  }

  /** Booking requests awaiting the decision of venues I manage. */
  async inbox(actor: Actor, page: number, pageSize: number): Promise<{ items: Booking[]; total: number }> {
    const { rows, total } = await repo.listPending(this.db, writeScope(actor), pageSize, (page - 1) * pageSize);
    return { items: rows.map(toBooking), total };
  }

  /** The manager approves (the exclusion constraint may still refuse it) or rejects a booking request. */
  async decide(ctx: RequestContext, id: number, approve: boolean, note?: string): Promise<Booking> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const b = await this.requireBooking(trx, ctx.actor, id);
        if (!pathWithin(b.managing_org_path, ctx.actor.scope.orgPath)) throw new AppError('FORBIDDEN');
        if (b.status !== 'pending') throw new AppError('INVALID_STATE', 'id');
        await repo.setBookingStatus(trx, id, approve ? 'confirmed' : 'rejected', ctx.actor.accountId, note?.trim() || null);
        await notifyBooking(trx, b, approve ? 'confirmed' : 'rejected');
        if (approve)
          await publishWebhookEvent(trx, {
            type: 'booking.confirmed',
            subject: `booking:${id}`,
            orgPaths: [b.org_path, b.managing_org_path],
            data: {
              id,
              venueId: Number(b.venue_id),
              roomId: Number(b.room_id),
              orgId: Number(b.org_id),
              startsAt: new Date(b.starts_at).toISOString(),
              endsAt: new Date(b.ends_at).toISOString(),
            },
          });
        await this.audit.append(trx, actorOf(ctx), {
          action: approve ? 'venue.booking.approve' : 'venue.booking.reject',
          objectType: 'venue_booking',
          objectId: id,
        });
        return toBooking((await repo.findBooking(trx, readScope(ctx.actor), id))!);
      });
    } catch (err) {
      if ((err as { code?: string }).code !== '23P01') throw err;
      const b = (await repo.findBooking(this.db, readScope(ctx.actor), id))!;
      const holder = await repo.findOverlap(this.db, b.room_id, new Date(b.starts_at), new Date(b.ends_at), id);
      throw new AppError('CONFLICT', 'id', {
        reason: 'booking_overlap',
        holder: holder?.org_name ?? '?',
        from: chinaLabel(holder?.starts_at ?? b.starts_at),
        to: chinaLabel(holder?.ends_at ?? b.ends_at),
      });
    }
  }

  // ───────────── iCalendar feeds ─────────────

  /** The secret feed address of a venue I can read, or of my organization; created on first request, replaced on rotate. */
  async feedToken(ctx: RequestContext, kind: 'venue' | 'org', venueId: number | undefined, rotate: boolean): Promise<{ token: string }> {
    return this.db.transaction().execute(async (trx) => {
      let refId = ctx.actor.scope.orgId;
      if (kind === 'venue') {
        if (!venueId) throw new AppError('VALIDATION', 'venueId', { reason: 'required' });
        await this.requireVenue(trx, ctx.actor, venueId, rotate);
        refId = venueId;
      }
      const existing = await repo.findFeed(trx, kind, refId);
      if (existing && !rotate) return { token: existing };
      const token = randomBytes(24).toString('base64url');
      await repo.upsertFeed(trx, kind, refId, token);
      await this.audit.append(trx, actorOf(ctx), {
        action: rotate ? 'venue.feed.rotate' : 'venue.feed.create',
        objectType: kind === 'venue' ? 'venue' : 'org',
        objectId: refId,
      });
      return { token };
    });
  }

  /** The iCalendar text for a feed token (confirmed and requested bookings from 30 days ago on); null for an unknown token. */
  async feed(token: string): Promise<string | null> {
    const f = await repo.feedByToken(this.db, token);
    if (!f) return null;
    const rows = await repo.feedBookings(this.db, f.kind, f.ref_id, new Date(Date.now() - 30 * 86_400_000));
    const cal = ical({
      name: f.kind === 'venue' ? (rows[0]?.venue_name ?? 'QunHub venue') : 'QunHub bookings',
      prodId: { company: 'QunHub', product: 'venues', language: 'ZH' },
      timezone: 'Asia/Shanghai',
    });
    for (const b of rows) {
      cal.createEvent({
        id: `venue-booking-${b.id}@qunhub`,
        start: new Date(b.starts_at),
        end: new Date(b.ends_at),
        summary: `${b.purpose}（${b.org_name}）`,
        location: `${b.venue_name} ${b.room_name}${b.address ? ` · ${b.address}` : ''}`,
        description: b.status === 'pending' ? '待审批 pending approval' : '已确认 confirmed',
        stamp: new Date(b.created_at),
      });
    }
    return cal.toString();
  }

  // ───────────── Coverage ─────────────

  private async coverageRoot(actor: Actor, regionCode: string | undefined): Promise<string> {
    if (!regionCode) return actor.scope.regionPath;
    const r = await repo.findRegion(this.db, regionCode);
    if (!r) throw new AppError('VALIDATION', 'regionCode', { reason: 'invalid' });
    // Outside my region subtree there is nothing for me to see.
    if (!pathWithin(r.path, actor.scope.regionPath)) throw new AppError('NOT_FOUND', 'regionCode');
    return r.path;
  }

  /** The community × venue type matrix (with serving organizations counted) for my region subtree. */
  async coverage(actor: Actor, f: { regionCode?: string; typeCode?: string; gapsOnly: boolean; page: number; pageSize: number }) {
    const root = await this.coverageRoot(actor, f.regionCode);
    const types = await this.types();
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
  async coverageSummary(actor: Actor, regionCode?: string) {
    const root = await this.coverageRoot(actor, regionCode);
    const { rows } = await repo.coverage(this.db, root, { limit: 100_000, offset: 0 });
    const types = await this.types();
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
  async coverageOf(actor: Actor, communityCode: string) {
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
    const types = await this.types();
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

  // ───────────── Portal ─────────────

  /** Public directory: active venues by region and type with weekly opening hours (no booking details). */
  async publicList(f: { regionCode?: string; typeCode?: string; q?: string; page: number; pageSize: number }) {
    const regionPath = await this.regionPathOf(f.regionCode, 'regionCode');
    const { rows, total } = await repo.listPublic(this.db, { regionPath, typeCode: f.typeCode, q: f.q, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
    const hours = await repo.hoursOf(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        typeCode: r.type_code,
        name: r.name,
        regionCode: r.region_code,
        regionName: r.region_name,
        streetName: r.street_name,
        address: r.address,
        accessibility: r.accessibility,
        openOnHolidays: r.open_on_holidays,
        weekly: hours.filter((h) => h.venue_id === r.id).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
      })),
      total,
    };
  }

  /** For other modules' ETags: a stamp that changes when any of these venues or their hours change. */
  async stampOf(ids: number[]): Promise<string> {
    return repo.stampOf(this.db, ids);
  }

  /** For other modules (the service catalogue): active venues by id with coordinates and weekly hours, no booking details. */
  async publicByIds(ids: number[], db: Db = this.db) {
    const rows = await repo.publicByIds(db, ids);
    const hours = await repo.hoursOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      typeCode: r.type_code,
      regionCode: r.region_code,
      regionName: r.region_name,
      streetName: r.street_name,
      districtCode: r.district_code,
      address: r.address,
      lat: r.lat === null ? null : Number(r.lat),
      lng: r.lng === null ? null : Number(r.lng),
      accessibility: r.accessibility,
      weekly: hours.filter((h) => h.venue_id === r.id).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
    }));
  }
}
