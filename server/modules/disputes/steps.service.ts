import type { Database, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { encryptField } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import { pathWithin } from '../../platform/scope.js';
import type {
  ActionResult,
  AgreementInput,
  CloseInput,
  ConfirmInput,
  InviteInput,
  ReasonInput,
  ReferInput,
  SessionInput,
} from '../../../contracts/disputes.js';
import { CLOSE_OUTCOMES, requireTransition, requireYuan, type ActionKind, type Side } from './disputes.policy.js';
import * as repo from './disputes.repository.js';
import { MEDIATION_PARTNER_TYPES, auditPartner, canRead, caseScope, sidesOf } from './cases.service.js';

/** The steps on a case after it is opened: invitations and answers, sessions, agreement, confirmation, referral, close. */
export class DisputeSteps {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
  ) {}

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
    apply: (
      trx: Tx,
      row: repo.CaseRow,
      sides: Set<Side>,
      mine: repo.InvitationRow | undefined,
    ) => Promise<{ set: repo.CaseSet; targetOrgId?: number; note: string; detail?: Record<string, unknown> }>,
  ): Promise<ActionResult> {
    if (!canRead(ctx.actor)) throw new AppError('FORBIDDEN');
    const done = await this.db.transaction().execute(async (trx) => {
      const row = await repo.findById(trx, caseScope(ctx.actor), id, true);
      if (!row) return null;
      const { sides, mine } = await sidesOf(trx, ctx.actor, row);
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
    await auditPartner(this.audit, ctx, `dispute.${kind}`, id, 'denied');
    throw new AppError('NOT_FOUND', 'id');
  }

  /** Invites a partner agency; it sees the case while the invitation is pending or accepted. */
  async invite(ctx: RequestContext, id: number, input: InviteInput): Promise<ActionResult> {
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
  async withdraw(ctx: RequestContext, id: number, invitationId: number, input: ReasonInput): Promise<ActionResult> {
    return this.step(ctx, id, 'withdraw', input.version, async (trx) => {
      const inv = await repo.findInvitation(trx, id, invitationId, true);
      if (!inv) throw new AppError('NOT_FOUND', 'invitationId');
      if (inv.status !== 'pending' && inv.status !== 'accepted') throw new AppError('INVALID_STATE', 'invitationId', { status: inv.status });
      await repo.setInvitation(trx, inv.id, { status: 'withdrawn', withdrawn_at: new Date(), reason: input.reason?.trim() ?? '' });
      return { set: {}, targetOrgId: inv.org_id, note: input.reason?.trim() ?? '', detail: { invitationId } };
    });
  }

  /** The invited partner consents (accept) or declines with a reason. */
  async respond(ctx: RequestContext, id: number, invitationId: number, kind: 'accept' | 'decline', input: ReasonInput): Promise<ActionResult> {
    const reason = input.reason?.trim() ?? '';
    if (kind === 'decline' && !reason) throw new AppError('VALIDATION', 'reason', { reason: 'required' });
    return this.step(ctx, id, kind, input.version, async (trx) => {
      const inv = await repo.findInvitation(trx, id, invitationId, true);
      if (!inv || !pathWithin(inv.org_path, ctx.actor.scope.orgPath)) throw new AppError('NOT_FOUND', 'invitationId');
      if (inv.status !== 'pending') throw new AppError('INVALID_STATE', 'invitationId', { status: inv.status });
      await repo.setInvitation(trx, inv.id, {
        status: kind === 'accept' ? 'accepted' : 'declined',
        reason,
        responded_by: ctx.actor.accountId,
        responded_at: new Date(),
      });
      return { set: {}, targetOrgId: inv.org_id, note: reason, detail: { invitationId } };
    });
  }

  /** Records a mediation session (time, place, mediators, encrypted notes). */
  async addSession(ctx: RequestContext, id: number, input: SessionInput): Promise<ActionResult> {
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
  async agreement(ctx: RequestContext, id: number, input: AgreementInput): Promise<ActionResult> {
    const amount = requireYuan(input.amount, 'amount');
    const terms = input.terms.trim();
    if (!terms) throw new AppError('VALIDATION', 'terms', { reason: 'required' });
    return this.step(ctx, id, 'agreement', input.version, async () => ({
      set: { agreed_amount: amount, agreement_terms: terms, agreed_at: new Date() },
      note: `${amount}`,
      detail: { amount },
    }));
  }

  /** Judicial confirmation (司法确认) of the agreement by an invited court that accepted. */
  async confirm(ctx: RequestContext, id: number, input: ConfirmInput): Promise<ActionResult> {
    return this.step(ctx, id, 'confirm', input.version, async (_trx, _row, _sides, mine) => ({
      set: { confirmed_at: new Date(), confirmed_by_org_id: mine?.org_id ?? ctx.actor.orgId, confirmation_ref: input.ref?.trim() || '' },
      targetOrgId: mine?.org_id,
      note: input.ref?.trim() ?? '',
    }));
  }

  /** Refers the dispute to labour arbitration or to litigation. */
  async refer(ctx: RequestContext, id: number, input: ReferInput): Promise<ActionResult> {
    return this.step(ctx, id, 'refer', input.version, async () => ({
      set: { referral_kind: input.kind, referred_at: new Date() },
      note: input.note?.trim() ?? '',
      detail: { kind: input.kind },
    }));
  }

  /** Closes the case with its final outcome; which outcome is allowed depends on how far the case went. */
  async close(ctx: RequestContext, id: number, input: CloseInput): Promise<ActionResult> {
    return this.step(ctx, id, 'close', input.version, async (_trx, row) => {
      if (!(CLOSE_OUTCOMES[row.status] ?? []).includes(input.outcome)) throw new AppError('INVALID_STATE', 'outcome', { status: row.status });
      return { set: { outcome: input.outcome, closed_at: new Date() }, note: input.note?.trim() ?? '', detail: { outcome: input.outcome } };
    });
  }
}
