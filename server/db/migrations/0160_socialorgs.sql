-- Social organizations (社会组织, C11): the registry with credit code, documents with expiry, federation membership
-- (枢纽型), incubation, and purchased-service projects (购买服务): call → application → review → contract →
-- milestones → evaluation. Each registered social organization is an organization of the partner type
-- 'social_org' (a root of its own, so its accounts see only their own record) linked one-to-one to its registry row.

INSERT INTO org_types (code, name_zh, name_en, sort, is_partner) VALUES
  ('social_org', '社会组织', 'Social organization', 40, true);

CREATE TABLE sorg_orgs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id          bigint NOT NULL UNIQUE REFERENCES orgs(id),
  name            text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
  credit_code     text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  reg_type        text NOT NULL CHECK (reg_type IN ('association', 'social_service', 'foundation')),
  authority       text NOT NULL CHECK (length(authority) BETWEEN 2 AND 100),
  registered_on   date NOT NULL,
  domain          text NOT NULL CHECK (domain IN ('labour', 'women_children', 'youth', 'disability', 'science', 'returnees', 'elderly', 'community', 'other')),
  region_code     text NOT NULL REFERENCES regions(code),
  region_path     ltree NOT NULL,
  region_name     text NOT NULL,
  service_areas   text[] NOT NULL DEFAULT '{}',
  rating          text CHECK (rating IN ('3A', '4A', '5A')),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deregistered')),
  -- The contact person is a people record; only the masks are copied here.
  contact_person_id bigint REFERENCES people(id),
  contact_name_masked  text,
  contact_phone_masked text,
  -- The mass organization that keeps the record (its tree edits it).
  keeper_org_id   bigint NOT NULL REFERENCES orgs(id),
  keeper_path     ltree NOT NULL,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  version         int NOT NULL DEFAULT 1
);
CREATE INDEX sorg_orgs_region ON sorg_orgs USING gist (region_path);
CREATE INDEX sorg_orgs_keeper ON sorg_orgs USING gist (keeper_path);

CREATE TABLE sorg_documents (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sorg_id     bigint NOT NULL REFERENCES sorg_orgs(id),
  kind        text NOT NULL CHECK (kind IN ('registration', 'annual_inspection', 'charter', 'other')),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  expires_on  date,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sorg_documents_expiry ON sorg_documents (expires_on) WHERE expires_on IS NOT NULL;
CREATE INDEX sorg_documents_sorg ON sorg_documents (sorg_id);

-- Federation (枢纽型): a hub social organization and its members; leaving closes the row, rejoining opens a new one.
CREATE TABLE sorg_memberships (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hub_id    bigint NOT NULL REFERENCES sorg_orgs(id),
  member_id bigint NOT NULL REFERENCES sorg_orgs(id),
  joined_on date NOT NULL,
  left_on   date,
  CHECK (hub_id <> member_id),
  CHECK (left_on IS NULL OR left_on >= joined_on)
);
CREATE UNIQUE INDEX sorg_memberships_open ON sorg_memberships (hub_id, member_id) WHERE left_on IS NULL;

-- Incubation by a mass organization (e.g. the women's federation's incubator): phase, mentor, support, graduation.
CREATE TABLE sorg_incubations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sorg_id      bigint NOT NULL REFERENCES sorg_orgs(id),
  org_id       bigint NOT NULL REFERENCES orgs(id),
  org_path     ltree NOT NULL,
  programme    text NOT NULL CHECK (length(programme) BETWEEN 1 AND 100),
  phase        text NOT NULL DEFAULT 'incubating' CHECK (phase IN ('incubating', 'growing', 'graduated', 'withdrawn')),
  mentor       text NOT NULL DEFAULT '' CHECK (length(mentor) <= 100),
  support      text NOT NULL DEFAULT '' CHECK (length(support) <= 1000),
  started_on   date NOT NULL,
  graduated_on date,
  version      int NOT NULL DEFAULT 1,
  CHECK ((phase = 'graduated') = (graduated_on IS NOT NULL))
);
CREATE INDEX sorg_incubations_org ON sorg_incubations USING gist (org_path);

-- A call for proposals (征集) by a mass organization.
CREATE TABLE sorg_calls (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id        bigint NOT NULL REFERENCES orgs(id),
  org_path      ltree NOT NULL,
  org_name      text NOT NULL,
  title         text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  description   text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  budget        int NOT NULL CHECK (budget BETWEEN 1 AND 100000000),
  area_code     text NOT NULL REFERENCES regions(code),
  area_path     ltree NOT NULL,
  area_name     text NOT NULL,
  target_groups text[] NOT NULL DEFAULT '{}',
  -- [{key, label, weight}], weights summing to 100 (checked by the policy).
  criteria      jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'array' AND jsonb_array_length(criteria) BETWEEN 1 AND 10),
  deadline      date NOT NULL,
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'review', 'awarded', 'closed')),
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  version       int NOT NULL DEFAULT 1
);
CREATE INDEX sorg_calls_org ON sorg_calls USING gist (org_path);

-- The review panel: accounts of the calling organization's tree.
CREATE TABLE sorg_reviewers (
  call_id    bigint NOT NULL REFERENCES sorg_calls(id),
  account_id bigint NOT NULL REFERENCES accounts(id),
  name       text NOT NULL,
  PRIMARY KEY (call_id, account_id)
);

CREATE TABLE sorg_applications (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id      bigint NOT NULL REFERENCES sorg_calls(id),
  sorg_id      bigint NOT NULL REFERENCES sorg_orgs(id),
  org_id       bigint NOT NULL REFERENCES orgs(id),
  title        text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
  proposal     text NOT NULL CHECK (length(proposal) BETWEEN 1 AND 4000),
  amount       int NOT NULL CHECK (amount >= 1),
  documents    text[] NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'awarded', 'declined')),
  total_score  numeric(6,2),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, sorg_id)
);
CREATE INDEX sorg_applications_org ON sorg_applications (org_id);

-- Each reviewer declares, per application, whether they have a conflict of interest. A score row must point at a
-- declaration of no conflict: the foreign key below makes a conflicted reviewer's score impossible in the database.
CREATE TABLE sorg_declarations (
  application_id bigint NOT NULL REFERENCES sorg_applications(id),
  account_id     bigint NOT NULL REFERENCES accounts(id),
  conflict       boolean NOT NULL,
  note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  declared_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, account_id),
  UNIQUE (application_id, account_id, conflict)
);

CREATE TABLE sorg_scores (
  application_id bigint NOT NULL,
  account_id     bigint NOT NULL,
  no_conflict    boolean NOT NULL DEFAULT false CHECK (no_conflict = false),
  criterion      text NOT NULL CHECK (length(criterion) BETWEEN 1 AND 40),
  score          int NOT NULL CHECK (score BETWEEN 0 AND 100),
  scored_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, account_id, criterion),
  FOREIGN KEY (application_id, account_id, no_conflict) REFERENCES sorg_declarations (application_id, account_id, conflict) ON UPDATE RESTRICT
);

-- The contract of an awarded application: the project.
CREATE TABLE sorg_projects (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id  bigint NOT NULL UNIQUE REFERENCES sorg_applications(id),
  call_id         bigint NOT NULL REFERENCES sorg_calls(id),
  sorg_id         bigint NOT NULL REFERENCES sorg_orgs(id),
  org_id          bigint NOT NULL REFERENCES orgs(id),
  funder_org_id   bigint NOT NULL REFERENCES orgs(id),
  funder_path     ltree NOT NULL,
  funder_name     text NOT NULL,
  title           text NOT NULL,
  amount          int NOT NULL CHECK (amount >= 1),
  starts_on       date NOT NULL,
  ends_on         date NOT NULL CHECK (ends_on >= starts_on),
  -- [{key, label, kind: activities | person_times, target}]
  deliverables    jsonb NOT NULL CHECK (jsonb_typeof(deliverables) = 'array'),
  status          text NOT NULL DEFAULT 'signed' CHECK (status IN ('signed', 'delivering', 'evaluated')),
  signed_at       timestamptz NOT NULL DEFAULT now(),
  evaluation_score int CHECK (evaluation_score BETWEEN 0 AND 100),
  evaluation_note text,
  evaluated_at    timestamptz,
  version         int NOT NULL DEFAULT 1,
  CHECK ((status = 'evaluated') = (evaluated_at IS NOT NULL))
);
CREATE INDEX sorg_projects_funder ON sorg_projects USING gist (funder_path);
CREATE INDEX sorg_projects_org ON sorg_projects (org_id);

CREATE TABLE sorg_milestones (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES sorg_projects(id),
  seq         int NOT NULL CHECK (seq BETWEEN 1 AND 20),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  due_on      date NOT NULL,
  payment     int NOT NULL CHECK (payment >= 0),
  status      text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'reported', 'accepted', 'returned')),
  report      text NOT NULL DEFAULT '' CHECK (length(report) <= 4000),
  reported_at timestamptz,
  accepted_at timestamptz,
  paid_on     date,
  UNIQUE (project_id, seq),
  CHECK ((status = 'accepted') = (accepted_at IS NOT NULL) AND (accepted_at IS NULL) = (paid_on IS NULL))
);

-- Activities the organization ran under the project (recorded in the activities module).
CREATE TABLE sorg_project_activities (
  project_id  bigint NOT NULL REFERENCES sorg_projects(id),
  activity_id bigint NOT NULL UNIQUE,
  linked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, activity_id)
);

INSERT INTO roles (code, name_zh, name_en, admin_kind, permissions) VALUES
  ('sorg_staff', '社会组织工作人员', 'Social organization staff', NULL, ARRAY['sorg.self', 'activity.read', 'activity.write', 'activity.checkin']);
UPDATE roles SET permissions = permissions || ARRAY['sorg.read', 'sorg.manage', 'sorg.review'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['sorg.read', 'sorg.review'] WHERE code = 'worker';
UPDATE roles SET permissions = permissions || ARRAY['sorg.read'] WHERE code IN ('coordinator', 'viewer');
