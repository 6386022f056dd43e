-- An audit trail that a holder of the application's database credential cannot forge (ADR 0010).
-- Each entry carries a MAC computed by the application with the audit key at write time; the database sets the
-- entry's number and time itself; the linker reaches the chain only through the functions below, which the
-- application role may execute, while it holds no UPDATE, DELETE or TRUNCATE on any audit table.

ALTER TABLE audit_log
  ADD COLUMN nonce bytea,
  ADD COLUMN mac   bytea;
-- A copy of a genuine entry (same nonce and MAC) is refused: the MAC does not cover the entry's number.
CREATE UNIQUE INDEX audit_log_mac ON audit_log (mac);

-- Entries from here on must carry a valid MAC; earlier ones were written before MACs existed and are covered by the chain.
CREATE TABLE audit_integrity (
  id           int PRIMARY KEY CHECK (id = 1),
  mac_from_seq bigint NOT NULL
);
INSERT INTO audit_integrity (id, mac_from_seq)
  SELECT 1, last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM audit_log_seq;

-- The number and the time of an entry are the database's, whatever an INSERT names.
ALTER TABLE audit_log ALTER COLUMN seq DROP DEFAULT;
CREATE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  NEW.seq := nextval('audit_log_seq');
  NEW.at := now();
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION audit_log_stamp() FROM PUBLIC;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();

-- What the linker refused to chain (an entry whose MAC fails) and other integrity alarms, for the audit administrator.
CREATE TABLE audit_alarm (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  kind        text NOT NULL CHECK (kind IN ('bad_mac', 'anchor_mismatch')),
  entry_seq   bigint,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_alarm_entry ON audit_alarm (entry_seq);
CREATE TRIGGER audit_alarm_no_update BEFORE UPDATE OR DELETE ON audit_alarm
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
CREATE TRIGGER audit_alarm_no_truncate BEFORE TRUNCATE ON audit_alarm
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

-- The linker's lock on the chain head (one linker at a time across processes): returns the head and keeps its row
-- locked until the caller's transaction ends; with p_wait false, returns nothing when another linker holds it.
CREATE FUNCTION audit_head_lock(p_wait boolean) RETURNS TABLE (seq bigint, hash bytea)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_wait THEN
    RETURN QUERY SELECT h.seq, h.hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
  ELSE
    RETURN QUERY SELECT h.seq, h.hash FROM audit_head h WHERE h.id = 1 FOR UPDATE SKIP LOCKED;
  END IF;
END $$;

-- Appends links after the head and moves the head; takes the given entries off the queue. It only ever extends the
-- chain from its head, link by link, each link naming the previous hash: it cannot rewrite, remove or reorder links.
-- The hashes themselves can only be checked with the audit key, which is outside the database (audit verify).
CREATE FUNCTION audit_link(p_take bigint[], p_links bigint[], p_seqs bigint[], p_prevs bytea[], p_hashes bytea[])
  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  h record;
  n int := coalesce(array_length(p_links, 1), 0);
BEGIN
  SELECT a.seq, a.hash INTO h FROM audit_head a WHERE a.id = 1 FOR UPDATE;
  IF coalesce(array_length(p_seqs, 1), 0) <> n OR coalesce(array_length(p_prevs, 1), 0) <> n OR coalesce(array_length(p_hashes, 1), 0) <> n THEN
    RAISE EXCEPTION 'audit_link: arrays of different lengths' USING ERRCODE = '22023';
  END IF;
  FOR i IN 1..n LOOP
    IF p_links[i] <> h.seq + i OR p_prevs[i] <> (CASE WHEN i = 1 THEN h.hash ELSE p_hashes[i - 1] END) THEN
      RAISE EXCEPTION 'audit_link: link % does not extend the chain head', p_links[i] USING ERRCODE = '22023';
    END IF;
  END LOOP;
  DELETE FROM audit_queue WHERE seq = ANY (p_take);
  IF n > 0 THEN
    INSERT INTO audit_chain (link, entry_seq, prev_hash, hash)
      SELECT * FROM unnest(p_links, p_seqs, p_prevs, p_hashes);
    UPDATE audit_head SET seq = p_links[n], hash = p_hashes[n] WHERE id = 1;
  END IF;
END $$;

REVOKE ALL ON FUNCTION audit_head_lock(boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_link(bigint[], bigint[], bigint[], bytea[], bytea[]) FROM PUBLIC;
