import type { Database, Db, Tx } from '../../db/client.js';
import type { OrgReassignment } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { blindIndex, decryptField, encryptField, FieldIntegrityError } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskIdNumber, maskPhone } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { EXPORT_ROW_LIMIT, toXlsx } from '../../platform/export/xlsx.js';
import { pathWithin } from '../../platform/scope.js';
import { validateIdNumber } from '../../platform/validation/id-card.js';
import { validatePhone } from '../../platform/validation/phone.js';
import type { RegionsService } from '../regions/regions.service.js';
import { peopleScope } from './people.policy.js';
import * as repo from './people.repository.js';
import type { PersonGroup } from '../../../contracts/people.enums.js';
import type { PersonDto, Revealed, RevealField } from '../../../contracts/people.js';

export { PERSON_GROUPS } from '../../../contracts/people.enums.js';

/** A person as the API shows it (contracts/people.ts). */
export type Person = PersonDto;

/** People encrypted and numbered by `PeopleService.prepareMany`, not yet written. */
export type PreparedPeople = { readonly ids: number[]; readonly rows: repo.NewPerson[] };

export type PersonInput = {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  gender?: 'male' | 'female' | null;
  birthDate?: string | null;
  groups?: string[];
  regionCode: string;
  orgId?: number | null;
};

const toPerson = (r: repo.PersonRow): Person => ({
  id: r.id,
  name: r.name,
  // The database's CHECK holds gender to the contract's values; groups are written only from the contract's list.
  gender: r.gender as Person['gender'],
  birthDate: r.birth_date,
  idNumberMasked: r.id_number_masked,
  phoneMasked: r.phone_masked,
  groups: r.groups as PersonGroup[],
  regionCode: r.region_code,
  regionName: r.region_name,
  orgId: r.org_id,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * People (members, requesters, volunteers, leaders): ID number and phone encrypted with SM4 and found by an
 * HMAC-SM3 blind index; every response masks them; a reveal states a purpose and is audited.
 */
export class PeopleService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Gender and birth date by person id, for aggregate statistics (composition of leadership teams). */
  async demographics(ids: number[]): Promise<Map<number, { gender: string | null; birthDate: string | null }>> {
    const rows = await repo.demographics(this.db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, { gender: r.gender, birthDate: r.birth_date }]));
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly regions: RegionsService,
  ) {}

  /** Validates and normalises the ID number; returns its blind index too. */
  private idNumberOf(raw: string, field: string) {
    const v = validateIdNumber(raw);
    if (!v.ok) throw new AppError('VALIDATION', field, { reason: `id_${v.reason}` });
    return { ...v, bidx: blindIndex(this.keyring, 'person.id_number', v.value) };
  }

  private phoneOf(raw: string, field: string) {
    const v = validatePhone(raw);
    if (!v.ok) throw new AppError('VALIDATION', field, { reason: 'phone' });
    return { value: v.value, bidx: blindIndex(this.keyring, 'person.phone', v.value) };
  }

  async list(actor: Actor, f: { q?: string; group?: string; regionCode?: string; idNumber?: string; phone?: string; page: number; pageSize: number }) {
    const filter: repo.PeopleFilter = { q: f.q, group: f.group };
    if (f.regionCode) filter.regionPath = (await this.regions.requireRegion(f.regionCode, 'regionCode')).path;
    if (f.idNumber) filter.idBidx = this.idNumberOf(f.idNumber, 'idNumber').bidx;
    if (f.phone) filter.phoneBidx = this.phoneOf(f.phone, 'phone').bidx;
    const { rows, total } = await repo.list(this.db, peopleScope(actor), filter, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toPerson), total };
  }

  /** For other modules: people in scope with this phone, newest first; pass the caller's transaction when inside one. */
  async findByPhone(actor: Actor, phone: string, db: Db = this.db): Promise<Person[]> {
    return (await repo.findByPhone(db, peopleScope(actor), this.phoneOf(phone, 'phone').bidx, 20)).map(toPerson);
  }

  /** The filtered list as an Excel file with masked fields only, audited with its row count. */
  async exportXlsx(ctx: RequestContext, f: { q?: string; group?: string; regionCode?: string }): Promise<Buffer> {
    const { items } = await this.list(ctx.actor, { ...f, page: 1, pageSize: EXPORT_ROW_LIMIT });
    const buf = await toXlsx(
      'people',
      [
        { header: 'ID', value: (p: Person) => p.id, width: 10 },
        { header: '姓名 Name', value: (p) => p.name },
        { header: '性别 Gender', value: (p) => p.gender, width: 10 },
        { header: '出生日期 Birth date', value: (p) => p.birthDate, width: 14 },
        { header: '身份证号 ID number', value: (p) => p.idNumberMasked, width: 22 },
        { header: '手机 Phone', value: (p) => p.phoneMasked, width: 16 },
        { header: '群体 Groups', value: (p) => p.groups.join(','), width: 18 },
        { header: '区域 Region', value: (p) => p.regionName, width: 24 },
      ],
      items,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()}`,
    );
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'person.export', objectType: 'person', detail: { rows: items.length } }));
    return buf;
  }

  /** Reading one person's record is itself audited (who viewed whose data). */
  async get(ctx: RequestContext, id: number): Promise<Person> {
    return this.db.transaction().execute(async (trx) => {
      const r = await repo.findById(trx, peopleScope(ctx.actor), id);
      if (!r) throw new AppError('NOT_FOUND', 'id');
      await this.audit.append(trx, actorOf(ctx), { action: 'person.read', objectType: 'person', objectId: id });
      return toPerson(r);
    });
  }

  /** For other modules: creates a person inside their transaction. */
  async createIn(trx: Tx, ctx: RequestContext, input: PersonInput): Promise<Person> {
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode', trx);
    if (!pathWithin(region.path, ctx.actor.scope.regionPath)) {
      throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
    }
    const idn = input.idNumber ? this.idNumberOf(input.idNumber, 'idNumber') : null;
    const phone = input.phone ? this.phoneOf(input.phone, 'phone') : null;
    if (idn && (await repo.existsIdBidx(trx, idn.bidx))) throw new AppError('CONFLICT', 'idNumber', { reason: 'duplicate' });
    const id = await repo.nextId(trx);
    const rowId = String(id);
    await repo.insert(trx, {
      id,
      name: input.name.normalize('NFC').trim(),
      gender: idn?.gender ?? input.gender ?? null,
      birth_date: idn?.birthDate ?? input.birthDate ?? null,
      id_number_enc: idn ? encryptField(this.keyring, idn.value, { table: 'people', column: 'id_number', rowId }) : null,
      id_number_bidx: idn?.bidx ?? null,
      id_number_masked: idn ? maskIdNumber(idn.value) : null,
      phone_enc: phone ? encryptField(this.keyring, phone.value, { table: 'people', column: 'phone', rowId }) : null,
      phone_bidx: phone?.bidx ?? null,
      phone_masked: phone ? maskPhone(phone.value) : null,
      groups: [...new Set(input.groups ?? [])],
      region_code: region.code,
      region_path: region.path,
      district_code: region.path.split('.')[1] ?? null,
      org_id: input.orgId ?? null,
    });
    await this.audit.append(trx, actorOf(ctx), { action: 'person.create', objectType: 'person', objectId: id });
    return toPerson((await repo.findById(trx, peopleScope(ctx.actor), id))!);
  }

  async create(ctx: RequestContext, input: PersonInput): Promise<Person> {
    return this.db.transaction().execute((trx) => this.createIn(trx, ctx, input));
  }

  /** For other modules: a person the actor may see, or a 404 naming the field. */
  async requireVisible(db: Db, actor: Actor, id: number, field = 'personId'): Promise<Person> {
    const r = await repo.findById(db, peopleScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', field);
    return toPerson(r);
  }

  async update(ctx: RequestContext, id: number, input: Partial<Omit<PersonInput, 'regionCode' | 'orgId'>> & { regionCode?: string }): Promise<Person> {
    return this.db.transaction().execute((trx) => this.updateIn(trx, ctx, id, input));
  }

  /** For other modules: updates a person inside their transaction. */
  async updateIn(
    trx: Tx,
    ctx: RequestContext,
    id: number,
    input: Partial<Omit<PersonInput, 'regionCode' | 'orgId'>> & { regionCode?: string },
  ): Promise<Person> {
    {
      const before = await repo.findById(trx, peopleScope(ctx.actor), id, true);
      if (!before) throw new AppError('NOT_FOUND', 'id');
      const set: Parameters<typeof repo.update>[2] = {};
      const rowId = String(id);
      if (input.name !== undefined) set.name = input.name.normalize('NFC').trim();
      if (input.gender !== undefined) set.gender = input.gender;
      if (input.birthDate !== undefined) set.birth_date = input.birthDate;
      if (input.groups !== undefined) set.groups = [...new Set(input.groups)];
      if (input.idNumber !== undefined) {
        if (input.idNumber === null || input.idNumber === '') {
          Object.assign(set, { id_number_enc: null, id_number_bidx: null, id_number_masked: null });
        } else {
          const idn = this.idNumberOf(input.idNumber, 'idNumber');
          if (await repo.existsIdBidx(trx, idn.bidx, id)) throw new AppError('CONFLICT', 'idNumber', { reason: 'duplicate' });
          Object.assign(set, {
            id_number_enc: encryptField(this.keyring, idn.value, { table: 'people', column: 'id_number', rowId }),
            id_number_bidx: idn.bidx,
            id_number_masked: maskIdNumber(idn.value),
            gender: idn.gender,
            birth_date: idn.birthDate,
          });
        }
      }
      if (input.phone !== undefined) {
        if (input.phone === null || input.phone === '') {
          Object.assign(set, { phone_enc: null, phone_bidx: null, phone_masked: null });
        } else {
          const ph = this.phoneOf(input.phone, 'phone');
          Object.assign(set, {
            phone_enc: encryptField(this.keyring, ph.value, { table: 'people', column: 'phone', rowId }),
            phone_bidx: ph.bidx,
            phone_masked: maskPhone(ph.value),
          });
        }
      }
      if (input.regionCode !== undefined) {
        const region = await this.regions.requireRegion(input.regionCode, 'regionCode', trx);
        if (!pathWithin(region.path, ctx.actor.scope.regionPath)) {
          throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
        }
        Object.assign(set, { region_code: region.code, region_path: region.path, district_code: region.path.split('.')[1] ?? null });
      }
      await repo.update(trx, id, set);
      await this.audit.append(trx, actorOf(ctx), { action: 'person.update', objectType: 'person', objectId: id, detail: { fields: Object.keys(input) } });
      return toPerson((await repo.findById(trx, peopleScope(ctx.actor), id))!);
    }
  }

  /**
   * For the system (SMS notifications to citizens): the phones in clear of the people among `ids` that have one. No
   * actor and no audit: the caller only passes them on, encrypted, to the SMS gateway.
   */
  async phonesOf(ids: number[], db: Db = this.db): Promise<Map<number, string>> {
    const rows = await repo.phonesOf(db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, decryptField(this.keyring, Buffer.from(r.phone_enc), { table: 'people', column: 'phone', rowId: String(r.id) })]));
  }

  /** Returns one field in clear, for a stated purpose, and records who saw it and why. */
  async reveal(ctx: RequestContext, id: number, field: RevealField, purpose: string): Promise<Revealed> {
    const secret = await repo.findSecret(this.db, peopleScope(ctx.actor), id);
    if (!secret) throw new AppError('NOT_FOUND', 'id');
    const blob = field === 'idNumber' ? secret.id_number_enc : secret.phone_enc;
    const column = field === 'idNumber' ? 'id_number' : 'phone';
    let value: string | null;
    try {
      value = blob ? decryptField(this.keyring, Buffer.from(blob), { table: 'people', column, rowId: String(id) }) : null;
    } catch (err) {
      if (err instanceof FieldIntegrityError) {
        await this.audit.appendStandalone(actorOf(ctx), {
          action: 'person.reveal',
          objectType: 'person',
          objectId: id,
          result: 'failed',
          detail: { field, integrity: false },
        });
        throw new AppError('INTEGRITY', field);
      }
      throw err;
    }
    await this.db
      .transaction()
      .execute((trx) => this.audit.append(trx, actorOf(ctx), { action: 'person.reveal', objectType: 'person', objectId: id, detail: { field, purpose } }));
    return { value };
  }
  /** For other modules: the person holding an ID number, whatever the actor's scope (id only), or null. */
  async personIdByIdNumber(db: Db, rawIdNumber: string, field = 'idNumber'): Promise<number | null> {
    return (await repo.findIdByIdBidx(db, this.idNumberOf(rawIdNumber, field).bidx)) ?? null;
  }
  /** For other modules: blind indexes of ID numbers already validated and normalised by the caller (bulk imports). */
  idNumberIndex(normalizedIdNumber: string): Buffer {
    return blindIndex(this.keyring, 'person.id_number', normalizedIdNumber);
  }

  /** For other modules: which of these ID-number blind indexes belong to a person already, and to whom. */
  async personIdsByIdIndex(db: Db, bidxs: Buffer[]): Promise<Map<string, number>> {
    if (bidxs.length === 0) return new Map();
    const rows = await repo.findIdsByIdBidxs(db, bidxs);
    return new Map(rows.map((r) => [Buffer.from(r.bidx).toString('hex'), r.id]));
  }

  /**
   * For other modules: the first half of creating many people (imports), done outside any transaction so that a
   * caller can prepare one batch while the previous one is being written: region scope checked once for each distinct
   * region, ids taken from the sequence, ID numbers (validated and normalised by the caller, with their blind index)
   * and optional validated phones encrypted and masked. Nothing is written; `insertPreparedIn` writes the batch.
   */
  async prepareMany(
    db: Db,
    ctx: RequestContext,
    inputs: Array<{
      name: string;
      idNumber: string;
      idBidx: Buffer;
      gender: string;
      birthDate: string;
      phone: string | null;
      regionCode: string;
      regionPath: string;
    }>,
  ): Promise<PreparedPeople> {
    if (inputs.length === 0) return { ids: [], rows: [] };
    for (const path of new Set(inputs.map((i) => i.regionPath))) {
      if (!pathWithin(path, ctx.actor.scope.regionPath)) throw new AppError('VALIDATION', 'regionCode', { reason: 'outside_scope' });
    }
    const ids = await repo.nextIds(db, inputs.length);
    const rows: repo.NewPerson[] = inputs.map((p, k) => {
      const id = ids[k]!;
      const rowId = String(id);
      return {
        id,
        name: p.name.normalize('NFC').trim(),
        gender: p.gender,
        birth_date: p.birthDate,
        id_number_enc: encryptField(this.keyring, p.idNumber, { table: 'people', column: 'id_number', rowId }),
        id_number_bidx: p.idBidx,
        id_number_masked: maskIdNumber(p.idNumber),
        phone_enc: p.phone ? encryptField(this.keyring, p.phone, { table: 'people', column: 'phone', rowId }) : null,
        phone_bidx: p.phone ? blindIndex(this.keyring, 'person.phone', p.phone) : null,
        phone_masked: p.phone ? maskPhone(p.phone) : null,
        groups: ['worker'],
        region_code: p.regionCode,
        region_path: p.regionPath,
        district_code: p.regionPath.split('.')[1] ?? null,
        org_id: null,
      };
    });
    return { ids, rows };
  }

  /** For other modules: writes a batch made by `prepareMany` inside their transaction, with one audit entry. */
  async insertPreparedIn(trx: Tx, ctx: RequestContext, batch: PreparedPeople): Promise<number[]> {
    if (batch.rows.length === 0) return [];
    await repo.insertMany(trx, batch.rows);
    await this.audit.append(trx, actorOf(ctx), { action: 'person.create', objectType: 'person', detail: { rows: batch.rows.length, bulk: true } });
    return batch.ids;
  }
}
