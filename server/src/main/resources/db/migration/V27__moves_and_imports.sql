-- Other accounts a local person says are also theirs (ActivityPub alsoKnownAs): each was resolved
-- when added. A Move to a local account is only believed when the old account is listed here.
CREATE TABLE actor_alias (
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    alias_uri   text        NOT NULL CHECK (length(alias_uri) <= 2000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, alias_uri)
);

-- Accounts that moved (movedTo): a local one that moved out, or a remote one whose Move was
-- received and checked. One move per account per 30 days (Mastodon's cooldown); a newer one
-- replaces the row only after that.
CREATE TABLE actor_move (
    actor_id    bigint      PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
    target_uri  text        NOT NULL,
    moved_at    timestamptz NOT NULL DEFAULT now()
);

-- A person's upload of a Mastodon CSV (follows, blocks or mutes), worked through off the request
-- path by a run-once job; its rows keep each line's outcome for the person to see.
CREATE TABLE account_import (
    id           bigserial   PRIMARY KEY,
    actor_id     bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('following', 'blocks', 'mutes')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX account_import_actor ON account_import (actor_id, id DESC);
CREATE INDEX account_import_unfinished ON account_import (id) WHERE finished_at IS NULL;

CREATE TABLE account_import_row (
    import_id  bigint NOT NULL REFERENCES account_import (id) ON DELETE CASCADE,
    line       int    NOT NULL,
    address    text   NOT NULL,
    state      text   NOT NULL CHECK (state IN ('queued', 'done', 'failed')),
    reason     text,
    PRIMARY KEY (import_id, line)
);
CREATE INDEX account_import_row_queued ON account_import_row (import_id, line) WHERE state = 'queued';
