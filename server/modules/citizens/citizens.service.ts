import { randomBytes } from 'node:crypto';
import type { CitizenVerify, CodeSent } from '../../../contracts/citizens.js';
import type { Config } from '../../config.js';
import type { Database, Db } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { portalContext, type RequestContext } from '../../platform/auth/actor.js';
import type { CitizenResolver, PortalCitizen } from '../../platform/auth/citizen.js';
import { blindIndex } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { sm3 } from '../../platform/crypto/sm.js';
import { AppError } from '../../platform/errors.js';
import { validatePhone } from '../../platform/validation/phone.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import {
  OTP_IP_PER_HOUR,
  OTP_MAX_ATTEMPTS,
  OTP_PHONE_PER_HOUR,
  OTP_PHONE_PER_MINUTE,
  OTP_TTL_SECONDS,
  newCode,
  sameHash,
  type SmsSender,
} from './citizens.policy.js';
import * as repo from './citizens.repository.js';

export type Meta = { ip: string; requestId: string };

/** The signed-in citizen: a person record, never an account (resolved by the HTTP platform on portal routes). */
export type Citizen = PortalCitizen;
const tokenHash = (token: string) => sm3(Buffer.from(token, 'utf8'));

/**
 * Citizen sign-in for the portal: phone and a one-time code (hashed, five minutes, attempt- and rate-limited),
 * a session of its own stored in PostgreSQL, linked to a person record through the people service.
 */
export class CitizensService implements CitizenResolver {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly people: PeopleService,
    private readonly regions: RegionsService,
    private readonly sms: SmsSender,
    private readonly config: Config,
    readonly cookieName: string,
  ) {}

  private phoneOf(raw: string) {
    const v = validatePhone(raw);
    if (!v.ok) throw new AppError('VALIDATION', 'body.phone', { reason: 'phone' });
    return { value: v.value, bidx: blindIndex(this.keyring, 'citizen.phone', v.value) };
  }

  private codeHash(phone: string, code: string): Buffer {
    return blindIndex(this.keyring, 'citizen.otp', `${phone}:${code}`);
  }

  /** Sends a one-time code; in demo and test mode the code comes back in the answer. */
  async requestCode(meta: Meta, rawPhone: string): Promise<CodeSent> {
    const phone = this.phoneOf(rawPhone);
    const code = newCode();
    await this.db.transaction().execute(async (trx) => {
      // One writer per phone at a time, so the counts below cannot be raced past.
      await repo.lockPhone(trx, phone.bidx);
      if ((await repo.countRecentCodes(trx, { phoneBidx: phone.bidx }, 60)) >= OTP_PHONE_PER_MINUTE)
        throw new AppError('RATE_LIMITED', 'body.phone', { reason: 'too_frequent' });
      if ((await repo.countRecentCodes(trx, { phoneBidx: phone.bidx }, 3600)) >= OTP_PHONE_PER_HOUR)
        throw new AppError('RATE_LIMITED', 'body.phone', { reason: 'too_frequent' });
      if ((await repo.countRecentCodes(trx, { ip: meta.ip }, 3600)) >= OTP_IP_PER_HOUR) throw new AppError('RATE_LIMITED');
      await repo.insertCode(trx, { phone_bidx: phone.bidx, code_hash: this.codeHash(phone.value, code), ttlSeconds: OTP_TTL_SECONDS, ip: meta.ip });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), { action: 'citizen.code', objectType: 'citizen' });
    });
    try {
      await this.sms.send(phone.value, code);
    } catch {
      throw new AppError('UNAVAILABLE');
    }
    const reveal = this.sms.revealsCode && this.config.mode !== 'production';
    return { sent: true, expiresInSeconds: OTP_TTL_SECONDS, ...(reveal ? { demoCode: code } : {}) };
  }

  /**
   * Checks the code and opens a citizen session. A phone not yet known becomes a person with the given name and
   * community (both required then); the code is only spent once the sign-in succeeds.
   */
  async verify(meta: Meta, input: CitizenVerify): Promise<{ token: string; expiresAt: Date; citizen: Citizen }> {
    const phone = this.phoneOf(input.phone);
    const portal = await this.portalContext(meta);
    // Read before the transaction takes its connection: a transaction never waits for a second one from the pool.
    const known = (await this.people.findByPhone(portal.actor, phone.value))[0];
    const region = !known && input.regionCode ? await this.regions.requireRegion(input.regionCode, 'body.regionCode') : null;
    const outcome = await this.db.transaction().execute(async (trx) => {
      const otp = await repo.latestCode(trx, phone.bidx);
      if (!otp || otp.expired || otp.attempts >= OTP_MAX_ATTEMPTS) return 'invalid' as const;
      if (!sameHash(Buffer.from(otp.code_hash), this.codeHash(phone.value, input.code))) {
        await repo.countAttempt(trx, otp.id, otp.attempts + 1 >= OTP_MAX_ATTEMPTS);
        await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), { action: 'citizen.sign_in', objectType: 'citizen', result: 'failed' });
        return 'invalid' as const;
      }
      let personId = known?.id;
      if (!personId) {
        const name = input.name?.normalize('NFC').trim();
        if (!name) throw new AppError('VALIDATION', 'body.name', { reason: 'required' });
        if (!region) throw new AppError('VALIDATION', 'body.regionCode', { reason: 'required' });
        if (region.level !== 'community') throw new AppError('VALIDATION', 'body.regionCode', { reason: 'invalid' });
        personId = (await this.people.createIn(trx, portal, { name, phone: phone.value, regionCode: region.code })).id;
      }
      await repo.consume(trx, otp.id);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + this.config.session.absoluteHours * 3600_000);
      await repo.insertSession(trx, {
        token_hash: tokenHash(token),
        person_id: personId,
        csrf_token: randomBytes(24).toString('base64url'),
        expires_at: expiresAt,
        ip: meta.ip,
      });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'citizen.sign_in',
        objectType: 'person',
        objectId: personId,
        detail: { created: !known },
      });
      return { token, expiresAt };
    });
    if (outcome === 'invalid') throw new AppError('INVALID_CREDENTIALS', 'body.code');
    const citizen = await this.resolve(outcome.token);
    if (!citizen) throw new AppError('UNAUTHENTICATED');
    return { ...outcome, citizen };
  }

  /**
   * Opens a citizen session for a phone another party verified (the city's identity provider, ADR 0016): the person
   * with that phone, found through the people service. Null, audited as failed, when no person has that phone yet
   * (the citizen signs in once with a one-time code, giving a name and community).
   */
  async signInVerifiedPhone(meta: Meta, rawPhone: string): Promise<{ token: string; expiresAt: Date } | null> {
    const phone = this.phoneOf(rawPhone);
    const portal = await this.portalContext(meta);
    const known = (await this.people.findByPhone(portal.actor, phone.value))[0];
    return this.db.transaction().execute(async (trx) => {
      if (!known) {
        await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
          action: 'citizen.sign_in',
          objectType: 'citizen',
          result: 'failed',
          detail: { via: 'oidc', reason: 'no_person' },
        });
        return null;
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + this.config.session.absoluteHours * 3600_000);
      await repo.insertSession(trx, {
        token_hash: tokenHash(token),
        person_id: known.id,
        csrf_token: randomBytes(24).toString('base64url'),
        expires_at: expiresAt,
        ip: meta.ip,
      });
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), {
        action: 'citizen.sign_in',
        objectType: 'person',
        objectId: known.id,
        detail: { created: false, via: 'oidc' },
      });
      return { token, expiresAt };
    });
  }

  /** The citizen behind a session token, or null when absent, expired or ended. */
  async resolve(token: string): Promise<Citizen | null> {
    const hash = tokenHash(token);
    const s = await repo.findSession(this.db, hash, this.config.session.idleMinutes);
    if (!s) return null;
    if (s.idle || s.absolute) {
      await repo.deleteSession(this.db, hash);
      return null;
    }
    if (s.refresh) await repo.touchSession(this.db, hash);
    const portal = await this.portalContext({ ip: '', requestId: '' });
    const p = await this.people.requireVisible(this.db, portal.actor, s.person_id);
    const region = await this.regions.requireRegion(p.regionCode, 'regionCode');
    return {
      personId: p.id,
      name: p.name,
      phoneMasked: p.phoneMasked,
      regionCode: p.regionCode,
      regionName: p.regionName,
      regionPath: region.path,
      csrfToken: s.csrf_token,
    };
  }

  async signOut(meta: Meta, token: string | undefined): Promise<void> {
    if (!token) return;
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteSession(trx, tokenHash(token));
      await this.audit.append(trx, actorOf(null, meta.ip, meta.requestId), { action: 'citizen.sign_out', objectType: 'citizen' });
    });
  }

  /** The context portal writes run under: no account, the city's region scope, audited as the portal. */
  async portalContext(meta: Meta, db?: Db): Promise<RequestContext> {
    return portalContext(meta, await this.cityPath(db));
  }

  private cityPathCache: string | null = null;
  private async cityPath(db?: Db): Promise<string> {
    this.cityPathCache ??= (await this.regions.children(null, db))[0]!.path;
    return this.cityPathCache;
  }
}
