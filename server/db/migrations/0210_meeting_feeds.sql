-- iCalendar feeds of joint meetings: one unguessable token per organization, showing the meetings it runs or takes
-- part in; rotating replaces the token, revoking deletes it (an old address then answers 404).
CREATE TABLE meeting_feeds (
  token       text PRIMARY KEY CHECK (length(token) >= 32),
  org_id      bigint NOT NULL UNIQUE REFERENCES orgs(id),
  created_by  bigint,
  created_at  timestamptz NOT NULL DEFAULT now()
);
