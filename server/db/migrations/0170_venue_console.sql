-- The venue console (C4): venue types become a catalogue the system administrator edits (a district adds its own
-- kind of position, e.g. 职工服务中心, 劳模工匠之家); each venue says whether other organizations' bookings need the
-- manager's approval; monthly booking quotas can be set per booking organization, not only one figure per venue.

ALTER TABLE venue_types
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- true: bookings by organizations other than the manager and co-builders wait for approval (the behaviour so far);
-- false: they are confirmed at once (quota and opening hours still apply).
ALTER TABLE venues ADD COLUMN approval_required boolean NOT NULL DEFAULT true;

-- A monthly quota (hours per calendar month, China time) for one booking organization at one venue; it replaces the
-- venue's general figure for that organization.
CREATE TABLE venue_org_quotas (
  venue_id      bigint NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
  org_id        bigint NOT NULL REFERENCES orgs(id),
  monthly_hours int NOT NULL CHECK (monthly_hours BETWEEN 0 AND 744),
  PRIMARY KEY (venue_id, org_id)
);
CREATE INDEX venue_org_quotas_org ON venue_org_quotas (org_id);

UPDATE roles SET permissions = permissions || ARRAY['venue.type.write'] WHERE code = 'sys_admin';
