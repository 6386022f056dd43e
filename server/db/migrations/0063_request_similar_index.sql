-- Duplicate detection at intake reads the most recent requests of a category in a street. One GiST index over
-- category, area and time answers it nearest-in-time first (btree_gist's <-> on timestamptz), reading only the rows
-- it returns, however many requests the street has taken in that category (a mass wage-arrears case, say).
CREATE INDEX requests_category_area_recent ON requests USING gist (category_id, region_path, submitted_at);

-- The same index as requests_category, created twice.
DROP INDEX requests_category_recent;
