-- Rollups without a shared row lock (ADR 0008). The statement-level triggers append signed deltas instead of
-- upserting the rollup rows: two transactions that touch the same city, district or street row no longer wait for
-- each other until commit. A folder moves the deltas into dashboard_rollup; readers read both through a view.

CREATE TABLE dashboard_delta (
  metric   text NOT NULL,
  dim      text NOT NULL,
  district text NOT NULL,
  street   text NOT NULL,
  month    text NOT NULL,
  value    numeric NOT NULL
);
CREATE INDEX dashboard_delta_area ON dashboard_delta (district, street);

-- The aggregate of a definition at the three levels, by month and over all months, signed, appended as deltas.
CREATE FUNCTION dashboard_delta_sql(select_sql text, rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format(
    'INSERT INTO dashboard_delta (metric, dim, district, street, month, value)
     SELECT metric, dim, coalesce(district, ''*''), coalesce(street, ''*''), coalesce(month, ''*''), %s * sum(value)
     FROM (%s) s
     GROUP BY GROUPING SETS ((metric, dim, month), (metric, dim), (metric, dim, month, district), (metric, dim, district),
                             (metric, dim, month, district, street), (metric, dim, district, street))',
    sign, replace(select_sql, '{rel}', rel))
$f$;

-- The direct upsert served the initial fill only; the deltas and the fold replace it.
DROP FUNCTION dashboard_upsert_sql(text, text, int);

CREATE OR REPLACE FUNCTION dashboard_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  FOR d IN SELECT select_sql FROM dashboard_sources WHERE source = TG_TABLE_NAME ORDER BY metric LOOP
    IF TG_OP IN ('UPDATE', 'DELETE') THEN EXECUTE dashboard_delta_sql(d.select_sql, 'dashboard_old', -1); END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN EXECUTE dashboard_delta_sql(d.select_sql, 'dashboard_new', 1); END IF;
  END LOOP;
  RETURN NULL;
END $$;

-- Moves every visible delta into the rollup in one statement; returns the number of deltas folded.
CREATE FUNCTION dashboard_fold() RETURNS bigint LANGUAGE sql AS $$
  WITH d AS (DELETE FROM dashboard_delta RETURNING metric, dim, district, street, month, value),
  folded AS (
    INSERT INTO dashboard_rollup (metric, dim, district, street, month, value)
    SELECT metric, dim, district, street, month, sum(value) FROM d GROUP BY 1, 2, 3, 4, 5
    ORDER BY district, street, metric, dim, month
    ON CONFLICT (district, street, metric, dim, month) DO UPDATE SET value = dashboard_rollup.value + excluded.value
  )
  SELECT count(*) FROM d
$$;

-- The current figures: the folded rollup plus the deltas not yet folded.
CREATE VIEW dashboard_current AS
  SELECT metric, dim, district, street, month, sum(value) AS value
  FROM (SELECT metric, dim, district, street, month, value FROM dashboard_rollup
        UNION ALL
        SELECT metric, dim, district, street, month, value FROM dashboard_delta) u
  GROUP BY metric, dim, district, street, month;
