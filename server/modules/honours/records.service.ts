import { sql } from 'kysely';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Award, Nomination, Programme } from '../../../contracts/honours.js';
import { levelOf, nominationScope, programmeScope, type Level, type Member } from './honours.policy.js';
import * as repo from './honours.repository.js';

export const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export const toProgramme = (p: repo.ProgrammeRow): Programme => ({
  id: p.id,
  orgId: p.org_id,
  orgName: p.org_name,
  title: p.title,
  awardTitle: p.award_title,
  year: p.year,
  kinds: p.kinds,
  criteria: p.criteria,
  documents: p.documents,
  rules: p.rules,
  allowException: p.allow_exception,
  nominationFrom: p.nomination_from,
  nominationTo: p.nomination_to,
  reviewTo: p.review_to,
  noticeDays: p.notice_days,
  announceOn: p.announce_on,
  status: p.status,
  noticeFrom: p.notice_from,
  noticeTo: p.notice_to,
  announcedAt: iso(p.announced_at),
  version: p.version,
});

export const toNomination = (n: repo.NominationRow): Nomination => ({
  id: n.id,
  programmeId: n.programme_id,
  kind: n.kind,
  nominatorOrgName: n.nominator_name,
  streetName: n.street_name,
  districtName: n.district_name,
  districtCode: n.district_code,
  personId: n.person_id,
  nameMasked: n.name_masked,
  idNumberMasked: n.id_number_masked,
  phoneMasked: n.phone_masked,
  creditCode: n.credit_code,
  unitName: n.unit_name,
  position: n.position,
  deeds: n.deeds,
  attributes: { frontline: n.frontline, female: n.female, leader: n.leader, minority: n.minority, newForm: n.new_form },
  stage: n.stage,
  returnReason: n.return_reason,
  decisionNote: n.decision_note,
  createdAt: new Date(n.created_at).toISOString(),
  version: n.version,
});

export const toMember = (m: repo.MemberRow): Member => ({
  kind: m.kind,
  frontline: m.frontline,
  female: m.female,
  leader: m.leader,
  minority: m.minority,
  new_form: m.new_form,
});

export const LEVEL_COL = { street: 'street_path', district: 'district_path', city: 'city_path' } as const;

/** What the use cases share: a programme in the caller's scope, the caller's level in its chain, one step on a nomination. */
export class HonourRecords {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  async requireProgramme(db: Db, actor: Actor, id: number, lock = false): Promise<repo.ProgrammeRow> {
    const p = await repo.findProgramme(db, programmeScope(actor), id, lock);
    if (!p) throw new AppError('NOT_FOUND', 'id');
    return p;
  }

  /** The level the caller's organization holds in a programme's chain, from its path alone. */
  async levelIn(db: Db, actor: Actor, p: repo.ProgrammeRow): Promise<Level | null> {
    if (actor.scope.orgPath === p.org_path) return 'city';
    if (!actor.scope.orgPath.startsWith(`${p.org_path}.`)) return null;
    const org = await repo.findOrg(db, actor.orgId);
    return org?.level === 'district' || org?.level === 'street' ? org.level : null;
  }

  /**
   * One step on a nomination: locked, version checked, the caller's level taken from the chain (the nominating
   * subtree acts as the street when `nominator` is set), the change, the event and the audit entry.
   */
  async step(
    ctx: RequestContext,
    id: number,
    version: number,
    apply: (
      trx: Tx,
      n: repo.NominationRow,
      level: Level,
    ) => Promise<{ stage: string; set: { return_reason?: string; decision_note?: string }; kind: string; note: string; detail?: Record<string, unknown> }>,
    nominator = false,
  ) {
    const actor = ctx.actor;
    return this.db.transaction().execute(async (trx) => {
      const n = await repo.findNomination(trx, nominationScope(actor), id, true);
      if (!n) throw new AppError('NOT_FOUND', 'id');
      let level = levelOf(actor.scope.orgPath, n);
      if (!level && nominator && actor.permissions.has('honour.nominate') && (await this.inNominatorChain(trx, actor, n))) level = 'street';
      if (!level) throw new AppError('FORBIDDEN');
      if (n.version !== version) throw new AppError('STALE_VERSION', 'version');
      const p = await this.requireProgramme(trx, actor, n.programme_id, true);
      if (p.status === 'announced') throw new AppError('INVALID_STATE', 'id', { status: p.status });
      const change = await apply(trx, n, level);
      await repo.setStage(trx, [id], { stage: change.stage, ...change.set });
      await repo.insertEvents(trx, [{ nomination_id: id, kind: change.kind, actor_id: actor.accountId, org_id: actor.orgId, note: change.note }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: `honour.${change.kind}`,
        objectType: 'honour_nomination',
        objectId: id,
        detail: { level, stage: change.stage, ...(change.detail ?? {}) },
      });
      return { id, stage: change.stage, version: n.version + 1 };
    });
  }

  private async inNominatorChain(db: Db, actor: Actor, n: repo.NominationRow): Promise<boolean> {
    const r = await sql<{ ok: boolean }>`SELECT (nominator_path <@ ${actor.scope.orgPath}::ltree AND street_path @> ${actor.scope.orgPath}::ltree) AS ok
      FROM honour_nominations WHERE id = ${n.id}`.execute(db);
    return r.rows[0]?.ok === true;
  }
}

export const toAward = (a: repo.AwardRow): Award => ({
  id: a.id,
  nominationId: a.nomination_id,
  number: a.number,
  kind: a.kind,
  nameMasked: a.name_masked,
  unitName: a.unit_name,
  districtName: a.district_name,
  programmeTitle: a.programme_title,
  awardTitle: a.award_title,
  year: a.year,
  orgName: a.org_name,
  awardedOn: a.awarded_on,
  verifyPath: verifyUrl('', a.number, a.verify_token),
});

/** The portal address a certificate's QR code opens. */
export const verifyUrl = (origin: string, number: string, token: string): string =>
  `${origin}/portal/honours/verify?no=${encodeURIComponent(number)}&t=${encodeURIComponent(token)}`;
