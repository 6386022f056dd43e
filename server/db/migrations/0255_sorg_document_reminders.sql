-- Expiry reminders of social organizations' documents (registration certificate, annual inspection): the tightest
-- reminder sent so far — 60, 30 or 7 days before, 0 on or after the expiry day — so that each is sent once.
ALTER TABLE sorg_documents ADD COLUMN reminded_stage smallint CHECK (reminded_stage IN (0, 7, 30, 60));
