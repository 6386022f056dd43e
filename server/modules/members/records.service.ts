import { sql } from 'kysely';
import type { Member } from '../../../contracts/members.js';
import type { Db, Tx } from '../../db/client.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Org, OrgsService } from '../orgs/orgs.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import * as repo from './members.repository.js';
import type { tagSet } from './members.policy.js';

/** The levels of the unions that hold members (the grassroots union of an employer, a community's or a street's). */
export const STAFF_LEVELS = ['grassroots', 'community', 'street'];
export const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** What the use cases of the member registry share: rows as staff read them, the union checked, a membership inserted. */
export class MemberRecords {
  constructor(
    private readonly orgs: OrgsService,
    private readonly regions: RegionsService,
  ) {}

  async toMembers(db: Db, rows: repo.MemberRow[]): Promise<Member[]> {
    const names = await this.orgs.namesOf(
      db,
      rows.map((r) => r.org_id),
    );
    return rows.map((r) => ({
      id: r.id,
      memberNo: r.member_no,
      personId: r.person_id,
      nameMasked: r.name_masked,
      gender: r.gender,
      birthYear: r.birth_year,
      orgId: r.org_id,
      orgName: names.get(r.org_id) ?? '',
      status: r.status,
      tags: r.tags,
      hardshipLevel: r.hardship_level,
      hardshipReviewOn: r.hardship_review_on,
      newFormKind: r.new_form_kind,
      joinedOn: r.joined_on,
      leftOn: r.left_on,
      source: r.source,
    }));
  }

  /** A union unit members can belong to, inside the actor's writable subtree. */
  async requireUnionWritable(db: Db, actor: Actor, orgId: number, field = 'orgId', levels: readonly string[] = STAFF_LEVELS): Promise<Org> {
    const org = await this.orgs.requireWritable(db, actor, orgId, field);
    if (org.typeCode !== 'union' || org.status !== 'active') throw new AppError('NOT_FOUND', field);
    if (!levels.includes(org.level)) throw new AppError('VALIDATION', field, { reason: 'region_level' });
    return org;
  }

  /** Inserts an active membership for a person (the database refuses a second active one). */
  async insertMembership(
    trx: Tx,
    ctx: RequestContext,
    p: {
      personId: number | null;
      nameMasked: string;
      gender: string;
      birthYear: number;
      org: Org;
      tags: repo.NewMember['tags'];
      t: ReturnType<typeof tagSet>;
      joinedOn: string;
      source: repo.NewMember['source'];
      memberNo?: string;
      importId?: number | null;
    },
  ): Promise<number> {
    const region = await this.regions.requireRegion(p.org.regionCode, 'orgId', trx);
    const memberNo = p.memberNo ?? (await repo.nextMemberNo(trx));
    let id: number;
    try {
      await sql`SAVEPOINT member_insert`.execute(trx);
      id = await repo.insertMember(trx, {
        member_no: memberNo,
        person_id: p.personId,
        name_masked: p.nameMasked,
        gender: p.gender,
        birth_year: p.birthYear,
        org_id: p.org.id,
        org_path: p.org.path,
        region_code: region.code,
        region_path: region.path,
        ...p.t,
        tags: p.t.tags,
        joined_on: p.joinedOn,
        source: p.source,
        import_id: p.importId ?? null,
      });
      await sql`RELEASE SAVEPOINT member_insert`.execute(trx);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        await sql`ROLLBACK TO SAVEPOINT member_insert`.execute(trx);
        throw new AppError('CONFLICT', 'idNumber', { reason: 'already_member' });
      }
      throw err;
    }
    await repo.insertHistory(trx, {
      member_id: id,
      person_id: p.personId,
      event: p.source === 'transfer' ? 'transferred_in' : 'joined',
      org_id: p.org.id,
      on_date: p.joinedOn,
      account_id: ctx.actor.accountId,
      detail: { source: p.source },
    });
    return id;
  }
}
