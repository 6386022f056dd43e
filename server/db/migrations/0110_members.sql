-- Members (会员, C15): the union member registry grows from a counted table into records unions keep.
-- A union_members row is one membership of one union unit; a person has at most one active membership at a time
-- (enforced below). A transfer closes the sending union's row (transferred_out) and opens the receiving union's
-- row in the same transaction, so a person is never in two unions or in none. The member number follows the person.

ALTER TABLE union_members
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'transferred_out', 'left')),
  -- 农民工 migrant_worker, 困难职工 hardship, 劳模 model_worker, 新就业形态劳动者 new_form, 女职工 woman_worker.
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}'
    CHECK (tags <@ ARRAY['migrant_worker', 'hardship', 'model_worker', 'new_form', 'woman_worker']::text[]),
  -- 困难职工 level: 深度困难 deep, 相对困难 relative, 意外致困 accident; with the date of its next review.
  ADD COLUMN hardship_level text CHECK (hardship_level IN ('deep', 'relative', 'accident')),
  ADD COLUMN hardship_review_on date,
  -- 新就业形态 kind: courier, food_delivery, ride_hailing, truck_driver, domestic, other.
  ADD COLUMN new_form_kind text CHECK (new_form_kind IN ('courier', 'food_delivery', 'ride_hailing', 'truck_driver', 'domestic', 'other')),
  -- How the membership began: staff enrolment, portal self-registration, import, transfer, or generated figures.
  ADD COLUMN source text NOT NULL DEFAULT 'seed' CHECK (source IN ('staff', 'self', 'import', 'transfer', 'seed')),
  ADD COLUMN import_id bigint,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT union_members_hardship CHECK (('hardship' = ANY (tags)) = (hardship_level IS NOT NULL)),
  ADD CONSTRAINT union_members_new_form CHECK (new_form_kind IS NULL OR 'new_form' = ANY (tags));

-- Writers that only know left_on (the generated figures, older tests) keep status consistent, and the reverse.
CREATE FUNCTION union_members_status_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' AND NEW.left_on IS NOT NULL THEN
    NEW.status := 'left';
  ELSIF NEW.status <> 'active' AND NEW.left_on IS NULL THEN
    NEW.left_on := greatest(NEW.joined_on, (now() AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER union_members_status_sync BEFORE INSERT OR UPDATE OF status, left_on ON union_members
  FOR EACH ROW EXECUTE FUNCTION union_members_status_sync();
UPDATE union_members SET status = 'left' WHERE left_on IS NOT NULL;

-- The union's tree path, kept beside the row so that scope (orgs.path <@ actor's path) is one indexed predicate on
-- this table; filled from orgs on insert when not given, and carried along when a subtree of orgs moves.
ALTER TABLE union_members ADD COLUMN org_path ltree;
UPDATE union_members m SET org_path = o.path FROM orgs o WHERE o.id = m.org_id;
ALTER TABLE union_members ALTER COLUMN org_path SET NOT NULL;
CREATE INDEX union_members_org_path ON union_members USING gist (org_path);
CREATE FUNCTION union_members_org_path_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.org_path IS NULL OR TG_OP = 'UPDATE' AND NEW.org_id IS DISTINCT FROM OLD.org_id THEN
    SELECT path INTO NEW.org_path FROM orgs WHERE id = NEW.org_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER union_members_org_path_fill BEFORE INSERT OR UPDATE OF org_id ON union_members
  FOR EACH ROW EXECUTE FUNCTION union_members_org_path_fill();

-- One active membership per person; one active row per member number (the number moves with a transfer).
CREATE UNIQUE INDEX union_members_one_active ON union_members (person_id) WHERE status = 'active' AND person_id IS NOT NULL;
ALTER TABLE union_members DROP CONSTRAINT union_members_member_no_key;
CREATE UNIQUE INDEX union_members_no_active ON union_members (member_no) WHERE status = 'active';
CREATE INDEX union_members_no ON union_members (member_no);
CREATE INDEX union_members_person ON union_members (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX union_members_org_status ON union_members (org_id, status, id);
CREATE SEQUENCE union_member_no_seq START 100000001;

-- What happened to a person's membership, oldest first: joined, tags changed, transferred out/in, left, rejoined.
CREATE TABLE union_member_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id   bigint NOT NULL REFERENCES union_members(id),
  person_id   bigint REFERENCES people(id),
  event       text NOT NULL CHECK (event IN ('joined', 'tags_changed', 'transferred_out', 'transferred_in', 'left', 'imported')),
  org_id      bigint NOT NULL REFERENCES orgs(id),
  other_org_id bigint REFERENCES orgs(id),
  on_date     date NOT NULL,
  account_id  bigint REFERENCES accounts(id),
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX union_member_history_member ON union_member_history (member_id, id);
CREATE INDEX union_member_history_person ON union_member_history (person_id, id);

-- Self-registration on the phone portal, waiting for the chosen union to confirm.
CREATE TABLE member_registrations (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES people(id),
  citizen_id    bigint,
  org_id        bigint NOT NULL REFERENCES orgs(id),
  org_path      ltree NOT NULL,
  -- Masked and non-identifying copies for the union's queue (the person may live outside the union's region).
  name_masked   text NOT NULL,
  gender        text NOT NULL CHECK (gender IN ('male', 'female')),
  birth_year    int NOT NULL,
  id_masked     text NOT NULL,
  phone_masked  text,
  tags          text[] NOT NULL DEFAULT '{}'
    CHECK (tags <@ ARRAY['migrant_worker', 'hardship', 'model_worker', 'new_form', 'woman_worker']::text[]),
  new_form_kind text CHECK (new_form_kind IN ('courier', 'food_delivery', 'ride_hailing', 'truck_driver', 'domestic', 'other')),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected', 'withdrawn')),
  reason        text,
  member_id     bigint REFERENCES union_members(id),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  decided_by    bigint REFERENCES accounts(id)
);
CREATE UNIQUE INDEX member_registrations_one_pending ON member_registrations (person_id) WHERE status = 'pending';
CREATE INDEX member_registrations_org ON member_registrations USING gist (org_path);

-- 会员关系转接: both the sending and the receiving union confirm; the second confirmation moves the membership.
CREATE TABLE member_transfers (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id       bigint NOT NULL REFERENCES union_members(id),
  person_id       bigint REFERENCES people(id),
  from_org_id     bigint NOT NULL REFERENCES orgs(id),
  to_org_id       bigint NOT NULL REFERENCES orgs(id),
  from_org_path   ltree NOT NULL,
  to_org_path     ltree NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'rejected', 'cancelled')),
  from_confirmed_at timestamptz,
  from_confirmed_by bigint REFERENCES accounts(id),
  to_confirmed_at   timestamptz,
  to_confirmed_by   bigint REFERENCES accounts(id),
  requested_by    bigint REFERENCES accounts(id),
  requested_at    timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  new_member_id   bigint REFERENCES union_members(id),
  reason          text,
  CHECK (from_org_id <> to_org_id),
  CHECK (status <> 'completed' OR (from_confirmed_at IS NOT NULL AND to_confirmed_at IS NOT NULL AND new_member_id IS NOT NULL))
);
CREATE UNIQUE INDEX member_transfers_one_open ON member_transfers (member_id) WHERE status = 'pending';
CREATE INDEX member_transfers_from ON member_transfers USING gist (from_org_path);
CREATE INDEX member_transfers_to ON member_transfers USING gist (to_org_path);

-- Imports (导入): the uploaded file is kept SM4-encrypted until committed; problems are stored by row and code only.
CREATE TABLE member_imports (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id        bigint NOT NULL REFERENCES orgs(id),
  org_path      ltree NOT NULL,
  account_id    bigint REFERENCES accounts(id),
  file_name     text NOT NULL,
  file_sha256   text NOT NULL,
  file_enc      bytea,
  status        text NOT NULL DEFAULT 'previewed' CHECK (status IN ('previewed', 'running', 'done', 'failed')),
  total_rows    int NOT NULL DEFAULT 0,
  valid_rows    int NOT NULL DEFAULT 0,
  error_rows    int NOT NULL DEFAULT 0,
  processed     int NOT NULL DEFAULT 0,
  inserted      int NOT NULL DEFAULT 0,
  skipped       int NOT NULL DEFAULT 0,
  problems      jsonb NOT NULL DEFAULT '[]',
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz
);
CREATE INDEX member_imports_org ON member_imports (org_id, id);
ALTER TABLE union_members ADD CONSTRAINT union_members_import FOREIGN KEY (import_id) REFERENCES member_imports(id);

-- A moved subtree of orgs carries the paths kept beside member records.
CREATE FUNCTION orgs_path_to_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE union_members SET org_path = NEW.path WHERE org_id = NEW.id;
  UPDATE member_registrations SET org_path = NEW.path WHERE org_id = NEW.id;
  UPDATE member_transfers SET from_org_path = NEW.path WHERE from_org_id = NEW.id;
  UPDATE member_transfers SET to_org_path = NEW.path WHERE to_org_id = NEW.id;
  UPDATE member_imports SET org_path = NEW.path WHERE org_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER orgs_path_to_members AFTER UPDATE OF path ON orgs
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION orgs_path_to_members();

UPDATE roles SET permissions = permissions || ARRAY['member.read', 'member.write', 'member.verify'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['member.read', 'member.verify'] WHERE code = 'worker';
