-- A member import runs in the background of whichever server process holds its advisory lock; when that process
-- stops or dies, another (or the same, restarted) takes the import up where its committed batches end. Attempts
-- count the runs begun and not paused by a stopping process, so that an import that cannot succeed ends as failed.
ALTER TABLE member_imports ADD COLUMN attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0);
ALTER TABLE member_imports ADD COLUMN last_error text;
CREATE INDEX member_imports_running ON member_imports (id) WHERE status = 'running';
