-- A staff account's display preferences (elder mode, high contrast, large font), so that they follow the person to
-- another computer. Small by construction: the API accepts only known keys with boolean values.
ALTER TABLE accounts ADD COLUMN ui_prefs jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(ui_prefs) = 'object' AND length(ui_prefs::text) <= 200);
