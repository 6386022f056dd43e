import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors.js';
import {
  commaList,
  fullName,
  matchAddress,
  NEAREST_VENUE_METRES,
  parseCoordinate,
  roundCoordinate,
  wgs84ToGcj02,
  type FormValue,
  type RegionName,
} from './open311.policy.js';
import * as repo from './open311.repository.js';
import { open311Status, type FieldDef, type FieldValues } from './requests.policy.js';
import type { Meta, Open311Intake, RequestsService } from './requests.service.js';

const WINDOW_DAYS = 90;
const LIMIT = 1000;
const DAY_MS = 86_400_000;
const REGION_TTL_MS = 5 * 60_000;

/** Open311's notice of a deadline counted into a year whose official holiday arrangement is not yet published. */
export const PROVISIONAL_NOTICE =
  '办结时限为预计：该年度节假日安排尚未公布，公布后可能调整 (expected date is provisional until the official holiday arrangement of its year is published)';

/** The attribute every service definition ends with: the requester's consent to publish the description. */
export const PUBLISH_ATTRIBUTE = 'qh_publish_description';

/** A submission as the spec names its parameters (form or JSON). */
export type Open311Submission = {
  service_code: string;
  lat?: string | number;
  long?: string | number;
  address_string?: string;
  address_id?: string;
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  attribute?: Record<string, FormValue | number>;
};

export type Open311Update = { service_request_id: string; description?: string; media_url?: string };

const UPDATE_NOTES: Record<string, string> = {
  submit: '已登记 (submitted)',
  accept: '已受理 (accepted)',
  respond: '承办单位已答复 (responded)',
  resolve: '已办结，待回访 (resolved, awaiting call-back)',
  close: '已关闭 (closed)',
  rate: '来件人已评价 (rated by the requester)',
  info: '来件人补充了信息 (the requester added information)',
  attachment: '补充了材料 (a file was added)',
};

const iso = (d: Date) => new Date(d).toISOString();

/**
 * Open311 GeoReport v2 over the request desk: the catalogue as services, intake by coordinates or address (never
 * refused for its place), the public projection of requests and their steps, and the client's additions.
 */
export class Open311Service {
  private regionNames: { at: number; list: RegionName[] } | null = null;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly requests: RequestsService,
  ) {}

  private async regions(): Promise<RegionName[]> {
    if (this.regionNames && Date.now() - this.regionNames.at < REGION_TTL_MS) return this.regionNames.list;
    const list = (await repo.listRegionNames(this.db)).map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      level: r.level,
      name: r.name,
      officialName: r.official_name,
      path: r.path,
    }));
    this.regionNames = { at: Date.now(), list };
    return list;
  }

  /** Request categories that take requests, as services. */
  async services() {
    const all = await this.requests.categories(true);
    const groups = new Map(all.map((c) => [c.id, c.nameZh]));
    return all
      .filter((c) => c.defaultOrgType)
      .map((c) => ({
        service_code: c.code,
        service_name: c.nameZh,
        description: c.description,
        metadata: true,
        type: 'realtime' as const,
        keywords: c.nameEn,
        group: c.parentId ? (groups.get(c.parentId) ?? '') : '',
      }));
  }

  private async category(code: string) {
    const c = (await this.requests.categories(true)).find((x) => x.code === code && x.defaultOrgType);
    if (!c) throw new AppError('NOT_FOUND', 'service_code');
    return c;
  }

  /** A service definition: the category's fields, then the consent to publish the description. */
  async definition(code: string) {
    const c = await this.category(code);
    const attributes = c.fields.map((f, i) => ({
      variable: true,
      code: f.code,
      datatype: f.datatype,
      required: f.required,
      datatype_description: f.labelEn ?? '',
      order: i + 1,
      description: f.label,
      ...(f.values ? { values: f.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
    }));
    attributes.push({
      variable: true,
      code: PUBLISH_ATTRIBUTE,
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: 'Publish my description and photo link on the open API (no name, phone or address is ever published)',
      order: attributes.length + 1,
      description: '同意公开诉求描述和图片链接（姓名、电话、地址从不公开）',
      values: [
        { key: 'true', name: '同意 (yes)' },
        { key: 'false', name: '不同意 (no)' },
      ],
    });
    return { service_code: c.code, attributes };
  }

  /**
   * Where a report is: a known region code, else the address text matched against the region tree, else the
   * nearest venue of the coordinates; the deepest answer wins. Nothing found: the city, for the dispatcher desk.
   */
  async locate(s: {
    addressId?: string;
    addressString?: string;
    lat: number | null;
    lng: number | null;
  }): Promise<{ regionCode: string; source: Open311Intake['locationSource'] }> {
    const regions = await this.regions();
    const depth = (r: RegionName) => ['city', 'district', 'street', 'community'].indexOf(r.level);
    if (s.addressId) {
      const r = regions.find((x) => x.code === s.addressId);
      if (r && (r.level === 'community' || r.level === 'street')) return { regionCode: r.code, source: 'region' };
    }
    const found: Array<{ r: RegionName; source: Open311Intake['locationSource'] }> = [];
    if (s.addressString) {
      const r = matchAddress(s.addressString, regions);
      if (r) found.push({ r, source: 'address' });
    }
    if (s.lat !== null && s.lng !== null && !found.some((f) => f.r.level === 'community')) {
      const g = wgs84ToGcj02(s.lat, s.lng);
      const v = await repo.nearestVenue(this.db, g.lat, g.lng);
      const r = v && v.metres <= NEAREST_VENUE_METRES ? regions.find((x) => x.code === v.region_code) : undefined;
      if (r) found.push({ r, source: 'coordinates' });
    }
    if (s.addressId) {
      const r = regions.find((x) => x.code === s.addressId);
      if (r) found.push({ r, source: 'region' });
    }
    found.sort((a, b) => depth(b.r) - depth(a.r));
    const best = found[0];
    if (best) return { regionCode: best.r.code, source: best.r.level === 'community' || best.r.level === 'street' ? best.source : 'unresolved' };
    return { regionCode: regions.find((x) => x.level === 'city')!.code, source: 'unresolved' };
  }

  /** POST requests: contact fields optional, attributes the category does not define kept apart, never refused for its place. */
  async submit(meta: Meta, key: { id: number }, b: Open311Submission): Promise<{ service_request_id: string; service_notice: string; account_id: string }> {
    const cat = await this.category(b.service_code);
    const lat = parseCoordinate(b.lat, 'lat');
    const lng = parseCoordinate(b.long, 'long');
    if ((lat === null) !== (lng === null)) throw new AppError('VALIDATION', lat === null ? 'lat' : 'long', { reason: 'required' });
    if (lat === null && !b.address_string && !b.address_id) throw new AppError('VALIDATION', 'lat', { reason: 'location' });
    if (b.media_url && !/^https?:\/\/\S+$/i.test(b.media_url)) throw new AppError('VALIDATION', 'media_url', { reason: 'format', format: 'uri' });
    if (b.email && !/^[^\s@]+@[^\s@]+$/.test(b.email)) throw new AppError('VALIDATION', 'email', { reason: 'format', format: 'email' });
    const defs = new Map(cat.fields.map((f: FieldDef) => [f.code, f]));
    const fields: FieldValues = {};
    const extra: Record<string, string | string[]> = {};
    let publish = false;
    for (const [code, v] of Object.entries(b.attribute ?? {})) {
      if (code === PUBLISH_ATTRIBUTE) publish = [v].flat().map(String).includes('true');
      else if (defs.has(code)) fields[code] = v;
      else extra[code] = typeof v === 'number' ? String(v) : v;
    }
    const where = await this.locate({ addressId: b.address_id, addressString: b.address_string, lat, lng });
    const description = b.description?.trim() || `${cat.nameZh}（未填写描述 / no description）`;
    try {
      const r = await this.requests.submitPublic(
        meta,
        {
          categoryCode: cat.code,
          description,
          regionCode: where.regionCode,
          address: b.address_string ?? null,
          contactName: fullName(b.first_name, b.last_name),
          contactPhone: b.phone ?? null,
          fields,
          publishDescription: publish,
          open311: {
            keyId: key.id,
            lat,
            lng,
            locationSource: where.source,
            email: b.email ?? null,
            mediaUrl: b.media_url ?? null,
            deviceId: b.device_id ?? null,
            accountId: b.account_id ?? null,
            extra,
          },
        },
        'open311',
      );
      const notice = `承办单位：${r.handlerOrgName}，预计 ${r.resolveDue} 前办结 (handled by ${r.handlerOrgName}, expected by ${r.resolveDue})`;
      return { service_request_id: r.number, service_notice: r.dueProvisional ? `${notice}；${PROVISIONAL_NOTICE}` : notice, account_id: b.account_id ?? '' };
    } catch (e) {
      throw specError(e);
    }
  }

  /** GET requests: service_request_id (comma list, overrides the rest), service_code (comma list), dates (≤ 90 days), status. */
  async list(q: { service_request_id?: string; service_code?: string | string[]; start_date?: string; end_date?: string; status?: string | string[] }) {
    const f: Parameters<typeof repo.listPublicRequests>[1] = {};
    const numbers = commaList(q.service_request_id);
    if (numbers.length > 0) {
      f.numbers = numbers.slice(0, LIMIT);
    } else {
      Object.assign(f, window(q.start_date, q.end_date));
      const codes = commaList(q.service_code);
      if (codes.length > 0) f.categoryCodes = codes;
      const wanted = commaList(q.status).map((s) => s.toLowerCase());
      if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new AppError('VALIDATION', 'status', { reason: 'enum' });
      if (wanted.length > 0)
        f.statuses = ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved', 'closed'].filter((s) => wanted.includes(open311Status(s).status));
    }
    return (await repo.listPublicRequests(this.db, f, LIMIT)).map(toPublic);
  }

  async get(number: string) {
    const rows = await repo.listPublicRequests(this.db, { numbers: [number] }, 1);
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'service_request_id');
    return rows.map(toPublic);
  }

  /** GET servicerequestupdates: the public steps in [start_date, end_date] (default the last day), with status notes only. */
  async updates(q: { start_date?: string; end_date?: string; service_request_id?: string }) {
    const numbers = commaList(q.service_request_id);
    const w = window(q.start_date, q.end_date, 1);
    return (await repo.listPublicUpdates(this.db, { ...w, ...(numbers.length ? { numbers } : {}) }, LIMIT)).map((u) => ({
      update_id: String(u.id),
      service_request_id: u.number,
      status: u.state === 'open' ? ('open' as const) : ('closed' as const),
      updated_datetime: iso(u.at),
      description: UPDATE_NOTES[u.kind] ?? open311Status(u.state).notes,
      media_url: '',
    }));
  }

  /** POST servicerequestupdates: the client that sent a request adds information to it (the requester's addition). */
  async addUpdate(meta: Meta, key: { id: number }, b: Open311Update): Promise<{ update_id: string }> {
    const text = [b.description?.normalize('NFC').trim(), b.media_url?.trim()].filter(Boolean).join('\n');
    if (!b.description?.trim()) throw new AppError('VALIDATION', 'description', { reason: 'required' });
    if (b.media_url && !/^https?:\/\/\S+$/i.test(b.media_url)) throw new AppError('VALIDATION', 'media_url', { reason: 'format', format: 'uri' });
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberForKey(trx, b.service_request_id, key.id);
      if (!r) throw new AppError('NOT_FOUND', 'service_request_id');
      if (r.status === 'closed') throw new AppError('INVALID_STATE', 'service_request_id', { status: r.status });
      const step = await repo.insertInfo(trx, r.id, text.slice(0, 2000));
      await this.requests.protectStepIn(trx, r.id, step.version);
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'request.info',
        objectType: 'request',
        objectId: r.id,
        detail: { version: step.version, channel: 'open311', keyId: key.id },
      });
      return { update_id: String(step.id) };
    });
  }
}

/** start_date/end_date as the spec bounds them: at most 90 days apart; by default `defaultDays` back from now. */
function window(startText: string | undefined, endText: string | undefined, defaultDays = WINDOW_DAYS): { start: Date; end: Date } {
  const start0 = startText ? new Date(startText) : null;
  const end0 = endText ? new Date(endText) : null;
  if (start0 && Number.isNaN(start0.getTime())) throw new AppError('VALIDATION', 'start_date', { reason: 'format', format: 'date-time' });
  if (end0 && Number.isNaN(end0.getTime())) throw new AppError('VALIDATION', 'end_date', { reason: 'format', format: 'date-time' });
  const end = end0 ?? (start0 ? new Date(Math.min(start0.getTime() + WINDOW_DAYS * DAY_MS, Date.now())) : new Date());
  const start = start0 ?? new Date(end.getTime() - defaultDays * DAY_MS);
  if (end < start) throw new AppError('VALIDATION', 'end_date', { reason: 'date_order' });
  if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS) throw new AppError('VALIDATION', 'end_date', { reason: 'window', limit: WINDOW_DAYS });
  return { start, end };
}

/** The intake speaks of its own fields; a client knows the spec's parameters. */
const FIELD_TO_PARAM: Record<string, string> = {
  categoryCode: 'service_code',
  regionCode: 'address_id',
  contactPhone: 'phone',
  contactName: 'last_name',
  description: 'description',
  address: 'address_string',
};

export function specParam(field: string | undefined): string | undefined {
  if (!field) return field;
  const f = field.replace(/^(body|query|params)\./, '');
  if (f.startsWith('fields.')) return `attribute[${f.slice(7)}]`;
  if (f.startsWith('attribute.')) return `attribute[${f.slice(10).split('.')[0]}]`;
  return FIELD_TO_PARAM[f] ?? f;
}

/** An intake error renamed to the parameter the client sent. */
export function specError(e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  const field = specParam(e.field);
  return field === e.field ? e : new AppError(e.code, field, e.params);
}

function toPublic(r: repo.PublicRequestRow) {
  const s = open311Status(r.status);
  const updated = r.closed_at ?? r.resolved_at ?? r.updated_at;
  return {
    service_request_id: r.number,
    status: s.status,
    status_notes: s.notes,
    service_name: r.category_name,
    service_code: r.category_code,
    description: r.description ?? '',
    agency_responsible: r.org_name,
    service_notice: r.due_provisional ? PROVISIONAL_NOTICE : '',
    requested_datetime: iso(r.submitted_at),
    updated_datetime: iso(updated),
    expected_datetime: `${r.resolve_due}T23:59:59+08:00`,
    // The community (or street) the request is filed under, never the requester's own address.
    address: r.region_name,
    address_id: r.region_code,
    zipcode: '',
    ...(r.lat !== null && r.lng !== null ? { lat: roundCoordinate(r.lat), long: roundCoordinate(r.lng) } : {}),
    media_url: r.media_url ?? '',
  };
}
