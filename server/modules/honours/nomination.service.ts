import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import type { PeopleService, Person } from '../people/people.service.js';
import type { Nomination, NominationDetail, NominationInput } from '../../../contracts/honours.js';
import { checkAnswers, checkDocuments, chinaToday, levelOf, nominationScope } from './honours.policy.js';
import * as repo from './honours.repository.js';
import { iso, toNomination, type HonourRecords } from './records.service.js';

/** Nomination from below (a person found, chosen or created; a collective by credit code) and its reads. */
export class HonourNominations {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly people: PeopleService,
    private readonly records: HonourRecords,
  ) {}

  /** A unit at street level or below nominates a person or a collective to a programme of its tree. */
  async nominate(ctx: RequestContext, programmeId: number, input: NominationInput): Promise<Nomination> {
    const actor = ctx.actor;
    const p = await this.records.requireProgramme(this.db, actor, programmeId);
    if (!actor.permissions.has('honour.nominate')) throw new AppError('FORBIDDEN');
    if (!actor.scope.orgPath.startsWith(`${p.org_path}.`)) throw new AppError('FORBIDDEN');
    if (!p.kinds.includes(input.kind)) throw new AppError('VALIDATION', 'kind', { reason: 'enum' });
    const today = chinaToday();
    if (p.status !== 'open' || today < p.nomination_from || today > p.nomination_to)
      throw new AppError('INVALID_STATE', 'programmeId', { reason: 'nomination_closed' });
    const unitName = input.unitName.normalize('NFC').trim();
    if (!unitName) throw new AppError('VALIDATION', 'unitName', { reason: 'required' });
    const deeds = input.deeds.normalize('NFC').trim();
    if (!deeds) throw new AppError('VALIDATION', 'deeds', { reason: 'required' });
    const recommendation = input.recommendation.normalize('NFC').trim();
    if (!recommendation) throw new AppError('VALIDATION', 'recommendation', { reason: 'required' });
    const answers = checkAnswers(p.criteria, input.answers ?? {});
    const documents = checkDocuments(p.documents, input.documents ?? {});
    let credit: string | null = null;
    let collectiveName: string | null = null;
    if (input.kind === 'collective') {
      collectiveName = input.collectiveName?.normalize('NFC').trim() || null;
      if (!collectiveName) throw new AppError('VALIDATION', 'collectiveName', { reason: 'required' });
      const v = validateCreditCode(input.creditCode ?? '');
      if (!v.ok) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code' });
      credit = v.value;
    } else if (!input.personId && !input.person) throw new AppError('VALIDATION', 'personId', { reason: 'required' });
    // A person found by ID number is read before the transaction opens its connection.
    let found: Person | undefined;
    if (input.kind === 'individual' && !input.personId && input.person?.idNumber) {
      found = (
        await this.people.list(actor, { idNumber: input.person.idNumber, page: 1, pageSize: 1 }).catch((e: unknown) => rethrowField(e, 'person.idNumber'))
      ).items[0];
    }
    const a = input.attributes ?? {};
    return this.db.transaction().execute(async (trx) => {
      const nominator = await repo.findOrg(trx, actor.orgId);
      if (!nominator || nominator.status !== 'active' || !['street', 'community', 'grassroots'].includes(nominator.level)) throw new AppError('FORBIDDEN');
      const street = await repo.ancestorAt(trx, nominator.path, 'street');
      const district = street ? await repo.ancestorAt(trx, street.path, 'district') : undefined;
      if (!street || !district || !district.path.startsWith(`${p.org_path}.`)) throw new AppError('FORBIDDEN');
      const districtCode = district.region_code;
      if (!(await repo.findQuota(trx, p.id, districtCode))) throw new AppError('INVALID_STATE', 'programmeId', { reason: 'no_quota' });
      let person: Person | null = null;
      if (input.kind === 'individual') {
        if (input.personId) person = await this.people.requireVisible(trx, actor, input.personId, 'personId');
        else if (found) person = found;
        else {
          const pi = input.person!;
          person = await this.people
            .createIn(trx, ctx, {
              name: pi.name,
              idNumber: pi.idNumber || null,
              phone: pi.phone || null,
              gender: pi.gender ?? null,
              regionCode: pi.regionCode,
              orgId: null,
            })
            .catch((e: unknown) => rethrowField(e, 'person'));
        }
      }
      const name = person ? person.name : collectiveName!;
      const id = await repo
        .insertNomination(trx, {
          programme_id: p.id,
          kind: input.kind,
          nominator_org_id: nominator.id,
          nominator_path: nominator.path,
          street_org_id: street.id,
          street_path: street.path,
          district_org_id: district.id,
          district_path: district.path,
          city_path: p.org_path,
          district_code: districtCode,
          person_id: person?.id ?? null,
          name,
          name_masked: person ? maskName(person.name) : name,
          id_number_masked: person?.idNumberMasked ?? null,
          phone_masked: person?.phoneMasked ?? null,
          credit_code: credit,
          unit_name: unitName,
          position: input.position?.normalize('NFC').trim() ?? '',
          deeds,
          recommendation,
          frontline: person ? a.frontline === true : false,
          female: person ? person.gender === 'female' || (person.gender === null && a.female === true) : false,
          leader: person ? a.leader === true : false,
          minority: person ? a.minority === true : false,
          new_form: person ? a.newForm === true : false,
          answers,
          documents,
          stage: 'street',
          created_by: actor.accountId || null,
        })
        .catch((e: unknown) => {
          if (isUnique(e)) throw new AppError('CONFLICT', input.kind === 'individual' ? 'personId' : 'creditCode', { reason: 'duplicate' });
          throw e;
        });
      await repo.insertEvents(trx, [{ nomination_id: id, kind: 'nominate', actor_id: actor.accountId || null, org_id: actor.orgId, note: '' }]);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'honour.nominate',
        objectType: 'honour_nomination',
        objectId: id,
        detail: { programmeId: p.id, kind: input.kind, personId: person?.id ?? null },
      });
      // Re-read of the nomination just created in this transaction.
      return toNomination((await repo.findNomination(trx, unscoped('checked'), id))!);
    });
  }

  /** The nominations of a programme the caller's level holds or was forwarded; scope in SQL. */
  async listNominations(actor: Actor, programmeId: number, f: { stage?: string }): Promise<Nomination[]> {
    await this.records.requireProgramme(this.db, actor, programmeId);
    return (await repo.listNominations(this.db, nominationScope(actor), programmeId, f)).map(toNomination);
  }

  /** One nomination with its answers, documents, vetting opinions, objections and timeline. */
  async getNomination(actor: Actor, id: number): Promise<NominationDetail> {
    const n = await repo.findNomination(this.db, nominationScope(actor), id);
    if (!n) throw new AppError('NOT_FOUND', 'id');
    const [vettings, objections, events] = await Promise.all([
      repo.listVettings(this.db, [id]),
      repo.listObjections(this.db, [id]),
      repo.listEvents(this.db, id),
    ]);
    const vetter = !actor.permissions.has('honour.read');
    return {
      ...toNomination(n),
      recommendation: n.recommendation,
      // Stored as checkAnswers returned them (text, number or yes/no per criterion).
      answers: n.answers as NominationDetail['answers'],
      documents: n.documents,
      level: levelOf(actor.scope.orgPath, n),
      vettings: vettings
        // A department sees its own opinion only; the programme's levels see all.
        .filter((v) => !vetter || v.org_path === actor.scope.orgPath || v.org_path.startsWith(`${actor.scope.orgPath}.`))
        .map((v) => ({ id: v.id, orgId: v.org_id, orgName: v.org_name, verdict: v.verdict, reason: v.reason, respondedAt: iso(v.responded_at) })),
      objections: vetter
        ? []
        : objections.map((o) => ({ id: o.id, evidence: o.evidence, status: o.status, outcome: o.outcome, lodgedAt: new Date(o.lodged_at).toISOString() })),
      events: vetter ? [] : events.map((e) => ({ kind: e.kind, actorName: e.actor_name, orgName: e.org_name, note: e.note, at: new Date(e.at).toISOString() })),
    };
  }
}

const isUnique = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

function rethrowField(e: unknown, prefix: string): never {
  if (e instanceof AppError && e.code !== 'INTERNAL') throw new AppError(e.code, e.field ? `${prefix}.${e.field}` : prefix, e.params);
  throw e;
}
