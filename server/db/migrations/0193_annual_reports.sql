-- The annual report (C16): one generated PDF and Excel workbook per level (city or a district) and year, made by a
-- background job; the row carries its progress and the files' place under DATA_DIR/files/reports.
CREATE TABLE annual_reports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year         int NOT NULL CHECK (year BETWEEN 1949 AND 2200),
  district     text,
  region_path  ltree NOT NULL,
  account_id   bigint REFERENCES accounts(id),
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  progress     int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error        text,
  pdf_bytes    int,
  xlsx_bytes   int,
  -- Names the files, so that databases sharing a DATA_DIR (tests, restores) never read each other's reports.
  file_key     text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX annual_reports_path ON annual_reports USING gist (region_path);
CREATE INDEX annual_reports_created ON annual_reports (created_at DESC, id DESC);
