import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { decryptField, encryptField } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin } from '../../platform/scope.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import type { CaseDetail, CaseSummary, DisputeListQuery, OpenInput, PartnerOrg, Revealed, WorkerInput } from '../../../contracts/disputes.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { RequestsService } from '../requests/requests.service.js';
import { CONFIRMING_TYPE, OPENER_TYPES, chinaToday, openerReadScope, openerWriteScope, partnerScope, requireYuan, type Side } from './disputes.policy.js';
import * as repo from './disputes.repository.js';

/** The agencies of joint mediation (诉调/仲调对接); other partner departments (e.g. honours vetting) are not invited to cases. */
export const MEDIATION_PARTNER_TYPES: readonly string[] = ['court', 'hrss', 'justice'];

export type ListFilter = DisputeListQuery & { page: number; pageSize: number };

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

export const canRead = (a: Actor) => a.permissions.has('dispute.read') || a.permissions.has('dispute.partner');

/** The cases the caller reads as opener or partner, and those it manages as opener. */
export const caseScope = (actor: Actor): repo.Scope => ({ opener: openerReadScope(actor), manage: openerWriteScope(actor), partner: partnerScope(actor) });

/** Partner access is audited, refusals included, so the agencies' reads can be reviewed case by case. */
export async function auditPartner(
  audit: AuditTrail,
  ctx: RequestContext,
  action: string,
  objectId: number | null,
  result: 'ok' | 'denied',
  detail: Record<string, unknown> = {},
) {
  if (!ctx.actor.permissions.has('dispute.partner')) return;
  await audit.appendStandalone(actorOf(ctx), { action, objectType: 'dispute', objectId: objectId ?? undefined, result, detail });
}

/** The caller's sides on a case (opener, invited or accepted partner, accepting court) and its own live invitation. */
export async function sidesOf(db: Db, actor: Actor, row: repo.CaseRow, invitations?: repo.InvitationRow[]) {
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

/** Opening and reading cases: the opener's form, the list, the detail with its timeline, the audited reveal. */
export class DisputeCases {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly requests: RequestsService,
  ) {}

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
        await repo.insertWorker(trx, {
          case_id: id,
          person_id: person.id,
          name_masked: maskName(person.name),
          phone_masked: person.phoneMasked,
          id_number_masked: person.idNumberMasked,
        });
      }
      for (const c of claims) await repo.insertClaim(trx, { case_id: id, ...c });
      await repo.insertEvent(trx, { case_id: id, version: 1, kind: 'open', actor_id: actor.accountId, org_id: actor.orgId, target_org_id: null, note: '' });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'dispute.open',
        objectType: 'dispute',
        objectId: id,
        detail: { number, workers: seen.size, claims: claims.length, requestId: input.requestId ?? null },
      });
      return this.detail(trx, ctx.actor, (await repo.findById(trx, caseScope(actor), id))!);
    });
  }

  /** A worker: an existing person the opener may see, one found by ID number, or a new person record. */
  private async worker(trx: Tx, ctx: RequestContext, w: WorkerInput, regionCode: string, i: number) {
    if (w.personId) return this.people.requireVisible(trx, ctx.actor, w.personId, `workers.${i}.personId`);
    const name = w.name?.trim();
    if (!name) throw new AppError('VALIDATION', `workers.${i}.name`, { reason: 'required' });
    if (w.idNumber) {
      const found = (
        await this.people.list(ctx.actor, { idNumber: w.idNumber, page: 1, pageSize: 1 }).catch((e: unknown) => rethrowField(e, `workers.${i}.idNumber`))
      ).items[0];
      if (found) return found;
    }
    return this.people
      .createIn(trx, ctx, { name, phone: w.phone || null, idNumber: w.idNumber || null, regionCode, groups: ['worker'] })
      .catch((e: unknown) => rethrowField(e, `workers.${i}`));
  }

  // ───────────── Reads ─────────────

  async list(ctx: RequestContext, f: ListFilter): Promise<{ items: CaseSummary[]; total: number }> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const filter: repo.CaseFilter = { status: f.status, outcome: f.outcome, from: f.from, to: f.to, q: f.q?.trim() || undefined, partnerOnly: f.invited };
    if (f.from && f.to && f.to < f.from) throw new AppError('VALIDATION', 'to', { reason: 'date_order' });
    if (f.regionCode) filter.regionPath = (await this.regions.requireRegion(f.regionCode, 'regionCode')).path;
    const sort = { key: f.sort ?? 'openedOn', desc: (f.order ?? 'desc') === 'desc' };
    const { rows, total } = await repo.list(this.db, caseScope(ctx.actor), filter, sort, f.pageSize, (f.page - 1) * f.pageSize);
    await auditPartner(this.audit, ctx, 'dispute.list', null, 'ok', { rows: rows.length, ids: rows.filter((r) => !r.opener_access).map((r) => r.id) });
    return { items: rows.map(toSummary), total };
  }

  /** One case with its parties, invitations, sessions and timeline; a partner's read is audited. */
  async get(ctx: RequestContext, id: number): Promise<CaseDetail> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const row = await repo.findById(this.db, caseScope(ctx.actor), id);
    if (!row) {
      await auditPartner(this.audit, ctx, 'dispute.read', id, 'denied');
      throw new AppError('NOT_FOUND', 'id');
    }
    if (!row.opener_access) await auditPartner(this.audit, ctx, 'dispute.read', id, 'ok');
    return this.detail(this.db, ctx.actor, row);
  }

  private async detail(db: Db, actor: Actor, r: repo.CaseRow): Promise<CaseDetail> {
    const [workers, claims, invitations, sessions, events] = await Promise.all([
      repo.listWorkers(db, r.id),
      repo.listClaims(db, r.id),
      repo.listInvitations(db, r.id),
      repo.listSessions(db, r.id),
      repo.listEvents(db, r.id),
    ]);
    const { sides, mine } = await sidesOf(db, actor, r, invitations);
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
      sessions: sessions.map((s) => ({
        id: s.id,
        heldAt: new Date(s.held_at).toISOString(),
        place: s.place,
        mediators: s.mediators,
        hasNotes: s.has_notes,
        orgName: s.org_name,
      })),
      events: events.map((e) => ({
        version: e.version,
        kind: e.kind,
        actorName: e.actor_name,
        orgName: e.org_name,
        targetOrgName: e.target_org_name,
        note: e.note,
        at: new Date(e.at).toISOString(),
      })),
      sides: [...sides],
      myInvitationId: mine?.id ?? null,
    };
  }

  /** The facts and session notes in clear, for a stated purpose, recorded in the audit trail. */
  async reveal(ctx: RequestContext, id: number, purpose: string): Promise<Revealed> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const row = await repo.findById(this.db, { ...caseScope(ctx.actor), partner: partnerScope(ctx.actor, ['accepted']) }, id);
    if (!row) {
      await auditPartner(this.audit, ctx, 'dispute.reveal', id, 'denied');
      throw new AppError('NOT_FOUND', 'id');
    }
    const enc = await repo.findFactsEnc(this.db, id);
    const facts = enc ? decryptField(this.keyring, Buffer.from(enc), { table: 'dispute_cases', column: 'facts', rowId: String(id) }) : null;
    const sessions = (await repo.listSessions(this.db, id)).map((s) => ({
      id: s.id,
      notes: s.notes_enc ? decryptField(this.keyring, Buffer.from(s.notes_enc), { table: 'dispute_sessions', column: 'notes', rowId: String(s.id) }) : null,
    }));
    await this.audit.appendStandalone(actorOf(ctx), {
      action: 'dispute.reveal',
      objectType: 'dispute',
      objectId: id,
      detail: { purpose, partner: !row.opener_access },
    });
    return { facts, sessions };
  }

  /** Partner organizations the caller may invite: those whose region contains or lies within the caller's region. */
  async partnerOrgs(actor: Actor): Promise<PartnerOrg[]> {
    return (await repo.listPartnerOrgs(this.db, actor.scope.regionPath, MEDIATION_PARTNER_TYPES)).map((o) => ({
      id: o.id,
      name: o.name,
      typeCode: o.type_code,
      level: o.level,
    }));
  }
}

function rethrowField(e: unknown, prefix: string): never {
  if (e instanceof AppError && e.code !== 'INTERNAL') throw new AppError(e.code, e.field ? `${prefix}.${e.field}` : prefix, e.params);
  throw e;
}
