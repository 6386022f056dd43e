-- Talent programmes (人才培养, C9): 成都工匠学院, 蓉城巾帼学院, youth talent services. A programme of an organization
-- runs courses as sessions; each session is an activity (attendance is the activity's check-in); enrolment checks
-- eligibility; an assessment completes the enrolment; a completed enrolment gets a numbered certificate with a
-- verification token its QR code carries.

CREATE TABLE talent_programmes (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id         bigint NOT NULL REFERENCES orgs(id),
  org_path       ltree NOT NULL,
  region_path    ltree NOT NULL,
  -- The district of the organization (null for a city-level programme): the figures group by it.
  district_code  text REFERENCES regions(code),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind           text NOT NULL CHECK (kind IN ('craftsman', 'women', 'youth', 'other')),
  description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  eligibility    text NOT NULL CHECK (eligibility IN ('open', 'women', 'youth')),
  -- Sessions attended an enrolment needs before it may be assessed as passed.
  required_sessions int NOT NULL DEFAULT 1 CHECK (required_sessions BETWEEN 0 AND 200),
  capacity       int NOT NULL DEFAULT 100 CHECK (capacity BETWEEN 1 AND 100000),
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by     bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  version        int NOT NULL DEFAULT 1
);
CREATE INDEX talent_programmes_org ON talent_programmes USING gist (org_path);
CREATE INDEX talent_programmes_region ON talent_programmes USING gist (region_path);

CREATE TABLE talent_sessions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id  bigint NOT NULL REFERENCES talent_programmes(id),
  course        text NOT NULL CHECK (length(course) BETWEEN 1 AND 100),
  activity_id   bigint NOT NULL UNIQUE REFERENCES activities(id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talent_sessions_programme ON talent_sessions (programme_id);

CREATE TABLE talent_enrolments (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id  bigint NOT NULL REFERENCES talent_programmes(id),
  person_id     bigint NOT NULL REFERENCES people(id),
  -- How the person came: enrolled by staff or by themselves on the portal.
  source        text NOT NULL CHECK (source IN ('staff', 'portal')),
  status        text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'completed', 'failed')),
  score         int CHECK (score BETWEEN 0 AND 100),
  assessed_at   timestamptz,
  enrolled_at   timestamptz NOT NULL DEFAULT now(),
  version       int NOT NULL DEFAULT 1,
  UNIQUE (programme_id, person_id),
  CHECK ((status = 'enrolled') = (assessed_at IS NULL))
);
CREATE INDEX talent_enrolments_person ON talent_enrolments (person_id);

CREATE TABLE talent_certificates (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id  bigint NOT NULL UNIQUE REFERENCES talent_enrolments(id),
  number        text NOT NULL UNIQUE,
  verify_token  text NOT NULL,
  issued_on     date NOT NULL,
  issued_at     timestamptz NOT NULL DEFAULT now()
);

UPDATE roles SET permissions = permissions || ARRAY['talent.read', 'talent.manage'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['talent.read', 'talent.manage'] WHERE code = 'worker';
