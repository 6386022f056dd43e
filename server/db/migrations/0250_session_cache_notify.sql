-- Every change that can alter the actor of a session is announced on the channel qunhub_actor, so each server
-- process drops the actors it holds in memory before its next request (ADR 0022). Statement-level: one
-- notification per statement, and PostgreSQL folds identical ones within a transaction; delivered on commit only.
CREATE FUNCTION notify_actor_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('qunhub_actor', TG_TABLE_NAME);
  RETURN NULL;
END $$;

-- A session ended (sign-out, expiry, every session of an account ended); new sessions and last_seen_at touches
-- change no actor.
CREATE TRIGGER sessions_actor_notify AFTER DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_change();
CREATE TRIGGER sessions_actor_notify_update AFTER UPDATE OF account_id, csrf_token, expires_at, token_hash ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_change();
-- Disabled, renamed, moved to another organization (the scope), password changed.
CREATE TRIGGER accounts_actor_notify AFTER UPDATE OR DELETE OR TRUNCATE ON accounts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_change();
-- A role granted or revoked.
CREATE TRIGGER account_roles_actor_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON account_roles
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_change();
-- A role's permissions changed.
CREATE TRIGGER roles_actor_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_change();
-- An organization renamed, retyped or moved in the tree (the scope of its accounts).
CREATE TRIGGER orgs_actor_notify AFTER UPDATE OF name, type_code, path, region_path OR DELETE ON orgs
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_change();
