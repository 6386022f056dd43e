import type { PublicVenue } from '../../../contracts/venues.js';
import type { Database, Db } from '../../db/client.js';
import { regionPathOf } from './registry.service.js';
import * as repo from './venues.repository.js';

/** The public side of the registry: the portal's directory, and what other modules show of a venue. */
export class VenueDirectory {
  constructor(private readonly db: Database) {}

  /** Public directory: active venues by region and type with weekly opening hours (no booking details). */
  async publicList(f: {
    regionCode?: string;
    typeCode?: string;
    q?: string;
    page: number;
    pageSize: number;
  }): Promise<{ items: PublicVenue[]; total: number }> {
    const regionPath = await regionPathOf(this.db, f.regionCode, 'regionCode');
    const { rows, total } = await repo.listPublic(this.db, { regionPath, typeCode: f.typeCode, q: f.q, limit: f.pageSize, offset: (f.page - 1) * f.pageSize });
    const hours = await repo.hoursOf(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        typeCode: r.type_code,
        name: r.name,
        regionCode: r.region_code,
        regionName: r.region_name,
        streetName: r.street_name,
        address: r.address,
        accessibility: r.accessibility,
        openOnHolidays: r.open_on_holidays,
        weekly: hours.filter((h) => h.venue_id === r.id).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
      })),
      total,
    };
  }

  /** For other modules' ETags: a stamp that changes when any of these venues or their hours change. */
  async stampOf(ids: number[]): Promise<string> {
    return repo.stampOf(this.db, ids);
  }

  /** For other modules (the service catalogue): active venues by id with coordinates and weekly hours, no booking details. */
  async publicByIds(ids: number[], db: Db = this.db) {
    const rows = await repo.publicByIds(db, ids);
    const hours = await repo.hoursOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      typeCode: r.type_code,
      regionCode: r.region_code,
      regionName: r.region_name,
      streetName: r.street_name,
      districtCode: r.district_code,
      address: r.address,
      lat: r.lat === null ? null : Number(r.lat),
      lng: r.lng === null ? null : Number(r.lng),
      accessibility: r.accessibility,
      weekly: hours.filter((h) => h.venue_id === r.id).map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
    }));
  }
}
