-- A campaign belongs to an organization, like every other record written through the console: only an account
-- that may write that organization creates one, and only activities hosted at or below it (or, for the
-- coordination office, in its region) may join it. The two campaigns shipped with the schema have no owner: they
-- are platform-wide; where the city coordination office already exists they become its own.
ALTER TABLE campaigns
  ADD COLUMN owner_org_id bigint REFERENCES orgs(id),
  ADD COLUMN owner_org_path ltree,
  ADD COLUMN owner_region_path ltree,
  ADD COLUMN owner_cross_type boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT campaigns_owner_complete CHECK ((owner_org_id IS NULL) = (owner_org_path IS NULL) AND (owner_org_id IS NULL) = (owner_region_path IS NULL));

UPDATE campaigns c
   SET owner_org_id = o.id, owner_org_path = o.path, owner_region_path = r.path, owner_cross_type = true
  FROM (SELECT id, path, region_code FROM orgs WHERE type_code = 'coordination' AND parent_id IS NULL ORDER BY id LIMIT 1) o
  JOIN regions r ON r.code = o.region_code
 WHERE c.owner_org_id IS NULL;

-- Every campaign created from now on names its owner; the rows above that found none stay platform-wide.
ALTER TABLE campaigns ADD CONSTRAINT campaigns_owner_required CHECK (owner_org_id IS NOT NULL) NOT VALID;

CREATE INDEX campaigns_owner_path ON campaigns USING gist (owner_org_path);
