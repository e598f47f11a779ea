-- Received activities are one per (sender's origin, id), not one per bare id: otherwise any
-- signed actor could send an activity under a guessed id of another server, and the genuine
-- one would later be dropped as "seen before" (as Fedify's per-origin idempotency avoids).
ALTER TABLE inbox_activity ADD COLUMN sender_origin text;

-- Rows received before: the origin of their actor, written as Origin.of writes it
-- (scheme://host[:port], lower case, without the scheme's default port).
UPDATE inbox_activity SET sender_origin = regexp_replace(
    lower(coalesce(substring(actor_uri from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*'), actor_uri)),
    '^(https://[^/]*):443$|^(http://[^/]*):80$', '\1\2');

ALTER TABLE inbox_activity ALTER COLUMN sender_origin SET NOT NULL;
ALTER TABLE inbox_activity DROP CONSTRAINT inbox_activity_activity_uri_key;
ALTER TABLE inbox_activity ADD CONSTRAINT inbox_activity_origin_uri_key UNIQUE (sender_origin, activity_uri);
