-- Worker benefits on the dashboard (C15, C16): claims that hold a voucher (issued or redeemed) by offer kind, in the
-- district and street of the claimant's union, by the month of the claim; and person-times (redemptions and the
-- daily counts online services report) by source, in the district they were counted for, by the month of the day.
-- Person-times are recorded per district only: their street is '' (a street's dashboard does not show them).
INSERT INTO dashboard_sources (metric, source, select_sql) VALUES
  ('benefit_claims', 'benefit_claims', $q$SELECT 'benefit_claims' AS metric, b.kind AS dim, dashboard_district(o.region_path) AS district, dashboard_street(o.region_path) AS street, dashboard_month(r.created_at) AS month, 1::numeric AS value FROM {rel} r JOIN benefit_offers b ON b.id = r.offer_id JOIN orgs o ON o.id = r.member_org_id WHERE r.status IN ('issued', 'redeemed')$q$),
  ('benefit_person_times', 'benefit_usage', $q$SELECT 'benefit_person_times' AS metric, r.source AS dim, r.district_code AS district, '' AS street, to_char(r.day, 'YYYY-MM') AS month, r.count::numeric AS value FROM {rel} r$q$);

CREATE TRIGGER dashboard_ins AFTER INSERT ON benefit_claims REFERENCING NEW TABLE AS dashboard_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_upd AFTER UPDATE ON benefit_claims REFERENCING OLD TABLE AS dashboard_old NEW TABLE AS dashboard_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_del AFTER DELETE ON benefit_claims REFERENCING OLD TABLE AS dashboard_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_ins AFTER INSERT ON benefit_usage REFERENCING NEW TABLE AS dashboard_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_upd AFTER UPDATE ON benefit_usage REFERENCING OLD TABLE AS dashboard_old NEW TABLE AS dashboard_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();
CREATE TRIGGER dashboard_del AFTER DELETE ON benefit_usage REFERENCING OLD TABLE AS dashboard_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_apply();

-- The figures of the records already present.
LOCK TABLE dashboard_rollup, dashboard_delta;
DO $$
DECLARE d record;
BEGIN
  FOR d IN SELECT select_sql, source FROM dashboard_sources WHERE metric IN ('benefit_claims', 'benefit_person_times') LOOP
    EXECUTE dashboard_delta_sql(d.select_sql, d.source, 1);
  END LOOP;
  PERFORM dashboard_fold();
END $$;
