import type { Database, Db } from '../../db/client.js';
import type { Actor } from '../../platform/auth/actor.js';
import { maskName } from '../../platform/crypto/masking.js';
import { AppError } from '../../platform/errors.js';
import { noScope } from '../../platform/scope.js';
import type { RatingsService } from '../ratings/ratings.service.js';
import type { RegionsService } from '../regions/regions.service.js';
import { chinaToday, overdueSql, strictlyBelow, type FieldValues } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { RequestDetail, RequestSummary } from '../../../contracts/requests.js';
import { iso, toAttachment, toEvent, toSummary, type RequestRecords } from './records.service.js';

/** Staff reads: the filtered list, the supervision list (督办), one request with its steps, co-handlers, rating and files. */
export class RequestReads {
  constructor(
    private readonly db: Database,
    private readonly regions: RegionsService,
    private readonly ratings: RatingsService,
    private readonly records: RequestRecords,
  ) {}

  async list(
    actor: Actor,
    f: {
      status?: string;
      categoryCode?: string;
      overdue?: boolean;
      dueSoon?: boolean;
      callbackPending?: boolean;
      regionCode?: string;
      number?: string;
      page: number;
      pageSize: number;
    },
  ): Promise<{ items: RequestSummary[]; total: number }> {
    const filter: repo.RequestFilter = { status: f.status, overdue: f.overdue, dueSoon: f.dueSoon, callbackPending: f.callbackPending, number: f.number };
    if (f.categoryCode) filter.categoryId = (await this.records.requireCategory(this.db, f.categoryCode, 'category')).id;
    if (f.regionCode) filter.regionPath = (await this.regions.requireRegion(f.regionCode, 'regionCode')).path;
    const { rows, total } = await repo.list(this.db, await this.records.readScopes(actor), filter, f.pageSize, (f.page - 1) * f.pageSize);
    return { items: rows.map(toSummary), total };
  }

  /** Overdue requests handled by units strictly below the actor's organization (督办). */
  async supervision(actor: Actor, page: number, pageSize: number): Promise<{ items: RequestSummary[]; total: number }> {
    const today = chinaToday();
    const { rows, total } = await repo.list(
      this.db,
      { primary: strictlyBelow(actor), grant: noScope, overdue: overdueSql(today) },
      { overdue: true },
      pageSize,
      (page - 1) * pageSize,
    );
    return { items: rows.map(toSummary), total };
  }

  async get(actor: Actor, id: number, db: Db = this.db): Promise<RequestDetail> {
    const row = await repo.findById(db, await this.records.readScopes(actor, db), id);
    if (!row) throw new AppError('NOT_FOUND', 'id');
    return this.detail(db, row);
  }

  /** A request row as the detail staff read (also the receipt of a staff intake). */
  async detail(db: Db, r: repo.RequestRow): Promise<RequestDetail> {
    const [events, co, rating, files] = await Promise.all([
      repo.listEvents(db, r.id, false),
      repo.listCoHandlers(db, r.id),
      this.ratings.forSubject(db, 'request', r.id),
      repo.listAttachments(db, r.id),
    ]);
    return {
      ...toSummary(r),
      description: r.description,
      fields: r.fields as FieldValues,
      addressMasked: r.address_masked,
      personId: r.person_id,
      requesterNameMasked: maskName(r.requester_name),
      requesterPhoneMasked: r.requester_phone_masked,
      acceptedAt: iso(r.accepted_at),
      respondedAt: iso(r.responded_at),
      resolvedAt: iso(r.resolved_at),
      closedAt: iso(r.closed_at),
      reply: r.reply,
      coHandlers: co.map((c) => ({ orgId: c.org_id, orgName: c.org_name })),
      rating: rating
        ? { id: rating.id, level: rating.level, label: rating.label, comment: rating.comment, ratedAt: rating.ratedAt, excluded: rating.excluded }
        : null,
      callback: r.callback_at ? { at: new Date(r.callback_at).toISOString(), note: r.callback_note ?? '', reached: r.callback_reached ?? false } : null,
      duplicateOf: r.duplicate_of && r.duplicate_of_number ? { id: r.duplicate_of, number: r.duplicate_of_number } : null,
      attachments: files.map(toAttachment),
      events: events.map(toEvent),
      location: { lat: r.lat, lng: r.lng, source: r.location_source },
      contactEmailMasked: r.contact_email_masked,
      mediaUrl: r.media_url,
      deviceId: r.device_id,
      accountId: r.account_id,
      extra: r.extra as Record<string, string | string[]>,
      publishDescription: r.publish_description,
    };
  }
}
