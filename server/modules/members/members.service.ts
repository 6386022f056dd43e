import type {
  CardVerification,
  EnrolInput,
  Member,
  MemberDetail,
  MemberListQuery,
  MemberTagsInput,
  MyMembership,
  Registration,
  Transfer,
  UnionChoice,
  MemberCard,
} from '../../../contracts/members.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { OrgReassignment } from '../../platform/repath.js';
import type { Citizen, CitizensService, Meta } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { MemberCards } from './cards.service.js';
import { MemberEnrolment } from './enrolment.service.js';
import { MemberImports, type ImportRunnerOptions } from './imports.service.js';
import * as repo from './members.repository.js';
import { MemberRecords } from './records.service.js';
import { MemberRegistry, type ActiveMembership } from './registry.service.js';
import { MemberSelfRegistration } from './self-registration.service.js';
import { MemberTransfers } from './transfers.service.js';

export type { ActiveMembership } from './registry.service.js';

/**
 * The union member registry (会员): enrolment, self-registration, transfer between unions, member cards.
 * A person has at most one active membership; the database enforces it (union_members_one_active), and a transfer
 * closes the sending union's row and opens the receiving union's row in one transaction.
 *
 * The one entry point of the module for routes and other modules; the use cases live in `registry.service.ts`
 * (lists, search, lookup, export, one member, a person's active membership), `enrolment.service.ts` (enrolment,
 * tags, leaving), `self-registration.service.ts` (the portal's self-registration and the union's decision on it),
 * `transfers.service.ts`, `cards.service.ts` and `imports.service.ts`; `records.service.ts` holds what they share.
 */
export class MembersService {
  private readonly registry: MemberRegistry;
  private readonly enrolment: MemberEnrolment;
  private readonly selfRegistration: MemberSelfRegistration;
  private readonly transfersOf: MemberTransfers;
  private readonly cards: MemberCards;

  constructor(
    db: Database,
    audit: AuditTrail,
    keyring: Keyring,
    orgs: OrgsService,
    regions: RegionsService,
    people: PeopleService,
    citizens: CitizensService,
    sessions: SessionStore,
    /** Where uploaded member lists are kept, sealed. */
    importFilesDir: string,
    importOptions: ImportRunnerOptions = {},
  ) {
    this.imports = new MemberImports(db, audit, keyring, orgs, regions, people, sessions, importFilesDir, importOptions);
    const records = new MemberRecords(orgs, regions);
    this.registry = new MemberRegistry(db, audit, orgs, people, records);
    this.enrolment = new MemberEnrolment(db, audit, people, records);
    this.selfRegistration = new MemberSelfRegistration(db, audit, orgs, people, citizens, records);
    this.transfersOf = new MemberTransfers(db, audit, orgs, records);
    this.cards = new MemberCards(db, audit, keyring, orgs);
  }

  /** Imports of member lists (preview, background commit, error file). */
  readonly imports: MemberImports;

  /** Organization merge: this module's rows of the merged unit go to the survivor (called by the orgs merge). */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /**
   * For other modules: the person's active membership, or null when the person is not (or no longer) a member.
   * Pass the caller's transaction to read within it. Not scoped: the caller decides what the person may see.
   */
  activeMembership(db: Db, personId: number): Promise<ActiveMembership | null> {
    return this.registry.activeMembership(db, personId);
  }

  // ───────────── Lists and lookups ─────────────

  list(actor: Actor, f: MemberListQuery): Promise<{ items: Member[]; total: number }> {
    return this.registry.list(actor, f);
  }

  /** Exact lookup by ID number or phone (through the people module's blind indexes), scoped. */
  lookup(actor: Actor, by: { idNumber?: string; phone?: string }): Promise<{ items: Member[] }> {
    return this.registry.lookup(actor, by);
  }

  exportXlsx(ctx: RequestContext, f: Omit<MemberListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
    return this.registry.exportXlsx(ctx, f);
  }

  get(ctx: RequestContext, id: number): Promise<MemberDetail> {
    return this.registry.get(ctx, id);
  }

  // ───────────── Enrolment ─────────────

  enrol(ctx: RequestContext, input: EnrolInput): Promise<Member> {
    return this.enrolment.enrol(ctx, input);
  }

  setTags(ctx: RequestContext, id: number, input: MemberTagsInput): Promise<Member> {
    return this.enrolment.setTags(ctx, id, input);
  }

  leave(ctx: RequestContext, id: number, reason: string): Promise<Member> {
    return this.enrolment.leave(ctx, id, reason);
  }

  // ───────────── Self-registration (portal) ─────────────

  searchUnions(q: string, newForm: boolean): Promise<{ items: UnionChoice[] }> {
    return this.selfRegistration.searchUnions(q, newForm);
  }

  unionPublic(id: number): Promise<UnionChoice> {
    return this.selfRegistration.unionPublic(id);
  }

  myMembership(citizen: Citizen, db?: Db): Promise<MyMembership> {
    return this.selfRegistration.myMembership(citizen, db);
  }

  register(
    meta: Meta,
    citizen: Citizen,
    input: { orgId: number; name: string; idNumber: string; tags?: string[]; newFormKind?: string | null },
  ): Promise<MyMembership> {
    return this.selfRegistration.register(meta, citizen, input);
  }

  registrations(
    actor: Actor,
    f: { status?: string; page?: number; pageSize?: number },
  ): Promise<{ items: Registration[]; total: number; page: number; pageSize: number }> {
    return this.selfRegistration.registrations(actor, f);
  }

  confirmRegistration(ctx: RequestContext, id: number): Promise<Registration> {
    return this.selfRegistration.confirmRegistration(ctx, id);
  }

  rejectRegistration(ctx: RequestContext, id: number, reason: string): Promise<Registration> {
    return this.selfRegistration.rejectRegistration(ctx, id, reason);
  }

  // ───────────── Transfers (会员关系转接) ─────────────

  transfers(
    actor: Actor,
    f: { status?: string; page?: number; pageSize?: number },
  ): Promise<{ items: Transfer[]; total: number; page: number; pageSize: number }> {
    return this.transfersOf.transfers(actor, f);
  }

  /** The sending union starts a transfer of one of its members to another union (of any district). */
  requestTransfer(ctx: RequestContext, input: { memberId: number; toOrgId: number; reason?: string }): Promise<Transfer> {
    return this.transfersOf.requestTransfer(ctx, input);
  }

  /**
   * Confirms the side(s) of a transfer the actor's subtree covers. The transfer row is locked first, so concurrent
   * confirmations run one after the other; the one that finds both sides confirmed moves the membership: the old
   * row becomes transferred_out and the new one active in the same transaction, never both active, never neither.
   */
  confirmTransfer(ctx: RequestContext, id: number): Promise<Transfer> {
    return this.transfersOf.confirmTransfer(ctx, id);
  }

  rejectTransfer(ctx: RequestContext, id: number, reason: string): Promise<Transfer> {
    return this.transfersOf.rejectTransfer(ctx, id, reason);
  }

  // ───────────── Member card ─────────────

  myCard(citizen: Citizen): Promise<MemberCard> {
    return this.cards.myCard(citizen);
  }

  /** Any verifier in the city (staff, benefit providers) may check a card: masked name, union and status only. */
  verifyCard(ctx: RequestContext, token: string): Promise<CardVerification> {
    return this.cards.verifyCard(ctx, token);
  }
}
