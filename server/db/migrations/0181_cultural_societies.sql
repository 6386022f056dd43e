-- Mass cultural societies (群众性文化文艺社团, C9): a society sponsored by an organization (e.g. 职工文学创作院,
-- 残疾人艺术团), its members (people), the activities it runs (activities of the activities module) and its
-- performances and works.

CREATE TABLE cultural_societies (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id       bigint NOT NULL REFERENCES orgs(id),
  org_path     ltree NOT NULL,
  region_path  ltree NOT NULL,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  art_form     text NOT NULL CHECK (art_form IN ('literature', 'music', 'dance', 'drama', 'fine_arts', 'photography', 'folk_art', 'other')),
  founded_on   date,
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dissolved')),
  created_by   bigint,
  created_at   timestamptz NOT NULL DEFAULT now(),
  version      int NOT NULL DEFAULT 1,
  UNIQUE (org_id, name)
);
CREATE INDEX cultural_societies_org ON cultural_societies USING gist (org_path);
CREATE INDEX cultural_societies_region ON cultural_societies USING gist (region_path);

CREATE TABLE cultural_society_members (
  society_id  bigint NOT NULL REFERENCES cultural_societies(id),
  person_id   bigint NOT NULL REFERENCES people(id),
  role        text NOT NULL CHECK (role IN ('leader', 'member')),
  joined_on   date NOT NULL,
  PRIMARY KEY (society_id, person_id)
);
CREATE INDEX cultural_society_members_person ON cultural_society_members (person_id);

CREATE TABLE cultural_society_activities (
  society_id  bigint NOT NULL REFERENCES cultural_societies(id),
  activity_id bigint NOT NULL REFERENCES activities(id),
  PRIMARY KEY (society_id, activity_id)
);

CREATE TABLE cultural_society_works (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  society_id  bigint NOT NULL REFERENCES cultural_societies(id),
  kind        text NOT NULL CHECK (kind IN ('performance', 'work')),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  happened_on date NOT NULL,
  note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cultural_society_works_society ON cultural_society_works (society_id, happened_on DESC);

UPDATE roles SET permissions = permissions || ARRAY['society.read', 'society.manage'] WHERE code IN ('org_admin', 'worker');
