import type { Figures, Item, ItemBrief, ItemInput, Occurrence, OccurrenceBrief, Series, SeriesInput, Topic } from '../../../contracts/meetings.js';
import type { ProjectBrief } from '../../../contracts/projects.js';
import type { Database, Tx } from '../../db/client.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { VenuesService } from '../venues/venues.service.js';
import { MeetingFeed } from './feed.service.js';
import { MeetingFigures } from './figures.service.js';
import { ActionItems } from './items.service.js';
import * as repo from './meetings.repository.js';
import { MeetingPack } from './pack.service.js';
import { MeetingProceedings } from './proceedings.service.js';
import { MeetingRecords } from './records.service.js';
import { MeetingSeriesPlanning } from './series.service.js';

export { feedPath } from './feed.service.js';

/**
 * Joint meetings (联席会议) and supervised action items (督办): series per level run by a secretariat, occurrences on
 * working days, agenda with carried items, attendance, minutes, decisions → items tracked until closed.
 * One transaction per use case, with its events and its audit entry.
 *
 * The one entry point of the module for routes and other modules; the use cases live in `series.service.ts` (series,
 * occurrences scheduled on working days), `proceedings.service.ts` (one meeting: room, topics, agenda, attendance,
 * minutes, decisions), `items.service.ts` (action items, their steps, extensions, supervision), `pack.service.ts`
 * (the meeting pack PDF), `feed.service.ts` (the iCalendar feed) and `figures.service.ts`; `records.service.ts`
 * holds what they share.
 */
export class MeetingsService {
  private readonly seriesOf: MeetingSeriesPlanning;
  private readonly proceedings: MeetingProceedings;
  private readonly items: ActionItems;
  private readonly packOf: MeetingPack;
  private readonly feed: MeetingFeed;
  private readonly figuresOf: MeetingFigures;

  constructor(db: Database, audit: AuditTrail, orgs: OrgsService, calendar: CalendarService, venues: VenuesService) {
    const records = new MeetingRecords(orgs);
    this.seriesOf = new MeetingSeriesPlanning(db, audit, orgs, calendar, records);
    this.proceedings = new MeetingProceedings(db, audit, orgs, calendar, venues, records);
    this.items = new ActionItems(db, audit, orgs, records);
    this.packOf = new MeetingPack(db, audit, orgs, records);
    this.feed = new MeetingFeed(db, audit, orgs);
    this.figuresOf = new MeetingFigures(db, orgs);
  }

  /** Organization merge: moves the merged unit's rows of this module to the survivor inside the merge's transaction. */
  async reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  async repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    await repo.repathOrgs(trx, p);
  }

  // ───────────── Series and scheduling ─────────────

  /** Organizations of the actor's level in its region (mass organizations and partner departments), for pickers. */
  participants(actor: Actor): Promise<Array<{ id: number; name: string; typeCode: string }>> {
    return this.seriesOf.participants(actor);
  }

  listSeries(actor: Actor): Promise<Series[]> {
    return this.seriesOf.listSeries(actor);
  }

  getSeries(actor: Actor, id: number): Promise<{ series: Series; occurrences: OccurrenceBrief[] }> {
    return this.seriesOf.getSeries(actor, id);
  }

  /** A series run by the actor's organization (the secretariat) at its level (city or district). */
  createSeries(ctx: RequestContext, input: SeriesInput): Promise<Series> {
    return this.seriesOf.createSeries(ctx, input);
  }

  /**
   * Schedules occurrences from the cadence in [from, to] (each nominal date on a non-working day moves to the next
   * working day; a make-up working day counts), or one ad-hoc day. Days already scheduled are skipped.
   */
  generate(ctx: RequestContext, seriesId: number, input: { from?: string; to?: string; day?: string }): Promise<OccurrenceBrief[]> {
    return this.seriesOf.generate(ctx, seriesId, input);
  }

  listOccurrences(actor: Actor, from: string, to: string): Promise<OccurrenceBrief[]> {
    return this.seriesOf.listOccurrences(actor, from, to);
  }

  // ───────────── One meeting ─────────────

  getOccurrence(actor: Actor, id: number): Promise<Occurrence> {
    return this.proceedings.getOccurrence(actor, id);
  }

  /** Books a venue room for the meeting's time in the secretariat's name, through the venues module (no double booking). */
  bookRoom(ctx: RequestContext, id: number, roomId: number): Promise<OccurrenceBrief> {
    return this.proceedings.bookRoom(ctx, id, roomId);
  }

  /** A member proposes a topic until the series' deadline; the secretariat may add one any time. */
  proposeTopic(ctx: RequestContext, id: number, input: { title: string; note?: string }): Promise<Topic> {
    return this.proceedings.proposeTopic(ctx, id, input);
  }

  setAgenda(ctx: RequestContext, id: number, input: { order: number[]; publish: boolean; version: number }): Promise<Occurrence> {
    return this.proceedings.setAgenda(ctx, id, input);
  }

  setAttendance(
    ctx: RequestContext,
    id: number,
    rows: Array<{ orgId: number; status: 'present' | 'absent' | 'delegate'; delegateName?: string }>,
  ): Promise<Occurrence> {
    return this.proceedings.setAttendance(ctx, id, rows);
  }

  setMinutes(ctx: RequestContext, id: number, input: { minutes: string; held: boolean; version: number }): Promise<Occurrence> {
    return this.proceedings.setMinutes(ctx, id, input);
  }

  /** A decision and the action items it gives: each with a lead, co-organizations and a deadline (a date or working days from the meeting). */
  addDecision(ctx: RequestContext, id: number, input: { text: string; items: ItemInput[] }): Promise<Occurrence> {
    return this.proceedings.addDecision(ctx, id, input);
  }

  // ───────────── Meeting pack ─────────────

  /**
   * The printable pack (会议材料) of a meeting I can see: its agenda (the accepted topics once published, all topics for
   * the secretariat), the open and overdue items carried to it, the previous meeting's decisions with their items,
   * attendance, and the projects of the series' level that are not done. The download is audited.
   */
  pack(ctx: RequestContext, id: number, projectsOf: (level: 'city' | 'district') => Promise<ProjectBrief[]>): Promise<{ pdf: Buffer; filename: string }> {
    return this.packOf.pack(ctx, id, projectsOf);
  }

  // ───────────── Figures ─────────────

  /**
   * The coordination figures of my scope, counted from the rows: meetings held, decisions, items by state (in all and
   * per lead organization with its on-time rate, lowest first), projects by health.
   */
  figures(actor: Actor, projectCounts: () => Promise<Figures['projects']>): Promise<Figures> {
    return this.figuresOf.figures(actor, projectCounts);
  }

  // ───────────── iCalendar feed ─────────────

  getFeed(actor: Actor): Promise<{ path: string | null }> {
    return this.feed.getFeed(actor);
  }

  /** My organization's feed address: the existing one, or a new token (rotate replaces it, so the old address stops working). */
  makeFeed(ctx: RequestContext, rotate: boolean): Promise<{ path: string }> {
    return this.feed.makeFeed(ctx, rotate);
  }

  revokeFeed(ctx: RequestContext): Promise<{ ok: boolean }> {
    return this.feed.revokeFeed(ctx);
  }

  /**
   * The iCalendar text of a feed token: the meetings (from 90 days ago on, not cancelled) of the series the token's
   * organization runs or sits in, as of its place in the tree now; null for an unknown token or an archived organization.
   */
  feedText(token: string): Promise<string | null> {
    return this.feed.feedText(token);
  }

  // ───────────── Action items ─────────────

  listItems(actor: Actor, f: { status?: string; open?: boolean }): Promise<ItemBrief[]> {
    return this.items.listItems(actor, f);
  }

  /** The supervision queue of the actor's level: see `repo.supervision`. */
  supervision(actor: Actor, opts: { limit?: number } = {}): Promise<ItemBrief[]> {
    return this.items.supervision(actor, opts);
  }

  getItem(actor: Actor, id: number): Promise<Item> {
    return this.items.getItem(actor, id);
  }

  respond(ctx: RequestContext, id: number, input: { accept: boolean; note?: string; version: number }): Promise<Item> {
    return this.items.respond(ctx, id, input);
  }

  clarify(ctx: RequestContext, id: number, input: { note: string; version: number }): Promise<Item> {
    return this.items.clarify(ctx, id, input);
  }

  progress(ctx: RequestContext, id: number, input: { note: string }): Promise<Item> {
    return this.items.progress(ctx, id, input);
  }

  requestExtension(ctx: RequestContext, id: number, input: { to: string; reason: string; version: number }): Promise<Item> {
    return this.items.requestExtension(ctx, id, input);
  }

  decideExtension(ctx: RequestContext, id: number, input: { grant: boolean; note?: string; version: number }): Promise<Item> {
    return this.items.decideExtension(ctx, id, input);
  }

  submit(ctx: RequestContext, id: number, input: { evidence: string; version: number }): Promise<Item> {
    return this.items.submit(ctx, id, input);
  }

  review(ctx: RequestContext, id: number, input: { close: boolean; note?: string; version: number }): Promise<Item> {
    return this.items.review(ctx, id, input);
  }
}
