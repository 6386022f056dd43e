-- The audit chain is linked after commit (ADR 0007). A business transaction appends its audit entry and a queue row,
-- without a shared lock; a linker chains the committed entries in order under the head lock. The entry table stays
-- append-only; the chain is a table of its own, append-only as well.

CREATE SEQUENCE audit_log_seq AS bigint;
SELECT setval('audit_log_seq', COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false);
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq');
ALTER SEQUENCE audit_log_seq OWNED BY audit_log.seq;

-- One link per entry, numbered without gaps in the order the linker chained them.
CREATE TABLE audit_chain (
  link      bigint PRIMARY KEY,
  entry_seq bigint NOT NULL UNIQUE REFERENCES audit_log (seq),
  prev_hash bytea NOT NULL,
  hash      bytea NOT NULL
);
INSERT INTO audit_chain (link, entry_seq, prev_hash, hash) SELECT seq, seq, prev_hash, hash FROM audit_log ORDER BY seq;

ALTER TABLE audit_log DROP COLUMN prev_hash, DROP COLUMN hash;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

-- Entries committed but not yet linked. Written in the business transaction, emptied by the linker.
CREATE TABLE audit_queue (
  seq bigint PRIMARY KEY
);

-- audit_head.seq now counts links: the number and hash of the last link.
COMMENT ON COLUMN audit_head.seq IS 'link number of the last chained entry';
