import type { NewVenueType, VenueType, VenueTypeItem, VenueTypePatch } from '../../../contracts/venues.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './venues.repository.js';

const toTypeItem = (t: repo.VenueTypeRow, venues: number): VenueTypeItem => ({
  code: t.code,
  nameZh: t.name_zh,
  nameEn: t.name_en,
  hasModelLevel: t.has_model_level,
  expected: t.expected,
  sort: t.sort,
  active: t.active,
  venues,
});

/** The venue type catalogue: the active types every page picks from, and the system administrator's edits. */
export class VenueTypes {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  /** The active types, in catalogue order. */
  async types(): Promise<VenueType[]> {
    return (await repo.listTypes(this.db, false)).map((t) => ({
      code: t.code,
      nameZh: t.name_zh,
      nameEn: t.name_en,
      hasModelLevel: t.has_model_level,
      expected: t.expected,
    }));
  }

  /** Every type, retired ones included, with how many venues use it. */
  async typeCatalogue(): Promise<VenueTypeItem[]> {
    const usage = await repo.typeUsage(this.db);
    return (await repo.listTypes(this.db, true)).map((t) => toTypeItem(t, usage.get(t.code) ?? 0));
  }

  /** Adds a type; its code and Chinese name are unique. */
  async addType(ctx: RequestContext, input: NewVenueType): Promise<VenueTypeItem> {
    return this.db.transaction().execute(async (trx) => {
      const nameZh = input.nameZh.trim();
      const nameEn = input.nameEn.trim();
      if (!nameZh) throw new AppError('VALIDATION', 'nameZh', { reason: 'required' });
      if (!nameEn) throw new AppError('VALIDATION', 'nameEn', { reason: 'required' });
      if ((await repo.listTypes(trx, true)).some((t) => t.name_zh === nameZh)) throw new AppError('CONFLICT', 'nameZh', { reason: 'duplicate' });
      const row = {
        code: input.code,
        name_zh: nameZh,
        name_en: nameEn,
        has_model_level: input.hasModelLevel ?? false,
        expected: input.expected ?? false,
        sort: input.sort ?? 500,
      };
      if (!(await repo.insertType(trx, row))) throw new AppError('CONFLICT', 'code', { reason: 'duplicate' });
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.type.create', objectType: 'venue_type', detail: { code: input.code, nameZh } });
      return toTypeItem({ ...row, active: true }, 0);
    });
  }

  /** Renames, reorders or retires a type. */
  async updateType(ctx: RequestContext, code: string, input: VenueTypePatch): Promise<VenueTypeItem> {
    return this.db.transaction().execute(async (trx) => {
      const t = await repo.findType(trx, code, true);
      if (!t) throw new AppError('NOT_FOUND', 'code');
      const set: Partial<Omit<repo.VenueTypeRow, 'code'>> = {};
      if (input.nameZh !== undefined) {
        set.name_zh = input.nameZh.trim();
        if (!set.name_zh) throw new AppError('VALIDATION', 'nameZh', { reason: 'required' });
        if ((await repo.listTypes(trx, true)).some((x) => x.code !== code && x.name_zh === set.name_zh))
          throw new AppError('CONFLICT', 'nameZh', { reason: 'duplicate' });
      }
      if (input.nameEn !== undefined) {
        set.name_en = input.nameEn.trim();
        if (!set.name_en) throw new AppError('VALIDATION', 'nameEn', { reason: 'required' });
      }
      if (input.hasModelLevel !== undefined) set.has_model_level = input.hasModelLevel;
      if (input.expected !== undefined) set.expected = input.expected;
      if (input.sort !== undefined) set.sort = input.sort;
      if (input.active !== undefined) set.active = input.active;
      await repo.updateType(trx, code, set);
      await this.audit.append(trx, actorOf(ctx), { action: 'venue.type.update', objectType: 'venue_type', detail: { code, fields: Object.keys(input) } });
      return toTypeItem({ ...t, ...set }, (await repo.typeUsage(trx)).get(code) ?? 0);
    });
  }
}
