-- Media attachments (README "Media"): a local account's uploads, attached to at most one of its
-- posts, and remote posts' attachments (metadata only, until a reader's first view caches the file).
CREATE TABLE media (
    id            bigserial   PRIMARY KEY,
    owner_id      bigint      REFERENCES actor (id) ON DELETE CASCADE,  -- the local uploader; null for remote
    post_id       bigint      REFERENCES post (id) ON DELETE CASCADE,   -- null: uploaded, not attached yet
    position      smallint    NOT NULL DEFAULT 0,                       -- order within the post
    kind          text        NOT NULL CHECK (kind IN ('image', 'document')),
    media_type    text        NOT NULL,
    storage_key   text,                  -- the file on the media storage; remote: null until cached
    preview_key   text,                  -- the thumbnail (images only)
    description   text,                  -- alt text (the attachment's name in ActivityPub)
    blurhash      text,
    width         integer,
    height        integer,
    size_bytes    bigint,
    remote_url    text,                  -- a remote attachment's original; null for local uploads
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX media_post ON media (post_id, position);
-- The sweep of uploads never attached.
CREATE INDEX media_unattached ON media (created_at) WHERE post_id IS NULL;
-- GET /media/{key} looks its key up on every view.
CREATE UNIQUE INDEX media_storage_key ON media (storage_key) WHERE storage_key IS NOT NULL;
CREATE UNIQUE INDEX media_preview_key ON media (preview_key) WHERE preview_key IS NOT NULL;
