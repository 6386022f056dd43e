-- Service catalogue and brands (C5): the services the mass organizations offer, by brand, published in the portal's
-- directory and as Open Referral HSDS 3.0 open data. Nothing here is personal: contacts are offices, not people.

CREATE TABLE cat_brands (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 50),
  name_en      text NOT NULL DEFAULT '' CHECK (length(name_en) <= 100),
  owner_org_id bigint NOT NULL REFERENCES orgs(id),
  owner_path   ltree NOT NULL,
  owner_name   text NOT NULL,
  logo_url     text CHECK (logo_url IS NULL OR logo_url ~ '^(https://|/)'),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  version      int NOT NULL DEFAULT 1
);
CREATE INDEX cat_brands_owner ON cat_brands USING gist (owner_path);

CREATE TABLE cat_services (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The lead provider's tree edits the service; further providers are listed in providers.
  org_id          bigint NOT NULL REFERENCES orgs(id),
  org_path        ltree NOT NULL,
  region_path     ltree NOT NULL,
  org_name        text NOT NULL,
  -- Every provider [{id, name}], the lead first.
  providers       jsonb NOT NULL CHECK (jsonb_typeof(providers) = 'array'),
  district_codes  text[] NOT NULL DEFAULT '{}',
  brand_id        bigint REFERENCES cat_brands(id),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 60),
  -- Pinyin initials of the name (lower case, e.g. 'zgfw'), kept by the service so SQL can search them.
  name_initials   text NOT NULL CHECK (name_initials ~ '^[a-z0-9]*$'),
  name_en         text NOT NULL DEFAULT '' CHECK (length(name_en) <= 120),
  description     text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  description_en  text NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000),
  target_groups   text[] NOT NULL DEFAULT '{}',
  channels        text[] NOT NULL CHECK (cardinality(channels) >= 1 AND channels <@ ARRAY['venue', 'online', 'phone', 'home_visit']),
  eligibility     text NOT NULL DEFAULT '' CHECK (length(eligibility) <= 1000),
  documents       text[] NOT NULL DEFAULT '{}',
  hours           text NOT NULL DEFAULT '' CHECK (length(hours) <= 200),
  fees            text NOT NULL DEFAULT '' CHECK (length(fees) <= 200),
  apply_kind      text NOT NULL DEFAULT 'none' CHECK (apply_kind IN ('none', 'request_category', 'activity', 'benefit', 'url')),
  apply_ref       text NOT NULL DEFAULT '' CHECK (length(apply_ref) <= 300),
  accessibility   text[] NOT NULL DEFAULT '{}',
  office_phone    text NOT NULL DEFAULT '' CHECK (office_phone ~ '^[0-9-]{0,20}$'),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         int NOT NULL DEFAULT 1,
  CHECK (apply_kind = 'none' OR length(apply_ref) > 0),
  CHECK (apply_kind <> 'url' OR apply_ref ~ '^https://')
);
CREATE INDEX cat_services_org ON cat_services USING gist (org_path);
CREATE INDEX cat_services_region ON cat_services USING gist (region_path);
CREATE INDEX cat_services_brand ON cat_services (brand_id);
CREATE INDEX cat_services_initials ON cat_services (name_initials text_pattern_ops);
CREATE INDEX cat_services_name_trgm ON cat_services USING gin (name gin_trgm_ops);

-- The venues (阵地) where a service is offered (venue ids of the venues module).
CREATE TABLE cat_service_venues (
  service_id bigint NOT NULL REFERENCES cat_services(id),
  venue_id   bigint NOT NULL,
  PRIMARY KEY (service_id, venue_id)
);

UPDATE roles SET permissions = permissions || ARRAY['catalogue.read', 'catalogue.write'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['catalogue.read'] WHERE code IN ('worker', 'coordinator', 'viewer');
