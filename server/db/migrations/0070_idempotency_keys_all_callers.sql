-- Idempotency keys for every caller: staff accounts ('a:<id>'), signed-in citizens ('c:<session hash>') and
-- anonymous portal callers ('p'). A key is written inside the transaction of the write it answers, so it commits or
-- vanishes with it; `response_body` first holds the write's result and, once sent, the answer itself.
-- Keys left "in progress" by the former scheme (claimed outside the write) cannot be told apart: they are dropped.
DELETE FROM idempotency_keys WHERE status_code IS NULL;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD COLUMN owner text;
UPDATE idempotency_keys SET owner = 'a:' || account_id;
ALTER TABLE idempotency_keys
  ALTER COLUMN owner SET NOT NULL,
  DROP COLUMN account_id,
  ADD COLUMN fingerprint text NOT NULL DEFAULT '',
  ADD COLUMN success_status int,
  ADD COLUMN committed_at timestamptz,
  ADD PRIMARY KEY (owner, key);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
