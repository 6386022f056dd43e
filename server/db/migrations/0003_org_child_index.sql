-- Child counts of active units are read for every listed organization: answer them from the index alone.
CREATE INDEX orgs_parent_active ON orgs (parent_id) WHERE status = 'active';
