-- An import keeps the first 1,000 problems for its preview (the error file lists every one); the preview says how
-- many there are in all. Imports from before count what they kept.
ALTER TABLE member_imports ADD COLUMN problems_total int;
UPDATE member_imports SET problems_total = jsonb_array_length(problems);
ALTER TABLE member_imports ALTER COLUMN problems_total SET NOT NULL, ADD CHECK (problems_total >= 0);
