-- The foreign key from a request to the one it duplicates gets its index: "duplicates of this request" reads it, and
-- removing a request checks it (without one, every removal scanned every request).
CREATE INDEX requests_duplicate_of ON requests (duplicate_of) WHERE duplicate_of IS NOT NULL;
