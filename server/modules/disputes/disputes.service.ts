import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { decryptField, encryptField } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { pathWithin } from '../../platform/scope.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import {
  CLOSE_OUTCOMES,
  CONFIRMING_TYPE,
  OPENER_TYPES,
  OUTCOMES,
  SUCCESS_OUTCOMES,
  chinaToday,
  openerReadScope,
  openerWriteScope,
  partnerScope,
  requireTransition,
  requireYuan,
  type ActionKind,
  type Side,
} from './disputes.policy.js';

/** The agencies of joint mediation (诉调/仲调对接); other partner departments (e.g. honours vetting) are not invited to cases. */
const MEDIATION_PARTNER_TYPES: readonly string[] = ['court', 'hrss', 'justice'];
import * as repo from './disputes.repository.js';

export type WorkerInput = { personId?: number; name?: string; phone?: string | null; idNumber?: string | null };
export type ClaimInput = { kind: string; amount: number; note?: string };

export type OpenInput = {
  requestId?: number | null;
  regionCode?: string;
  employerName: string;
  employerCreditCode?: string | null;
  facts?: string | null;
  workers: WorkerInput[];
  claims: ClaimInput[];
};

export type CaseSummary = {
  id: number;
  number: string;
  openerOrgId: number;
  openerOrgName: string;
  regionCode: string;
  regionName: string;
  districtCode: string | null;
  districtName: string | null;
  employerName: string;
  claimedTotal: number;
  status: string;
  outcome: string | null;
  openedOn: string;
  access: 'opener' | 'partner';
  version: number;
};

export type CaseDetail = CaseSummary & {
  requestId: number | null;
  employerCreditCode: string | null;
  factsMasked: string | null;
  agreedAmount: number | null;
  agreementTerms: string | null;
  agreedAt: string | null;
  confirmedAt: string | null;
  confirmedByOrgName: string | null;
  confirmationRef: string | null;
  referralKind: string | null;
  referredAt: string | null;
  closedAt: string | null;
  workers: Array<{ personId: number; nameMasked: string; phoneMasked: string | null; idNumberMasked: string | null }>;
  claims: Array<{ kind: string; amount: number; note: string }>;
  invitations: Array<{ id: number; orgId: number; orgName: string; orgType: string; status: string; note: string; reason: string; invitedAt: string; respondedAt: string | null }>;
  sessions: Array<{ id: number; heldAt: string; place: string; mediators: string[]; hasNotes: boolean; orgName: string | null }>;
  events: Array<{ version: number; kind: string; actorName: string | null; orgName: string | null; targetOrgName: string | null; note: string; at: string }>;
  /** What the caller may do on this case: its sides, and the invitation of its own organization if any. */
  sides: Side[];
  myInvitationId: number | null;
};

export type ActionResult = { id: number; number: string; status: string; outcome: string | null; version: number };

export type ListFilter = {
  status?: string;
  outcome?: string;
  regionCode?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: repo.SortKey;
  order?: 'asc' | 'desc';
  invited?: boolean;
  page: number;
  pageSize: number;
};

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The first few characters of an account of a dispute; the rest is revealed for a stated purpose only. */
export const maskFacts = (s: string): string => {
  const cps = Array.from(s);
  return cps.length <= 8 ? `${cps.slice(0, 2).join('')}***` : `${cps.slice(0, 8).join('')}***`;
};

const toSummary = (r: repo.CaseRow): CaseSummary => ({
  id: r.id,
  number: r.number,
  openerOrgId: r.org_id,
  openerOrgName: r.org_name,
  regionCode: r.region_code,
  regionName: r.region_name,
  districtCode: r.district_code,
  districtName: r.district_name,
  employerName: r.employer_name,
  claimedTotal: Number(r.claimed_total),
  status: r.status,
  outcome: r.outcome,
  openedOn: r.opened_on,
  access: r.opener_access ? 'opener' : 'partner',
  version: r.version,
});

const canRead = (a: Actor) => a.permissions.has('dispute.read') || a.permissions.has('dispute.partner');

/**
 * Labour-dispute joint mediation (劳动纠纷多元化解): the union or the women's federation opens a case, invites partner
 * agencies (court, human-resources bureau, justice bureau) who accept or decline, records sessions, the agreement,
 * its judicial confirmation or a referral, and the outcome; every step is an event, partners see invited cases only.
 */
export class DisputesService {
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
    private readonly requests: RequestsService,
  ) {}

  private scope(actor: Actor): repo.Scope {
    return { opener: openerReadScope(actor), manage: openerWriteScope(actor), partner: partnerScope(actor) };
  }

  /** Partner access is audited, refusals included, so the agencies' reads can be reviewed case by case. */
  private async auditPartner(ctx: RequestContext, action: string, objectId: number | null, result: 'ok' | 'denied', detail: Record<string, unknown> = {}) {
    if (!ctx.actor.permissions.has('dispute.partner')) return;
    await this.audit.appendStandalone(actorOf(ctx), { action, objectType: 'dispute', objectId: objectId ?? undefined, result, detail });
  }

  // ───────────── Open ─────────────

  /** Opens a case; workers become (or are found as) person records, the facts are encrypted; honours Idempotency-Key. */
  async open(ctx: RequestContext, input: OpenInput): Promise<CaseDetail> {
    const actor = ctx.actor;
    if (!OPENER_TYPES.includes(actor.orgTypeCode)) throw new AppError('FORBIDDEN');
    const employerName = input.employerName.normalize('NFC').trim();
    if (!employerName) throw new AppError('VALIDATION', 'employerName', { reason: 'required' });
    let credit: string | null = null;
    if (input.employerCreditCode) {
      const v = validateCreditCode(input.employerCreditCode);
      if (!v.ok) throw new AppError('VALIDATION', 'employerCreditCode', { reason: 'credit_code' });
      credit = v.value;
    }
    if (input.workers.length === 0) throw new AppError('VALIDATION', 'workers', { reason: 'minItems', limit: 1 });
    if (input.claims.length === 0) throw new AppError('VALIDATION', 'claims', { reason: 'minItems', limit: 1 });
    const claims = input.claims.map((c, i) => ({ kind: c.kind, amount: requireYuan(c.amount, `claims.${i}.amount`), note: c.note?.trim() ?? '' }));
    const total = Math.round(claims.reduce((s, c) => s + c.amount * 100, 0)) / 100;

    let regionCode = input.regionCode;
    if (input.requestId) {
      let req;
      try {
        req = await this.requests.get(actor, input.requestId);
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', 'requestId');
        throw e;
      }
      regionCode ??= req.regionCode;
    }
    // Without a request or a region, the case lies in the opening unit's own region.
    regionCode ??= actor.scope.regionPath.split('.').pop();
    if (!regionCode) throw new AppError('VALIDATION', 'regionCode', { reason: 'required' });
    const region = await this.regions.requireRegion(regionCode, 'regionCode');
    if (!pathWithin(region.path, actor.scope.regionPath)) throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
    if (region.level === 'city') throw new AppError('VALIDATION', 'regionCode', { reason: 'region_level' });

    const facts = input.facts?.normalize('NFC').trim() || null;
    const today = chinaToday();
    return this.db.transaction().execute(async (trx) => {
      const { id, seq } = await repo.nextIds(trx);
      const number = `LD-${today.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
      const orgRow = await repo.findOrg(trx, actor.orgId);
      if (!orgRow || orgRow.status !== 'active') throw new AppError('FORBIDDEN');
      await repo.insertCase(trx, {
        id,
        number,
        org_id: actor.orgId,
        region_code: region.code,
        region_path: region.path,
        district_code: region.path.split('.')[1] ?? null,
        request_id: input.requestId ?? null,
        employer_name: employerName,
        employer_credit_code: credit,
        facts_enc: facts ? encryptField(this.keyring, facts, { table: 'dispute_cases', column: 'facts', rowId: String(id) }) : null,
        facts_masked: facts ? maskFacts(facts) : null,
        claimed_total: total,
        status: 'open',
        opened_on: today,
        created_by: actor.accountId,
      });
      const seen = new Set<number>();
      for (const [i, w] of input.workers.entries()) {
        const person = await this.worker(trx, ctx, w, region.code, i);
        if (seen.has(person.id)) throw new AppError('VALIDATION', `workers.${i}`, { reason: 'duplicate' });
        seen.add(person.id);
        await repo.insertWorker(trx, { case_id: id, person_id: person.id, name_masked: maskName(person.name), phone_masked: person.phoneMasked, id_number_masked: person.idNumberMasked });
      }
      for (const c of claims) await repo.insertClaim(trx, { case_id: id, ...c });
      await repo.insertEvent(trx, { case_id: id, version: 1, kind: 'open', actor_id: actor.accountId, org_id: actor.orgId, target_org_id: null, note: '' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'dispute.open',
        objectType: 'dispute',
        objectId: id,
        detail: { number, workers: seen.size, claims: claims.length, requestId: input.requestId ?? null },
      });
      return this.detail(trx, ctx.actor, (await repo.findById(trx, this.scope(actor), id))!);
    });
  }

  /** A worker: an existing person the opener may see, one found by ID number, or a new person record. */
  private async worker(trx: Tx, ctx: RequestContext, w: WorkerInput, regionCode: string, i: number) {
    if (w.personId) return this.people.requireVisible(trx, ctx.actor, w.personId, `workers.${i}.personId`);
    const name = w.name?.trim();
    if (!name) throw new AppError('VALIDATION', `workers.${i}.name`, { reason: 'required' });
    if (w.idNumber) {
      const found = (await this.people.list(ctx.actor, { idNumber: w.idNumber, page: 1, pageSize: 1 }).catch((e: unknown) => rethrowField(e, `workers.${i}.idNumber`))).items[0];
      if (found) return found;
    }
    return this.people.createIn(trx, ctx, { name, phone: w.phone || null, idNumber: w.idNumber || null, regionCode, groups: ['worker'] }).catch((e: unknown) => rethrowField(e, `workers.${i}`));
  }

  // ───────────── Reads ─────────────

  async list(ctx: RequestContext, f: ListFilter): Promise<{ items: CaseSummary[]; total: number }> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const filter: repo.CaseFilter = { status: f.status, outcome: f.outcome, from: f.from, to: f.to, q: f.q?.trim() || undefined, partnerOnly: f.invited };
    if (f.from && f.to && f.to < f.from) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    if (f.regionCode) filter.regionPath = (await this.regions.requireRegion(f.regionCode, 'regionCode')).path;
    const sort = { key: f.sort ?? 'openedOn', desc: (f.order ?? 'desc') === 'desc' };
    const { rows, total } = await repo.list(this.db, this.scope(ctx.actor), filter, sort, f.pageSize, (f.page - 1) * f.pageSize);
    await this.auditPartner(ctx, 'dispute.list', null, 'ok', { rows: rows.length, ids: rows.filter((r) => !r.opener_access).map((r) => r.id) });
    return { items: rows.map(toSummary), total };
  }

  /** One case with its parties, invitations, sessions and timeline; a partner's read is audited. */
  async get(ctx: RequestContext, id: number): Promise<CaseDetail> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const row = await repo.findById(this.db, this.scope(ctx.actor), id);
    if (!row) {
      await this.auditPartner(ctx, 'dispute.read', id, 'denied');
      throw new AppError('NOT_FOUND', 'id');
    }
    if (!row.opener_access) await this.auditPartner(ctx, 'dispute.read', id, 'ok');
    return this.detail(this.db, ctx.actor, row);
  }

  private async sidesOf(db: Db, actor: Actor, row: repo.CaseRow, invitations?: repo.InvitationRow[]) {
    const sides = new Set<Side>();
    if (row.manage_access) sides.add('opener');
    let mine: repo.InvitationRow | undefined;
    if (actor.permissions.has('dispute.partner')) {
      for (const inv of invitations ?? (await repo.listInvitations(db, row.id))) {
        if (!pathWithin(inv.org_path, actor.scope.orgPath)) continue;
        if (inv.status === 'pending') sides.add('partner_pending');
        if (inv.status === 'accepted') {
          sides.add('partner_accepted');
          if (inv.org_type === CONFIRMING_TYPE) sides.add('court_accepted');
        }
        if (inv.status === 'pending' || inv.status === 'accepted') mine = inv;
      }
    }
    return { sides, mine };
  }

  private async detail(db: Db, actor: Actor, r: repo.CaseRow): Promise<CaseDetail> {
    const [workers, claims, invitations, sessions, events] = await Promise.all([
      repo.listWorkers(db, r.id),
      repo.listClaims(db, r.id),
      repo.listInvitations(db, r.id),
      repo.listSessions(db, r.id),
      repo.listEvents(db, r.id),
    ]);
    const { sides, mine } = await this.sidesOf(db, actor, r, invitations);
    return {
      ...toSummary(r),
      requestId: r.request_id,
      employerCreditCode: r.employer_credit_code,
      factsMasked: r.facts_masked,
      agreedAmount: r.agreed_amount === null ? null : Number(r.agreed_amount),
      agreementTerms: r.agreement_terms,
      agreedAt: iso(r.agreed_at),
      confirmedAt: iso(r.confirmed_at),
      confirmedByOrgName: r.confirmed_by_org_name,
      confirmationRef: r.confirmation_ref,
      referralKind: r.referral_kind,
      referredAt: iso(r.referred_at),
      closedAt: iso(r.closed_at),
      workers: workers.map((w) => ({ personId: w.person_id, nameMasked: w.name_masked, phoneMasked: w.phone_masked, idNumberMasked: w.id_number_masked })),
      claims: claims.map((c) => ({ kind: c.kind, amount: Number(c.amount), note: c.note })),
      invitations: invitations.map((i) => ({
        id: i.id,
        orgId: i.org_id,
        orgName: i.org_name,
        orgType: i.org_type,
        status: i.status,
        note: i.note,
        reason: i.reason,
        invitedAt: new Date(i.invited_at).toISOString(),
        respondedAt: iso(i.responded_at),
      })),
      sessions: sessions.map((s) => ({ id: s.id, heldAt: new Date(s.held_at).toISOString(), place: s.place, mediators: s.mediators, hasNotes: s.has_notes, orgName: s.org_name })),
      events: events.map((e) => ({ version: e.version, kind: e.kind, actorName: e.actor_name, orgName: e.org_name, targetOrgName: e.target_org_name, note: e.note, at: new Date(e.at).toISOString() })),
      sides: [...sides],
      myInvitationId: mine?.id ?? null,
    };
  }

  /** The facts and session notes in clear, for a stated purpose, recorded in the audit trail. */
  async reveal(ctx: RequestContext, id: number, purpose: string): Promise<{ facts: string | null; sessions: Array<{ id: number; notes: string | null }> }> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const row = await repo.findById(this.db, { ...this.scope(ctx.actor), partner: partnerScope(ctx.actor, ['accepted']) }, id);
    if (!row) {
      await this.auditPartner(ctx, 'dispute.reveal', id, 'denied');
      throw new AppError('NOT_FOUND', 'id');
    }
    const enc = await repo.findFactsEnc(this.db, id);
    const facts = enc ? decryptField(this.keyring, Buffer.from(enc), { table: 'dispute_cases', column: 'facts', rowId: String(id) }) : null;
    const sessions = (await repo.listSessions(this.db, id)).map((s) => ({
      id: s.id,
      notes: s.notes_enc ? decryptField(this.keyring, Buffer.from(s.notes_enc), { table: 'dispute_sessions', column: 'notes', rowId: String(s.id) }) : null,
    }));
    await this.audit.appendStandalone(actorOf(ctx), { action: 'dispute.reveal', objectType: 'dispute', objectId: id, detail: { purpose, partner: !row.opener_access } });
    return { facts, sessions };
  }

  /** Partner organizations the caller may invite: those whose region contains or lies within the caller's region. */
  async partnerOrgs(actor: Actor) {
    return (await repo.listPartnerOrgs(this.db, actor.scope.regionPath, MEDIATION_PARTNER_TYPES)).map((o) => ({ id: o.id, name: o.name, typeCode: o.type_code, level: o.level }));
  }

  // ───────────── Steps ─────────────

  /**
   * One step on a case: the row is locked, the version checked, the side and state checked, the change written
   * with the next version, the event and the audit row appended, all in one transaction.
   */
  private async step(
    ctx: RequestContext,
    id: number,
    kind: ActionKind,
    version: number,
    apply: (trx: Tx, row: repo.CaseRow, sides: Set<Side>, mine: repo.InvitationRow | undefined) => Promise<{ set: repo.CaseSet; targetOrgId?: number; note: string; detail?: Record<string, unknown> }>,
  ): Promise<ActionResult> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const done = await this.db.transaction().execute(async (trx) => {
      const row = await repo.findById(trx, this.scope(ctx.actor), id, true);
      if (!row) return null;
      const { sides, mine } = await this.sidesOf(trx, ctx.actor, row);
      const rule = requireTransition(kind, row.status, sides);
      if (version !== row.version) throw new AppError('STALE_VERSION', 'version');
      const change = await apply(trx, row, sides, mine);
      if (rule.to) change.set.status = rule.to;
      const newVersion = await repo.updateCase(trx, id, change.set);
      await repo.insertEvent(trx, {
        case_id: id,
        version: newVersion,
        kind,
        actor_id: ctx.actor.accountId,
        org_id: ctx.actor.orgId,
        target_org_id: change.targetOrgId ?? null,
        note: change.note,
      });
      const status = change.set.status ?? row.status;
      await this.audit.append(trx, actorOf(ctx), {
        action: `dispute.${kind}`,
        objectType: 'dispute',
        objectId: id,
        detail: { version: newVersion, status, partner: !row.opener_access, ...(change.detail ?? {}) },
      });
      return { id, number: row.number, status, outcome: change.set.outcome ?? row.outcome, version: newVersion };
    });
    if (done) return done;
    // The refusal is audited after the transaction, on a connection of its own.
    await this.auditPartner(ctx, `dispute.${kind}`, id, 'denied');
    throw new AppError('NOT_FOUND', 'id');
  }

  /** Invites a partner agency; it sees the case while the invitation is pending or accepted. */
  async invite(ctx: RequestContext, id: number, input: { orgId: number; version: number; note?: string }): Promise<ActionResult> {
    return this.step(ctx, id, 'invite', input.version, async (trx) => {
      const org = await repo.findOrg(trx, input.orgId);
      if (!org || org.status !== 'active') throw new AppError('NOT_FOUND', 'orgId');
      if (!org.is_partner || !MEDIATION_PARTNER_TYPES.includes(org.type_code)) throw new AppError('VALIDATION', 'orgId', { reason: 'invalid' });
      const invitationId = await repo.insertInvitation(trx, { case_id: id, org_id: org.id, note: input.note?.trim() ?? '', invited_by: ctx.actor.accountId });
      if (!invitationId) throw new AppError('CONFLICT', 'orgId', { reason: 'duplicate' });
      return { set: {}, targetOrgId: org.id, note: input.note?.trim() ?? '', detail: { invitationId, orgId: org.id } };
    });
  }

  /** Withdraws an invitation: the partner loses access at once. */
  async withdraw(ctx: RequestContext, id: number, invitationId: number, input: { version: number; reason?: string }): Promise<ActionResult> {
    return this.step(ctx, id, 'withdraw', input.version, async (trx) => {
      const inv = await repo.findInvitation(trx, id, invitationId, true);
      if (!inv) throw new AppError('NOT_FOUND', 'invitationId');
      if (inv.status !== 'pending' && inv.status !== 'accepted') throw new AppError('INVALID_STATE', 'invitationId', { status: inv.status });
      await repo.setInvitation(trx, inv.id, { status: 'withdrawn', withdrawn_at: new Date(), reason: input.reason?.trim() ?? '' });
      return { set: {}, targetOrgId: inv.org_id, note: input.reason?.trim() ?? '', detail: { invitationId } };
    });
  }

  /** The invited partner consents (accept) or declines with a reason. */
  async respond(ctx: RequestContext, id: number, invitationId: number, kind: 'accept' | 'decline', input: { version: number; reason?: string }): Promise<ActionResult> {
    const reason = input.reason?.trim() ?? '';
    if (kind === 'decline' && !reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.step(ctx, id, kind, input.version, async (trx) => {
      const inv = await repo.findInvitation(trx, id, invitationId, true);
      if (!inv || !pathWithin(inv.org_path, ctx.actor.scope.orgPath)) throw new AppError('NOT_FOUND', 'invitationId');
      if (inv.status !== 'pending') throw new AppError('INVALID_STATE', 'invitationId', { status: inv.status });
      await repo.setInvitation(trx, inv.id, { status: kind === 'accept' ? 'accepted' : 'declined', reason, responded_by: ctx.actor.accountId, responded_at: new Date() });
      return { set: {}, targetOrgId: inv.org_id, note: reason, detail: { invitationId } };
    });
  }

  /** Records a mediation session (time, place, mediators, encrypted notes). */
  async addSession(ctx: RequestContext, id: number, input: { version: number; heldAt: string; place: string; mediators: string[]; notes?: string }): Promise<ActionResult> {
    const heldAt = new Date(input.heldAt);
    if (Number.isNaN(heldAt.getTime())) throw new AppError('VALIDATION', 'heldAt', { reason: 'format', format: 'date-time' });
    const place = input.place.trim();
    if (!place) throw new AppError('VALIDATION', 'place', { reason: 'required' });
    const mediators = input.mediators.map((m) => m.trim()).filter(Boolean);
    if (mediators.length === 0) throw new AppError('VALIDATION', 'mediators', { reason: 'minItems', limit: 1 });
    return this.step(ctx, id, 'session', input.version, async (trx) => {
      const sessionId = await repo.nextSessionId(trx);
      const notes = input.notes?.trim() || null;
      await repo.insertSession(trx, {
        id: sessionId,
        case_id: id,
        held_at: heldAt,
        place,
        mediators,
        notes_enc: notes ? encryptField(this.keyring, notes, { table: 'dispute_sessions', column: 'notes', rowId: String(sessionId) }) : null,
        org_id: ctx.actor.orgId,
        created_by: ctx.actor.accountId,
      });
      return { set: {}, note: place, detail: { sessionId } };
    });
  }

  /** Records the mediation agreement: the amount agreed and the terms. */
  async agreement(ctx: RequestContext, id: number, input: { version: number; amount: number; terms: string }): Promise<ActionResult> {
    const amount = requireYuan(input.amount, 'amount');
    const terms = input.terms.trim();
    if (!terms) throw new AppError('VALIDATION', 'terms', { reason: 'required' });
    return this.step(ctx, id, 'agreement', input.version, async () => ({ set: { agreed_amount: amount, agreement_terms: terms, agreed_at: new Date() }, note: `${amount}`, detail: { amount } }));
  }

  /** Judicial confirmation (司法确认) of the agreement by an invited court that accepted. */
  async confirm(ctx: RequestContext, id: number, input: { version: number; ref?: string }): Promise<ActionResult> {
    return this.step(ctx, id, 'confirm', input.version, async (_trx, _row, _sides, mine) => ({
      set: { confirmed_at: new Date(), confirmed_by_org_id: mine?.org_id ?? ctx.actor.orgId, confirmation_ref: input.ref?.trim() || '' },
      targetOrgId: mine?.org_id,
      note: input.ref?.trim() ?? '',
    }));
  }

  /** Refers the dispute to labour arbitration or to litigation. */
  async refer(ctx: RequestContext, id: number, input: { version: number; kind: 'arbitration' | 'litigation'; note?: string }): Promise<ActionResult> {
    return this.step(ctx, id, 'refer', input.version, async () => ({ set: { referral_kind: input.kind, referred_at: new Date() }, note: input.note?.trim() ?? '', detail: { kind: input.kind } }));
  }

  /** Closes the case with its final outcome; which outcome is allowed depends on how far the case went. */
  async close(ctx: RequestContext, id: number, input: { version: number; outcome: (typeof OUTCOMES)[number]; note?: string }): Promise<ActionResult> {
    return this.step(ctx, id, 'close', input.version, async (_trx, row) => {
      if (!(CLOSE_OUTCOMES[row.status] ?? []).includes(input.outcome)) throw new AppError('INVALID_STATE', 'outcome', { status: row.status });
      return { set: { outcome: input.outcome, closed_at: new Date() }, note: input.note?.trim() ?? '', detail: { outcome: input.outcome } };
    });
  }

  // ───────────── Figures and export ─────────────

  /** Cases by outcome, by district and by month, and the mediated-successfully count and rate, within the caller's scope. */
  async figures(actor: Actor, f: { from?: string; to?: string }) {
    if (f.from && f.to && f.to < f.from) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    const s = this.scope(actor);
    const [byOutcome, byDistrict, byMonth] = await Promise.all([
      repo.countByOutcome(this.db, s, f),
      repo.countByDistrict(this.db, s, f, SUCCESS_OUTCOMES),
      repo.countByMonth(this.db, s, f, SUCCESS_OUTCOMES),
    ]);
    const total = byOutcome.reduce((n, r) => n + r.n, 0);
    const closed = byOutcome.filter((r) => r.status === 'closed').reduce((n, r) => n + r.n, 0);
    const success = byOutcome.filter((r) => r.key && SUCCESS_OUTCOMES.includes(r.key as never)).reduce((n, r) => n + r.n, 0);
    const outcomeCounts = new Map<string, number>();
    for (const r of byOutcome) if (r.key) outcomeCounts.set(r.key, (outcomeCounts.get(r.key) ?? 0) + r.n);
    const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
    return {
      total,
      open: total - closed,
      closed,
      success,
      successRate: rate(success, closed),
      byOutcome: OUTCOMES.map((o) => ({ outcome: o, count: outcomeCounts.get(o) ?? 0 })),
      byDistrict: byDistrict.map((r) => ({ districtCode: r.key, districtName: r.name, total: r.total, closed: r.closed, success: r.success, successRate: rate(r.success, r.closed) })),
      byMonth: byMonth.map((r) => ({ month: r.key, total: r.total, closed: r.closed, success: r.success, successRate: rate(r.success, r.closed) })),
    };
  }

  /** The filtered list as an Excel file (no personal field), audited with its row count. */
  async exportXlsx(ctx: RequestContext, f: Omit<ListFilter, 'page' | 'pageSize'>): Promise<Buffer> {
    const { items } = await this.list(ctx, { ...f, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const buf = await toXlsx(
      'disputes',
      [
        { header: '编号 Number', value: (c: CaseSummary) => c.number, width: 18 },
        { header: '用人单位 Employer', value: (c) => c.employerName, width: 30 },
        { header: '区（市）县 District', value: (c) => c.districtName, width: 14 },
        { header: '区域 Region', value: (c) => c.regionName, width: 20 },
        { header: '受理单位 Opened by', value: (c) => c.openerOrgName, width: 30 },
        { header: '请求金额（元） Claimed (yuan)', value: (c) => c.claimedTotal, width: 16 },
        { header: '状态 Status', value: (c) => c.status, width: 12 },
        { header: '结果 Outcome', value: (c) => c.outcome, width: 12 },
        { header: '受理日期 Opened on', value: (c) => c.openedOn, width: 14 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.audit.appendStandalone(actorOf(ctx), { action: 'dispute.export', objectType: 'dispute', detail: { rows: items.length } });
    return buf;
  }

  /** For the dashboard and other modules: the mediated-successfully count of a region subtree. */
  async mediatedCount(db: Db, regionPath: string): Promise<number> {
    return repo.countSuccessIn(db, regionPath, SUCCESS_OUTCOMES);
  }
}

function rethrowField(e: unknown, prefix: string): never {
  if (e instanceof AppError && e.code !== 'INTERNAL') throw new AppError(e.code, e.field ? `${prefix}.${e.field}` : prefix, e.params);
  throw e;
}
