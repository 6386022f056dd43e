-- Organization merge (C2): after a street reorganisation one unit is merged into another of the same type. The
-- merged unit stays in the tree for history, with status 'merged' and the unit it went into.
ALTER TABLE orgs DROP CONSTRAINT orgs_status_check;
ALTER TABLE orgs ADD CONSTRAINT orgs_status_check CHECK (status IN ('active', 'archived', 'merged'));
ALTER TABLE orgs ADD COLUMN merged_into bigint REFERENCES orgs(id);
ALTER TABLE orgs ADD CONSTRAINT orgs_merged_into CHECK ((status = 'merged') = (merged_into IS NOT NULL));
