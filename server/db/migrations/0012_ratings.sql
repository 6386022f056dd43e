-- Satisfaction (好差评, C8) as a component any subject can use: requests now, activities and services later.

-- One rating per subject; levels 1 非常满意 … 5 非常不满意, the last two are bad reviews.
CREATE TABLE ratings (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('request', 'activity', 'service')),
  subject_id   bigint NOT NULL,
  -- The rated unit: the one that handled the subject when it was rated.
  org_id       bigint NOT NULL REFERENCES orgs(id),
  level        int NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment      text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
  -- Set when the level above upholds an appeal: the review then counts in no index.
  excluded     boolean NOT NULL DEFAULT false,
  rated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subject_type, subject_id)
);
CREATE INDEX ratings_org_month ON ratings (org_id, rated_at);

-- A bad review opens a rectification (整改) due in 15 working days; it closes only with a call-back to the rater.
CREATE TABLE rating_rectifications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rating_id     bigint NOT NULL UNIQUE REFERENCES ratings(id),
  org_id        bigint NOT NULL REFERENCES orgs(id),
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'void')),
  due           date NOT NULL,
  measures      text CHECK (length(measures) <= 2000),
  callback_note text CHECK (length(callback_note) <= 2000),
  callback_at   timestamptz,
  completed_by  bigint,
  completed_at  timestamptz,
  version       int NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'done' OR (measures IS NOT NULL AND callback_note IS NOT NULL AND callback_at IS NOT NULL))
);
CREATE INDEX rating_rectifications_org ON rating_rectifications (org_id, status, due);

-- An appeal of an untrue bad review, decided by the parent of the rated unit.
CREATE TABLE rating_appeals (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rating_id       bigint NOT NULL UNIQUE REFERENCES ratings(id),
  org_id          bigint NOT NULL REFERENCES orgs(id),
  reviewer_org_id bigint NOT NULL REFERENCES orgs(id),
  reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'rejected')),
  decision_note   text CHECK (length(decision_note) <= 2000),
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  decided_by      bigint,
  decided_at      timestamptz,
  version         int NOT NULL DEFAULT 1
);
CREATE INDEX rating_appeals_reviewer ON rating_appeals (reviewer_org_id, status);

-- Existing request ratings move here; the rated unit is the request's handler.
INSERT INTO ratings (subject_type, subject_id, org_id, level, comment, rated_at)
SELECT 'request', rr.request_id, r.org_id, rr.level, rr.comment, rr.rated_at
FROM request_ratings rr JOIN requests r ON r.id = rr.request_id;
DROP TABLE request_ratings;

UPDATE roles SET permissions = permissions || ARRAY['rating.read', 'rating.handle', 'rating.review'] WHERE code = 'org_admin';
UPDATE roles SET permissions = permissions || ARRAY['rating.read', 'rating.handle'] WHERE code = 'worker';
