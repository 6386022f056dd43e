import type { Call, Incubation, Membership, Project, SocialOrg, SocialOrgDetail, SorgDocument } from '../../../contracts/socialorgs.js';
import type { Db } from '../../db/client.js';
import { hasPermission, type Actor } from '../../platform/auth/actor.js';
import { protectText } from '../../platform/crypto/free-text.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import { chinaToday } from '../../platform/time.js';
import { EXPIRY_WARNING_DAYS, addDays, sorgReadScope, sorgWriteScope } from './socialorgs.policy.js';
import * as repo from './socialorgs.repository.js';

export const toSorg = (r: repo.SorgRow): SocialOrg => ({
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
export const toDocument = (d: repo.DocumentRow, warn: string): SorgDocument => ({
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
export const toMembership = (m: repo.MembershipRow): Membership => ({
  id: m.id,
  hubId: m.hub_id,
  hubName: m.hub_name,
  memberId: m.member_id,
  memberName: m.member_name,
  joinedOn: m.joined_on,
  leftOn: m.left_on,
});
export const toIncubation = (i: repo.IncubationRow): Incubation => ({
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
export const toCall = (c: repo.CallRow): Call => ({
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
export const toProject = (p: repo.ProjectRow): Project => ({
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

export const stale = () => new AppError('STALE_VERSION', 'version');
export const state = (field: string, reason = 'invalid') => new AppError('INVALID_STATE', field, { reason });

/** What the use cases share: protected free text, the reader check, a registry record read in scope and its detail. */
export class SorgRecords {
  constructor(private readonly keyring: Keyring) {}

  textColumn(table: repo.ProtectedColumn['table']): repo.ProtectedColumn {
    return repo.PROTECTED_TEXT.find((c) => c.table === table)!;
  }

  /** Stores free text masked in its column and in full, encrypted and bound to its row, in `<column>_enc`. */
  async storeText(db: Db, table: repo.ProtectedColumn['table'], rowId: string, text: string): Promise<void> {
    const c = this.textColumn(table);
    const p = protectText(this.keyring, text, { table: c.table, column: c.column, rowId });
    await repo.setProtectedText(db, c, rowId, p.masked, p.enc);
  }

  requireReader(actor: Actor): void {
    if (!hasPermission(actor, 'sorg.read') && !hasPermission(actor, 'sorg.self')) throw new AppError('FORBIDDEN');
  }

  async detail(db: Db, r: repo.SorgRow): Promise<SocialOrgDetail> {
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

  async requireSorg(db: Db, actor: Actor, id: number, write = false, field = 'id', lock = false): Promise<repo.SorgRow> {
    const scope = write ? sorgWriteScope(actor) : sorgReadScope(actor);
    const r = await repo.findSorg(db, scope, id, chinaToday(), EXPIRY_WARNING_DAYS, lock);
    if (!r) throw new AppError('NOT_FOUND', field);
    return r;
  }

  /** The social organization whose staff the actor is (applications, activities). */
  async ownSorg(db: Db, actor: Actor): Promise<repo.SorgRow> {
    const r = await repo.findSorgByOrg(db, actor.orgId, chinaToday(), EXPIRY_WARNING_DAYS);
    if (!r) throw new AppError('FORBIDDEN');
    if (r.status !== 'active') throw state('status', 'archived');
    return r;
  }
}
