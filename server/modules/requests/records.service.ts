import type { Database, Db } from '../../db/client.js';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { chinaToday, dueSoonSql, grantIdsSql, grantScope, overdueSql, primaryReadScope, primaryWriteScope, type FieldDef } from './requests.policy.js';
import * as repo from './requests.repository.js';
import type { Attachment, Category, RequestEvent, RequestSummary } from '../../../contracts/requests.js';

export const toCategory = (r: repo.CategoryRow): Category => ({
  id: r.id,
  parentId: r.parent_id,
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  description: r.description,
  descriptionEn: r.description_en,
  fields: r.fields as FieldDef[],
  defaultOrgType: r.default_org_type,
  startLevel: r.start_level,
  slaAcceptDays: r.sla_accept_days,
  slaResponseDays: r.sla_response_days,
  slaResolveDays: r.sla_resolve_days,
  active: r.active,
  sort: r.sort,
  version: r.version,
  duplicateDays: r.duplicate_days,
});

export const toAttachment = (a: repo.AttachmentRow): Attachment => ({
  id: a.id,
  name: a.name,
  mime: a.mime as Attachment['mime'],
  size: a.size,
  source: a.source as Attachment['source'],
  uploadedAt: new Date(a.uploaded_at).toISOString(),
});

export type Meta = { ip: string; requestId: string };

export const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export const toSummary = (r: repo.RequestRow): RequestSummary => ({
  id: r.id,
  number: r.number,
  categoryCode: r.category_code,
  categoryName: r.category_name,
  channel: r.channel,
  regionCode: r.region_code,
  regionName: r.region_name,
  status: r.status,
  handlerOrgId: r.org_id,
  handlerOrgName: r.org_name,
  access: r.primary_access ? 'primary' : 'co_handler',
  submittedAt: new Date(r.submitted_at).toISOString(),
  acceptDue: r.accept_due,
  responseDue: r.response_due,
  resolveDue: r.resolve_due,
  dueProvisional: r.due_provisional,
  overdue: r.overdue,
  dueSoon: r.due_soon,
  callbackPending: r.status === 'closed' && r.callback_at === null,
  version: r.version,
});

export const toEvent = (e: repo.EventRow): RequestEvent => ({
  version: e.version,
  kind: e.kind,
  actorName: e.actor_name,
  orgName: e.org_name,
  targetOrgName: e.target_org_name,
  note: e.note,
  public: e.public,
  at: new Date(e.at).toISOString(),
});

/** What every use case of the request desk shares: the actor's scopes and the lookup of an active category. */
export class RequestRecords {
  constructor(
    private readonly db: Database,
    private readonly calendar: CalendarService,
  ) {}

  /** The actor's scopes on requests: primary handler (read or write), co-handler grants, and the overdue predicate. */
  scopes(actor: Actor, write = false) {
    return {
      primary: write ? primaryWriteScope(actor) : primaryReadScope(actor),
      grant: grantScope(actor),
      grantIds: grantIdsSql(actor),
      overdue: overdueSql(chinaToday()),
    };
  }

  private soon: { today: string; next: string } | null = null;

  /** Read scopes with the reminder predicate: due today or on the next working day (cached per China day). */
  async readScopes(actor: Actor, db: Db = this.db): Promise<repo.Scopes> {
    const today = chinaToday();
    if (this.soon?.today !== today) this.soon = { today, next: await this.calendar.addWorkingDays(today, 1, db) };
    return { ...this.scopes(actor), dueSoon: dueSoonSql(today, this.soon.next) };
  }

  /** An active category by code, else a validation error on `field`. */
  async requireCategory(db: Db, code: string, field: string): Promise<repo.CategoryRow> {
    const c = await repo.findCategory(db, { code });
    if (!c || !c.active) throw new AppError('VALIDATION', field, { reason: 'invalid' });
    return c;
  }
}
