import type { Database, Db, Tx } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import { portalContext, type RequestContext } from '../../platform/auth/actor.js';
import { blindIndex, encryptField } from '../../platform/crypto/field-cipher.js';
import { maskFreeText } from '../../platform/crypto/free-text.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { maskAddress, maskEmail } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { unscoped } from '../../platform/scope.js';
import { notify } from '../../platform/jobs/notify.js';
import { validatePhone } from '../../platform/validation/phone.js';
import type { PeopleService } from '../people/people.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { publishWebhookEvent } from '../webhooks/webhooks.service.js';
import {
  chinaToday,
  DUPLICATE_SIMILARITY,
  levelsFrom,
  textSimilarity,
  validateFields,
  type Channel,
  type FieldDef,
  type FieldValues,
} from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { PortalReceipt, RequestDetail } from '../../../contracts/requests.js';
import type { RequestDeadlines } from './deadlines.service.js';
import type { RequestText } from './free-text.service.js';
import type { RequestReads } from './reads.service.js';
import { toCategory, type Meta, type RequestRecords } from './records.service.js';

export type IntakeInput = {
  categoryCode: string;
  description: string;
  regionCode: string;
  address?: string | null;
  contactName: string;
  /** Optional on Open311 only: a citizen who gives none follows the request by its number and gets no SMS. */
  contactPhone?: string | null;
  fields?: FieldValues;
  /** The requester agreed that the description (and media link) may be published on the open API. */
  publishDescription?: boolean;
  open311?: Open311Intake;
};

/** What an Open311 client adds to an intake: where (as found), how to reach the requester, what it attached. */
export type Open311Intake = {
  keyId: number;
  lat: number | null;
  lng: number | null;
  /** How `regionCode` was found; `unresolved` (or a district/city region) sends the request to the dispatcher desk. */
  locationSource: 'region' | 'address' | 'coordinates' | 'unresolved';
  email: string | null;
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  /** Attributes the category does not define, as sent. */
  extra: Record<string, string | string[]>;
};

/**
 * What a citizen is told on submitting, from what the intake transaction returned; also answers a retried submission
 * (same Idempotency-Key) whose first answer was lost.
 */
export function toPublicReceipt(r: { number: string; status: string; orgName: string; resolveDue: string; dueProvisional: boolean }): PortalReceipt {
  return { number: r.number, status: r.status, handlerOrgName: r.orgName, resolveDue: r.resolveDue, dueProvisional: r.dueProvisional };
}

/** The unit a new request goes to, and how it was chosen. */
type Route = { orgId: number; orgName: string; orgPath: string; by: 'rule' | 'default' | 'desk' };

/** Intake through staff, the portal and Open311: validation, duplicate candidates, routing to the responsible unit, the first step. */
export class RequestIntake {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly keyring: Keyring,
    private readonly regions: RegionsService,
    private readonly people: PeopleService,
    private readonly records: RequestRecords,
    private readonly text: RequestText,
    private readonly deadlines: RequestDeadlines,
    private readonly reads: RequestReads,
  ) {}

  /**
   * Staff entry on behalf of a caller (phone or walk-in); the caller becomes (or is found as) a person in the staff
   * member's region scope. Returns the full record, marked as a receipt when it was routed outside the staff's subtree.
   */
  async submitByStaff(ctx: RequestContext, input: IntakeInput & { channel: 'phone' | 'walk_in' }): Promise<RequestDetail> {
    const { id, candidates } = await this.intake(ctx, actorOf(ctx), input, input.channel, ctx.actor.accountId);
    // The caller needs the number even when the request was routed outside the staff member's subtree: a one-time receipt.
    const row = (await repo.findById(this.db, { ...(await this.records.readScopes(ctx.actor)), grant: unscoped('checked') }, id))!;
    const detail = {
      ...(await this.reads.detail(this.db, row)),
      duplicateCandidates: candidates.map((c) => ({
        id: c.id,
        number: c.number,
        submittedAt: new Date(c.submitted_at).toISOString(),
        samePerson: c.same_person,
      })),
    };
    return row.primary_access ? detail : { ...detail, access: 'receipt' };
  }

  /** The citizen's door (portal, Open311): no account; the person record is written under a portal context limited to the city. */
  async submitPublic(meta: Meta, input: IntakeInput, channel: 'portal' | 'open311'): Promise<PortalReceipt> {
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode');
    const ctx = portalContext(meta, region.path.split('.')[0]!);
    return toPublicReceipt(await this.intake(ctx, actorOf(null, meta.ip, meta.requestId), input, channel, null));
  }

  private async intake(
    ctx: RequestContext,
    who: ReturnType<typeof actorOf>,
    input: IntakeInput,
    channel: Channel,
    createdBy: number | null,
  ): Promise<{
    id: number;
    number: string;
    status: string;
    orgName: string;
    resolveDue: string;
    dueProvisional: boolean;
    candidates: Array<{ id: number; number: string; submitted_at: Date; same_person: boolean }>;
  }> {
    const o311 = input.open311;
    const phone = input.contactPhone || !o311 ? validatePhone(input.contactPhone ?? '') : null;
    if (phone && !phone.ok) throw new AppError('VALIDATION', 'contactPhone', { reason: 'phone' });
    const region = await this.regions.requireRegion(input.regionCode, 'regionCode');
    // Staff and the portal pick a street or community; an Open311 report whose place is known only roughly waits at the desk.
    const atDesk = Boolean(o311) && (o311!.locationSource === 'unresolved' || (region.level !== 'community' && region.level !== 'street'));
    if (!atDesk && region.level !== 'community' && region.level !== 'street') throw new AppError('VALIDATION', 'regionCode', { reason: 'region_level' });
    const cat = await this.records.requireCategory(this.db, input.categoryCode, 'categoryCode');
    if (!cat.default_org_type) throw new AppError('VALIDATION', 'categoryCode', { reason: 'not_assignable' });
    const fields = validateFields(cat.fields as FieldDef[], input.fields ?? {});
    const today = chinaToday();
    const due = await this.deadlines.dueDates(today, toCategory(cat));
    const name = input.contactName.normalize('NFC').trim() || '匿名';
    const phoneValue = phone?.ok ? phone.value : null;
    // An existing person with the same phone and name is the same requester: reuse rather than duplicate.
    const known = phoneValue ? (await this.people.findByPhone(ctx.actor, phoneValue)).find((p) => p.name === name) : undefined;
    return this.db.transaction().execute(async (trx: Tx) => {
      // Open311 never refuses a report for its place: without a unit for it, the desk dispatches by hand.
      const route = atDesk
        ? await this.desk(trx, region.path)
        : o311
          ? await this.route(trx, cat, region.path).catch((e: unknown) => (e instanceof AppError ? this.desk(trx, region.path) : Promise.reject(e)))
          : await this.route(trx, cat, region.path);
      const description = input.description.normalize('NFC').trim();
      // Stored descriptions are masked, so the new one is compared in the same form.
      const descriptionMasked = maskFreeText(description);
      const streetPath = region.level === 'community' ? region.path.split('.').slice(0, -1).join('.') : region.path;
      // A new person has no earlier requests: only the text can match.
      const candidates = (await repo.findRecentSimilar(trx, { personId: known?.id ?? 0, categoryId: cat.id, days: cat.duplicate_days, streetPath }))
        .filter((c) => c.same_person || textSimilarity(c.description, descriptionMasked) >= DUPLICATE_SIMILARITY)
        .slice(0, 5);
      const { id, seq } = await repo.nextIds(trx);
      const personId = known?.id ?? (await this.people.createIn(trx, ctx, { name, phone: phoneValue, regionCode: region.code })).id;
      const address = input.address?.normalize('NFC').trim() || null;
      const number = `QH-${today.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
      // A new request goes straight to the unit routing chose.
      const status = 'dispatched';
      const protectedDescription = this.text.protect('description', String(id), description);
      await repo.insertRequest(trx, {
        id,
        number,
        category_id: cat.id,
        channel,
        description: protectedDescription.masked,
        description_enc: protectedDescription.enc,
        fields: JSON.stringify(fields),
        region_code: region.code,
        region_path: region.path,
        address_enc: address ? encryptField(this.keyring, address, { table: 'requests', column: 'address', rowId: String(id) }) : null,
        address_masked: address ? maskAddress(address) : null,
        person_id: personId,
        contact_phone_bidx: phoneValue ? blindIndex(this.keyring, 'request.phone', phoneValue) : null,
        status,
        org_id: route.orgId,
        submitted_on: today,
        accept_due: due.accept,
        response_due: due.response,
        resolve_due: due.resolve,
        due_provisional: due.provisional,
        created_by: createdBy,
        publish_description: input.publishDescription ?? false,
        ...(o311 ? this.open311Columns(o311, id) : {}),
      });
      await this.text.insertEvent(trx, {
        request_id: id,
        version: 1,
        kind: 'submit',
        actor_id: createdBy,
        org_id: null,
        target_org_id: route.orgId,
        note: '',
        public: true,
      });
      await this.audit.append(trx, who, {
        action: 'request.create',
        objectType: 'request',
        objectId: id,
        detail: {
          number,
          category: cat.code,
          channel,
          orgId: route.orgId,
          routedBy: route.by,
          personId,
          reusedPerson: Boolean(known),
          duplicateCandidates: candidates.map((c) => c.number),
        },
      });
      await notify(trx, {
        kind: 'request.assigned',
        to: { orgId: route.orgId },
        params: { number },
        link: `/requests/${id}`,
        eventKey: `request.assigned:${id}:1`,
      });
      await publishWebhookEvent(trx, {
        type: 'request.created',
        subject: `request:${id}`,
        orgPaths: [route.orgPath],
        data: { id, number, category: cat.code, channel, status, regionCode: region.code, orgId: route.orgId, resolveDue: due.resolve },
        personal: { keyring: this.keyring, contactName: name, contactPhone: phoneValue },
      });
      return { id, number, status, orgName: route.orgName, resolveDue: due.resolve, dueProvisional: due.provisional, candidates };
    });
  }

  /** The responsible unit: a rule for the most specific region, else the nearest unit of the default type from the category's level upward. */
  private async route(db: Db, cat: repo.CategoryRow, regionPath: string): Promise<Route> {
    const fallback = cat.default_org_type ? { typeCode: cat.default_org_type, levels: levelsFrom(cat.start_level) } : null;
    const org = await repo.findRoute(db, { categoryId: cat.id, regionPath, fallback });
    if (!org) throw new AppError('VALIDATION', 'regionCode', { reason: 'no_handler' });
    return { orgId: org.id, orgName: org.name, orgPath: org.path, by: org.by };
  }

  /** The dispatcher desk (群团工作联席办) of the lowest level containing the region: a person dispatches by hand. */
  private async desk(db: Db, regionPath: string): Promise<Route> {
    const desk = await repo.findRoute(db, {
      categoryId: null,
      regionPath,
      fallback: { typeCode: 'coordination', levels: ['community', 'street', 'district', 'city'] },
    });
    if (!desk) throw new AppError('VALIDATION', 'regionCode', { reason: 'no_handler' });
    return { orgId: desk.id, orgName: desk.name, orgPath: desk.path, by: 'desk' };
  }

  /** The Open311 columns of a new request; the e-mail address is personal data, encrypted like the street address. */
  private open311Columns(o: Open311Intake, id: number): repo.Open311Columns {
    const email = o.email?.normalize('NFC').trim() || null;
    return {
      lat: o.lat,
      lng: o.lng,
      location_source: o.locationSource,
      contact_email_enc: email ? encryptField(this.keyring, email, { table: 'requests', column: 'contact_email', rowId: String(id) }) : null,
      contact_email_masked: email ? maskEmail(email) : null,
      media_url: o.mediaUrl,
      device_id: o.deviceId,
      account_id: o.accountId,
      extra: JSON.stringify(o.extra),
      open311_key_id: o.keyId,
    };
  }
}
