-- Profiles and settings (README "Profile and settings"): the header image and profile fields of
-- any actor (local ones from /settings and PATCH /api/v1/me, remote ones from their documents),
-- the media rows a profile uses, and each account's languages.

CREATE TABLE actor_profile (
    actor_id    bigint      PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
    header_url  text,                          -- the actor's `image`; local: Torg's /media/ URL
    -- Mastodon's `attachment` of PropertyValue: [{name, value (sanitized HTML), source (local only)}]
    fields      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A local upload in use as an avatar or header: kept from the sweep of uploads no post took,
-- and never given to a post. Cleared when the profile stops using it (the sweep then takes it).
ALTER TABLE media ADD COLUMN profile_of bigint REFERENCES actor (id) ON DELETE CASCADE;
CREATE INDEX media_profile_of ON media (profile_of) WHERE profile_of IS NOT NULL;

-- default_language: given to the account's new posts (their contentMap, and search's stemming);
-- ui_language: the language of its pages. Both null: the instance's and the browser's choice.
ALTER TABLE account ADD COLUMN default_language text;
ALTER TABLE account ADD COLUMN ui_language text;
