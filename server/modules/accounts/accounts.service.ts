import type { Config } from '../../config.js';
import type { OrgReassignment } from '../../platform/repath.js';
import type { Tx as MergeTx } from '../../db/client.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { decryptField, encryptField, type FieldAad } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskPhone } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { validatePhone } from '../../platform/validation/phone.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import * as repo from './accounts.repository.js';
import { accountScope, isSelf, normaliseEmail, normaliseUsername } from './accounts.policy.js';
import type { Account, EmailAnswer, PhoneAnswer, Role, UiPrefs } from '../../../contracts/accounts.js';

/** The display preferences a staff account keeps on the server. */
export const UI_PREF_KEYS = ['elder', 'contrast', 'largeFont'] as const;

function knownPrefs(raw: Record<string, unknown>): UiPrefs {
  const out: UiPrefs = {};
  for (const k of UI_PREF_KEYS) {
    const v = raw[k];
    if (typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** Where an account's phone ciphertext belongs: a copy moved to another account fails to decrypt. */
const phoneAad = (id: number): FieldAad => ({ table: 'accounts', column: 'phone', rowId: String(id) });

const toAccount = (r: repo.AccountRow): Account => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  status: r.status,
  locked: r.locked,
  failedLogins: r.failed_logins,
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  roles: r.roles,
  createdAt: new Date(r.created_at).toISOString(),
  email: r.email,
  phoneMasked: r.phone_masked,
});

const PASSWORD_HISTORY = 5;

/** Staff accounts: created by the system administrator, given roles by the security administrator. */
export class AccountsService {
  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: MergeTx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly orgs: OrgsService,
    private readonly sessions: SessionStore,
    private readonly config: Config,
    private readonly keyring: Keyring,
  ) {}

  hash(password: string): Promise<string> {
    return hashPassword(password, { memoryCost: this.config.passwordHashMemoryKib });
  }

  private enforcePolicy(password: string, username: string, field = 'password'): void {
    const problems = checkPasswordPolicy(password, { username });
    if (problems.length > 0) throw new AppError('PASSWORD_POLICY', field, { reason: problems.join(',') });
  }

  async list(actor: Actor, f: { q?: string; orgId?: number; page: number; pageSize: number }) {
    const { rows, total } = await repo.list(this.db, accountScope(actor), f, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toAccount), total };
  }

  async get(actor: Actor, id: number): Promise<Account> {
    const r = await repo.findById(this.db, accountScope(actor), id);
    if (!r) throw new AppError('NOT_FOUND', 'id');
    return toAccount(r);
  }

  /** The active accounts of a unit, for what is addressed to the unit (notifications); no scope: the caller is the system. */
  async activeIdsOfOrg(orgId: number, db: Db = this.db): Promise<number[]> {
    return repo.activeIdsOfOrg(db, orgId);
  }

  /** The email addresses of the active accounts among `ids` that have one (email notifications; the caller is the system). */
  async emailsOf(ids: number[], db: Db = this.db): Promise<Map<number, string>> {
    return repo.emailsOf(db, ids);
  }

  /**
   * The mobile phones, in clear, of the active accounts among `ids` that have one (SMS notifications; the caller is
   * the system and passes them on encrypted).
   */
  async phonesOf(ids: number[], db: Db = this.db): Promise<Map<number, string>> {
    const rows = await repo.phonesOf(db, ids);
    return new Map(rows.map((r) => [r.id, decryptField(this.keyring, Buffer.from(r.phone_enc), phoneAad(r.id))]));
  }

  /** The signed-in staff member sets (or, with null or '', clears) their own mobile phone; the answer is masked. */
  async setOwnPhone(ctx: RequestContext, phone: string | null): Promise<PhoneAnswer> {
    const value = this.checkPhone(phone);
    return this.db.transaction().execute((trx) => this.writePhone(trx, ctx, ctx.actor.accountId, value));
  }

  /** An administrator sets the mobile phone of an account in scope (404 outside it, as the other account edits). */
  async setPhone(ctx: RequestContext, id: number, phone: string | null): Promise<PhoneAnswer> {
    const value = this.checkPhone(phone);
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findById(trx, accountScope(ctx.actor), id);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      return this.writePhone(trx, ctx, id, value);
    });
  }

  /** Stores the phone encrypted with its masked form and audits the change by field name only. */
  private async writePhone(trx: Tx, ctx: RequestContext, id: number, value: string | null): Promise<PhoneAnswer> {
    const stored = value === null ? null : { enc: encryptField(this.keyring, value, phoneAad(id)), masked: maskPhone(value) };
    await repo.setPhone(trx, id, stored);
    await this.audit.append(trx, actorOf(ctx), {
      action: 'account.phone',
      objectType: 'account',
      objectId: id,
      detail: { fields: ['phone'], cleared: value === null },
    });
    return { phoneMasked: stored?.masked ?? null };
  }

  /** A mainland mobile number normalised; null (clear) for null or blank; otherwise 400 naming `phone`. */
  private checkPhone(phone: string | null): string | null {
    if (phone === null || phone.trim() === '') return null;
    const v = validatePhone(phone);
    if (!v.ok) throw new AppError('VALIDATION', 'phone', { reason: 'phone' });
    return v.value;
  }

  /** The signed-in staff member sets (or, with null or '', clears) their own email address. */
  async setOwnEmail(ctx: RequestContext, email: string | null): Promise<EmailAnswer> {
    const value = this.checkEmail(email);
    return this.db.transaction().execute(async (trx) => {
      await repo.setEmail(trx, ctx.actor.accountId, value);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'account.email',
        objectType: 'account',
        objectId: ctx.actor.accountId,
        detail: { fields: ['email'], cleared: value === null },
      });
      return { email: value };
    });
  }

  /** My own display preferences (elder mode, high contrast, large font) from the stored value; only the known boolean keys are kept. */
  ownUiPrefs(stored: Record<string, unknown>): UiPrefs {
    return knownPrefs(stored);
  }

  /**
   * Saves the given keys of my own display preferences (the route's closed schema admits only the known boolean keys)
   * and returns them all; no audit row: they change nothing anyone else sees.
   */
  async setOwnUiPrefs(ctx: RequestContext, prefs: UiPrefs): Promise<UiPrefs> {
    return knownPrefs(await repo.mergeUiPrefs(this.db, ctx.actor.accountId, prefs));
  }

  /** An administrator sets the email address of an account in scope (404 outside it, as the other account edits). */
  async setEmail(ctx: RequestContext, id: number, email: string | null): Promise<EmailAnswer> {
    const value = this.checkEmail(email);
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findById(trx, accountScope(ctx.actor), id);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      await repo.setEmail(trx, id, value);
      await this.audit.append(trx, actorOf(ctx), {
        action: 'account.email',
        objectType: 'account',
        objectId: id,
        detail: { fields: ['email'], cleared: value === null },
      });
      return { email: value };
    });
  }

  private checkEmail(email: string | null): string | null {
    if (email === null || email.trim() === '') return null;
    const value = normaliseEmail(email);
    if (!value) throw new AppError('VALIDATION', 'email', { reason: 'email' });
    return value;
  }

  async roles(): Promise<Role[]> {
    return (await repo.listRoles(this.db)).map((r) => ({
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      adminKind: r.admin_kind,
      permissions: r.permissions,
    }));
  }

  /** Inserts an account inside the caller's transaction (also used by the demo loader). */
  async insertIn(
    trx: Db,
    input: { username: string; displayName: string; orgId: number; passwordHash: string; isDemo?: boolean; mustChange?: boolean },
  ): Promise<number> {
    const id = await repo.insert(trx, {
      username: input.username,
      username_norm: normaliseUsername(input.username),
      display_name: input.displayName,
      org_id: input.orgId,
      password_hash: input.passwordHash,
      password_changed_at: input.mustChange ? new Date(0) : new Date(),
      is_demo: input.isDemo ?? false,
    });
    await trx.insertInto('password_history').values({ account_id: id, password_hash: input.passwordHash }).execute();
    return id;
  }

  async create(ctx: RequestContext, input: { username: string; displayName: string; orgId: number; password: string }): Promise<Account> {
    this.enforcePolicy(input.password, input.username);
    const hash = await this.hash(input.password);
    return this.db.transaction().execute(async (trx) => {
      await this.orgs.requireReadable(trx, ctx.actor, input.orgId, 'orgId');
      const exists = await trx.selectFrom('accounts').select('id').where('username_norm', '=', normaliseUsername(input.username)).executeTakeFirst();
      if (exists) throw new AppError('CONFLICT', 'username', { reason: 'duplicate' });
      // The first password is set by an administrator, so its owner must change it at first sign-in.
      const id = await this.insertIn(trx, { ...input, passwordHash: hash, mustChange: true });
      await this.audit.append(trx, actorOf(ctx), { action: 'account.create', objectType: 'account', objectId: id, detail: { orgId: input.orgId } });
      return toAccount((await repo.findById(trx, accountScope(ctx.actor), id))!);
    });
  }

  async setStatus(ctx: RequestContext, id: number, status: 'active' | 'disabled'): Promise<Account> {
    if (isSelf(ctx.actor, id)) throw new AppError('FORBIDDEN');
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findById(trx, accountScope(ctx.actor), id);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      await repo.setStatus(trx, id, status);
      if (status === 'disabled') await this.sessions.destroyAllFor(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: `account.${status === 'disabled' ? 'disable' : 'enable'}`, objectType: 'account', objectId: id });
      return toAccount((await repo.findById(trx, accountScope(ctx.actor), id))!);
    });
  }

  async unlock(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const a = await repo.findById(trx, accountScope(ctx.actor), id);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      await repo.unlock(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: 'account.unlock', objectType: 'account', objectId: id });
    });
  }

  /** Sets a temporary password that must be changed at the next sign-in; ends the account's sessions. */
  async resetPassword(ctx: RequestContext, id: number, password: string): Promise<void> {
    if (isSelf(ctx.actor, id)) throw new AppError('FORBIDDEN');
    const a = await this.get(ctx.actor, id);
    this.enforcePolicy(password, a.username);
    const hash = await this.hash(password);
    await this.db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, id, hash, new Date(0));
      await this.sessions.destroyAllFor(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: 'account.reset_password', objectType: 'account', objectId: id });
    });
  }

  /** Replaces an account's roles; the database refuses combining an administrator role with any other. */
  async setRoles(ctx: RequestContext, id: number, roles: string[]): Promise<Account> {
    if (isSelf(ctx.actor, id)) throw new AppError('FORBIDDEN');
    const all = new Map((await repo.listRoles(this.db)).map((r) => [r.code, r]));
    const wanted = [...new Set(roles)];
    for (const [i, code] of wanted.entries()) if (!all.has(code)) throw new AppError('VALIDATION', `roles.${i}`, { reason: 'enum' });
    const admins = wanted.filter((c) => all.get(c)!.admin_kind !== null);
    if (admins.length > 0 && wanted.length > 1) throw new AppError('VALIDATION', 'roles', { reason: 'admin_combination' });
    return this.db.transaction().execute(async (trx) => {
      const a = await repo.findById(trx, accountScope(ctx.actor), id);
      if (!a) throw new AppError('NOT_FOUND', 'id');
      await repo.replaceRoles(
        trx,
        id,
        wanted.map((code) => ({ code, admin_kind: all.get(code)!.admin_kind })),
        ctx.actor.accountId,
      );
      await this.sessions.destroyAllFor(trx, id);
      await this.audit.append(trx, actorOf(ctx), { action: 'account.roles', objectType: 'account', objectId: id, detail: { from: a.roles, to: wanted } });
      return toAccount((await repo.findById(trx, accountScope(ctx.actor), id))!);
    });
  }

  /**
   * The signed-in user's own password change: the current one is checked and the last five cannot be reused. Every
   * other session of the account ends (one left signed in elsewhere may be the reason for the change); the answer
   * is how many ended.
   */
  async changeOwnPassword(ctx: RequestContext, sessionToken: string, current: string, next: string): Promise<{ endedSessions: number }> {
    const id = ctx.actor.accountId;
    const hash = await repo.currentHash(this.db, id);
    if (!hash || !(await verifyPassword(hash, current))) throw new AppError('VALIDATION', 'currentPassword', { reason: 'invalid' });
    this.enforcePolicy(next, ctx.actor.username, 'newPassword');
    for (const old of await repo.recentPasswordHashes(this.db, id, PASSWORD_HISTORY)) {
      if (await verifyPassword(old, next)) throw new AppError('PASSWORD_REUSED', 'newPassword');
    }
    const newHash = await this.hash(next);
    return this.db.transaction().execute(async (trx) => {
      await repo.setPassword(trx, id, newHash, null);
      const endedSessions = await this.sessions.destroyOthersFor(trx, id, sessionToken);
      await this.audit.append(trx, actorOf(ctx), { action: 'account.change_password', objectType: 'account', objectId: id, detail: { endedSessions } });
      return { endedSessions };
    });
  }
}
