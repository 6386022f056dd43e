-- Worker benefits (职工普惠, C15): offers published by a union for the members of its subtree, claimed on the portal
-- (first come first served, lottery after the window, or application with review), vouchers a provider redeems,
-- person-times per offer and day, ratings of redeemed benefits.

-- Merchants and partners that provide benefits are partner organizations with their own accounts.
INSERT INTO org_types (code, name_zh, name_en, sort, is_partner) VALUES
  ('provider', '普惠服务商', 'Benefit provider', 40, true);

CREATE TABLE benefit_offers (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The publishing union and its path, copied so every scope check is a predicate on this table.
  org_id                bigint NOT NULL REFERENCES orgs(id),
  org_path              ltree NOT NULL,
  org_name              text NOT NULL,
  district_code         text REFERENCES regions(code),
  provider_org_id       bigint NOT NULL REFERENCES orgs(id),
  provider_path         ltree NOT NULL,
  provider_name         text NOT NULL,
  eligible_org_id       bigint NOT NULL REFERENCES orgs(id),
  title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  brand                 text NOT NULL DEFAULT '' CHECK (length(brand) <= 50),
  description           text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  kind                  text NOT NULL CHECK (kind IN ('free_service', 'discount', 'voucher', 'goods', 'subsidy', 'mutual_aid', 'education_grant', 'seasonal_care')),
  -- Members of unions under eligible_org_path; optionally only in some regions, optionally only with one of the tags.
  eligible_org_path     ltree NOT NULL,
  eligible_region_paths ltree[] NOT NULL DEFAULT '{}',
  eligible_tags         text[] NOT NULL DEFAULT '{}',
  quota                 int NOT NULL CHECK (quota BETWEEN 1 AND 10000000),
  per_member_limit      int NOT NULL CHECK (per_member_limit BETWEEN 1 AND 100),
  limit_period          text NOT NULL CHECK (limit_period IN ('offer', 'month', 'year')),
  claim_from            timestamptz NOT NULL,
  claim_to              timestamptz NOT NULL,
  voucher_days          int NOT NULL CHECK (voucher_days BETWEEN 1 AND 366),
  mode                  text NOT NULL CHECK (mode IN ('fcfs', 'lottery', 'review')),
  -- How many rows the remaining quota is spread over, so a crowd on one offer does not queue on one row lock.
  slices                int NOT NULL DEFAULT 1 CHECK (slices BETWEEN 1 AND 64),
  waitlist              boolean NOT NULL DEFAULT false,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'drawn')),
  -- The lottery: the seed published at the draw and the entrants' claim ids in order; anyone re-runs the ranking.
  lottery_seed          text,
  lottery_entrants      bigint[],
  lottery_places        int,
  drawn_at              timestamptz,
  created_by            bigint,
  created_at            timestamptz NOT NULL DEFAULT now(),
  version               int NOT NULL DEFAULT 1,
  CHECK (claim_from < claim_to),
  CHECK ((status = 'drawn') = (drawn_at IS NOT NULL) AND (drawn_at IS NULL) = (lottery_seed IS NULL) AND (drawn_at IS NULL) = (lottery_entrants IS NULL)),
  CHECK (mode = 'fcfs' OR NOT waitlist)
);
CREATE INDEX benefit_offers_org ON benefit_offers USING gist (org_path);
CREATE INDEX benefit_offers_provider ON benefit_offers (provider_org_id, id DESC);
CREATE INDEX benefit_offers_eligible ON benefit_offers USING gist (eligible_org_path);

-- The remaining quota, split into slices; a claim takes one unit from one slice. CHECK: never below zero.
CREATE TABLE benefit_quota_slices (
  offer_id  bigint NOT NULL REFERENCES benefit_offers(id),
  slice     int NOT NULL CHECK (slice >= 0),
  remaining int NOT NULL CHECK (remaining >= 0),
  PRIMARY KEY (offer_id, slice)
);

-- Claims per person, offer and period: the per-member limit is copied into the row and checked by the database.
CREATE TABLE benefit_member_counts (
  offer_id  bigint NOT NULL REFERENCES benefit_offers(id),
  person_id bigint NOT NULL REFERENCES people(id),
  period    text NOT NULL,
  used      int NOT NULL CHECK (used >= 0),
  lim       int NOT NULL,
  PRIMARY KEY (offer_id, person_id, period),
  CHECK (used <= lim)
);

CREATE TABLE benefit_claims (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  offer_id        bigint NOT NULL REFERENCES benefit_offers(id),
  person_id       bigint NOT NULL REFERENCES people(id),
  member_id       bigint NOT NULL,
  member_org_id   bigint NOT NULL REFERENCES orgs(id),
  district_code   text,
  period          text NOT NULL,
  -- entered: in the lottery; applied: awaiting review; waitlisted: waiting for a returned unit;
  -- issued: a voucher; redeemed; cancelled; lost (lottery); rejected (review).
  status          text NOT NULL CHECK (status IN ('entered', 'applied', 'waitlisted', 'issued', 'redeemed', 'cancelled', 'lost', 'rejected')),
  -- The quota slice the unit came from (issued and redeemed claims hold one unit).
  slice           int,
  code            text UNIQUE CHECK (code ~ '^[0-9A-HJ-NP-Z]{12}$'),
  expires_at      timestamptz,
  note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  decided_by      bigint,
  redeemed_at     timestamptz,
  redeemed_by     bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('issued', 'redeemed')) = (slice IS NOT NULL)),
  CHECK ((status IN ('issued', 'redeemed')) = (code IS NOT NULL AND expires_at IS NOT NULL)),
  CHECK ((status = 'redeemed') = (redeemed_at IS NOT NULL))
);
CREATE INDEX benefit_claims_offer ON benefit_claims (offer_id, status, id);
CREATE INDEX benefit_claims_person ON benefit_claims (person_id, id DESC);

-- Person-times per offer, day and district: each redemption adds one; an online service reports a day's count.
CREATE TABLE benefit_usage (
  offer_id      bigint NOT NULL REFERENCES benefit_offers(id),
  day           date NOT NULL,
  source        text NOT NULL CHECK (source IN ('redeem', 'report')),
  district_code text NOT NULL DEFAULT '',
  count         bigint NOT NULL CHECK (count >= 0),
  PRIMARY KEY (offer_id, day, source, district_code)
);

-- API keys a provider issues to its online service for daily usage reports; only a hash is kept.
CREATE TABLE benefit_api_keys (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  provider_org_id bigint NOT NULL REFERENCES orgs(id),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  key_hash        bytea NOT NULL UNIQUE,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz
);

-- A redeemed benefit is rated through the ratings component.
ALTER TABLE ratings DROP CONSTRAINT ratings_subject_type_check;
ALTER TABLE ratings ADD CONSTRAINT ratings_subject_type_check CHECK (subject_type IN ('request', 'activity', 'service', 'benefit'));

INSERT INTO roles (code, name_zh, name_en, admin_kind, permissions) VALUES
  ('benefit_provider', '普惠服务商人员', 'Benefit provider staff', NULL, ARRAY['benefit.redeem']);
UPDATE roles SET permissions = permissions || ARRAY['benefit.read', 'benefit.manage'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['benefit.read'] WHERE code IN ('worker', 'viewer');
