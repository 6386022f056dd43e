-- Open311 GeoReport v2 as clients speak it: a location by coordinates or address text, optional contact fields,
-- a media link, client identifiers, attributes the category does not define, and consent to publish the text.

-- A request may come without a phone: the citizen then follows it by number (Open311) and gets no SMS.
ALTER TABLE requests ALTER COLUMN contact_phone_bidx DROP NOT NULL;

-- Coordinates as the client sent them (WGS-84, degrees); published rounded to about 100 m.
ALTER TABLE requests ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90);
ALTER TABLE requests ADD COLUMN lng double precision CHECK (lng BETWEEN -180 AND 180);
ALTER TABLE requests ADD CONSTRAINT requests_lat_lng_pair CHECK ((lat IS NULL) = (lng IS NULL));
-- How the region was found: given as a region code, matched from the address text, from the coordinates, or not
-- found (the request then waits at the dispatcher desk of the lowest level known to contain it).
ALTER TABLE requests ADD COLUMN location_source text NOT NULL DEFAULT 'region'
  CHECK (location_source IN ('region', 'address', 'coordinates', 'unresolved'));
-- Personal data: the e-mail address is SM4-encrypted like the street address; staff see the mask.
ALTER TABLE requests ADD COLUMN contact_email_enc bytea;
ALTER TABLE requests ADD COLUMN contact_email_masked text;
-- A link to a photo held by the client; shown to staff as a link, never fetched by the platform.
ALTER TABLE requests ADD COLUMN media_url text CHECK (length(media_url) <= 2000 AND media_url ~ '^https?://');
-- Identifiers of the client's device and account, as the client sent them.
ALTER TABLE requests ADD COLUMN device_id text CHECK (length(device_id) <= 200);
ALTER TABLE requests ADD COLUMN account_id text CHECK (length(account_id) <= 200);
-- Attributes the category does not define, kept as sent and shown to staff.
ALTER TABLE requests ADD COLUMN extra jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(extra) = 'object');
-- The requester agreed at intake that the description (and media link) may be published on the open API.
ALTER TABLE requests ADD COLUMN publish_description boolean NOT NULL DEFAULT false;
-- The Open311 key a request came in with: only that client may add information to it.
ALTER TABLE requests ADD COLUMN open311_key_id bigint REFERENCES open311_api_keys(id);

-- Status updates for Open311 clients (servicerequestupdates): the public events of a time window.
CREATE INDEX request_events_public_at ON request_events (at) WHERE public;

-- The coordination office is the dispatcher desk: reports whose place is not found wait there for manual dispatch.
UPDATE roles SET permissions = permissions || ARRAY['request.read', 'request.handle', 'request.dispatch']
  WHERE code = 'coordinator' AND NOT permissions @> ARRAY['request.read'];
