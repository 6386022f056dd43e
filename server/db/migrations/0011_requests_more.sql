-- Request desk, continued: call-backs, citizen information, duplicates, take-over by supervision, attachments,
-- Open311 API keys.

ALTER TABLE request_events DROP CONSTRAINT request_events_kind_check;
ALTER TABLE request_events ADD CONSTRAINT request_events_kind_check CHECK (kind IN (
  'submit', 'accept', 'respond', 'note', 'co_handler', 'return', 'transfer', 'dispatch', 'escalate', 'resolve', 'close',
  'supervise', 'rate', 'take_over', 'info', 'callback', 'duplicate', 'attachment'));

-- Every closed request gets a call-back record (回访); until then it is "closed, call-back pending".
ALTER TABLE requests ADD COLUMN callback_at timestamptz;
ALTER TABLE requests ADD COLUMN callback_note text CHECK (length(callback_note) <= 2000);
ALTER TABLE requests ADD COLUMN callback_reached boolean;
-- A request staff have linked as a duplicate of an earlier one.
ALTER TABLE requests ADD COLUMN duplicate_of bigint REFERENCES requests(id);

-- Duplicate detection window per category: the same person filing the same category within this many days.
ALTER TABLE request_categories ADD COLUMN duplicate_days int NOT NULL DEFAULT 30 CHECK (duplicate_days BETWEEN 0 AND 365);

-- Duplicate detection: same person and category recently, or near-identical text in the same street and category
-- (compared by character bigrams in the service: pg_trgm ignores Chinese characters under the C locale).
CREATE INDEX requests_person_category ON requests (person_id, category_id, submitted_at DESC);
CREATE INDEX requests_category_recent ON requests (category_id, submitted_at DESC);
-- The inbox of a unit, newest first, and the closed-without-call-back list.
CREATE INDEX requests_org_submitted ON requests (org_id, submitted_at DESC, id DESC);
CREATE INDEX requests_callback_pending ON requests (org_id, closed_at) WHERE status = 'closed' AND callback_at IS NULL;

-- Files attached to a request, stored once under DATA_DIR/files by their SHA-256 (content-addressed).
CREATE TABLE request_attachments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id  bigint NOT NULL REFERENCES requests(id),
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size        int NOT NULL CHECK (size > 0),
  mime        text NOT NULL,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- staff (account) or citizen (portal, by number and phone).
  source      text NOT NULL CHECK (source IN ('staff', 'citizen')),
  uploaded_by bigint,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_attachments_request ON request_attachments (request_id, id);

-- API keys of the Open311 intake: only the SHA-256 of the key is kept; the key is shown once when issued.
CREATE TABLE open311_api_keys (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash   bytea NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

UPDATE roles SET permissions = permissions || ARRAY['apikey.write'] WHERE code = 'sys_admin';
