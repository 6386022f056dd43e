import { createHash, randomBytes } from 'node:crypto';
import type { OrgReassignment } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import { sql, type SqlBool } from 'kysely';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { portalContext, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import { blindIndex, encryptField, FieldIntegrityError } from '../../platform/crypto/field-cipher.js';
import { maskFreeText, protectText, revealText } from '../../platform/crypto/free-text.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskAddress, maskEmail, maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';
import { validatePhone } from '../../platform/validation/phone.js';
import { storeByHash, hashedPath, safeFileName } from '../../platform/files/stored-files.js';
import type { ArrangementChange, CalendarService } from '../calendar/calendar.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import {
  ATTACHMENT_LIMITS,
  chinaToday,
  detectFileType,
  DUPLICATE_SIMILARITY,
  dueSoonSql,
  grantIdsSql,
  grantScope,
  levelsFrom,
  open311Status,
  overdueSql,
  primaryReadScope,
  primaryWriteScope,
  requireTransition,
  strictlyBelow,
  textSimilarity,
  validateFieldDefs,
  validateFields,
  type ActionKind,
  type Channel,
  type FieldDef,
  type FieldValues,
} from './requests.policy.js';
import * as repo from './requests.repository.js';
import type {
  ActionResult,
  ApiKey,
  Attachment,
  Category,
  CategoryCreate,
  CategoryUpdate,
  IssuedApiKey,
  PortalRating,
  PortalReceipt,
  PortalView,
  RequestDetail,
  RequestEvent,
  RequestSummary,
  RevealedText,
  RoutingRule,
} from '../../../contracts/requests.js';

const toCategory = (r: repo.CategoryRow): Category => ({
  id: r.id,
  parentId: r.parent_id,
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  description: r.description,
  descriptionEn: r.description_en,
  fields: r.fields as FieldDef[],
  defaultOrgType: r.default_org_type,
  startLevel: r.start_level,
  slaAcceptDays: r.sla_accept_days,
  slaResponseDays: r.sla_response_days,
  slaResolveDays: r.sla_resolve_days,
  active: r.active,
  sort: r.sort,
  version: r.version,
  duplicateDays: r.duplicate_days,
});

const toAttachment = (a: repo.AttachmentRow): Attachment => ({
  id: a.id,
  name: a.name,
  mime: a.mime as Attachment['mime'],
  size: a.size,
  source: a.source as Attachment['source'],
  uploadedAt: new Date(a.uploaded_at).toISOString(),
});

export type IntakeInput = {
  categoryCode: string;
  description: string;
  regionCode: string;
  address?: string | null;
  contactName: string;
  /** Optional on Open311 only: a citizen who gives none follows the request by its number and gets no SMS. */
  contactPhone?: string | null;
  fields?: FieldValues;
  /** The requester agreed that the description (and media link) may be published on the open API. */
  publishDescription?: boolean;
  open311?: Open311Intake;
};

/** What an Open311 client adds to an intake: where (as found), how to reach the requester, what it attached. */
export type Open311Intake = {
  keyId: number;
  lat: number | null;
  lng: number | null;
  /** How `regionCode` was found; `unresolved` (or a district/city region) sends the request to the dispatcher desk. */
  locationSource: 'region' | 'address' | 'coordinates' | 'unresolved';
  email: string | null;
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  /** Attributes the category does not define, as sent. */
  extra: Record<string, string | string[]>;
};

export type Meta = { ip: string; requestId: string };

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

const toSummary = (r: repo.RequestRow): RequestSummary => ({
  id: r.id,
  number: r.number,
  categoryCode: r.category_code,
  categoryName: r.category_name,
  channel: r.channel,
  regionCode: r.region_code,
  regionName: r.region_name,
  status: r.status,
  handlerOrgId: r.org_id,
  handlerOrgName: r.org_name,
  access: r.primary_access ? 'primary' : 'co_handler',
  submittedAt: new Date(r.submitted_at).toISOString(),
  acceptDue: r.accept_due,
  responseDue: r.response_due,
  resolveDue: r.resolve_due,
  dueProvisional: r.due_provisional,
  overdue: r.overdue,
  dueSoon: r.due_soon,
  callbackPending: r.status === 'closed' && r.callback_at === null,
  version: r.version,
});

const toEvent = (e: repo.EventRow): RequestEvent => ({
  version: e.version,
  kind: e.kind,
  actorName: e.actor_name,
  orgName: e.org_name,
  targetOrgName: e.target_org_name,
  note: e.note,
  public: e.public,
  at: new Date(e.at).toISOString(),
});

/**
 * The one-stop request desk (诉求): category catalogue, intake through portal, staff and Open311, routing to the
 * responsible unit, the handling actions with their event history, working-day SLA and supervision, ratings.
 */
/**
 * What a citizen is told on submitting, from what the intake transaction returned; also answers a retried submission
 * (same Idempotency-Key) whose first answer was lost.
 */
export function toPublicReceipt(r: { number: string; status: string; orgName: string; resolveDue: string; dueProvisional: boolean }): PortalReceipt {
  return { number: r.number, status: r.status, handlerOrgName: r.orgName, resolveDue: r.resolveDue, dueProvisional: r.dueProvisional };
}

// The notifications this module sends (C17); the texts of the pages are in web/src/features/notifications/messages.ts.
for (const [kind, text] of [
  ['request.assigned', '诉求{number}已交由本单位办理'],
  ['request.co_handler', '本单位受邀协办诉求{number}'],
  ['request.due_soon', '诉求{number}将于{due}到期'],
  ['request.overdue', '诉求{number}已超期（{due}到期）'],
  ['request.supervised', '诉求{number}收到上级督办'],
] as const) {
  registerNotificationKind({
    kind,
    module: 'requests',
    audience: 'staff',
    defaults: ['in_app'],
    text: (p) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? '')),
  });
}

/** The notification a step sends to the unit it concerns, if any. */
function stepNotification(kind: string, id: number, number: string, version: number, orgId: number, targetOrgId: number | undefined) {
  const base = { params: { number }, link: `/requests/${id}`, eventKey: `request.${kind}:${id}:${version}` };
  if (targetOrgId && ['transfer', 'dispatch', 'return', 'escalate'].includes(kind)) return { ...base, kind: 'request.assigned', to: { orgId: targetOrgId } };
  if (targetOrgId && kind === 'co_handler') return { ...base, kind: 'request.co_handler', to: { orgId: targetOrgId } };
  if (kind === 'supervise') return { ...base, kind: 'request.supervised', to: { orgId } };
  return null;
}

export class RequestsService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly calendar: CalendarService,
    private readonly ratings: RatingsService,
    /** Where attachments are stored, content-addressed (DATA_DIR/files). */
    private readonly filesDir: string,
  ) {
    calendar.onArrangement((trx, change) => this.moveProvisionalDeadlines(trx, change));
    ratings.registerSubject('request', {
      handlingFigures: (db, scope, from, to) => repo.handlingFigures(db, scope, from, to),
      labels: async (db, ids) => new Map((await repo.numbers(db, ids)).map((r) => [r.id, r.number])),
    });
  }

  private scopes(actor: Actor, write = false) {
    return {
      primary: write ? primaryWriteScope(actor) : primaryReadScope(actor),
      grant: grantScope(actor),
      grantIds: grantIdsSql(actor),
      overdue: overdueSql(chinaToday()),
    };
  }

  private soon: { today: string; next: string } | null = null;

  /** Read scopes with the reminder predicate: due today or on the next working day (cached per China day). */
  private async readScopes(actor: Actor, db: Db = this.db): Promise<repo.Scopes> {
    const today = chinaToday();
    if (this.soon?.today !== today) this.soon = { today, next: await this.calendar.addWorkingDays(today, 1, db) };
    return { ...this.scopes(actor), dueSoon: dueSoonSql(today, this.soon.next) };
  }

  /**
   * The reminder job (every few minutes on the job runner): each open request overdue or due by the next working day
   * sends its unit one notification per stage and due date, whatever the number of runs or server processes.
   */
  async sendReminders(today: string): Promise<number> {
    const next = await this.calendar.addWorkingDays(today, 1);
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.reminderCandidates(trx, overdueSql(today), dueSoonSql(today, next));
      for (const r of rows) {
        const [stage, due] = !r.accepted ? ['accept', r.accept_due] : !r.responded ? ['response', r.response_due] : ['resolve', r.resolve_due];
        const kind = r.overdue ? 'request.overdue' : 'request.due_soon';
        await notify(trx, {
          kind,
          to: { orgId: r.org_id },
          params: { number: r.number, due },
          link: `/requests/${r.id}`,
          eventKey: `${kind}:${r.id}:${stage}:${due}`,
        });
      }
      return rows.length;
    });
  }

  // ───────────── Catalogue ─────────────

  async categories(activeOnly = true): Promise<Category[]> {
    return (await repo.listCategories(this.db, activeOnly)).map(toCategory);
  }

  /** Adds a category to the catalogue (administrators). */
  async createCategory(ctx: RequestContext, input: CategoryCreate): Promise<Category> {
    validateFieldDefs(input.fields ?? []);
    return this.db.transaction().execute(async (trx) => {
      if (input.parentId && !(await repo.findCategory(trx, { id: input.parentId }))) throw new AppError('NOT_FOUND', 'parentId');
      const id = await repo.insertCategory(trx, {
        parent_id: input.parentId ?? null,
        code: input.code,
        name_zh: input.nameZh.trim(),
        name_en: input.nameEn.trim(),
        description: input.description?.trim() ?? '',
        description_en: input.descriptionEn?.trim() ?? '',
        fields: JSON.stringify(input.fields ?? []),
        default_org_type: input.defaultOrgType ?? null,
        start_level: input.startLevel ?? 'community',
        sla_accept_days: input.slaAcceptDays,
        sla_response_days: input.slaResponseDays,
        sla_resolve_days: input.slaResolveDays,
        sort: input.sort ?? 100,
        duplicate_days: input.duplicateDays ?? 30,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'request_category.create',
        objectType: 'request_category',
        objectId: id,
        detail: { code: input.code },
      });
      return toCategory((await repo.findCategory(trx, { id }))!);
    });
  }

  /** Edits a category (optimistic: the version read). */
  async updateCategory(ctx: RequestContext, id: number, input: CategoryUpdate): Promise<Category> {
    if (input.fields) validateFieldDefs(input.fields);
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.findCategory(trx, { id }, true);
      if (!before) throw new AppError('NOT_FOUND', 'id');
      if (input.parentId === id) throw new AppError('VALIDATION', 'parentId', { reason: 'cycle' });
      const set: Parameters<typeof repo.updateCategory>[3] = {};
      if (input.parentId !== undefined) set.parent_id = input.parentId;
      if (input.nameZh !== undefined) set.name_zh = input.nameZh.trim();
      if (input.nameEn !== undefined) set.name_en = input.nameEn.trim();
      if (input.description !== undefined) set.description = input.description.trim();
      if (input.descriptionEn !== undefined) set.description_en = input.descriptionEn.trim();
      if (input.fields !== undefined) set.fields = JSON.stringify(input.fields);
      if (input.defaultOrgType !== undefined) set.default_org_type = input.defaultOrgType;
      if (input.startLevel !== undefined) set.start_level = input.startLevel;
      if (input.slaAcceptDays !== undefined) set.sla_accept_days = input.slaAcceptDays;
      if (input.slaResponseDays !== undefined) set.sla_response_days = input.slaResponseDays;
      if (input.slaResolveDays !== undefined) set.sla_resolve_days = input.slaResolveDays;
      if (input.sort !== undefined) set.sort = input.sort;
      if (input.duplicateDays !== undefined) set.duplicate_days = input.duplicateDays;
      if (input.active !== undefined) set.active = input.active;
      if (!(await repo.updateCategory(trx, id, input.version, set))) throw new AppError('STALE_VERSION', 'version');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'request_category.update',
        objectType: 'request_category',
        objectId: id,
        detail: { fields: Object.keys(set) },
      });
      return toCategory((await repo.findCategory(trx, { id }))!);
    });
  }

  async rules(categoryCode?: string): Promise<RoutingRule[]> {
    let categoryId: number | null = null;
    if (categoryCode) categoryId = (await this.requireCategory(this.db, categoryCode, 'category')).id;
    return (await repo.listRules(this.db, categoryId)).map((r) => ({
      id: r.id,
      categoryCode: r.category_code,
      regionCode: r.region_code,
      regionName: r.region_name,
      orgId: r.org_id,
      orgName: r.org_name,
    }));
  }

  /** Sets the unit that handles a category within a region subtree (replacing an earlier rule for the same pair). */
  async setRule(ctx: RequestContext, input: { categoryCode: string; regionCode: string; orgId: number }): Promise<{ id: number }> {
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode');
    return this.db.transaction().execute(async (trx) => {
      const cat = await this.requireCategory(trx, input.categoryCode, 'categoryCode');
      const org = await repo.findOrg(trx, input.orgId);
      if (!org || org.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      const id = await repo.upsertRule(trx, {
        category_id: cat.id,
        region_code: region.code,
        region_path: region.path,
        org_id: org.id,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'request_rule.set',
        objectType: 'request_rule',
        objectId: id,
        detail: { category: cat.code, regionCode: region.code, orgId: org.id },
      });
      return { id };
    });
  }

  async deleteRule(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.deleteRule(trx, id))) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'request_rule.delete', objectType: 'request_rule', objectId: id });
    });
  }

  private async requireCategory(db: Db, code: string, field: string): Promise<repo.CategoryRow> {
    const c = await repo.findCategory(db, { code });
    if (!c || !c.active) throw new AppError('VALIDATION', field, { reason: 'invalid' });
    return c;
  }

  // ───────────── SLA and routing ─────────────

  /** Accept, first-response and resolve due dates, counted in Chinese working days (调休 included) from the submission date. */
  async dueDates(submittedOn: string, cat: { slaAcceptDays: number; slaResponseDays: number; slaResolveDays: number }) {
    const [accept, response, resolve] = await Promise.all(
      [cat.slaAcceptDays, cat.slaResponseDays, cat.slaResolveDays].map((n) => this.calendar.deadline(submittedOn, n)),
    );
    return {
      accept: accept!.due,
      response: response!.due,
      resolve: resolve!.due,
      provisional: accept!.provisional || response!.provisional || resolve!.provisional,
    };
  }

  /**
   * When a year's official holiday arrangement is entered, every open request whose deadlines were provisional
   * keeps the same number of working days from its submission date under the official calendar; a moved deadline
   * is a public step of the request (the requester sees it) and an audit entry.
   */
  private async moveProvisionalDeadlines(trx: Tx, change: ArrangementChange): Promise<{ kind: string; moved: number }> {
    const rows = await repo.listProvisionalDeadlines(trx);
    let moved = 0;
    for (const r of rows) {
      const next = {
        accept_due: change.moveDeadline(r.submitted_on, r.accept_due),
        response_due: change.moveDeadline(r.submitted_on, r.response_due),
        resolve_due: change.moveDeadline(r.submitted_on, r.resolve_due),
      };
      const stillProvisional = [next.accept_due, next.response_due, next.resolve_due].some(change.provisional);
      const changed = next.accept_due !== r.accept_due || next.response_due !== r.response_due || next.resolve_due !== r.resolve_due;
      if (!changed) {
        if (!stillProvisional) await repo.settleDeadlines(trx, r.id);
        continue;
      }
      const version = await repo.updateRequest(trx, r.id, { ...next, due_provisional: stillProvisional });
      const note = `按国务院办公厅公布的${change.year}年节假日安排，办结时限由 ${r.resolve_due} 调整为 ${next.resolve_due}（受理 ${next.accept_due}，答复 ${next.response_due}）。`;
      await this.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'deadline',
        actor_id: change.ctx.actor.accountId,
        org_id: null,
        target_org_id: null,
        note,
        public: true,
      });
      await this.audit.append(trx, actorOf(change.ctx), {
        action: 'request.deadline_move',
        objectType: 'request',
        objectId: r.id,
        detail: { year: change.year, from: { accept: r.accept_due, response: r.response_due, resolve: r.resolve_due }, to: next },
      });
      moved++;
    }
    return { kind: 'request', moved };
  }

  /** The responsible unit: a rule for the most specific region, else the nearest unit of the default type from the category's level upward. */
  private async route(db: Db, cat: repo.CategoryRow, regionPath: string): Promise<{ orgId: number; orgName: string; by: 'rule' | 'default' }> {
    const ruled = await repo.findRuleOrg(db, cat.id, regionPath);
    if (ruled) return { orgId: ruled.id, orgName: ruled.name, by: 'rule' };
    const fallback = cat.default_org_type ? await repo.findDefaultOrg(db, cat.default_org_type, levelsFrom(cat.start_level), regionPath) : undefined;
    if (!fallback) throw new AppError('VALIDATION', 'regionCode', { reason: 'no_handler' });
    return { orgId: fallback.id, orgName: fallback.name, by: 'default' };
  }

  /** The dispatcher desk (群团工作联席办) of the lowest level containing the region: a person dispatches by hand. */
  private async desk(db: Db, regionPath: string): Promise<{ orgId: number; orgName: string; by: 'desk' }> {
    const desk = await repo.findDefaultOrg(db, 'coordination', ['community', 'street', 'district', 'city'], regionPath);
    if (!desk) throw new AppError('VALIDATION', 'regionCode', { reason: 'no_handler' });
    return { orgId: desk.id, orgName: desk.name, by: 'desk' };
  }

  // ───────────── Intake ─────────────

  /**
   * Staff entry on behalf of a caller (phone or walk-in); the caller becomes (or is found as) a person in the staff
   * member's region scope. Returns the full record, marked as a receipt when it was routed outside the staff's subtree.
   */
  async submitByStaff(ctx: RequestContext, input: IntakeInput & { channel: 'phone' | 'walk_in' }): Promise<RequestDetail> {
    const { id, candidates } = await this.intake(ctx, actorOf(ctx), input, input.channel, ctx.actor.accountId);
    // The caller needs the number even when the request was routed outside the staff member's subtree: a one-time receipt.
    const row = (await repo.findById(this.db, { ...(await this.readScopes(ctx.actor)), grant: sql<SqlBool>`true` }, id))!;
    const detail = {
      ...(await this.detail(this.db, row)),
      duplicateCandidates: candidates.map((c) => ({
        id: c.id,
        number: c.number,
        submittedAt: new Date(c.submitted_at).toISOString(),
        samePerson: c.same_person,
      })),
    };
    return row.primary_access ? detail : { ...detail, access: 'receipt' };
  }

  /** The citizen's door (portal, Open311): no account; the person record is written under a portal context limited to the city. */
  async submitPublic(meta: Meta, input: IntakeInput, channel: 'portal' | 'open311'): Promise<PortalReceipt> {
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode');
    const ctx = portalContext(meta, region.path.split('.')[0]!);
    return toPublicReceipt(await this.intake(ctx, actorOf(null, meta.ip, meta.requestId), input, channel, null));
  }

  private async intake(
    ctx: RequestContext,
    who: ReturnType<typeof actorOf>,
    input: IntakeInput,
    channel: Channel,
    createdBy: number | null,
  ): Promise<{
    id: number;
    number: string;
    status: string;
    orgName: string;
    resolveDue: string;
    dueProvisional: boolean;
    candidates: Array<{ id: number; number: string; submitted_at: Date; same_person: boolean }>;
  }> {
    const o311 = input.open311;
    const phone = input.contactPhone || !o311 ? validatePhone(input.contactPhone ?? '') : null;
    if (phone && !phone.ok) throw new AppError('VALIDATION', 'contactPhone', { reason: 'phone' });
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode');
    // Staff and the portal pick a street or community; an Open311 report whose place is known only roughly waits at the desk.
    const atDesk = Boolean(o311) && (o311!.locationSource === 'unresolved' || (region.level !== 'community' && region.level !== 'street'));
    if (!atDesk && region.level !== 'community' && region.level !== 'street') throw new AppError('VALIDATION', 'regionCode', { reason: 'region_level' });
    const cat = await this.requireCategory(this.db, input.categoryCode, 'categoryCode');
    if (!cat.default_org_type) throw new AppError('VALIDATION', 'categoryCode', { reason: 'not_assignable' });
    const fields = validateFields(cat.fields as FieldDef[], input.fields ?? {});
    const today = chinaToday();
    const due = await this.dueDates(today, toCategory(cat));
    const name = input.contactName.normalize('NFC').trim() || '匿名';
    const phoneValue = phone?.ok ? phone.value : null;
    // An existing person with the same phone and name is the same requester: reuse rather than duplicate.
    const known = phoneValue ? (await this.people.findByPhone(ctx.actor, phoneValue)).find((p) => p.name === name) : undefined;
    return this.db.transaction().execute(async (trx: Tx) => {
      // Open311 never refuses a report for its place: without a unit for it, the desk dispatches by hand.
      const route = atDesk
        ? await this.desk(trx, region.path)
        : o311
          ? await this.route(trx, cat, region.path).catch((e: unknown) => (e instanceof AppError ? this.desk(trx, region.path) : Promise.reject(e)))
          : await this.route(trx, cat, region.path);
      const description = input.description.normalize('NFC').trim();
      // Stored descriptions are masked, so the new one is compared in the same form.
      const descriptionMasked = maskFreeText(description);
      const streetPath = region.level === 'community' ? region.path.split('.').slice(0, -1).join('.') : region.path;
      // A new person has no earlier requests: only the text can match.
      const candidates = (await repo.findRecentSimilar(trx, { personId: known?.id ?? 0, categoryId: cat.id, days: cat.duplicate_days, streetPath }))
        .filter((c) => c.same_person || textSimilarity(c.description, descriptionMasked) >= DUPLICATE_SIMILARITY)
        .slice(0, 5);
      const { id, seq } = await repo.nextIds(trx);
      const personId = known?.id ?? (await this.people.createIn(trx, ctx, { name, phone: phoneValue, regionCode: region.code })).id;
      const address = input.address?.normalize('NFC').trim() || null;
      const number = `QH-${today.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
      // A new request goes straight to the unit routing chose.
      const status = 'dispatched';
      const protectedDescription = this.protect('description', String(id), description);
      await repo.insertRequest(trx, {
        id,
        number,
        category_id: cat.id,
        channel,
        description: protectedDescription.masked,
        description_enc: protectedDescription.enc,
        fields: JSON.stringify(fields),
        region_code: region.code,
        region_path: region.path,
        address_enc: address ? encryptField(this.keyring, address, { table: 'requests', column: 'address', rowId: String(id) }) : null,
        address_masked: address ? maskAddress(address) : null,
        person_id: personId,
        contact_phone_bidx: phoneValue ? blindIndex(this.keyring, 'request.phone', phoneValue) : null,
        status,
        org_id: route.orgId,
        submitted_on: today,
        accept_due: due.accept,
        response_due: due.response,
        resolve_due: due.resolve,
        due_provisional: due.provisional,
        created_by: createdBy,
        publish_description: input.publishDescription ?? false,
        ...(o311 ? this.open311Columns(o311, id) : {}),
      });
      await this.insertEvent(trx, {
        request_id: id,
        version: 1,
        kind: 'submit',
        actor_id: createdBy,
        org_id: null,
        target_org_id: route.orgId,
        note: '',
        public: true,
      });
      await this.audit.append(trx, who, {
        action: 'request.create',
        objectType: 'request',
        objectId: id,
        detail: {
          number,
          category: cat.code,
          channel,
          orgId: route.orgId,
          routedBy: route.by,
          personId,
          reusedPerson: Boolean(known),
          duplicateCandidates: candidates.map((c) => c.number),
        },
      });
      await notify(trx, {
        kind: 'request.assigned',
        to: { orgId: route.orgId },
        params: { number },
        link: `/requests/${id}`,
        eventKey: `request.assigned:${id}:1`,
      });
      const handler = await repo.findOrg(trx, route.orgId);
      await publishWebhookEvent(trx, {
        type: 'request.created',
        subject: `request:${id}`,
        orgPaths: [handler?.path ?? ''],
        data: { id, number, category: cat.code, channel, status, regionCode: region.code, orgId: route.orgId, resolveDue: due.resolve },
        personal: { keyring: this.keyring, contactName: name, contactPhone: phoneValue },
      });
      return { id, number, status, orgName: route.orgName, resolveDue: due.resolve, dueProvisional: due.provisional, candidates };
    });
  }

  // ───────────── Protected free text ─────────────

  /** The masked form and the ciphertext of one free-text column of a request (or `id:version` of an event). */
  private protect(column: 'description' | 'reply' | 'callback_note' | 'note', rowId: string, text: string) {
    return protectText(this.keyring, text, { table: column === 'note' ? 'request_events' : 'requests', column, rowId });
  }

  /** A request change with its free text (reply, call-back note) masked and encrypted. */
  private protectSet(id: number, set: repo.RequestSet): repo.RequestSet {
    const out = { ...set };
    if (set.reply !== undefined) {
      const p = this.protect('reply', String(id), set.reply);
      Object.assign(out, { reply: p.masked, reply_enc: p.enc });
    }
    if (set.callback_note !== undefined) {
      const p = this.protect('callback_note', String(id), set.callback_note);
      Object.assign(out, { callback_note: p.masked, callback_note_enc: p.enc });
    }
    return out;
  }

  /** Appends a step with its note masked and encrypted (bound to request and version). */
  private async insertEvent(trx: Db, e: Omit<repo.NewEvent, 'note_enc'>): Promise<void> {
    const p = this.protect('note', `${e.request_id}:${e.version}`, e.note);
    await repo.insertEvent(trx, { ...e, note: p.masked, note_enc: p.enc });
  }

  /** For a step another part of the module wrote in SQL (an Open311 update): masks and encrypts its note, in the caller's transaction. */
  async protectStepIn(trx: Db, requestId: number, version: number): Promise<void> {
    const e = await repo.findEventNote(trx, requestId, version);
    if (!e || e.note_enc || e.note === '') return;
    const p = this.protect('note', `${requestId}:${version}`, e.note);
    await repo.setEventNote(trx, e.id, p.masked, p.enc!);
  }

  /**
   * The full free text of a request in the actor's scope — description, reply, call-back note and step notes — for a
   * stated purpose, recorded in the audit trail. A ciphertext that fails its check is audited and refused.
   */
  async reveal(ctx: RequestContext, id: number, purpose: string): Promise<RevealedText> {
    if (!ctx.actor.permissions.has('request.read')) throw new AppError('FORBIDDEN');
    const row = await repo.findById(this.db, await this.readScopes(ctx.actor), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    const [secrets, events] = await Promise.all([repo.findTextSecrets(this.db, id), repo.listEventSecrets(this.db, id)]);
    if (!secrets) throw new AppError('NOT_FOUND', 'id');
    const at = (column: string, rowId = String(id)) => ({ table: column === 'note' ? 'request_events' : 'requests', column, rowId });
    let out;
    try {
      out = {
        description: revealText(this.keyring, secrets.description, secrets.description_enc, at('description')) ?? '',
        reply: revealText(this.keyring, secrets.reply, secrets.reply_enc, at('reply')),
        callbackNote: revealText(this.keyring, secrets.callback_note, secrets.callback_note_enc, at('callback_note')),
        ratingComment: await this.ratings.revealComment(this.db, 'request', id),
        notes: events
          .filter((e) => e.note !== '')
          .map((e) => ({ version: e.version, note: revealText(this.keyring, e.note, e.note_enc, at('note', `${id}:${e.version}`)) ?? '' })),
      };
    } catch (err) {
      if (err instanceof FieldIntegrityError) {
        await this.audit.appendStandalone(actorOf(ctx), {
          action: 'request.reveal',
          objectType: 'request',
          objectId: id,
          result: 'failed',
          detail: { integrity: false },
        });
        throw new AppError('INTEGRITY', 'id');
      }
      throw err;
    }
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'request.reveal', objectType: 'request', objectId: id, detail: { purpose } }));
    return out;
  }

  /**
   * Masks and encrypts free text stored before it was protected (migration 0081), in batches; answers how many
   * requests and steps it changed. Run at start; safe to run again and from several processes at once.
   */
  async protectStoredText(batch = 500): Promise<{ requests: number; events: number }> {
    let requests = 0;
    let events = 0;
    for (;;) {
      const n = await this.db.transaction().execute(async (trx) => {
        const rows = await repo.listUnprotectedRequests(trx, batch);
        for (const r of rows) {
          const set: Parameters<typeof repo.setProtectedText>[2] = {};
          if (!r.description_enc) {
            const p = this.protect('description', String(r.id), r.description);
            if (p.enc) Object.assign(set, { description: p.masked, description_enc: p.enc });
          }
          if (!r.reply_enc && r.reply) {
            const p = this.protect('reply', String(r.id), r.reply);
            Object.assign(set, { reply: p.masked, reply_enc: p.enc });
          }
          if (!r.callback_note_enc && r.callback_note) {
            const p = this.protect('callback_note', String(r.id), r.callback_note);
            Object.assign(set, { callback_note: p.masked, callback_note_enc: p.enc });
          }
          await repo.setProtectedText(trx, r.id, set);
        }
        return rows.length;
      });
      requests += n;
      if (n < batch) break;
    }
    for (;;) {
      const n = await this.db.transaction().execute(async (trx) => {
        const rows = await repo.listUnprotectedEvents(trx, batch);
        for (const e of rows) {
          const p = this.protect('note', `${e.request_id}:${e.version}`, e.note);
          await repo.setEventNote(trx, e.id, p.masked, p.enc!);
        }
        return rows.length;
      });
      events += n;
      if (n < batch) break;
    }
    return { requests, events };
  }

  /** The Open311 columns of a new request; the e-mail address is personal data, encrypted like the street address. */
  private open311Columns(o: Open311Intake, id: number): repo.Open311Columns {
    const email = o.email?.normalize('NFC').trim() || null;
    return {
      lat: o.lat,
      lng: o.lng,
      location_source: o.locationSource,
      contact_email_enc: email ? encryptField(this.keyring, email, { table: 'requests', column: 'contact_email', rowId: String(id) }) : null,
      contact_email_masked: email ? maskEmail(email) : null,
      media_url: o.mediaUrl,
      device_id: o.deviceId,
      account_id: o.accountId,
      extra: JSON.stringify(o.extra),
      open311_key_id: o.keyId,
    };
  }

  // ───────────── Reads ─────────────

  async list(
    actor: Actor,
    f: {
      status?: string;
      categoryCode?: string;
      overdue?: boolean;
      dueSoon?: boolean;
      callbackPending?: boolean;
      regionCode?: string;
      number?: string;
      page: number;
      pageSize: number;
    },
  ): Promise<{ items: RequestSummary[]; total: number }> {
    const filter: repo.RequestFilter = { status: f.status, overdue: f.overdue, dueSoon: f.dueSoon, callbackPending: f.callbackPending, number: f.number };
    if (f.categoryCode) filter.categoryId = (await this.requireCategory(this.db, f.categoryCode, 'category')).id;
    if (f.regionCode) filter.regionPath = (await this.regions.requireRegion(f.regionCode, 'regionCode')).path;
    const { rows, total } = await repo.list(this.db, await this.readScopes(actor), filter, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toSummary), total };
  }

  /** Overdue requests handled by units strictly below the actor's organization (督办). */
  async supervision(actor: Actor, page: number, pageSize: number): Promise<{ items: RequestSummary[]; total: number }> {
    const today = chinaToday();
    const { rows, total } = await repo.list(
      this.db,
      { primary: strictlyBelow(actor), grant: sql<SqlBool>`false`, overdue: overdueSql(today) },
      { overdue: true },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map(toSummary), total };
  }

  async get(actor: Actor, id: number, db: Db = this.db): Promise<RequestDetail> {
    const row = await repo.findById(db, await this.readScopes(actor, db), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    return this.detail(db, row);
  }

  private async detail(db: Db, r: repo.RequestRow): Promise<RequestDetail> {
    const [events, co, rating, files] = await Promise.all([
      repo.listEvents(db, r.id, false),
      repo.listCoHandlers(db, r.id),
      this.ratings.forSubject(db, 'request', r.id),
      repo.listAttachments(db, r.id),
    ]);
    return {
      ...toSummary(r),
      description: r.description,
      fields: r.fields as FieldValues,
      addressMasked: r.address_masked,
      personId: r.person_id,
      requesterNameMasked: maskName(r.requester_name),
      requesterPhoneMasked: r.requester_phone_masked,
      acceptedAt: iso(r.accepted_at),
      respondedAt: iso(r.responded_at),
      resolvedAt: iso(r.resolved_at),
      closedAt: iso(r.closed_at),
      reply: r.reply,
      coHandlers: co.map((c) => ({ orgId: c.org_id, orgName: c.org_name })),
      rating: rating
        ? { id: rating.id, level: rating.level, label: rating.label, comment: rating.comment, ratedAt: rating.ratedAt, excluded: rating.excluded }
        : null,
      callback: r.callback_at ? { at: new Date(r.callback_at).toISOString(), note: r.callback_note ?? '', reached: r.callback_reached ?? false } : null,
      duplicateOf: r.duplicate_of && r.duplicate_of_number ? { id: r.duplicate_of, number: r.duplicate_of_number } : null,
      attachments: files.map(toAttachment),
      events: events.map(toEvent),
      location: { lat: r.lat, lng: r.lng, source: r.location_source },
      contactEmailMasked: r.contact_email_masked,
      mediaUrl: r.media_url,
      deviceId: r.device_id,
      accountId: r.account_id,
      extra: r.extra as Record<string, string | string[]>,
      publishDescription: r.publish_description,
    };
  }

  // ───────────── Actions ─────────────

  /**
   * One step on a request: the row is locked, the version checked when sent, the change written with the next
   * version, the event and the audit row appended, all in one transaction.
   */
  private async step(
    ctx: RequestContext,
    id: number,
    version: number | undefined,
    load: (trx: Tx) => Promise<repo.RequestRow | undefined>,
    apply: (trx: Tx, row: repo.RequestRow) => Promise<{ kind: string; set: repo.RequestSet; targetOrgId?: number; note: string; public: boolean }>,
  ): Promise<ActionResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await load(trx);
      if (!row) throw new AppError('NOT_FOUND', 'id');
      if (version !== undefined && version !== row.version) throw new AppError('STALE_VERSION', 'version');
      const change = await apply(trx, row);
      const newVersion = await repo.updateRequest(trx, id, this.protectSet(id, change.set));
      await this.insertEvent(trx, {
        request_id: id,
        version: newVersion,
        kind: change.kind,
        actor_id: ctx.actor.accountId,
        org_id: ctx.actor.orgId,
        target_org_id: change.targetOrgId ?? null,
        note: change.note,
        public: change.public,
      });
      const status = change.set.status ?? row.status;
      await this.audit.append(trx, actorOf(ctx), {
        action: `request.${change.kind}`,
        objectType: 'request',
        objectId: id,
        detail: { version: newVersion, status, ...(change.targetOrgId ? { orgId: change.targetOrgId } : {}) },
      });
      const n = stepNotification(change.kind, id, row.number, newVersion, row.org_id, change.targetOrgId);
      if (n) await notify(trx, n);
      const orgId = change.set.org_id ?? row.org_id;
      const target = orgId === row.org_id ? { name: row.org_name, path: row.org_path } : await repo.findOrg(trx, orgId);
      const orgName = target?.name ?? '';
      const hook = { subject: `request:${id}`, orgPaths: [row.org_path, target?.path ?? ''] };
      const data = { id, number: row.number, status, previousStatus: row.status, step: change.kind, orgId, version: newVersion };
      if (status !== row.status) await publishWebhookEvent(trx, { type: 'request.status_changed', ...hook, data });
      if (change.kind === 'close') await publishWebhookEvent(trx, { type: 'request.closed', ...hook, data });
      return { id, number: row.number, status, version: newVersion, handlerOrgId: orgId, handlerOrgName: orgName };
    });
  }

  private lockVisible(ctx: RequestContext, id: number) {
    return (trx: Tx) => repo.findById(trx, this.scopes(ctx.actor, true), id, true);
  }

  /** accept, respond, note, return, escalate, resolve, close. */
  async act(ctx: RequestContext, id: number, kind: ActionKind, input: { version?: number; note?: string; reply?: string }): Promise<ActionResult> {
    const note = input.note?.trim() ?? '';
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (_trx, row) => {
      const rule = requireTransition(kind, row.status, row.primary_access);
      const now = new Date();
      const set: repo.RequestSet = rule.to ? { status: rule.to } : {};
      let targetOrgId: number | undefined;
      if ((kind === 'respond' || kind === 'note' || kind === 'return' || kind === 'escalate') && !note)
        throw new AppError('VALIDATION', 'note', { reason: 'required' });
      switch (kind) {
        case 'accept':
          if (!row.accepted_at) set.accepted_at = now;
          break;
        case 'respond':
          if (!row.responded_at) set.responded_at = now;
          break;
        case 'return':
        case 'escalate':
          if (!row.org_parent_id) throw new AppError('VALIDATION', 'id', { reason: 'no_parent' });
          set.org_id = row.org_parent_id;
          targetOrgId = row.org_parent_id;
          break;
        case 'resolve': {
          const reply = input.reply?.trim() ?? '';
          if (!reply) throw new AppError('VALIDATION', 'reply', { reason: 'required' });
          set.reply = reply;
          set.resolved_at = now;
          if (!row.responded_at) set.responded_at = now;
          return { kind, set, note: reply, public: rule.public };
        }
        case 'close':
          set.closed_at = now;
          break;
        case 'note':
          break;
      }
      return { kind, set, targetOrgId, note, public: rule.public };
    });
  }

  /** Hands the request to another unit: `transfer` to any active unit ("not ours"), `dispatch` to a unit in my subtree. */
  async reassign(
    ctx: RequestContext,
    id: number,
    kind: 'transfer' | 'dispatch',
    input: { orgId: number; version: number; note: string },
  ): Promise<ActionResult> {
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (trx, row) => {
      const rule = requireTransition(kind, row.status, row.primary_access);
      const target = await repo.findOrg(trx, input.orgId, kind === 'dispatch' ? primaryWriteScope(ctx.actor) : undefined);
      if (!target || target.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      if (target.id === row.org_id) throw new AppError('VALIDATION', 'orgId', { reason: 'invalid' });
      return { kind, set: { status: rule.to!, org_id: target.id }, targetOrgId: target.id, note: input.note.trim(), public: rule.public };
    });
  }

  /** Invites a co-handler (协办): that organization gets access to this one request. */
  async addCoHandler(ctx: RequestContext, id: number, input: { orgId: number; version?: number; note?: string }): Promise<ActionResult> {
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (trx, row) => {
      const rule = requireTransition('co_handler', row.status, row.primary_access);
      const org = await repo.findOrg(trx, input.orgId);
      if (!org || org.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      if (org.id === row.org_id) throw new AppError('VALIDATION', 'orgId', { reason: 'invalid' });
      if (!(await repo.insertGrant(trx, { org_id: org.id, object_id: String(id), granted_by: ctx.actor.accountId }))) {
        throw new AppError('CONFLICT', 'orgId', { reason: 'duplicate' });
      }
      return { kind: 'co_handler', set: {}, targetOrgId: org.id, note: input.note?.trim() ?? '', public: rule.public };
    });
  }

  /** The level above comments on an overdue (or any open) request of a unit below it and may set a new resolve deadline. */
  async supervise(ctx: RequestContext, id: number, input: { note: string; resolveDue?: string; version?: number }): Promise<ActionResult> {
    const load = (trx: Tx) =>
      repo.findById(trx, { primary: strictlyBelow(ctx.actor), grant: sql<SqlBool>`false`, overdue: overdueSql(chinaToday()) }, id, true);
    return this.step(ctx, id, input.version, load, async (trx, row) => {
      const rule = requireTransition('supervise', row.status, true);
      const set: repo.RequestSet = {};
      if (input.resolveDue) {
        if (input.resolveDue < chinaToday()) throw new AppError('VALIDATION', 'resolveDue', { reason: 'date_order' });
        await this.calendar.isWorkday(input.resolveDue, trx);
        set.resolve_due = input.resolveDue;
        set.due_provisional = (await this.calendar.provisional(trx))(input.resolveDue);
      }
      return { kind: 'supervise', set, note: input.note.trim(), public: rule.public };
    });
  }

  /** The supervising level above takes the request over: its own organization becomes the primary handler. */
  async takeOver(ctx: RequestContext, id: number, input: { note: string; version?: number }): Promise<ActionResult> {
    const load = (trx: Tx) =>
      repo.findById(trx, { primary: strictlyBelow(ctx.actor), grant: sql<SqlBool>`false`, overdue: overdueSql(chinaToday()) }, id, true);
    return this.step(ctx, id, input.version, load, async (_trx, row) => {
      const rule = requireTransition('take_over', row.status, true);
      const set: repo.RequestSet = { org_id: ctx.actor.orgId };
      if (row.status === 'returned') set.status = 'dispatched';
      return { kind: 'take_over', set, targetOrgId: ctx.actor.orgId, note: input.note.trim(), public: rule.public };
    });
  }

  /** The call-back (回访) of a closed request, by the primary handler: once, with whether the requester was reached. */
  async callback(ctx: RequestContext, id: number, input: { note: string; reached: boolean; version?: number }): Promise<ActionResult> {
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (_trx, row) => {
      const rule = requireTransition('callback', row.status, row.primary_access);
      if (row.callback_at) throw new AppError('CONFLICT', 'id', { reason: 'duplicate' });
      const note = input.note.normalize('NFC').trim();
      if (!note) throw new AppError('VALIDATION', 'note', { reason: 'required' });
      return { kind: 'callback', set: { callback_at: new Date(), callback_note: note, callback_reached: input.reached }, note, public: rule.public };
    });
  }

  /** Links a request as a duplicate of an earlier one the actor can read. */
  async linkDuplicate(ctx: RequestContext, id: number, input: { ofId: number; version?: number }): Promise<ActionResult> {
    const scopes = await this.readScopes(ctx.actor);
    return this.step(ctx, id, input.version, this.lockVisible(ctx, id), async (trx, row) => {
      const rule = requireTransition('duplicate', row.status, row.primary_access);
      if (input.ofId === id) throw new AppError('VALIDATION', 'ofId', { reason: 'invalid' });
      const of = await repo.findById(trx, scopes, input.ofId);
      if (!of) throw new AppError('NOT_FOUND', 'ofId');
      if (of.duplicate_of === id) throw new AppError('VALIDATION', 'ofId', { reason: 'cycle' });
      return { kind: 'duplicate', set: { duplicate_of: of.id }, note: of.number, public: rule.public };
    });
  }

  // ───────────── Attachments ─────────────

  /** Stores a file once by its SHA-256 after checking its size and its type by magic bytes. */
  private async storeFile(data: Buffer): Promise<{ sha256: string; mime: string; size: number }> {
    // A JSON body can mimic the shape of a file part: only bytes read from a multipart upload count.
    if (!Buffer.isBuffer(data) || data.length === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if (data.length > ATTACHMENT_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: ATTACHMENT_LIMITS.maxBytes });
    const type = detectFileType(data.subarray(0, 16));
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file');
    const { sha256 } = await storeByHash(this.filesDir, data);
    return { sha256, mime: type.mime, size: data.length };
  }

  private async attach(
    trx: Tx,
    row: repo.RequestRow,
    file: { name: string; data: Buffer },
    source: 'staff' | 'citizen',
    uploadedBy: number | null,
  ): Promise<number> {
    if (typeof file.name !== 'string') throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if ((await repo.listAttachments(trx, row.id)).length >= ATTACHMENT_LIMITS.perRequest)
      throw new AppError('VALIDATION', 'file', { reason: 'maximum', limit: ATTACHMENT_LIMITS.perRequest });
    const stored = await this.storeFile(file.data);
    // Control characters, quotes and backslashes never reach a Content-Disposition header.
    const name = safeFileName(file.name, 'file');
    return repo.insertAttachment(trx, {
      request_id: row.id,
      sha256: stored.sha256,
      size: stored.size,
      mime: stored.mime,
      name,
      source,
      uploaded_by: uploadedBy,
    });
  }

  /** Staff attach a file to a request they handle or co-handle. */
  async addAttachment(ctx: RequestContext, id: number, file: { name: string; data: Buffer }): Promise<Attachment> {
    let attId = 0;
    const scopes = { ...this.scopes(ctx.actor, true) };
    await this.step(
      ctx,
      id,
      undefined,
      (trx) => repo.findById(trx, scopes, id, true),
      async (trx, row) => {
        const rule = requireTransition('attachment', row.status, row.primary_access);
        attId = await this.attach(trx, row, file, 'staff', ctx.actor.accountId);
        return { kind: 'attachment', set: {}, note: file.name.slice(0, 200), public: rule.public };
      },
    );
    return toAttachment((await repo.findAttachment(this.db, id, attId))!);
  }

  /** A file of a request the actor can read: its stored path, type and name. */
  async attachmentFile(actor: Actor, id: number, attachmentId: number): Promise<{ path: string; mime: string; name: string; size: number }> {
    const row = await repo.findById(this.db, this.scopes(actor), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    const a = await repo.findAttachment(this.db, id, attachmentId);
    if (!a) throw new AppError('NOT_FOUND', 'attachmentId');
    return { path: hashedPath(this.filesDir, a.sha256), mime: a.mime, name: a.name, size: a.size };
  }

  // ───────────── Open311 API keys ─────────────

  /** Issues a key for an Open311 client; the key itself is returned once and only its hash is kept. */
  async issueApiKey(ctx: RequestContext, name: string): Promise<IssuedApiKey> {
    const key = `qh_${randomBytes(24).toString('base64url')}`;
    const prefix = key.slice(0, 10);
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertApiKey(trx, {
        name: name.trim(),
        key_hash: createHash('sha256').update(key).digest(),
        key_prefix: prefix,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'open311_key.issue',
        objectType: 'open311_key',
        objectId: id,
        detail: { name: name.trim(), prefix },
      });
      return { id, name: name.trim(), key, prefix };
    });
  }

  async apiKeys(): Promise<ApiKey[]> {
    return (await repo.listApiKeys(this.db)).map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.key_prefix,
      createdAt: new Date(k.created_at).toISOString(),
      lastUsedAt: iso(k.last_used_at),
      revokedAt: iso(k.revoked_at),
    }));
  }

  async revokeApiKey(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.revokeApiKey(trx, id))) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'open311_key.revoke', objectType: 'open311_key', objectId: id });
    });
  }

  /** The api_key of an Open311 submission must be a live key. */
  async requireApiKey(key: string | undefined): Promise<{ id: number; name: string }> {
    if (!key) throw new AppError('FORBIDDEN', 'api_key', { reason: 'required' });
    const k = await repo.useApiKey(this.db, createHash('sha256').update(key).digest());
    if (!k) throw new AppError('FORBIDDEN', 'api_key', { reason: 'invalid' });
    return k;
  }

  // ───────────── Citizen side ─────────────

  private phoneBidx(phone: string): Buffer {
    const v = validatePhone(phone);
    if (!v.ok) throw new AppError('VALIDATION', 'phone', { reason: 'phone' });
    return blindIndex(this.keyring, 'request.phone', v.value);
  }

  /** What the requester sees by number and phone: status, public steps, the reply, the rating. */
  async portalView(number: string, phone: string): Promise<PortalView> {
    const r = await repo.findByNumberAndPhone(this.db, number, this.phoneBidx(phone), overdueSql(chinaToday()));
    if (!r) throw new AppError('NOT_FOUND', 'number');
    const [events, rating] = await Promise.all([repo.listEvents(this.db, r.id, true), this.ratings.forSubject(this.db, 'request', r.id)]);
    return {
      number: r.number,
      status: r.status,
      statusNotes: open311Status(r.status).notes,
      categoryName: r.category_name,
      handlerOrgName: r.org_name,
      submittedAt: new Date(r.submitted_at).toISOString(),
      resolveDue: r.resolve_due,
      dueProvisional: r.due_provisional,
      reply: r.reply,
      events: events.map((e) => ({ kind: e.kind, note: e.note, at: new Date(e.at).toISOString() })),
      rating: rating ? { level: rating.level, label: rating.label, comment: rating.comment } : null,
      canRate: r.status === 'closed' && !rating,
    };
  }

  /** One rating per closed request, by the requester (number and phone), through the ratings component; a bad review opens a rectification. */
  async rate(meta: Meta, number: string, input: { phone: string; level: number; comment?: string }): Promise<PortalRating> {
    const bidx = this.phoneBidx(input.phone);
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberAndPhone(trx, number, bidx, sql<SqlBool>`false`, true);
      if (!r) throw new AppError('NOT_FOUND', 'number');
      if (r.status !== 'closed') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      const who = actorOf(null, meta.ip, meta.requestId);
      const { rating } = await this.ratings.rate(trx, who, {
        subjectType: 'request',
        subjectId: r.id,
        orgId: r.org_id,
        level: input.level,
        comment: input.comment,
      });
      const version = await repo.updateRequest(trx, r.id, {});
      await this.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'rate',
        actor_id: null,
        org_id: null,
        target_org_id: null,
        note: rating.label,
        public: true,
      });
      return { level: rating.level, label: rating.label };
    });
  }

  /** The requester adds information to an open request (number and phone); staff and the requester see it. */
  async addInfo(meta: Meta, number: string, input: { phone: string; text: string }): Promise<{ version: number }> {
    const bidx = this.phoneBidx(input.phone);
    const text = input.text.normalize('NFC').trim();
    if (!text) throw new AppError('VALIDATION', 'text', { reason: 'required' });
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberAndPhone(trx, number, bidx, sql<SqlBool>`false`, true);
      if (!r) throw new AppError('NOT_FOUND', 'number');
      if (r.status === 'closed') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      const version = await repo.updateRequest(trx, r.id, {});
      await this.insertEvent(trx, { request_id: r.id, version, kind: 'info', actor_id: null, org_id: null, target_org_id: null, note: text, public: true });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'request.info',
        objectType: 'request',
        objectId: r.id,
        detail: { version },
      });
      return { version };
    });
  }

  /** The requester attaches a file to an open request (number and phone). */
  async addPublicAttachment(meta: Meta, number: string, phone: string, file: { name: string; data: Buffer }): Promise<Attachment> {
    const bidx = this.phoneBidx(phone);
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findByNumberAndPhone(trx, number, bidx, sql<SqlBool>`false`, true);
      if (!r) throw new AppError('NOT_FOUND', 'number');
      if (r.status === 'closed') throw new AppError('INVALID_STATE', 'status', { status: r.status });
      const attId = await this.attach(trx, r, file, 'citizen', null);
      const version = await repo.updateRequest(trx, r.id, {});
      await this.insertEvent(trx, {
        request_id: r.id,
        version,
        kind: 'attachment',
        actor_id: null,
        org_id: null,
        target_org_id: null,
        note: file.name.slice(0, 200),
        public: true,
      });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'request.attachment',
        objectType: 'request',
        objectId: r.id,
        detail: { attachmentId: attId },
      });
      return toAttachment((await repo.findAttachment(trx, r.id, attId))!);
    });
  }
}
