-- Leadership composition (C2) counts leaders by education too; NULL where it was not recorded.
ALTER TABLE leadership_members ADD COLUMN education text CHECK (education IN ('postgraduate', 'bachelor', 'college', 'secondary'));
