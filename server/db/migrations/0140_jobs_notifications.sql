-- A durable job runner in PostgreSQL (ADR 0015) and the in-app notification centre (C17).

-- One row per job. Writers enqueue in their own transaction (an outbox: a job is there exactly when the change that
-- caused it committed). Runners claim due rows with FOR UPDATE SKIP LOCKED, so several server processes share the work
-- and never run one job at once; a runner that dies leaves its rows `running` until `locked_until`, then another takes
-- them again (at-least-once: handlers are idempotent). `dedupe_key` makes "one job per event" a database fact.
CREATE TABLE jobs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]{0,79}$'),
  payload      jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'dead')),
  run_at       timestamptz NOT NULL DEFAULT now(),
  attempts     int NOT NULL DEFAULT 0,
  max_attempts int NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
  locked_by    text,
  locked_until timestamptz,
  last_error   text,
  dedupe_key   text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE status = 'pending';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_dead ON jobs (finished_at DESC) WHERE status = 'dead';
CREATE INDEX jobs_done ON jobs (finished_at) WHERE status = 'done';

-- A notification for one staff account or one citizen (person). The content is a kind and parameters that name no
-- person (a request number, an activity title); the pages word them. (recipient, event_key) is unique: the same event
-- never reaches the same person twice, whichever process delivered it and however often the job ran.
CREATE TABLE notifications (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  bigint REFERENCES accounts(id) ON DELETE CASCADE,
  person_id   bigint REFERENCES people(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}',
  link        text,
  event_key   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  CHECK ((account_id IS NULL) <> (person_id IS NULL))
);
CREATE UNIQUE INDEX notifications_once_account ON notifications (account_id, event_key) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX notifications_once_person ON notifications (person_id, event_key) WHERE person_id IS NOT NULL;
CREATE INDEX notifications_account_recent ON notifications (account_id, id DESC) WHERE account_id IS NOT NULL;
CREATE INDEX notifications_person_recent ON notifications (person_id, id DESC) WHERE person_id IS NOT NULL;

-- A recipient's choice per kind; no row means the kind's defaults.
CREATE TABLE notification_preferences (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  bigint REFERENCES accounts(id) ON DELETE CASCADE,
  person_id   bigint REFERENCES people(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  in_app      boolean NOT NULL,
  sms         boolean NOT NULL,
  email       boolean NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((account_id IS NULL) <> (person_id IS NULL))
);
CREATE UNIQUE INDEX notification_preferences_account ON notification_preferences (account_id, kind) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX notification_preferences_person ON notification_preferences (person_id, kind) WHERE person_id IS NOT NULL;

UPDATE roles SET permissions = permissions || ARRAY['jobs.read', 'jobs.retry'] WHERE code = 'sys_admin';
