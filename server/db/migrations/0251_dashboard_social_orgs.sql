-- Social organizations on the dashboard (C11, C16): registered organizations that are active, by domain, in the
-- district and street of their registered area — a stock figure like units and venues.
INSERT INTO dashboard_sources (metric, source, select_sql) VALUES
  ('social_orgs', 'sorg_orgs', $q$SELECT 'social_orgs' AS metric, r.domain AS dim, dashboard_district(r.region_path) AS district, dashboard_street(r.region_path) AS street, '' AS month, 1::numeric AS value FROM {rel} r WHERE r.status = 'active'$q$);

CREATE TRIGGER dashboard_ins AFTER INSERT ON sorg_orgs REFERENCING NEW TABLE AS dashboard_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_upd AFTER UPDATE ON sorg_orgs REFERENCING OLD TABLE AS dashboard_old NEW TABLE AS dashboard_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_del AFTER DELETE ON sorg_orgs REFERENCING OLD TABLE AS dashboard_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();

LOCK TABLE dashboard_rollup, dashboard_delta;
DO $$
DECLARE d record;
BEGIN
  FOR d IN SELECT select_sql, source FROM dashboard_sources WHERE metric = 'social_orgs' LOOP
    EXECUTE dashboard_delta_sql(d.select_sql, d.source, 1);
  END LOOP;
  PERFORM dashboard_fold();
END $$;
