import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { validateCreditCode } from '../../platform/validation/credit-code.js';
import type { RegionsService } from '../regions/regions.service.js';
import type { OrgRepath } from '../../platform/repath.js';
import type { Org, OrgCreate, OrgDetail, OrgHistoryItem, OrgMove, OrgType, OrgTypeCreate, OrgUpdate } from '../../../contracts/orgs.js';
import * as repo from './orgs.repository.js';
import { activeOrgsScope, levelFor, levelsScope, namedOrgsScope, partnersOfTypeScope, readScope, regionFits, writeScope } from './orgs.policy.js';

export type { Org };

export const toOrg = (r: repo.OrgRow): Org => ({
  id: r.id,
  typeCode: r.type_code,
  parentId: r.parent_id,
  path: r.path,
  name: r.name,
  level: r.level,
  regionCode: r.region_code,
  regionName: r.region_name,
  creditCode: r.credit_code,
  enterpriseName: r.enterprise_name,
  partyGroup: r.party_group,
  status: r.status,
  version: r.version,
  childCount: r.child_count,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export type ListOrgsInput = repo.OrgFilter & { page: number; pageSize: number; sort: keyof typeof repo.SORTS; desc: boolean };

function normaliseCredit(code: string | null | undefined): string | null {
  if (code === undefined || code === null || code.trim() === '') return null;
  const v = validateCreditCode(code);
  if (!v.ok) throw new AppError('VALIDATION', 'creditCode', { reason: 'credit_code' });
  return v.value;
}

/** A module that copies organization paths into its own rows (for scope in SQL) and rewrites them when a unit moves. */
export type OrgPathCopier = { repathOrgs: (trx: Tx, p: OrgRepath) => Promise<void> };

/** Organization trees (one per type): create, rename, move, archive, with history. */
export class OrgsService {
  private pathCopiers: OrgPathCopier[] = [];

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly regions: RegionsService,
  ) {}

  /**
   * The modules whose rows copy organization paths; a move rewrites them in its own transaction. They are registered
   * after construction because those modules are built on this one.
   */
  registerPathCopiers(...copiers: OrgPathCopier[]): void {
    this.pathCopiers.push(...copiers);
  }

  async types(): Promise<OrgType[]> {
    return (await repo.listTypes(this.db)).map((t) => ({ code: t.code, nameZh: t.name_zh, nameEn: t.name_en, isPartner: t.is_partner }));
  }

  /** Adds an organization type (侨联, 文联, 红十字会 … or a partner agency); its tree starts when its first unit is created. */
  async addType(ctx: RequestContext, input: OrgTypeCreate): Promise<OrgType> {
    await this.db.transaction().execute(async (trx) => {
      await repo.insertType(trx, { code: input.code, name_zh: input.nameZh, name_en: input.nameEn, is_partner: input.isPartner });
      await this.audit.append(trx, actorOf(ctx), { action: 'org_type.create', objectType: 'org_type', objectId: input.code });
    });
    return { code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, isPartner: input.isPartner };
  }

  async list(actor: Actor, input: ListOrgsInput): Promise<{ items: Org[]; total: number }> {
    let regionPath: string | undefined;
    if (input.regionPath) regionPath = (await this.regions.requireRegion(input.regionPath, 'regionCode')).path;
    const { rows, total } = await repo.list(
      this.db,
      readScope(actor),
      { ...input, regionPath },
      input.sort,
      input.desc,
      input.pageSize,
      (input.page - 1) * input.pageSize,
    );
    return { items: rows.map(toOrg), total };
  }

  /** The filtered list as an Excel file (watermarked, formula-safe), audited with its row count. */
  async exportXlsx(ctx: RequestContext, input: Omit<ListOrgsInput, 'page' | 'pageSize'>): Promise<Buffer> {
    const { items } = await this.list(ctx.actor, { ...input, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const buf = await toXlsx(
      'organizations',
      [
        { header: 'ID', value: (o: Org) => o.id, width: 10 },
        { header: '名称 Name', value: (o) => o.name, width: 40 },
        { header: '类型 Type', value: (o) => o.typeCode, width: 10 },
        { header: '层级 Level', value: (o) => o.level, width: 12 },
        { header: '区域 Region', value: (o) => `${o.regionName} (${o.regionCode})`, width: 30 },
        { header: '统一社会信用代码 Credit code', value: (o) => o.creditCode, width: 22 },
        { header: '状态 Status', value: (o) => o.status, width: 10 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'org.export', objectType: 'org', detail: { rows: items.length } }));
    return buf;
  }

  async roots(actor: Actor, typeCode: string): Promise<Org[]> {
    return (await repo.listScopeRoots(this.db, readScope(actor), readScope(actor, 'p'), typeCode)).map(toOrg);
  }

  async get(actor: Actor, id: number): Promise<OrgDetail> {
    const row = await repo.findById(this.db, readScope(actor), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    return { ...toOrg(row), ancestors: await repo.findAncestors(this.db, row.path) };
  }

  /** For other modules: an organization the actor may act on, loaded inside their transaction. */
  async requireWritable(db: Db, actor: Actor, id: number, field = 'orgId'): Promise<Org> {
    const row = await repo.findById(db, writeScope(actor), id);
    if (!row) throw new AppError('NOT_FOUND', field);
    return toOrg(row);
  }

  /**
   * For other modules: active partner organizations of one type (a merchant serves members of every union, so no
   * subtree applies); with `id`, that one organization or NOT_FOUND on `field`.
   */
  async partnersOfType(db: Db, typeCode: string, id?: number, field = 'orgId'): Promise<Org[]> {
    const scope = partnersOfTypeScope(typeCode);
    if (id === undefined) return (await repo.list(db, scope, {}, 'name', false, 500, 0)).rows.map(toOrg);
    const row = await repo.findById(db, scope, id);
    if (!row) throw new AppError('NOT_FOUND', field);
    return [toOrg(row)];
  }

  async requireReadable(db: Db, actor: Actor, id: number, field = 'orgId'): Promise<Org> {
    const row = await repo.findById(db, readScope(actor), id);
    if (!row) throw new AppError('NOT_FOUND', field);
    return toOrg(row);
  }

  /**
   * For other modules: name, path, type and partner flag of given organizations, unscoped (organization names are
   * not confidential); the caller decides who may be named (e.g. partner departments of its region).
   */
  async briefs(
    db: Db,
    ids: number[],
  ): Promise<
    Map<
      number,
      { id: number; name: string; path: string; typeCode: string; isPartner: boolean; level: string; regionCode: string; regionPath: string; active: boolean }
    >
  > {
    const rows = await repo.findBriefs(db, [...new Set(ids)]);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          name: r.name,
          path: r.path,
          typeCode: r.type_code,
          isPartner: r.is_partner,
          level: r.level,
          regionCode: r.region_code,
          regionPath: r.region_path,
          active: r.status === 'active',
        },
      ]),
    );
  }

  async create(ctx: RequestContext, input: OrgCreate): Promise<Org> {
    const creditCode = normaliseCredit(input.creditCode);
    return this.db.transaction().execute(async (trx) => {
      const parent = await repo.findById(trx, writeScope(ctx.actor), input.parentId, true);
      if (!parent) throw new AppError('NOT_FOUND', 'parentId');
      if (parent.status !== 'active') throw new AppError('VALIDATION', 'parentId', { reason: 'archived' });
      const region = await this.regions.requireRegion(input.regionCode, 'regionCode', trx);
      if (!regionFits(region.path, parent.region_path)) throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
      const id = await repo.nextId(trx);
      const district = region.path.split('.')[1] ?? null;
      await repo.insert(trx, {
        id,
        type_code: parent.type_code,
        parent_id: parent.id,
        path: `${parent.path}.${id}`,
        name: input.name.trim(),
        level: levelFor(region.level, creditCode !== null || Boolean(input.enterpriseName)),
        region_code: region.code,
        region_path: region.path,
        district_code: district,
        credit_code: creditCode,
        enterprise_name: input.enterpriseName?.trim() || null,
        party_group: input.partyGroup ?? false,
      });
      await repo.insertHistory(trx, id, 'create', { name: input.name, parentId: parent.id, regionCode: region.code }, ctx.actor.accountId);
      await this.audit.append(trx, actorOf(ctx), { action: 'org.create', objectType: 'org', objectId: id, detail: { parentId: parent.id } });
      const created = await repo.findById(trx, writeScope(ctx.actor), id);
      return toOrg(created!);
    });
  }

  /**
   * For other modules registering a partner organization (a social organization): a root organization of a partner
   * type, in the caller's transaction, audited there. The caller has checked its own right to register it.
   */
  async createPartnerRootIn(
    trx: Tx,
    ctx: RequestContext,
    input: { typeCode: string; name: string; regionCode: string; creditCode: string },
  ): Promise<{ id: number; path: string; regionPath: string }> {
    const type = (await repo.listTypes(trx)).find((t) => t.code === input.typeCode);
    if (!type?.is_partner) throw new AppError('VALIDATION', 'typeCode', { reason: 'invalid' });
    const creditCode = normaliseCredit(input.creditCode);
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode', trx);
    const id = await repo.nextId(trx);
    await repo.insert(trx, {
      id,
      type_code: input.typeCode,
      parent_id: null,
      path: String(id),
      name: input.name.trim(),
      level: 'grassroots',
      region_code: region.code,
      region_path: region.path,
      district_code: region.path.split('.')[1] ?? null,
      credit_code: creditCode,
      enterprise_name: null,
      party_group: false,
    });
    await repo.insertHistory(trx, id, 'create', { name: input.name, regionCode: region.code }, ctx.actor.accountId);
    await this.audit.append(trx, actorOf(ctx), { action: 'org.create', objectType: 'org', objectId: id, detail: { typeCode: input.typeCode } });
    return { id, path: String(id), regionPath: region.path };
  }

  async update(ctx: RequestContext, id: number, input: OrgUpdate): Promise<Org> {
    const set: Parameters<typeof repo.update>[3] = {};
    if (input.name !== undefined) set.name = input.name.trim();
    if (input.creditCode !== undefined) set.credit_code = normaliseCredit(input.creditCode);
    if (input.enterpriseName !== undefined) set.enterprise_name = input.enterpriseName?.trim() || null;
    if (input.partyGroup !== undefined) set.party_group = input.partyGroup;
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.findById(trx, writeScope(ctx.actor), id, true);
      if (!before) throw new AppError('NOT_FOUND', 'id');
      if (before.status !== 'active') throw new AppError('VALIDATION', 'id', { reason: 'archived' });
      if (!(await repo.update(trx, id, input.version, set))) throw new AppError('STALE_VERSION', 'version');
      const changes: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(set)) changes[k] = { from: (before as unknown as Record<string, unknown>)[k], to: v };
      await repo.insertHistory(trx, id, input.name !== undefined && input.name.trim() !== before.name ? 'rename' : 'update', changes, ctx.actor.accountId);
      await this.audit.append(trx, actorOf(ctx), { action: 'org.update', objectType: 'org', objectId: id, detail: { fields: Object.keys(set) } });
      return toOrg((await repo.findById(trx, writeScope(ctx.actor), id))!);
    });
  }

  /** Moves a unit, its subtree with it, under another unit of the same type within the actor's scope. */
  async move(ctx: RequestContext, id: number, input: OrgMove): Promise<Org> {
    return this.db.transaction().execute(async (trx) => {
      const node = await repo.findById(trx, writeScope(ctx.actor), id, true);
      if (!node) throw new AppError('NOT_FOUND', 'id');
      if (node.path === ctx.actor.scope.orgPath) throw new AppError('FORBIDDEN');
      if (node.version !== input.version) throw new AppError('STALE_VERSION', 'version');
      const parent = await repo.findById(trx, writeScope(ctx.actor), input.newParentId, true);
      if (!parent) throw new AppError('NOT_FOUND', 'newParentId');
      if (parent.type_code !== node.type_code) throw new AppError('VALIDATION', 'newParentId', { reason: 'parent_type' });
      if (parent.path === node.path || parent.path.startsWith(`${node.path}.`)) throw new AppError('VALIDATION', 'newParentId', { reason: 'cycle' });
      if (parent.status !== 'active') throw new AppError('VALIDATION', 'newParentId', { reason: 'archived' });
      if (!regionFits(node.region_path, parent.region_path)) throw new AppError('VALIDATION', 'newParentId', { reason: 'region_level' });
      const moved = await repo.moveSubtree(trx, id, node.path, parent.path, parent.id);
      const repathed = { fromPath: node.path, toPath: `${parent.path}.${node.path.split('.').at(-1)!}` };
      for (const copier of this.pathCopiers) await copier.repathOrgs(trx, repathed);
      await repo.insertHistory(trx, id, 'move', { from: node.parent_id, to: parent.id, subtree: moved }, ctx.actor.accountId);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'org.move',
        objectType: 'org',
        objectId: id,
        detail: { from: node.parent_id, to: parent.id, subtree: moved },
      });
      return toOrg((await repo.findById(trx, writeScope(ctx.actor), id))!);
    });
  }

  /** Archives (or restores) a unit together with its whole subtree. */
  async setArchived(ctx: RequestContext, id: number, archived: boolean): Promise<{ affected: number }> {
    return this.db.transaction().execute(async (trx) => {
      const node = await repo.findById(trx, writeScope(ctx.actor), id, true);
      if (!node) throw new AppError('NOT_FOUND', 'id');
      if (node.path === ctx.actor.scope.orgPath) throw new AppError('FORBIDDEN');
      const affected = await repo.setSubtreeStatus(trx, node.path, archived ? 'archived' : 'active');
      await repo.insertHistory(trx, id, archived ? 'archive' : 'restore', { subtree: affected }, ctx.actor.accountId);
      await this.audit.append(trx, actorOf(ctx), {
        action: archived ? 'org.archive' : 'org.restore',
        objectType: 'org',
        objectId: id,
        detail: { subtree: affected },
      });
      return { affected };
    });
  }

  async history(actor: Actor, id: number): Promise<OrgHistoryItem[]> {
    await this.get(actor, id);
    return (await repo.listHistory(this.db, id)).map((h) => ({
      id: h.id,
      action: h.action,
      changes: JSON.stringify(h.changes),
      actorName: h.actor_name,
      at: new Date(h.at).toISOString(),
    }));
  }
  /** For other modules: an active organization by id whatever the actor (directory data: name, path, level). */
  async findPublic(db: Db, id: number): Promise<Org | null> {
    const row = await repo.findById(db, activeOrgsScope, id);
    return row ? toOrg(row) : null;
  }

  /** For the portal: active units of a type at the given levels, found by name or exact credit code. */
  async searchPublic(typeCode: string, q: string, levels: readonly string[], limit = 20): Promise<Org[]> {
    return (await repo.list(this.db, levelsScope(levels), { typeCode, q, status: 'active' }, 'name', false, limit, 0)).rows.map(toOrg);
  }

  /** For other modules' ETags: a stamp that changes when any of these organizations change (name, status, place). */
  async stampOf(ids: readonly number[]): Promise<string> {
    return repo.stampOf(this.db, ids);
  }

  /** For other modules: the names of organizations by id (any status), for lists that show them. */
  async namesOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const { rows } = await repo.list(db, namedOrgsScope(unique), {}, 'name', false, unique.length, 0);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
