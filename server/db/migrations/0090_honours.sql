-- Honours (评选表彰, C14): award programmes with quotas per district and composition rules, nomination from below,
-- review street → district → city, vetting by partner departments (征求意见), public notice (公示) with citizens'
-- objections, announcement, certificates with a number and a verification token.

-- Vetting departments are partner organizations with their own accounts, like the agencies of joint mediation.
INSERT INTO org_types (code, name_zh, name_en, sort, is_partner) VALUES
  ('discipline', '纪委监委', 'Discipline inspection and supervision commission', 33, true),
  ('police', '公安局', 'Public security bureau', 34, true),
  ('market', '市场监管局', 'Market regulation bureau', 35, true),
  ('ecology', '生态环境局', 'Ecology and environment bureau', 36, true),
  ('health_comm', '卫生健康委', 'Health commission', 37, true);

CREATE SEQUENCE honour_certificate_seq;

CREATE TABLE honour_programmes (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The awarding organization (a city-level unit); its tree nominates, its districts and streets review.
  org_id          bigint NOT NULL REFERENCES orgs(id),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  award_title     text NOT NULL CHECK (length(award_title) BETWEEN 1 AND 50),
  year            int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  kinds           text[] NOT NULL CHECK (cardinality(kinds) BETWEEN 1 AND 2 AND kinds <@ ARRAY['individual', 'collective']),
  -- Typed nominee criteria [{key, type, labelZh, labelEn, required, options?, min?, max?}], checked by the policy.
  criteria        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(criteria) = 'array'),
  -- Required documents [{key, labelZh, labelEn}].
  documents       jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),
  -- Composition rules [{attribute, op: min|max, percent}] over the individuals of a level's list.
  rules           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rules) = 'array'),
  allow_exception boolean NOT NULL DEFAULT false,
  nomination_from date NOT NULL,
  nomination_to   date NOT NULL,
  review_to       date NOT NULL,
  notice_days     int NOT NULL CHECK (notice_days BETWEEN 5 AND 30),
  announce_on     date NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'notice', 'announced')),
  notice_from     date,
  notice_to       date,
  announced_at    timestamptz,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  version         int NOT NULL DEFAULT 1,
  CHECK (nomination_from <= nomination_to AND nomination_to <= review_to AND review_to <= announce_on),
  CHECK ((status = 'open') = (notice_from IS NULL) AND (notice_from IS NULL) = (notice_to IS NULL)),
  CHECK ((status = 'announced') = (announced_at IS NOT NULL))
);
CREATE INDEX honour_programmes_org ON honour_programmes (org_id, year DESC);
CREATE INDEX honour_programmes_status ON honour_programmes (status) WHERE status <> 'open';

-- Places per district: a hard limit. Streets forward within it, the district forwards within it; the CHECK holds
-- even if a statement forgot its WHERE, and `UPDATE … WHERE used + k <= quota` serializes forwards on the row lock.
CREATE TABLE honour_quotas (
  programme_id  bigint NOT NULL REFERENCES honour_programmes(id),
  district_code text NOT NULL REFERENCES regions(code),
  quota         int NOT NULL CHECK (quota BETWEEN 0 AND 10000),
  street_used   int NOT NULL DEFAULT 0,
  district_used int NOT NULL DEFAULT 0,
  PRIMARY KEY (programme_id, district_code),
  CHECK (street_used BETWEEN 0 AND quota),
  CHECK (district_used BETWEEN 0 AND quota)
);

-- The departments each programme asks for an opinion on every nominee (partner organizations).
CREATE TABLE honour_vetters (
  programme_id bigint NOT NULL REFERENCES honour_programmes(id),
  org_id       bigint NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (programme_id, org_id)
);
CREATE INDEX honour_vetters_org ON honour_vetters (org_id);

CREATE TABLE honour_nominations (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id     bigint NOT NULL REFERENCES honour_programmes(id),
  kind             text NOT NULL CHECK (kind IN ('individual', 'collective')),
  -- The chain the nomination climbs, copied at nomination so every level's scope is one predicate.
  nominator_org_id bigint NOT NULL REFERENCES orgs(id),
  nominator_path   ltree NOT NULL,
  street_org_id    bigint NOT NULL REFERENCES orgs(id),
  street_path      ltree NOT NULL,
  district_org_id  bigint NOT NULL REFERENCES orgs(id),
  district_path    ltree NOT NULL,
  city_path        ltree NOT NULL,
  district_code    text NOT NULL REFERENCES regions(code),
  -- An individual is a person record; only masks are copied (lists never decrypt).
  person_id        bigint REFERENCES people(id),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_masked      text NOT NULL,
  id_number_masked text,
  phone_masked     text,
  credit_code      text CHECK (credit_code IS NULL OR credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  -- Public on the notice: the unit and a short account of the deeds; never an ID number, phone or address.
  unit_name        text NOT NULL CHECK (length(unit_name) BETWEEN 1 AND 100),
  position         text NOT NULL DEFAULT '' CHECK (length(position) <= 50),
  deeds            text NOT NULL CHECK (length(deeds) BETWEEN 1 AND 300),
  recommendation   text NOT NULL CHECK (length(recommendation) BETWEEN 1 AND 2000),
  frontline        boolean NOT NULL DEFAULT false,
  female           boolean NOT NULL DEFAULT false,
  leader           boolean NOT NULL DEFAULT false,
  minority         boolean NOT NULL DEFAULT false,
  new_form         boolean NOT NULL DEFAULT false,
  answers          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(answers) = 'object'),
  documents        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(documents) = 'object'),
  stage            text NOT NULL CHECK (stage IN ('street', 'district', 'city', 'shortlisted', 'awarded', 'rejected', 'returned')),
  return_reason    text NOT NULL DEFAULT '',
  decision_note    text NOT NULL DEFAULT '',
  created_by       bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          int NOT NULL DEFAULT 1,
  CHECK ((kind = 'individual') = (person_id IS NOT NULL)),
  CHECK (kind = 'individual' OR credit_code IS NOT NULL)
);
CREATE INDEX honour_nominations_programme ON honour_nominations (programme_id, stage);
CREATE INDEX honour_nominations_street ON honour_nominations USING gist (street_path);
CREATE INDEX honour_nominations_nominator ON honour_nominations USING gist (nominator_path);
CREATE INDEX honour_nominations_district ON honour_nominations (district_path, programme_id);
CREATE INDEX honour_nominations_person ON honour_nominations (person_id) WHERE person_id IS NOT NULL;
-- One live nomination per person or collective and programme.
CREATE UNIQUE INDEX honour_nominations_person_once ON honour_nominations (programme_id, person_id) WHERE person_id IS NOT NULL AND stage NOT IN ('rejected', 'returned');
CREATE UNIQUE INDEX honour_nominations_collective_once ON honour_nominations (programme_id, credit_code) WHERE kind = 'collective' AND stage NOT IN ('rejected', 'returned');

-- One opinion per nominee and vetting department; an objection states its reason.
CREATE TABLE honour_vettings (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nomination_id bigint NOT NULL REFERENCES honour_nominations(id),
  org_id        bigint NOT NULL REFERENCES orgs(id),
  verdict       text CHECK (verdict IN ('clear', 'objection')),
  reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  responded_by  bigint,
  responded_at  timestamptz,
  UNIQUE (nomination_id, org_id),
  CHECK (verdict IS DISTINCT FROM 'objection' OR length(reason) > 0),
  CHECK ((verdict IS NULL) = (responded_at IS NULL))
);
CREATE INDEX honour_vettings_org ON honour_vettings (org_id, verdict);

-- A citizen's objection during the notice window (signed in by phone and one-time code), and its outcome.
CREATE TABLE honour_objections (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nomination_id bigint NOT NULL REFERENCES honour_nominations(id),
  person_id     bigint NOT NULL REFERENCES people(id),
  evidence      text NOT NULL CHECK (length(evidence) BETWEEN 10 AND 2000),
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  outcome       text,
  decided_by    bigint,
  decided_at    timestamptz,
  lodged_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'open') = (outcome IS NULL) AND (outcome IS NULL) = (decided_at IS NULL))
);
CREATE INDEX honour_objections_nomination ON honour_objections (nomination_id, status);

-- A list forwarded although it breaks a composition rule: the written reason and the shortfall at that moment.
CREATE TABLE honour_exceptions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id   bigint NOT NULL REFERENCES honour_programmes(id),
  org_id         bigint NOT NULL REFERENCES orgs(id),
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  shortfall      jsonb NOT NULL,
  nomination_ids bigint[] NOT NULL,
  created_by     bigint,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX honour_exceptions_programme ON honour_exceptions (programme_id);

-- The timeline of a nomination, written in the same transaction as each step.
CREATE TABLE honour_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nomination_id bigint NOT NULL REFERENCES honour_nominations(id),
  kind          text NOT NULL CHECK (kind IN ('nominate', 'forward', 'return', 'resubmit', 'vetting', 'vet', 'shortlist', 'reject', 'objection', 'objection_decided', 'award')),
  actor_id      bigint,
  org_id        bigint REFERENCES orgs(id),
  note          text NOT NULL DEFAULT '',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX honour_events_nomination ON honour_events (nomination_id, id);

-- The honour itself: on the person's or the organization's record, with the certificate number and the token
-- its QR code carries to the portal's verification page.
CREATE TABLE honour_awards (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nomination_id bigint NOT NULL UNIQUE REFERENCES honour_nominations(id),
  programme_id  bigint NOT NULL REFERENCES honour_programmes(id),
  number        text NOT NULL UNIQUE CHECK (number ~ '^RY-[0-9]{4}-[0-9]{6,}$'),
  verify_token  text NOT NULL CHECK (length(verify_token) BETWEEN 16 AND 64),
  person_id     bigint REFERENCES people(id),
  credit_code   text,
  awarded_on    date NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX honour_awards_person ON honour_awards (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX honour_awards_credit ON honour_awards (credit_code) WHERE credit_code IS NOT NULL;

INSERT INTO roles (code, name_zh, name_en, admin_kind, permissions) VALUES
  ('honour_vetter', '评选表彰征求意见单位人员', 'Honours vetting department staff', NULL, ARRAY['honour.vet']);
UPDATE roles SET permissions = permissions || ARRAY['honour.read', 'honour.nominate', 'honour.review', 'honour.manage'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['honour.read', 'honour.nominate'] WHERE code = 'worker';
