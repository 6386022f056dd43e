-- The actor cache (ADR 0025): each server process keeps the actors it resolved from session tokens and serves one only
-- while the generation below is the one it was read at. Every change to what a session resolves to (sessions, accounts,
-- their organization, their roles, the roles' permissions) bumps the generation in the writer's own transaction, so
-- the bump commits (or rolls back) with the change, and sends a NOTIFY, which PostgreSQL also delivers only on commit.
CREATE TABLE auth_generation (
  id  smallint PRIMARY KEY CHECK (id = 1),
  gen bigint NOT NULL
);
INSERT INTO auth_generation (id, gen) VALUES (1, 1);

CREATE FUNCTION auth_generation_bump() RETURNS void LANGUAGE plpgsql AS $$
DECLARE g bigint;
BEGIN
  UPDATE auth_generation SET gen = gen + 1 WHERE id = 1 RETURNING gen INTO g;
  PERFORM pg_notify('qh_auth_generation', g::text);
END $$;

-- Any statement that changed rows (inserts into account_roles, any change of roles, deletes, truncates).
CREATE FUNCTION auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM auth_generation_bump();
  ELSIF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM auth_new) THEN PERFORM auth_generation_bump(); END IF;
  ELSIF EXISTS (SELECT 1 FROM auth_old) THEN
    PERFORM auth_generation_bump();
  END IF;
  RETURN NULL;
END $$;

-- Sessions: a new session cannot be in any cache, and the 30-second `last_seen_at` touch moves forward only: neither
-- bumps. Anything else does (a token, account, CSRF token or expiry changed, or `last_seen_at` set back).
CREATE FUNCTION auth_sessions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM auth_old o WHERE NOT EXISTS (
      SELECT 1 FROM auth_new n
      WHERE n.token_hash = o.token_hash AND n.account_id = o.account_id AND n.csrf_token = o.csrf_token
        AND n.expires_at = o.expires_at AND n.last_seen_at >= o.last_seen_at)) THEN
    PERFORM auth_generation_bump();
  END IF;
  RETURN NULL;
END $$;

-- Accounts: any change but the sign-in bookkeeping (failed-attempt counter, lock, last sign-in), which the session
-- query does not read. Listing what may be ignored rather than what is read keeps a column added to the session later
-- (as the phone was) from being served stale.
CREATE FUNCTION auth_accounts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM auth_old o WHERE NOT EXISTS (
      SELECT 1 FROM auth_new n
      WHERE n.id = o.id
        AND to_jsonb(n) - 'failed_logins' - 'locked_until' - 'last_login_at'
            = to_jsonb(o) - 'failed_logins' - 'locked_until' - 'last_login_at')) THEN
    PERFORM auth_generation_bump();
  END IF;
  RETURN NULL;
END $$;

-- Organizations: the name, type and paths an actor carries (its scope).
CREATE FUNCTION auth_orgs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM auth_old o WHERE NOT EXISTS (
      SELECT 1 FROM auth_new n
      WHERE n.id = o.id AND (n.name, n.type_code, n.path, n.region_path) IS NOT DISTINCT FROM (o.name, o.type_code, o.path, o.region_path))) THEN
    PERFORM auth_generation_bump();
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER auth_generation_upd AFTER UPDATE ON sessions REFERENCING OLD TABLE AS auth_old NEW TABLE AS auth_new
  FOR EACH STATEMENT EXECUTE FUNCTION auth_sessions_updated();
CREATE TRIGGER auth_generation_del AFTER DELETE ON sessions REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_trunc AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();

CREATE TRIGGER auth_generation_upd AFTER UPDATE ON accounts REFERENCING OLD TABLE AS auth_old NEW TABLE AS auth_new
  FOR EACH STATEMENT EXECUTE FUNCTION auth_accounts_updated();
CREATE TRIGGER auth_generation_del AFTER DELETE ON accounts REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_trunc AFTER TRUNCATE ON accounts FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();

CREATE TRIGGER auth_generation_upd AFTER UPDATE ON orgs REFERENCING OLD TABLE AS auth_old NEW TABLE AS auth_new
  FOR EACH STATEMENT EXECUTE FUNCTION auth_orgs_updated();
CREATE TRIGGER auth_generation_del AFTER DELETE ON orgs REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_trunc AFTER TRUNCATE ON orgs FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();

CREATE TRIGGER auth_generation_ins AFTER INSERT ON account_roles REFERENCING NEW TABLE AS auth_new
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_upd AFTER UPDATE ON account_roles REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_del AFTER DELETE ON account_roles REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_trunc AFTER TRUNCATE ON account_roles FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();

CREATE TRIGGER auth_generation_upd AFTER UPDATE ON roles REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_del AFTER DELETE ON roles REFERENCING OLD TABLE AS auth_old
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
CREATE TRIGGER auth_generation_trunc AFTER TRUNCATE ON roles FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
