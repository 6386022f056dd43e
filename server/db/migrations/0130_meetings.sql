-- Joint meetings and supervised action items (联席会议, 督办, C12) and co-hosted projects (重大项目, C13).
-- Government departments take part as partner organizations with their own accounts; which department takes
-- part in which series, item or project is a row of this module (meeting_members, action_item_orgs,
-- project_hosts), exactly as disputes' invitations and honours' vetters.

INSERT INTO org_types (code, name_zh, name_en, sort, is_partner) VALUES
  ('education', '教育局', 'Education bureau', 40, true),
  ('finance', '财政局', 'Finance bureau', 41, true),
  ('civil_affairs', '民政局', 'Civil affairs bureau', 42, true),
  ('development', '发展改革委', 'Development and reform commission', 43, true),
  ('housing', '住房城乡建设局', 'Housing and urban-rural development bureau', 44, true),
  ('culture_tourism', '文化广电旅游局', 'Culture, radio, television and tourism bureau', 45, true),
  ('science_tech', '科学技术局', 'Science and technology bureau', 46, true),
  ('economy', '经济和信息化局', 'Economy and information technology bureau', 47, true),
  ('agriculture', '农业农村局', 'Agriculture and rural affairs bureau', 48, true),
  ('transport', '交通运输局', 'Transport bureau', 49, true),
  ('commerce', '商务局', 'Commerce bureau', 50, true),
  ('sports', '体育局', 'Sports bureau', 51, true),
  ('veterans', '退役军人事务局', 'Veterans affairs bureau', 52, true),
  ('emergency', '应急管理局', 'Emergency management bureau', 53, true),
  ('statistics', '统计局', 'Statistics bureau', 54, true),
  ('planning', '规划和自然资源局', 'Planning and natural resources bureau', 55, true),
  ('government_office', '政府办公厅', 'General office of the government', 56, true)
ON CONFLICT (code) DO NOTHING;

-- A meeting series of one level (city, or one district), run by its secretariat (the coordination office).
CREATE TABLE meeting_series (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  level               text NOT NULL CHECK (level IN ('city', 'district')),
  cadence             text NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'yearly', 'ad_hoc')),
  -- Who convenes (a post, e.g. 市政府主要领导); the secretariat organization runs the series.
  convenor            text NOT NULL CHECK (length(convenor) BETWEEN 1 AND 100),
  secretariat_org_id  bigint NOT NULL REFERENCES orgs(id),
  secretariat_path    ltree NOT NULL,
  region_code         text NOT NULL REFERENCES regions(code),
  region_path         ltree NOT NULL,
  -- The planned date: day of month (and month of the quarter/year); a non-working day moves to the next working day.
  anchor_day          int NOT NULL DEFAULT 10 CHECK (anchor_day BETWEEN 1 AND 28),
  anchor_month        int NOT NULL DEFAULT 1 CHECK (anchor_month BETWEEN 1 AND 12),
  start_time          text NOT NULL DEFAULT '09:30' CHECK (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  duration_minutes    int NOT NULL DEFAULT 120 CHECK (duration_minutes BETWEEN 15 AND 600),
  -- Members propose topics until this many working days before the meeting.
  topic_deadline_days int NOT NULL DEFAULT 5 CHECK (topic_deadline_days BETWEEN 0 AND 60),
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  created_by          bigint,
  created_at          timestamptz NOT NULL DEFAULT now(),
  version             int NOT NULL DEFAULT 1
);
CREATE INDEX meeting_series_secretariat ON meeting_series USING gist (secretariat_path);
CREATE INDEX meeting_series_region ON meeting_series USING gist (region_path);

CREATE TABLE meeting_members (
  series_id bigint NOT NULL REFERENCES meeting_series(id),
  org_id    bigint NOT NULL REFERENCES orgs(id),
  org_path  ltree NOT NULL,
  PRIMARY KEY (series_id, org_id)
);
CREATE INDEX meeting_members_org ON meeting_members USING gist (org_path);

CREATE TABLE meeting_occurrences (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  series_id            bigint NOT NULL REFERENCES meeting_series(id),
  planned_day          date NOT NULL,
  starts_at            timestamptz NOT NULL,
  ends_at              timestamptz NOT NULL,
  topic_deadline       date NOT NULL,
  room_id              bigint,
  booking_id           bigint,
  venue_label          text NOT NULL DEFAULT '' CHECK (length(venue_label) <= 200),
  status               text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  agenda_published_at  timestamptz,
  minutes              text NOT NULL DEFAULT '' CHECK (length(minutes) <= 20000),
  created_at           timestamptz NOT NULL DEFAULT now(),
  version              int NOT NULL DEFAULT 1,
  UNIQUE (series_id, planned_day),
  CHECK (ends_at > starts_at)
);
CREATE INDEX meeting_occurrences_day ON meeting_occurrences (planned_day);

-- Topics proposed by members (or raised from a project's risks); the secretariat accepts and orders them.
CREATE TABLE meeting_topics (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurrence_id  bigint NOT NULL REFERENCES meeting_occurrences(id),
  org_id         bigint NOT NULL REFERENCES orgs(id),
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  note           text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  source         text NOT NULL DEFAULT 'proposal' CHECK (source IN ('proposal', 'secretariat', 'project_risk')),
  project_id     bigint,
  status         text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined')),
  position       int,
  created_by     bigint,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_topics_occurrence ON meeting_topics (occurrence_id, status, position);

CREATE TABLE meeting_attendance (
  occurrence_id bigint NOT NULL REFERENCES meeting_occurrences(id),
  org_id        bigint NOT NULL REFERENCES orgs(id),
  status        text NOT NULL CHECK (status IN ('present', 'absent', 'delegate')),
  delegate_name text NOT NULL DEFAULT '' CHECK (length(delegate_name) <= 50),
  PRIMARY KEY (occurrence_id, org_id),
  CHECK (status <> 'delegate' OR length(delegate_name) > 0)
);

CREATE TABLE meeting_decisions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurrence_id bigint NOT NULL REFERENCES meeting_occurrences(id),
  text          text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_decisions_occurrence ON meeting_decisions (occurrence_id);

-- 督办事项: work a decision gives to a lead organization (with co-organizations), supervised until closed.
-- The series' secretariat and region paths are copied so the supervision list is one indexed predicate.
CREATE TABLE action_items (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  decision_id       bigint NOT NULL REFERENCES meeting_decisions(id),
  series_id         bigint NOT NULL REFERENCES meeting_series(id),
  secretariat_path  ltree NOT NULL,
  region_path       ltree NOT NULL,
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  expected_result   text NOT NULL CHECK (length(expected_result) BETWEEN 1 AND 1000),
  lead_org_id       bigint NOT NULL REFERENCES orgs(id),
  due_on            date NOT NULL,
  status            text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'clarification', 'accepted', 'submitted', 'closed')),
  extension_to      date,
  extension_reason  text NOT NULL DEFAULT '' CHECK (length(extension_reason) <= 1000),
  evidence          text NOT NULL DEFAULT '' CHECK (length(evidence) <= 2000),
  last_activity_at  timestamptz NOT NULL DEFAULT now(),
  closed_at         timestamptz,
  created_by        bigint,
  created_at        timestamptz NOT NULL DEFAULT now(),
  version           int NOT NULL DEFAULT 1,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX action_items_open_region ON action_items USING gist (region_path) WHERE status <> 'closed';
CREATE INDEX action_items_open_due ON action_items (due_on) WHERE status <> 'closed';
CREATE INDEX action_items_series ON action_items (series_id, due_on) WHERE status <> 'closed';
CREATE INDEX action_items_decision ON action_items (decision_id);

CREATE TABLE action_item_orgs (
  item_id  bigint NOT NULL REFERENCES action_items(id),
  org_id   bigint NOT NULL REFERENCES orgs(id),
  org_path ltree NOT NULL,
  role     text NOT NULL CHECK (role IN ('lead', 'co')),
  PRIMARY KEY (item_id, org_id)
);
CREATE INDEX action_item_orgs_org ON action_item_orgs USING gist (org_path);
CREATE UNIQUE INDEX action_item_orgs_one_lead ON action_item_orgs (item_id) WHERE role = 'lead';

CREATE TABLE action_item_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id    bigint NOT NULL REFERENCES action_items(id),
  kind       text NOT NULL CHECK (kind IN ('created', 'accepted', 'clarification', 'clarified', 'progress', 'extension_requested', 'extension_granted', 'extension_refused', 'submitted', 'closed', 'returned', 'reminded')),
  actor_id   bigint,
  actor_name text NOT NULL,
  org_name   text NOT NULL,
  note       text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_item_events_item ON action_item_events (item_id, id);

-- Major and reform projects co-hosted by many departments and organizations.
CREATE TABLE projects (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind           text NOT NULL CHECK (kind IN ('major_event', 'reform_pilot', 'service_project')),
  brand          text NOT NULL DEFAULT '' CHECK (length(brand) <= 100),
  level          text NOT NULL CHECK (level IN ('city', 'district')),
  lead_org_id    bigint NOT NULL REFERENCES orgs(id),
  owner_path     ltree NOT NULL,
  region_code    text NOT NULL REFERENCES regions(code),
  region_path    ltree NOT NULL,
  budget_yuan    numeric(14, 2) CHECK (budget_yuan IS NULL OR budget_yuan >= 0),
  starts_on      date NOT NULL,
  ends_on        date NOT NULL,
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done')),
  results        text NOT NULL DEFAULT '' CHECK (length(results) <= 4000),
  created_by     bigint,
  created_at     timestamptz NOT NULL DEFAULT now(),
  version        int NOT NULL DEFAULT 1,
  CHECK (starts_on <= ends_on)
);
CREATE INDEX projects_region ON projects USING gist (region_path);
CREATE INDEX projects_owner ON projects USING gist (owner_path);

CREATE TABLE project_hosts (
  project_id bigint NOT NULL REFERENCES projects(id),
  org_id     bigint NOT NULL REFERENCES orgs(id),
  org_path   ltree NOT NULL,
  role       text NOT NULL CHECK (role IN ('lead', 'co')),
  PRIMARY KEY (project_id, org_id)
);
CREATE INDEX project_hosts_org ON project_hosts USING gist (org_path);

CREATE TABLE project_milestones (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id    bigint NOT NULL REFERENCES projects(id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner_org_id  bigint NOT NULL REFERENCES orgs(id),
  due_on        date NOT NULL,
  weight        int NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
  progress      int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  done_on       date,
  CHECK ((progress = 100) = (done_on IS NOT NULL))
);
CREATE INDEX project_milestones_project ON project_milestones (project_id, due_on);

CREATE TABLE project_reports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id   bigint NOT NULL REFERENCES projects(id),
  milestone_id bigint REFERENCES project_milestones(id),
  org_id       bigint NOT NULL REFERENCES orgs(id),
  progress     int CHECK (progress BETWEEN 0 AND 100),
  note         text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  risk         text NOT NULL DEFAULT '' CHECK (length(risk) <= 1000),
  actor_name   text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_reports_project ON project_reports (project_id, id DESC);

INSERT INTO roles (code, name_zh, name_en, admin_kind, permissions) VALUES
  ('meeting_partner', '联席会议成员单位人员', 'Joint-meeting member department staff', NULL, ARRAY['meeting.read', 'meeting.take_part']);
UPDATE roles SET permissions = permissions || ARRAY['meeting.read', 'meeting.manage'] WHERE code = 'coordinator';
UPDATE roles SET permissions = permissions || ARRAY['meeting.read', 'meeting.take_part'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['meeting.read'] WHERE code IN ('worker', 'viewer');
