-- Muting and blocking per person (issue 19), with Mastodon's semantics: a block is sent as
-- Block (and Undo on unblock) and ends follows both ways; a mute is private, nothing is sent.

-- Blocks by a local person of any actor, and blocks of a local person by an actor elsewhere
-- (received as Block). activity: the Block as sent or received; an unblock's Undo embeds it.
CREATE TABLE actor_block (
    blocker_id  bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    blocked_id  bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    activity    jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX actor_block_blocked ON actor_block (blocked_id);

-- Mutes: whose posts and notifications a local person does not want to see.
CREATE TABLE actor_mute (
    muter_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    muted_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (muter_id, muted_id)
);

-- A person's own blocks of whole servers: nothing from there is shown to them.
CREATE TABLE actor_domain_block (
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    domain      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, domain)
);
