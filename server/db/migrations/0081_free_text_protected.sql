-- Free text that may hold personal data is kept twice: the usual column holds it with every identifier found in it
-- (ID numbers, mobiles, bank cards) masked, which lists, details, search and duplicate detection read; the *_enc
-- column holds the full text, SM4-encrypted by the application and bound to its row, returned only by an audited
-- reveal. The application fills *_enc and masks the existing rows at start (it holds the keys; SQL does not): a
-- non-empty value whose *_enc is NULL is one still to protect, which the partial indexes below find.
ALTER TABLE requests
  ADD COLUMN description_enc bytea,
  ADD COLUMN reply_enc bytea,
  ADD COLUMN callback_note_enc bytea;
ALTER TABLE request_events ADD COLUMN note_enc bytea;
ALTER TABLE ratings ADD COLUMN comment_enc bytea;

CREATE INDEX requests_text_unprotected ON requests (id)
  WHERE description_enc IS NULL OR (reply_enc IS NULL AND coalesce(reply, '') <> '') OR (callback_note_enc IS NULL AND coalesce(callback_note, '') <> '');
CREATE INDEX request_events_note_unprotected ON request_events (id) WHERE note_enc IS NULL AND note <> '';
CREATE INDEX ratings_comment_unprotected ON ratings (id) WHERE comment_enc IS NULL AND comment <> '';
