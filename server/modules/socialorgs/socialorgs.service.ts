import { stat } from 'node:fs/promises';
import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type {
  Application,
  AwardInput,
  Call,
  CallDetail,
  CallInput,
  Incubation,
  Membership,
  Project,
  ProjectDetail,
  SocialOrg,
  SocialOrgDetail,
  SocialOrgInput,
  SorgDocument,
} from '../../../contracts/socialorgs.js';
import { DOCUMENT_FILE_MAX_BYTES } from '../../../contracts/socialorgs.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { hasPermission, type Actor, type RequestContext } from '../../platform/auth/actor.js';
import { FieldIntegrityError } from '../../platform/crypto/field-cipher.js';
import { maskFreeText, protectText, revealText } from '../../platform/crypto/free-text.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin, unscoped } from '../../platform/scope.js';
import { notify, registerNotificationKind } from '../../platform/jobs/notify.js';
import { chinaToday } from '../../platform/time.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import { storeByHash, hashedPath, safeFileName } from '../../platform/files/stored-files.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { ActivitiesService } from '../activities/activities.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import {
  EXPIRY_WARNING_DAYS,
  achieved,
  addDays,
  callSorgScope,
  callStaffScope,
  checkCriteria,
  creditCodeFitsRegType,
  checkDeliverables,
  detectDocumentType,
  isSorgStaff,
  meanScore,
  ownApplicationScope,
  ownCallScope,
  projectScope,
  sorgReadScope,
  sorgWriteScope,
  weighted,
} from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';
import { sql, type RawBuilder, type SqlBool } from 'kysely';

const toSorg = (r: repo.SorgRow): SocialOrg => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  creditCode: r.credit_code,
  regType: r.reg_type,
  authority: r.authority,
  registeredOn: r.registered_on,
  domain: r.domain,
  regionCode: r.region_code,
  regionName: r.region_name,
  serviceAreas: r.service_areas,
  rating: r.rating,
  status: r.status,
  contactNameMasked: r.contact_name_masked,
  contactPhoneMasked: r.contact_phone_masked,
  keeperOrgId: r.keeper_org_id,
  expiringDocuments: r.expiring_documents,
  version: r.version,
});
const toDocument = (d: repo.DocumentRow, warn: string): SorgDocument => ({
  id: d.id,
  kind: d.kind,
  title: d.title,
  expiresOn: d.expires_on,
  expiring: d.expires_on !== null && d.expires_on <= warn,
  file:
    d.file_sha256 !== null && d.file_mime !== null && d.file_name !== null && d.file_size !== null && d.file_uploaded_at !== null
      ? { name: d.file_name, mime: d.file_mime, size: d.file_size, uploadedAt: new Date(d.file_uploaded_at).toISOString() }
      : null,
});
const toMembership = (m: repo.MembershipRow): Membership => ({
  id: m.id,
  hubId: m.hub_id,
  hubName: m.hub_name,
  memberId: m.member_id,
  memberName: m.member_name,
  joinedOn: m.joined_on,
  leftOn: m.left_on,
});
const toIncubation = (i: repo.IncubationRow): Incubation => ({
  id: i.id,
  orgId: i.org_id,
  programme: i.programme,
  phase: i.phase,
  mentor: i.mentor,
  support: i.support,
  startedOn: i.started_on,
  graduatedOn: i.graduated_on,
  version: i.version,
});
const toCall = (c: repo.CallRow): Call => ({
  id: c.id,
  orgId: c.org_id,
  orgName: c.org_name,
  title: c.title,
  description: c.description,
  budget: c.budget,
  areaCode: c.area_code,
  areaName: c.area_name,
  targetGroups: c.target_groups,
  criteria: c.criteria,
  deadline: c.deadline,
  status: c.status,
  applications: c.applications,
  version: c.version,
});
const toProject = (p: repo.ProjectRow): Project => ({
  id: p.id,
  callId: p.call_id,
  applicationId: p.application_id,
  sorgId: p.sorg_id,
  sorgName: p.sorg_name,
  funderOrgId: p.funder_org_id,
  funderName: p.funder_name,
  title: p.title,
  amount: p.amount,
  paid: p.paid,
  startsOn: p.starts_on,
  endsOn: p.ends_on,
  status: p.status,
  evaluationScore: p.evaluation_score,
  evaluationNote: p.evaluation_note,
  version: p.version,
});

const stale = () => new AppError('STALE_VERSION', 'version');
const state = (field: string, reason = 'invalid') => new AppError('INVALID_STATE', field, { reason });

// The notifications this module sends (C17); their words are in web/src/features/notifications/messages.ts.
registerNotificationKind({
  kind: 'sorg.document_expiring',
  module: 'socialorgs',
  audience: 'staff',
  defaults: ['in_app'],
  text: (p) => `${p.name}的${p.title}将于${p.date}到期`,
});
registerNotificationKind({
  kind: 'sorg.document_expired',
  module: 'socialorgs',
  audience: 'staff',
  defaults: ['in_app'],
  text: (p) => `${p.name}的${p.title}已于${p.date}到期`,
});

/** Social organizations and purchased-service projects (C11). */
export class SocialOrgsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly accounts: AccountsService,
    private readonly activities: ActivitiesService,
    private readonly keyring: Keyring,
    /** Where document files are kept, content-addressed (DATA_DIR/files/socialorgs). */
    private readonly filesDir: string,
  ) {}

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    if (await repo.bothRegistered(trx, m.fromId, m.toId)) throw new AppError('CONFLICT', 'intoId', { reason: 'both_registered' });
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  // ───────────── Protected free text ─────────────

  private textColumn(table: repo.ProtectedColumn['table']): repo.ProtectedColumn {
    return repo.PROTECTED_TEXT.find((c) => c.table === table)!;
  }

  /** Stores free text masked in its column and in full, encrypted and bound to its row, in `<column>_enc`. */
  private async storeText(db: Db, table: repo.ProtectedColumn['table'], rowId: string, text: string): Promise<void> {
    const c = this.textColumn(table);
    const p = protectText(this.keyring, text, { table: c.table, column: c.column, rowId });
    await repo.setProtectedText(db, c, rowId, p.masked, p.enc);
  }

  /**
   * Masks and encrypts free text stored before it was protected (migration 0220), in batches; answers how many
   * values it changed. Run at start; safe to run again and from several processes at once.
   */
  async protectStoredText(batch = 500): Promise<number> {
    let n = 0;
    for (const c of repo.PROTECTED_TEXT) {
      for (;;) {
        const done = await this.db.transaction().execute(async (trx) => {
          const rows = await repo.listUnprotectedText(trx, c, batch);
          for (const r of rows) await this.storeText(trx, c.table, r.row_id, r.text);
          return rows.length;
        });
        n += done;
        if (done < batch) break;
      }
    }
    return n;
  }

  private async reveal<T>(ctx: RequestContext, objectType: string, objectId: number, purpose: string, read: () => Promise<T>): Promise<T> {
    let out: T;
    try {
      out = await read();
    } catch (err) {
      if (err instanceof FieldIntegrityError) {
        await this.audit.appendStandalone(actorOf(ctx), { action: 'sorg.reveal', objectType, objectId, result: 'failed', detail: { integrity: false } });
        throw new AppError('INTEGRITY', 'id');
      }
      throw err;
    }
    await this.db.transaction().execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'sorg.reveal', objectType, objectId, detail: { purpose } }));
    return out;
  }

  private async revealed(table: repo.ProtectedColumn['table'], where: RawBuilder<SqlBool>) {
    const c = this.textColumn(table);
    return (await repo.protectedTextOf(this.db, c, where)).map((r) => ({
      rowId: r.row_id,
      text: revealText(this.keyring, r.text, r.enc, { table: c.table, column: c.column, rowId: r.row_id }) ?? '',
    }));
  }

  /** A project's milestone reports and evaluation note in full (identifiers unmasked), for a stated purpose (audited). */
  async revealProject(
    ctx: RequestContext,
    id: number,
    purpose: string,
  ): Promise<{ milestones: Array<{ id: number; report: string }>; evaluationNote: string | null }> {
    const p = await this.requireProject(this.db, ctx.actor, id);
    return this.reveal(ctx, 'sorg_project', p.id, purpose, async () => {
      const ms = await this.revealed('sorg_milestones', sql<SqlBool>`project_id = ${p.id}`);
      const ev = await this.revealed('sorg_projects', sql<SqlBool>`id = ${p.id}`);
      return {
        milestones: ms.map((m) => ({ id: Number(m.rowId), report: m.text })).sort((a, b) => a.id - b.id),
        evaluationNote: p.evaluation_note === null ? null : (ev[0]?.text ?? ''),
      };
    });
  }

  /** An application's proposal and the panel's declaration notes in full, for a stated purpose (audited). */
  async revealApplication(ctx: RequestContext, id: number, purpose: string): Promise<{ proposal: string; notes: Array<{ accountId: number; note: string }> }> {
    const { a } = await this.requireApplication(this.db, ctx.actor, id);
    return this.reveal(ctx, 'sorg_application', a.id, purpose, async () => {
      const [prop] = await this.revealed('sorg_applications', sql<SqlBool>`id = ${a.id}`);
      const notes = await this.revealed('sorg_declarations', sql<SqlBool>`application_id = ${a.id} AND note <> ''`);
      return { proposal: prop?.text ?? '', notes: notes.map((n) => ({ accountId: Number(n.rowId.split(':')[1]), note: n.text })) };
    });
  }

  private requireReader(actor: Actor): void {
    if (!hasPermission(actor, 'sorg.read') && !hasPermission(actor, 'sorg.self')) throw new AppError('FORBIDDEN');
  }

  // ───────────── Registry ─────────────

  private async detail(db: Db, r: repo.SorgRow): Promise<SocialOrgDetail> {
    const today = chinaToday();
    const warn = addDays(today, EXPIRY_WARNING_DAYS);
    const docs = await repo.documentsOf(db, r.id);
    const ms = (await repo.membershipsOf(db, r.id)).map(toMembership);
    return {
      ...toSorg(r),
      documents: docs.map((d) => toDocument(d, warn)),
      hubs: ms.filter((m) => m.memberId === r.id),
      members: ms.filter((m) => m.hubId === r.id),
      incubations: (await repo.incubationsOf(db, r.id)).map(toIncubation),
    };
  }

  private async requireSorg(db: Db, actor: Actor, id: number, write = false, field = 'id', lock = false): Promise<repo.SorgRow> {
    const scope = write ? sorgWriteScope(actor) : sorgReadScope(actor);
    const r = await repo.findSorg(db, scope, id, chinaToday(), EXPIRY_WARNING_DAYS, lock);
    if (!r) throw new AppError('NOT_FOUND', field);
    return r;
  }

  async list(actor: Actor, f: { q?: string; domain?: string; expiring?: boolean; page: number; pageSize: number }) {
    const { rows, total } = await repo.listSorgs(
      this.db,
      sorgReadScope(actor),
      { ...f, q: f.q?.trim() || undefined, limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
      chinaToday(),
      EXPIRY_WARNING_DAYS,
    );
    return { items: rows.map(toSorg), total, page: f.page, pageSize: f.pageSize };
  }

  async get(actor: Actor, id: number): Promise<SocialOrgDetail> {
    return this.detail(this.db, await this.requireSorg(this.db, actor, id));
  }

  async mine(actor: Actor): Promise<SocialOrgDetail> {
    const r = isSorgStaff(actor) ? await repo.findSorgByOrg(this.db, actor.orgId, chinaToday(), EXPIRY_WARNING_DAYS) : undefined;
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return this.detail(this.db, r);
  }

  /** The social organization whose staff the actor is (applications, activities). */
  private async ownSorg(db: Db, actor: Actor): Promise<repo.SorgRow> {
    const r = await repo.findSorgByOrg(db, actor.orgId, chinaToday(), EXPIRY_WARNING_DAYS);
    if (!r) throw new AppError('FORBIDDEN');
    if (r.status !== 'active') throw state('status', 'archived');
    return r;
  }

  private async checkAreas(db: Db, actor: Actor, codes: string[]): Promise<string[]> {
    const out = [...new Set(codes)];
    for (const [i, code] of out.entries()) {
      const region = await this.regions.requireRegion(code, `serviceAreas.${i}`, db);
      if (!pathWithin(region.path, actor.scope.regionPath)) throw new AppError('VALIDATION', `serviceAreas.${i}`, { reason: 'outside_scope' });
    }
    return out;
  }

  async register(ctx: RequestContext, input: SocialOrgInput): Promise<SocialOrgDetail> {
    const cc = validateCreditCode(input.creditCode);
    if (!cc.ok) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code' });
    if (!creditCodeFitsRegType(cc.value, input.regType)) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code_type' });
    if (input.registeredOn > chinaToday()) throw new AppError('VALIDATION', 'registeredOn', { reason: 'future' });
    return this.db.transaction().execute(async (trx) => {
      const region = await this.regions.requireRegion(input.regionCode, 'regionCode', trx);
      if (!pathWithin(region.path, ctx.actor.scope.regionPath)) throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
      if (await repo.creditCodeTaken(trx, cc.value)) throw new AppError('CONFLICT', 'creditCode', { reason: 'duplicate' });
      const areas = await this.checkAreas(trx, ctx.actor, input.serviceAreas);
      const org = await this.orgs.createPartnerRootIn(trx, ctx, { typeCode: 'social_org', name: input.name, regionCode: region.code, creditCode: cc.value });
      let contact: { id: number; phoneMasked: string | null } | null = null;
      if (input.contact) {
        const p = await this.people.createIn(trx as Tx, ctx, { name: input.contact.name, phone: input.contact.phone, regionCode: region.code });
        contact = { id: p.id, phoneMasked: p.phoneMasked };
      }
      const id = await repo.insertSorg(trx, {
        org_id: org.id,
        name: input.name.trim(),
        credit_code: cc.value,
        reg_type: input.regType,
        authority: input.authority.trim(),
        registered_on: input.registeredOn,
        domain: input.domain,
        region_code: region.code,
        region_path: region.path,
        region_name: region.name,
        service_areas: areas,
        rating: input.rating ?? null,
        status: 'active',
        contact_person_id: contact?.id ?? null,
        contact_name_masked: input.contact ? maskName(input.contact.name.trim()) : null,
        contact_phone_masked: contact?.phoneMasked ?? null,
        keeper_org_id: ctx.actor.orgId,
        keeper_path: ctx.actor.scope.orgPath,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.register',
        objectType: 'social_org',
        objectId: id,
        detail: { orgId: org.id, regType: input.regType },
      });
      return this.detail(trx, await this.requireSorg(trx, ctx.actor, id, true));
    });
  }

  async update(
    ctx: RequestContext,
    id: number,
    input: { version: number; rating?: string | null; status?: string; serviceAreas?: string[] },
  ): Promise<SocialOrgDetail> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.requireSorg(trx, ctx.actor, id, true, 'id', true);
      const set: Parameters<typeof repo.updateSorg>[3] = {};
      if (input.rating !== undefined) set.rating = input.rating;
      if (input.status !== undefined) set.status = input.status;
      if (input.serviceAreas !== undefined) set.service_areas = await this.checkAreas(trx, ctx.actor, input.serviceAreas);
      if (!(await repo.updateSorg(trx, r.id, input.version, set))) throw stale();
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.update',
        objectType: 'social_org',
        objectId: id,
        detail: { rating: input.rating, status: input.status, areas: input.serviceAreas?.length },
      });
      return this.detail(trx, await this.requireSorg(trx, ctx.actor, id, true));
    });
  }

  /**
   * Expiry reminders of the registry's documents, to the organization's own staff and to the mass organization that
   * keeps its record: 60, 30 and 7 days before the expiry date and on it, each once. Run by the job runner every six hours; a stage already sent is not sent again.
   */
  async sendDocumentReminders(today: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await repo.documentsToRemind(trx, today, EXPIRY_WARNING_DAYS);
      for (const r of rows) {
        const kind = r.stage === 0 ? 'sorg.document_expired' : 'sorg.document_expiring';
        for (const orgId of new Set([r.org_id, r.keeper_org_id])) {
          await notify(trx, {
            kind,
            to: { orgId },
            params: { name: r.name, title: r.title, date: r.expires_on },
            link: '/social-orgs',
            eventKey: `${kind}:${r.id}:${r.stage}`,
          });
        }
        await repo.markReminded(trx, r.id, r.stage);
      }
      return rows.length;
    });
  }

  async addDocument(ctx: RequestContext, id: number, input: { kind: string; title: string; expiresOn?: string | null }): Promise<SocialOrgDetail> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.requireSorg(trx, ctx.actor, id, true);
      const docId = await repo.insertDocument(trx, { sorg_id: r.id, kind: input.kind, title: input.title.trim(), expires_on: input.expiresOn ?? null });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.document',
        objectType: 'social_org',
        objectId: id,
        detail: { documentId: docId, kind: input.kind },
      });
      return this.detail(trx, r);
    });
  }

  /**
   * Stores (or replaces) a document's file once by its SHA-256 under the files folder (DATA_DIR/files/socialorgs), after
   * checking its size and its type by magic bytes; the row keeps the reference. Staff of the keeping unit's tree only.
   */
  async uploadDocumentFile(ctx: RequestContext, id: number, documentId: number, input: { name: string; contentBase64: string }): Promise<SorgDocument> {
    const b64 = input.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new AppError('VALIDATION', 'file', { reason: 'invalid' });
    const data = Buffer.from(b64, 'base64');
    if (data.length === 0) throw new AppError('VALIDATION', 'file', { reason: 'required' });
    if (data.length > DOCUMENT_FILE_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'file', { limit: DOCUMENT_FILE_MAX_BYTES });
    const type = detectDocumentType(data.subarray(0, 16));
    if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file');
    return this.db.transaction().execute(async (trx) => {
      const r = await this.requireSorg(trx, ctx.actor, id, true);
      const d = await repo.findDocument(trx, r.id, documentId, true);
      if (!d) throw new AppError('NOT_FOUND', 'documentId');
      const { sha256 } = await storeByHash(this.filesDir, data);
      const name = safeFileName(input.name, `document.${type.ext}`);
      await repo.setDocumentFile(trx, d.id, { sha256, mime: type.mime, size: data.length, name, uploadedBy: ctx.actor.accountId });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.document.file',
        objectType: 'social_org',
        objectId: r.id,
        detail: { documentId: d.id, mime: type.mime, size: data.length, replaced: d.file_sha256 !== null },
      });
      return toDocument((await repo.findDocument(trx, r.id, d.id))!, addDays(chinaToday(), EXPIRY_WARNING_DAYS));
    });
  }

  /** A document's file for download: the organization itself or staff whose region covers it (others 404); audited. */
  async documentFile(ctx: RequestContext, id: number, documentId: number): Promise<{ path: string; mime: string; name: string; size: number }> {
    this.requireReader(ctx.actor);
    const r = await this.requireSorg(this.db, ctx.actor, id);
    const d = await repo.findDocument(this.db, r.id, documentId);
    if (!d || d.file_sha256 === null || d.file_mime === null) throw new AppError('NOT_FOUND', 'documentId');
    const file = hashedPath(this.filesDir, d.file_sha256);
    if (
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      throw new AppError('NOT_FOUND', 'documentId');
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'sorg.document.download', objectType: 'social_org', objectId: r.id, detail: { documentId: d.id } }),
      );
    return { path: file, mime: d.file_mime, name: d.file_name ?? 'document', size: d.file_size ?? 0 };
  }

  async join(ctx: RequestContext, hubId: number, input: { memberId: number; joinedOn?: string }): Promise<SocialOrgDetail> {
    return this.db.transaction().execute(async (trx) => {
      const hub = await this.requireSorg(trx, ctx.actor, hubId, true);
      const member = await this.requireSorg(trx, ctx.actor, input.memberId, false, 'memberId');
      if (member.id === hub.id) throw new AppError('VALIDATION', 'memberId', { reason: 'invalid' });
      const joined = input.joinedOn ?? chinaToday();
      if (joined > chinaToday()) throw new AppError('VALIDATION', 'joinedOn', { reason: 'future' });
      let mid: number;
      try {
        mid = await repo.insertMembership(trx, { hub_id: hub.id, member_id: member.id, joined_on: joined });
      } catch (e) {
        if ((e as { code?: string }).code === '23505') throw new AppError('CONFLICT', 'memberId', { reason: 'duplicate' });
        throw e;
      }
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.member.join',
        objectType: 'social_org',
        objectId: hub.id,
        detail: { memberId: member.id, membershipId: mid },
      });
      return this.detail(trx, hub);
    });
  }

  async leave(ctx: RequestContext, membershipId: number, input: { leftOn?: string }): Promise<{ ok: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMembership(trx, membershipId);
      if (!m) throw new AppError('NOT_FOUND', 'id');
      await this.requireSorg(trx, ctx.actor, m.hub_id, true, 'id');
      if (m.left_on !== null) throw state('id', 'invalid');
      const left = input.leftOn ?? chinaToday();
      if (left > chinaToday()) throw new AppError('VALIDATION', 'leftOn', { reason: 'future' });
      if (left < String(m.joined_on).slice(0, 10)) throw new AppError('VALIDATION', 'leftOn', { reason: 'invalid' });
      await repo.closeMembership(trx, m.id, left);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.member.leave',
        objectType: 'social_org',
        objectId: m.hub_id,
        detail: { memberId: m.member_id, membershipId: m.id },
      });
      return { ok: true };
    });
  }

  async incubate(ctx: RequestContext, id: number, input: { programme: string; mentor?: string; support?: string }): Promise<Incubation> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.requireSorg(trx, ctx.actor, id);
      const incId = await repo.insertIncubation(trx, {
        sorg_id: r.id,
        org_id: ctx.actor.orgId,
        org_path: ctx.actor.scope.orgPath,
        programme: input.programme.trim(),
        mentor: input.mentor?.trim() ?? '',
        support: maskFreeText(input.support?.trim() ?? ''),
        started_on: chinaToday(),
      });
      if (input.support?.trim()) await this.storeText(trx, 'sorg_incubations', String(incId), input.support.trim());
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.incubate', objectType: 'social_org', objectId: r.id, detail: { incubationId: incId } });
      return toIncubation((await repo.findIncubation(trx, incId, ctx.actor.scope.orgPath))!);
    });
  }

  async updateIncubation(ctx: RequestContext, id: number, input: { version: number; phase?: string; mentor?: string; support?: string }): Promise<Incubation> {
    return this.db.transaction().execute(async (trx) => {
      const i = await repo.findIncubation(trx, id, ctx.actor.scope.orgPath);
      if (!i) throw new AppError('NOT_FOUND', 'id');
      if (i.phase === 'graduated' || i.phase === 'withdrawn') throw state('phase');
      const set: Parameters<typeof repo.updateIncubation>[3] = {};
      if (input.phase !== undefined) {
        set.phase = input.phase;
        set.graduated_on = input.phase === 'graduated' ? chinaToday() : null;
      }
      if (input.mentor !== undefined) set.mentor = input.mentor.trim();
      if (!(await repo.updateIncubation(trx, id, input.version, set))) throw stale();
      if (input.support !== undefined) await this.storeText(trx, 'sorg_incubations', String(id), input.support.trim());
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.incubation',
        objectType: 'social_org',
        objectId: i.sorg_id,
        detail: { incubationId: id, phase: input.phase },
      });
      return toIncubation((await repo.findIncubation(trx, id, ctx.actor.scope.orgPath))!);
    });
  }

  // ───────────── Calls ─────────────

  private async callScopeOf(db: Db, actor: Actor) {
    if (isSorgStaff(actor)) return callSorgScope((await this.ownSorg(db, actor)).region_path);
    if (!hasPermission(actor, 'sorg.read')) throw new AppError('FORBIDDEN');
    return callStaffScope(actor);
  }

  private async requireCall(db: Db, actor: Actor, id: number, lock = false, field = 'id'): Promise<repo.CallRow> {
    const c = await repo.findCall(db, await this.callScopeOf(db, actor), id, lock);
    if (!c) throw new AppError('NOT_FOUND', field);
    return c;
  }

  /** Calls only the calling organization's own tree may change. */
  private async requireOwnCall(db: Db, actor: Actor, id: number): Promise<repo.CallRow> {
    const c = await repo.findCall(db, ownCallScope(actor), id, true);
    if (!c) throw new AppError('NOT_FOUND', 'id');
    return c;
  }

  private reviewOf(criteria: repo.CallRow['criteria'], decls: repo.DeclarationRow[], scores: repo.ScoreRow[], appId: number) {
    return decls
      .filter((d) => d.application_id === appId)
      .map((d) => {
        const mine = scores.filter((s) => s.application_id === appId && s.account_id === d.account_id).map((s) => ({ criterion: s.criterion, score: s.score }));
        return { accountId: d.account_id, reviewer: d.name, conflict: d.conflict, scores: mine, weighted: d.conflict ? null : weighted(criteria, mine) };
      });
  }

  private async applications(db: Db, actor: Actor, call: repo.CallRow, rows: repo.ApplicationRow[]): Promise<Application[]> {
    const ids = rows.map((r) => r.id);
    const [decls, scores] = await Promise.all([repo.declarationsOf(db, ids), repo.scoresOf(db, ids)]);
    const staff = !isSorgStaff(actor) && pathWithin(call.org_path, actor.scope.orgPath);
    return rows.map((a) => {
      const reviews = this.reviewOf(call.criteria, decls, scores, a.id);
      const mine = reviews.find((r) => r.accountId === actor.accountId);
      return {
        id: a.id,
        callId: a.call_id,
        callTitle: a.call_title,
        sorgId: a.sorg_id,
        sorgName: a.sorg_name,
        title: a.title,
        proposal: a.proposal,
        amount: a.amount,
        documents: a.documents,
        status: a.status,
        totalScore: a.total_score,
        submittedAt: new Date(a.submitted_at).toISOString(),
        myConflict: mine ? mine.conflict : null,
        myScores: mine?.scores ?? [],
        reviews: staff ? reviews.map(({ reviewer, conflict, scores: s, weighted: w }) => ({ reviewer, conflict, scores: s, weighted: w })) : [],
        projectId: a.project_id,
      };
    });
  }

  private async callDetail(db: Db, actor: Actor, c: repo.CallRow): Promise<CallDetail> {
    const reviewers = await repo.reviewersOf(db, c.id);
    const rows = await repo.applicationsOf(db, c.id, isSorgStaff(actor) ? actor.orgId : null);
    return {
      ...toCall(c),
      reviewers: reviewers.map((r) => ({ accountId: r.account_id, name: r.name })),
      onPanel: reviewers.some((r) => r.account_id === actor.accountId),
      applications: await this.applications(db, actor, c, rows),
    };
  }

  async calls(actor: Actor, f: { status?: string; page: number; pageSize: number }) {
    const { rows, total } = await repo.listCalls(this.db, await this.callScopeOf(this.db, actor), {
      status: f.status,
      limit: f.pageSize,
      offset: (f.page - 1) * f.pageSize,
    });
    return { items: rows.map(toCall), total, page: f.page, pageSize: f.pageSize };
  }

  async call(actor: Actor, id: number): Promise<CallDetail> {
    return this.callDetail(this.db, actor, await this.requireCall(this.db, actor, id));
  }

  async createCall(ctx: RequestContext, input: CallInput): Promise<CallDetail> {
    checkCriteria(input.criteria);
    if (input.deadline < chinaToday()) throw new AppError('VALIDATION', 'deadline', { reason: 'past' });
    return this.db.transaction().execute(async (trx) => {
      const area = await this.regions.requireRegion(input.areaCode, 'areaCode', trx);
      if (!pathWithin(area.path, ctx.actor.scope.regionPath)) throw new AppError('VALIDATION', 'areaCode', { reason: 'outside_scope' });
      const id = await repo.insertCall(trx, {
        org_id: ctx.actor.orgId,
        org_path: ctx.actor.scope.orgPath,
        org_name: ctx.actor.orgName,
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        budget: input.budget,
        area_code: area.code,
        area_path: area.path,
        area_name: area.name,
        target_groups: [...new Set(input.targetGroups)],
        criteria: input.criteria,
        deadline: input.deadline,
        created_by: ctx.actor.accountId,
      });
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.call.create', objectType: 'sorg_call', objectId: id, detail: { budget: input.budget } });
      return this.callDetail(trx, ctx.actor, (await repo.findCall(trx, callStaffScope(ctx.actor), id))!);
    });
  }

  async publishCall(ctx: RequestContext, id: number, version: number): Promise<CallDetail> {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.requireOwnCall(trx, ctx.actor, id);
      if (c.status !== 'draft') throw state('status');
      if (c.deadline < chinaToday()) throw new AppError('VALIDATION', 'deadline', { reason: 'past' });
      if (!(await repo.setCallStatus(trx, id, version, 'draft', 'open'))) throw stale();
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.call.publish', objectType: 'sorg_call', objectId: id });
      return this.callDetail(trx, ctx.actor, (await repo.findCall(trx, callStaffScope(ctx.actor), id))!);
    });
  }

  async panelCandidates(actor: Actor, id: number) {
    const c = await this.requireOwnCall(this.db, actor, id);
    const { items } = await this.accounts.list(actor, { page: 1, pageSize: 200 });
    void c;
    return { items: items.filter((a) => a.status === 'active').map((a) => ({ accountId: a.id, name: a.displayName })) };
  }

  async setPanel(ctx: RequestContext, id: number, accountIds: number[]): Promise<CallDetail> {
    // Panel members are accounts the actor may read (its own tree), looked up before the transaction.
    const rs: Array<{ account_id: number; name: string }> = [];
    for (const [i, aid] of [...new Set(accountIds)].entries()) {
      const a = await this.accounts.get(ctx.actor, aid).catch(() => {
        throw new AppError('NOT_FOUND', `accountIds.${i}`);
      });
      if (a.status !== 'active') throw new AppError('VALIDATION', `accountIds.${i}`, { reason: 'invalid' });
      rs.push({ account_id: a.id, name: a.displayName });
    }
    return this.db.transaction().execute(async (trx) => {
      const c = await this.requireOwnCall(trx, ctx.actor, id);
      if (c.status === 'awarded' || c.status === 'closed') throw state('status');
      if (await repo.hasDeclarations(trx, id)) throw state('accountIds', 'review_started');
      await repo.replaceReviewers(trx, id, rs);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.call.panel',
        objectType: 'sorg_call',
        objectId: id,
        detail: { reviewers: rs.map((r) => r.account_id) },
      });
      return this.callDetail(trx, ctx.actor, c);
    });
  }

  async closeCall(ctx: RequestContext, id: number, version: number): Promise<CallDetail> {
    return this.db.transaction().execute(async (trx) => {
      const c = await this.requireOwnCall(trx, ctx.actor, id);
      if (c.status !== 'open') throw state('status');
      if ((await repo.reviewersOf(trx, id)).length === 0) throw state('accountIds', 'no_panel');
      if (!(await repo.setCallStatus(trx, id, version, 'open', 'review'))) throw stale();
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.call.review',
        objectType: 'sorg_call',
        objectId: id,
        detail: { applications: c.applications },
      });
      return this.callDetail(trx, ctx.actor, (await repo.findCall(trx, callStaffScope(ctx.actor), id))!);
    });
  }

  // ───────────── Applications and review ─────────────

  async apply(ctx: RequestContext, callId: number, input: { title: string; proposal: string; amount: number; documents?: string[] }): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const s = await this.ownSorg(trx, ctx.actor);
      const c = await repo.findCall(trx, callSorgScope(s.region_path), callId, true);
      if (!c) throw new AppError('NOT_FOUND', 'id');
      if (c.status !== 'open' || c.deadline < chinaToday()) throw state('id', 'call_closed');
      if (input.amount > c.budget) throw new AppError('VALIDATION', 'amount', { reason: 'over_budget', limit: c.budget });
      if (await repo.applicationExists(trx, c.id, s.id)) throw new AppError('CONFLICT', 'id', { reason: 'duplicate' });
      const id = await repo.insertApplication(trx, {
        call_id: c.id,
        sorg_id: s.id,
        org_id: s.org_id,
        title: input.title.trim(),
        proposal: maskFreeText(input.proposal.trim()),
        amount: input.amount,
        documents: input.documents ?? [],
      });
      await this.storeText(trx, 'sorg_applications', String(id), input.proposal.trim());
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.apply',
        objectType: 'sorg_application',
        objectId: id,
        detail: { callId: c.id, amount: input.amount },
      });
      return this.oneApplication(trx, ctx.actor, id);
    });
  }

  /** An application the actor may see: its organization's staff, or the calling organization's tree. */
  private async requireApplication(db: Db, actor: Actor, id: number, lock = false): Promise<{ a: repo.ApplicationRow; c: repo.CallRow }> {
    let scope;
    if (isSorgStaff(actor)) scope = ownApplicationScope(actor);
    else if (hasPermission(actor, 'sorg.read') || hasPermission(actor, 'sorg.review')) scope = callStaffScope(actor);
    else throw new AppError('FORBIDDEN');
    const a = await repo.findApplication(db, scope, id, lock);
    if (!a) throw new AppError('NOT_FOUND', 'id');
    const c = (await repo.findCall(db, unscoped('checked'), a.call_id))!;
    return { a, c };
  }

  private async oneApplication(db: Db, actor: Actor, id: number): Promise<Application> {
    const { a, c } = await this.requireApplication(db, actor, id);
    return (await this.applications(db, actor, c, [a]))[0]!;
  }

  async application(actor: Actor, id: number): Promise<Application> {
    return this.oneApplication(this.db, actor, id);
  }

  private async requirePanelMember(db: Db, actor: Actor, id: number) {
    const { a, c } = await this.requireApplication(db, actor, id, true);
    if (isSorgStaff(actor)) throw new AppError('FORBIDDEN');
    if (!(await repo.reviewersOf(db, c.id)).some((r) => r.account_id === actor.accountId)) throw new AppError('FORBIDDEN');
    if (c.status !== 'review') throw state('id', 'not_in_review');
    return { a, c };
  }

  async declare(ctx: RequestContext, id: number, input: { conflict: boolean; note?: string }): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const { a } = await this.requirePanelMember(trx, ctx.actor, id);
      if (await repo.findDeclaration(trx, a.id, ctx.actor.accountId)) throw new AppError('CONFLICT', 'conflict', { reason: 'duplicate' });
      const note = input.note?.trim() ?? '';
      await repo.insertDeclaration(trx, { application_id: a.id, account_id: ctx.actor.accountId, conflict: input.conflict, note: maskFreeText(note) });
      if (note) await this.storeText(trx, 'sorg_declarations', `${a.id}:${ctx.actor.accountId}`, note);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.review.declare',
        objectType: 'sorg_application',
        objectId: a.id,
        detail: { conflict: input.conflict },
      });
      await this.rescore(trx, a.id);
      return this.oneApplication(trx, ctx.actor, a.id);
    });
  }

  private async rescore(db: Db, applicationId: number): Promise<void> {
    const a = (await repo.findApplication(db, unscoped('checked'), applicationId))!;
    const c = (await repo.findCall(db, unscoped('checked'), a.call_id))!;
    const [decls, scores] = await Promise.all([repo.declarationsOf(db, [a.id]), repo.scoresOf(db, [a.id])]);
    await repo.setApplicationScore(
      db,
      a.id,
      meanScore(
        this.reviewOf(c.criteria, decls, scores, a.id)
          .filter((r) => !r.conflict)
          .map((r) => r.weighted),
      ),
    );
  }

  async score(ctx: RequestContext, id: number, scores: Array<{ criterion: string; score: number }>): Promise<Application> {
    return this.db.transaction().execute(async (trx) => {
      const { a, c } = await this.requirePanelMember(trx, ctx.actor, id);
      const d = await repo.findDeclaration(trx, a.id, ctx.actor.accountId);
      if (!d) throw state('scores', 'declare_first');
      if (d.conflict) throw new AppError('FORBIDDEN', 'scores', { reason: 'conflict_declared' });
      const keys = new Set(c.criteria.map((k) => k.key));
      const seen = new Set<string>();
      scores.forEach((s, i) => {
        if (!keys.has(s.criterion)) throw new AppError('VALIDATION', `scores.${i}.criterion`, { reason: 'invalid' });
        if (seen.has(s.criterion)) throw new AppError('VALIDATION', `scores.${i}.criterion`, { reason: 'duplicate' });
        seen.add(s.criterion);
      });
      await repo.upsertScores(trx, a.id, ctx.actor.accountId, scores);
      await this.rescore(trx, a.id);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.review.score',
        objectType: 'sorg_application',
        objectId: a.id,
        detail: { criteria: scores.length },
      });
      return this.oneApplication(trx, ctx.actor, a.id);
    });
  }

  async award(ctx: RequestContext, id: number, input: AwardInput): Promise<ProjectDetail> {
    checkDeliverables(input.deliverables);
    if (input.endsOn < input.startsOn) throw new AppError('VALIDATION', 'endsOn', { reason: 'after_start' });
    const total = input.milestones.reduce((s, m) => s + m.payment, 0);
    if (total !== input.amount) throw new AppError('VALIDATION', 'milestones', { reason: 'payments_sum', limit: input.amount });
    input.milestones.forEach((m, i) => {
      if (m.dueOn < input.startsOn || m.dueOn > input.endsOn) throw new AppError('VALIDATION', `milestones.${i}.dueOn`, { reason: 'outside_period' });
    });
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findApplication(trx, ownCallScope(ctx.actor), id, true);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      const c = await this.requireOwnCall(trx, ctx.actor, a.call_id);
      if (c.status !== 'review' || a.status !== 'submitted') throw state('id');
      if (a.total_score === null) throw state('id', 'unscored');
      if (input.amount > c.budget) throw new AppError('VALIDATION', 'amount', { reason: 'over_budget', limit: c.budget });
      const pid = await repo.insertProject(trx, {
        application_id: a.id,
        call_id: c.id,
        sorg_id: a.sorg_id,
        org_id: a.org_id,
        funder_org_id: c.org_id,
        funder_path: c.org_path,
        funder_name: c.org_name,
        title: a.title,
        amount: input.amount,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        deliverables: input.deliverables,
      });
      for (const [i, m] of input.milestones.entries())
        await repo.insertMilestone(trx, { project_id: pid, seq: i + 1, title: m.title.trim(), due_on: m.dueOn, payment: m.payment });
      await repo.setApplicationStatus(trx, a.id, 'awarded');
      await repo.declineOthers(trx, c.id, a.id);
      if (!(await repo.setCallStatus(trx, c.id, c.version, 'review', 'awarded'))) throw stale();
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.award',
        objectType: 'sorg_project',
        objectId: pid,
        detail: { applicationId: a.id, amount: input.amount, milestones: input.milestones.length },
      });
      return this.projectDetail(trx, (await repo.findProject(trx, unscoped('checked'), pid))!);
    });
  }

  // ───────────── Projects ─────────────

  private async projectDetail(db: Db, p: repo.ProjectRow): Promise<ProjectDetail> {
    const activityIds = await repo.activityIdsOf(db, p.id);
    const acts = await this.activities.figuresOf(db, activityIds);
    const rated = await this.activities.ratingsOf(db, activityIds);
    return {
      ...toProject(p),
      deliverables: p.deliverables.map((d) => ({ ...d, achieved: achieved(d.kind, acts) })),
      milestones: (await repo.milestonesOf(db, p.id)).map((m) => ({
        id: m.id,
        seq: m.seq,
        title: m.title,
        dueOn: m.due_on,
        payment: m.payment,
        status: m.status,
        report: m.report,
        paidOn: m.paid_on,
      })),
      activities: acts.map((a) => ({ id: a.id, title: a.title, startsAt: a.startsAt, status: a.status, personTimes: a.personTimes })),
      userRatings: { rated: rated.rated, satisfied: rated.satisfied, bad: rated.bad, satisfactionRate: rated.satisfactionRate },
    };
  }

  private async requireProject(db: Db, actor: Actor, id: number, lock = false, field = 'id'): Promise<repo.ProjectRow> {
    this.requireReader(actor);
    const p = await repo.findProject(db, projectScope(actor), id, lock);
    if (!p) throw new AppError('NOT_FOUND', field);
    return p;
  }

  async projects(actor: Actor, f: { page: number; pageSize: number }) {
    this.requireReader(actor);
    const { rows, total } = await repo.listProjects(this.db, projectScope(actor), { limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
    return { items: rows.map(toProject), total, page: f.page, pageSize: f.pageSize };
  }

  async project(actor: Actor, id: number): Promise<ProjectDetail> {
    return this.projectDetail(this.db, await this.requireProject(this.db, actor, id));
  }

  async linkActivity(ctx: RequestContext, id: number, activityId: number): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      const p = await this.requireProject(trx, ctx.actor, id, true);
      if (p.status === 'evaluated') throw state('id');
      // The organization's own activity (hosted by its organization), read through the activities service.
      const act = await this.activities.requireVisible(trx, ctx.actor, activityId, 'activityId');
      if (act.hostOrgId !== p.org_id) throw new AppError('VALIDATION', 'activityId', { reason: 'not_host' });
      if (!(await repo.linkActivity(trx, p.id, activityId))) throw new AppError('CONFLICT', 'activityId', { reason: 'duplicate' });
      if (p.status === 'signed') await repo.setProjectStatus(trx, p.id, 'delivering');
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.project.activity', objectType: 'sorg_project', objectId: p.id, detail: { activityId } });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), id))!);
    });
  }

  async reportMilestone(ctx: RequestContext, milestoneId: number, report: string): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMilestone(trx, milestoneId);
      if (!m) throw new AppError('NOT_FOUND', 'id');
      const p = await this.requireProject(trx, ctx.actor, m.project_id, true, 'id');
      if (p.org_id !== ctx.actor.orgId) throw new AppError('NOT_FOUND', 'id');
      if (m.status !== 'planned' && m.status !== 'returned') throw state('id');
      await repo.reportMilestone(trx, m.id, maskFreeText(report.trim()));
      await this.storeText(trx, 'sorg_milestones', String(m.id), report.trim());
      if (p.status === 'signed') await repo.setProjectStatus(trx, p.id, 'delivering');
      await this.audit.append(trx, actorOf(ctx), {
        action: 'sorg.milestone.report',
        objectType: 'sorg_project',
        objectId: p.id,
        detail: { milestoneId: m.id, seq: m.seq },
      });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), p.id))!);
    });
  }

  async decideMilestone(ctx: RequestContext, milestoneId: number, accept: boolean): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      const m = await repo.findMilestone(trx, milestoneId);
      if (!m) throw new AppError('NOT_FOUND', 'id');
      if (isSorgStaff(ctx.actor)) throw new AppError('NOT_FOUND', 'id');
      const p = await this.requireProject(trx, ctx.actor, m.project_id, true, 'id');
      if (m.status !== 'reported') throw state('id', 'not_reported');
      await repo.decideMilestone(trx, m.id, accept, chinaToday());
      await this.audit.append(trx, actorOf(ctx), {
        action: accept ? 'sorg.milestone.accept' : 'sorg.milestone.return',
        objectType: 'sorg_project',
        objectId: p.id,
        detail: { milestoneId: m.id, payment: accept ? m.payment : 0 },
      });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), p.id))!);
    });
  }

  async evaluate(ctx: RequestContext, id: number, input: { version: number; score: number; note: string }): Promise<ProjectDetail> {
    return this.db.transaction().execute(async (trx) => {
      if (isSorgStaff(ctx.actor)) throw new AppError('NOT_FOUND', 'id');
      const p = await this.requireProject(trx, ctx.actor, id, true);
      if (p.status === 'evaluated') throw state('id');
      if ((await repo.milestonesOf(trx, p.id)).some((m) => m.status !== 'accepted')) throw state('id', 'milestones_open');
      if (!(await repo.evaluateProject(trx, p.id, input.version, input.score, maskFreeText(input.note.trim())))) throw stale();
      await this.storeText(trx, 'sorg_projects', String(p.id), input.note.trim());
      await this.audit.append(trx, actorOf(ctx), { action: 'sorg.evaluate', objectType: 'sorg_project', objectId: p.id, detail: { score: input.score } });
      return this.projectDetail(trx, (await repo.findProject(trx, projectScope(ctx.actor), p.id))!);
    });
  }
}
