-- Leadership members whose term ends in the future were left out of the dashboard: the rollup counted only rows
-- with no term_end, and every demo (and real) term has an end date. A rollup cannot drop a row when its term runs
-- out, because nothing writes to the table on that day. So the rollup keeps every leadership row under a dimension
-- that carries its term end ('total@2028-06-30', 'total@' for an open term); the service adds up the dimensions
-- whose end is today or later. The figure is then right on every day without a nightly job, and the number of
-- dimensions stays small (one per distinct term-end date).
UPDATE dashboard_sources SET select_sql = $q$SELECT 'leaders' AS metric, d.dim || '@' || coalesce(r.term_end::text, '') AS dim, dashboard_district(o.region_path) AS district, dashboard_street(o.region_path) AS street, '' AS month, 1::numeric AS value FROM {rel} r JOIN orgs o ON o.id = r.org_id CROSS JOIN LATERAL (VALUES ('total'), ('mode.' || r.staffing_mode), (CASE WHEN r.frontline THEN 'frontline' END), (CASE WHEN r.model_worker THEN 'model_worker' END)) d(dim) WHERE d.dim IS NOT NULL$q$
WHERE metric = 'leaders';

-- Pending deltas are part of the full recomputation below.
LOCK TABLE dashboard_rollup, dashboard_delta;
DELETE FROM dashboard_delta WHERE metric = 'leaders';
DELETE FROM dashboard_rollup WHERE metric = 'leaders';
DO $$
DECLARE d record;
BEGIN
  FOR d IN SELECT select_sql, source FROM dashboard_sources WHERE metric = 'leaders' LOOP
    EXECUTE dashboard_delta_sql(d.select_sql, d.source, 1);
  END LOOP;
  PERFORM dashboard_fold();
END $$;
