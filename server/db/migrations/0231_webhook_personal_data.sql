-- A webhook subscription receives personal fields (a request's contact name and phone) only when the security
-- administrator approved it; otherwise they are masked. The full values of an event are kept under the field
-- cipher, and only when an approved subscription wanted the event.
ALTER TABLE webhook_subscriptions ADD COLUMN personal_data_approved boolean NOT NULL DEFAULT false;
ALTER TABLE webhook_events ADD COLUMN personal_enc bytea;

UPDATE roles SET permissions = permissions || ARRAY['webhook.approve_personal'] WHERE code = 'sec_admin';
