-- Free text of the purchased-service path a person may type personal data into (an application's proposal, a
-- reviewer's declaration note, an incubation's support notes, a milestone report, the final evaluation note) is kept
-- as the requests' free text is (0081): the column holds it masked, *_enc the full text encrypted by the application,
-- returned only by an audited reveal. Rows written before are protected at start; the partial indexes find them.
ALTER TABLE sorg_applications ADD COLUMN proposal_enc bytea;
ALTER TABLE sorg_declarations ADD COLUMN note_enc bytea;
ALTER TABLE sorg_incubations ADD COLUMN support_enc bytea;
ALTER TABLE sorg_milestones ADD COLUMN report_enc bytea;
ALTER TABLE sorg_projects ADD COLUMN evaluation_note_enc bytea;

CREATE INDEX sorg_applications_text_unprotected ON sorg_applications (id) WHERE proposal_enc IS NULL AND proposal <> '';
CREATE INDEX sorg_declarations_text_unprotected ON sorg_declarations (application_id) WHERE note_enc IS NULL AND note <> '';
CREATE INDEX sorg_incubations_text_unprotected ON sorg_incubations (id) WHERE support_enc IS NULL AND support <> '';
CREATE INDEX sorg_milestones_text_unprotected ON sorg_milestones (id) WHERE report_enc IS NULL AND report <> '';
CREATE INDEX sorg_projects_text_unprotected ON sorg_projects (id) WHERE evaluation_note_enc IS NULL AND coalesce(evaluation_note, '') <> '';
