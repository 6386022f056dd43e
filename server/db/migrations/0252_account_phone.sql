-- Notifications by SMS: a staff account's own mobile phone (set by its holder or an administrator of its unit),
-- personal data, so SM4-encrypted under the field cipher (bound to accounts.phone and the account id) with the masked
-- form beside it for display; both set or both empty.
ALTER TABLE accounts ADD COLUMN phone_enc bytea, ADD COLUMN phone_masked text;
ALTER TABLE accounts ADD CONSTRAINT accounts_phone_pair CHECK ((phone_enc IS NULL) = (phone_masked IS NULL));
