-- Notifications by email: a staff account's own address (set by its holder or an administrator of its unit), and
-- the emails queued for a notification, one per (account, event), with the time the mail server accepted it, so a
-- retried job after a success sends nothing.
ALTER TABLE accounts ADD COLUMN email text
  CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'));

CREATE TABLE notification_emails (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  event_key   text NOT NULL,
  kind        text NOT NULL,
  params      jsonb NOT NULL DEFAULT '{}',
  link        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  UNIQUE (account_id, event_key)
);
