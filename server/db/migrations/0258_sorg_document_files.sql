-- The file of a social organization's document (registration certificate, annual inspection): stored on disk under
-- DATA_DIR/files/socialorgs by its SHA-256, its type recognised by magic bytes; the row keeps the reference only.
ALTER TABLE sorg_documents
  ADD COLUMN file_sha256      text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN file_mime        text CHECK (file_mime IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  ADD COLUMN file_size        int CHECK (file_size > 0),
  ADD COLUMN file_name        text CHECK (length(file_name) BETWEEN 1 AND 200),
  ADD COLUMN file_uploaded_by bigint,
  ADD COLUMN file_uploaded_at timestamptz,
  ADD CONSTRAINT sorg_documents_file_whole CHECK ((file_sha256 IS NULL) = (file_mime IS NULL) AND (file_sha256 IS NULL) = (file_size IS NULL)
    AND (file_sha256 IS NULL) = (file_name IS NULL) AND (file_sha256 IS NULL) = (file_uploaded_at IS NULL));
