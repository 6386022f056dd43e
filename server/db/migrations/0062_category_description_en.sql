-- The English description of a request category, shown to English-speaking callers and staff.
ALTER TABLE request_categories ADD COLUMN description_en text NOT NULL DEFAULT '';

UPDATE request_categories c SET description_en = v.en
FROM (VALUES
  ('labour', 'Requests about workers'' labour rights'),
  ('youth', 'Youth employment, entrepreneurship and development'),
  ('family', 'Rights of women and children, marriage and family'),
  ('disability', 'Help for persons with disabilities'),
  ('scitech', 'Science popularisation and services for scientists and engineers'),
  ('returnees', 'Services for returned overseas Chinese and their relatives'),
  ('wages_owed', 'An employer withholds or cuts wages'),
  ('labour_contract', 'No written contract, unlawful dismissal, social insurance'),
  ('work_injury', 'Work-injury recognition and benefits'),
  ('youth_employment', 'Job search, internships, start-up advice'),
  ('family_dispute', 'Mediation of marriage and family conflicts'),
  ('domestic_violence', 'Help with domestic violence (in an emergency call 110)'),
  ('child_care', 'Left-behind children, childcare, children''s rights'),
  ('disability_assistance', 'Rehabilitation, assistive devices, employment, certificates'),
  ('science_popularisation', 'Science talks and science in the community'),
  ('returnee_entrepreneurship', 'Start-up support for returned overseas Chinese and their relatives')
) AS v(code, en)
WHERE c.code = v.code;
