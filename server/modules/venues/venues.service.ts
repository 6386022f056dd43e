import type {
  Booking,
  BookResult,
  CommunityCoverage,
  CoverageSummary,
  FeedAddress,
  Hours,
  NewProject,
  NewRoom,
  NewVenue,
  NewVenueType,
  PublicVenue,
  Room,
  RoomPatch,
  UploadedFile,
  Venue,
  VenueDetail,
  VenuePatch,
  VenuePhoto,
  VenueProject,
  VenueQuotas,
  VenueType,
  VenueTypeItem,
  VenueTypePatch,
} from '../../../contracts/venues.js';
import type { Database, Db, Tx } from '../../db/client.js';
import type { AuditTrail } from '../../platform/audit/audit.js';
import type { Actor, RequestContext } from '../../platform/auth/actor.js';
import type { OrgReassignment, OrgRepath } from '../../platform/repath.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { VenueBookings, type BookInput } from './booking.service.js';
import { VenueCoverage, type Coverage } from './coverage.service.js';
import { VenueDirectory } from './directory.service.js';
import { VenueFeeds } from './feeds.service.js';
import { VenueRegistry, type HoursChange, type VenueFilterInput } from './registry.service.js';
import { VenueTypes } from './venue-types.service.js';
import * as repo from './venues.repository.js';

export type { Booking, BookResult, Occurrence, Room, Venue, VenueType } from '../../../contracts/venues.js';
export type { BookInput } from './booking.service.js';
export type { VenueFilterInput } from './registry.service.js';
export { toBooking } from './booking.service.js';

/**
 * Positions (阵地): the venue registry, co-building, hosted projects, the shared booking ledger and coverage.
 *
 * The one entry point of the module for routes and other modules; the use cases live in `venue-types.service.ts`
 * (the type catalogue), `registry.service.ts` (venues, rooms, hours, projects, photos, quotas), `booking.service.ts`
 * (the booking ledger), `feeds.service.ts` (iCalendar), `coverage.service.ts` (coverage and gaps) and
 * `directory.service.ts` (the portal's directory and what other modules show of a venue).
 */
export class VenuesService {
  private readonly venueTypes: VenueTypes;
  private readonly registry: VenueRegistry;
  private readonly ledger: VenueBookings;
  private readonly feeds: VenueFeeds;
  private readonly coverageOfTypes: VenueCoverage;
  private readonly directory: VenueDirectory;

  constructor(
    db: Database,
    audit: AuditTrail,
    calendar: CalendarService,
    /** Where photos are stored, content-addressed (DATA_DIR/files/venues). */
    filesDir: string,
  ) {
    this.venueTypes = new VenueTypes(db, audit);
    this.registry = new VenueRegistry(db, audit, filesDir);
    this.ledger = new VenueBookings(db, audit, calendar);
    this.feeds = new VenueFeeds(db, audit);
    this.coverageOfTypes = new VenueCoverage(db, audit, this.venueTypes);
    this.directory = new VenueDirectory(db);
  }

  /** Moving a unit under a new parent: rewrites the organization paths this module copied, inside the move's transaction. */
  repathOrgs(trx: Tx, p: OrgRepath): Promise<void> {
    return repo.repathOrgs(trx, p);
  }

  /** Organization merge (called by the orgs merge in its transaction): this module's rows of the merged unit move to the survivor. */
  reassignOrg(trx: Tx, m: OrgReassignment): Promise<Record<string, number>> {
    return repo.reassignOrg(trx, m);
  }

  // ───────────── Venue type catalogue ─────────────

  /** The active venue types, in catalogue order. */
  types(): Promise<VenueType[]> {
    return this.venueTypes.types();
  }

  /** Every venue type, retired ones included, with how many venues use it. */
  typeCatalogue(): Promise<VenueTypeItem[]> {
    return this.venueTypes.typeCatalogue();
  }

  /** Adds a venue type (system administrator). */
  addType(ctx: RequestContext, input: NewVenueType): Promise<VenueTypeItem> {
    return this.venueTypes.addType(ctx, input);
  }

  /** Renames, reorders or retires a venue type (system administrator). */
  updateType(ctx: RequestContext, code: string, input: VenueTypePatch): Promise<VenueTypeItem> {
    return this.venueTypes.updateType(ctx, code, input);
  }

  // ───────────── Registry ─────────────

  /** Venues in my read scope, filtered, sorted and paged. */
  list(actor: Actor, f: VenueFilterInput & { page: number; pageSize: number }): Promise<{ items: Venue[]; total: number }> {
    return this.registry.list(actor, f);
  }

  /** The filtered list as an Excel workbook, audited with its row count. */
  exportXlsx(ctx: RequestContext, f: VenueFilterInput): Promise<Buffer> {
    return this.registry.exportXlsx(ctx, f);
  }

  /** One venue with its rooms, projects, photos, service areas, hours, and what the actor may do there. */
  get(actor: Actor, id: number): Promise<VenueDetail> {
    return this.registry.get(actor, id);
  }

  /** Registers a venue managed by a unit in my subtree, inside that unit's region. */
  create(ctx: RequestContext, input: NewVenue): Promise<Venue> {
    return this.registry.create(ctx, input);
  }

  /** Edits a venue I manage (optimistic: the version read). */
  update(ctx: RequestContext, id: number, input: VenuePatch): Promise<Venue> {
    return this.registry.update(ctx, id, input);
  }

  /** Archives (or restores) a venue I manage. */
  setArchived(ctx: RequestContext, id: number, archived: boolean): Promise<{ ok: boolean }> {
    return this.registry.setArchived(ctx, id, archived);
  }

  /** Replaces the weekly opening hours and the dated exceptions. */
  setHours(ctx: RequestContext, id: number, input: HoursChange): Promise<Hours> {
    return this.registry.setHours(ctx, id, input);
  }

  /** Adds a room to a venue I manage. */
  addRoom(ctx: RequestContext, venueId: number, input: NewRoom): Promise<Room> {
    return this.registry.addRoom(ctx, venueId, input);
  }

  /** Edits or archives a room of a venue I manage. */
  updateRoom(ctx: RequestContext, roomId: number, input: RoomPatch): Promise<Room> {
    return this.registry.updateRoom(ctx, roomId, input);
  }

  /** Records a hosted service project (入驻): an organization offering a service at the venue. */
  addProject(ctx: RequestContext, venueId: number, input: NewProject): Promise<VenueProject> {
    return this.registry.addProject(ctx, venueId, input);
  }

  /** Removes a hosted project of a venue I manage. */
  removeProject(ctx: RequestContext, projectId: number): Promise<{ ok: boolean }> {
    return this.registry.removeProject(ctx, projectId);
  }

  /** Stores a photo once by its SHA-256 after checking its size and its type by magic bytes. */
  addPhoto(ctx: RequestContext, venueId: number, file: UploadedFile): Promise<VenuePhoto> {
    return this.registry.addPhoto(ctx, venueId, file);
  }

  /** Where a photo of a venue I can read is stored, and its type. */
  photoFile(actor: Actor, venueId: number, photoId: number): Promise<{ path: string; mime: string; name: string }> {
    return this.registry.photoFile(actor, venueId, photoId);
  }

  /** A venue's booking rules: approval, the general monthly quota and each organization's own quota. */
  quotas(actor: Actor, venueId: number): Promise<VenueQuotas> {
    return this.registry.quotas(actor, venueId);
  }

  /** Replaces the organizations' own monthly quotas at a venue I manage. */
  setQuotas(ctx: RequestContext, venueId: number, orgs: Array<{ orgId: number; monthlyHours: number }>): Promise<VenueQuotas> {
    return this.registry.setQuotas(ctx, venueId, orgs);
  }

  // ───────────── Bookings ─────────────

  /**
   * Books a room inside the caller's transaction (for activities and other modules); see `VenueBookings.bookIn`.
   * Call it before appending the caller's own audit row.
   */
  bookIn(db: Tx, ctx: RequestContext, input: BookInput): Promise<BookResult> {
    return this.ledger.bookIn(db, ctx, input);
  }

  /** Books a room in a transaction of its own, audited. */
  book(ctx: RequestContext, input: BookInput): Promise<BookResult> {
    return this.ledger.book(ctx, input);
  }

  /** Bookings of a venue (or one room) in a time window. */
  bookings(actor: Actor, venueId: number, f: { roomId?: number; from: string; to: string; includePending: boolean }): Promise<Booking[]> {
    return this.ledger.bookings(actor, venueId, f);
  }

  /** Bookings held by my organization (and units below it) in a time window. */
  myBookings(actor: Actor, f: { from: string; to: string }): Promise<Booking[]> {
    return this.ledger.myBookings(actor, f);
  }

  /** Cancels a booking: by its organization (or one above it) or by the venue's manager; past bookings stay. */
  cancel(ctx: RequestContext, id: number, reason?: string): Promise<Booking> {
    return this.ledger.cancel(ctx, id, reason);
  }

  /** The venue's staff cancel a booking at a venue they manage; the booker sees the reason on its bookings. */
  cancelByVenue(ctx: RequestContext, id: number, reason: string): Promise<{ ok: boolean }> {
    return this.ledger.cancelByVenue(ctx, id, reason);
  }

  /** Cancels a booking made with an activity inside the caller's transaction (the activity was cancelled). */
  cancelIn(db: Tx, ctx: RequestContext, id: number): Promise<void> {
    return this.ledger.cancelIn(db, ctx, id);
  }

  /** Booking requests awaiting the decision of venues I manage. */
  inbox(actor: Actor, page: number, pageSize: number): Promise<{ items: Booking[]; total: number }> {
    return this.ledger.inbox(actor, page, pageSize);
  }

  /** The manager approves (the exclusion constraint may still refuse it) or rejects a booking request. */
  decide(ctx: RequestContext, id: number, approve: boolean, note?: string): Promise<Booking> {
    return this.ledger.decide(ctx, id, approve, note);
  }

  // ───────────── iCalendar feeds ─────────────

  /** The secret feed address of a venue I can read, or of my organization; created on first request, replaced on rotate. */
  feedAddress(ctx: RequestContext, kind: 'venue' | 'org', venueId: number | undefined, rotate: boolean): Promise<FeedAddress> {
    return this.feeds.feedAddress(ctx, kind, venueId, rotate);
  }

  /** The iCalendar text for a feed token; null for an unknown token. */
  feed(token: string): Promise<string | null> {
    return this.feeds.feed(token);
  }

  // ───────────── Coverage ─────────────

  /** The community × venue type matrix (with serving organizations counted) for my region subtree. */
  coverage(actor: Actor, f: { regionCode?: string; typeCode?: string; gapsOnly: boolean; page: number; pageSize: number }): Promise<Coverage> {
    return this.coverageOfTypes.coverage(actor, f);
  }

  /** Per venue type: how many communities of my region subtree it serves, and how many it misses. */
  coverageSummary(actor: Actor, regionCode?: string): Promise<CoverageSummary> {
    return this.coverageOfTypes.coverageSummary(actor, regionCode);
  }

  /** One community: the venues serving it by type, with their managers and co-builders. */
  coverageOf(actor: Actor, communityCode: string): Promise<CommunityCoverage> {
    return this.coverageOfTypes.coverageOf(actor, communityCode);
  }

  /** The gaps (communities missing an expected venue type), filtered, as an Excel workbook; audited. */
  exportGaps(ctx: RequestContext, f: { regionCode?: string; typeCode?: string }): Promise<Buffer> {
    return this.coverageOfTypes.exportGaps(ctx, f);
  }

  // ───────────── Portal and other modules ─────────────

  /** Public directory: active venues by region and type with weekly opening hours (no booking details). */
  publicList(f: { regionCode?: string; typeCode?: string; q?: string; page: number; pageSize: number }): Promise<{ items: PublicVenue[]; total: number }> {
    return this.directory.publicList(f);
  }

  /** For other modules' ETags: a stamp that changes when any of these venues or their hours change. */
  stampOf(ids: number[]): Promise<string> {
    return this.directory.stampOf(ids);
  }

  /** For other modules (the service catalogue): active venues by id with coordinates and weekly hours, no booking details. */
  publicByIds(ids: number[], db?: Db) {
    return this.directory.publicByIds(ids, db);
  }
}
