import type { CardVerification, MemberCard } from '../../../contracts/members.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { blindIndex } from '../../platform/crypto/field-cipher.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import type { Citizen } from '../citizens/citizens.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import * as repo from './members.repository.js';
import { CARD_TTL_SECONDS, cardToken, checkCardToken } from './members.policy.js';

/** Member cards: the citizen's short-lived signed card and its verification by anyone in the city. */
export class MemberCards {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly orgs: OrgsService,
  ) {}

  private readonly cardMac = (payload: string) => blindIndex(this.keyring, 'member.card', payload);

  async myCard(citizen: Citizen): Promise<MemberCard> {
    const m = await repo.findActiveByPerson(this.db, citizen.personId);
    if (!m) throw new AppError('NOT_FOUND', 'member');
    const full = (await repo.findMember(this.db, unscoped('checked'), m.id))!;
    const expires = Math.floor(Date.now() / 1000) + CARD_TTL_SECONDS;
    const names = await this.orgs.namesOf(this.db, [m.org_id]);
    return {
      token: cardToken(m.id, expires, this.cardMac),
      expiresAt: new Date(expires * 1000).toISOString(),
      memberNo: m.member_no,
      nameMasked: full.name_masked,
      orgName: names.get(m.org_id) ?? '',
    };
  }

  /** Any verifier in the city (staff, benefit providers) may check a card: masked name, union and status only. */
  async verifyCard(ctx: RequestContext, token: string): Promise<CardVerification> {
    const none = { memberNo: null, nameMasked: null, orgName: null, status: null, expiresAt: null };
    const c = checkCardToken(token, Math.floor(Date.now() / 1000), this.cardMac);
    if (!c.ok) return { valid: false, reason: c.reason, ...none };
    const m = await repo.findMember(this.db, unscoped('token'), c.memberId);
    if (!m) return { valid: false, reason: 'not_member', ...none };
    const names = await this.orgs.namesOf(this.db, [m.org_id]);
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.append(trx, actorOf(ctx), { action: 'member.card.verify', objectType: 'member', objectId: m.id, detail: { valid: m.status === 'active' } }),
      );
    return {
      valid: m.status === 'active',
      reason: m.status === 'active' ? null : 'not_member',
      memberNo: m.member_no,
      nameMasked: m.name_masked,
      orgName: names.get(m.org_id) ?? '',
      status: m.status,
      expiresAt: new Date(c.expires * 1000).toISOString(),
    };
  }
}
