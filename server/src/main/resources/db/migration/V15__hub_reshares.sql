-- Hubs (issue 15): a Group that follows Groups re-shares their threads to its own followers.

-- Per followed Group, which of its threads the hub re-shares: 'all', or only those its
-- moderators pick. Kept on the follow itself, so unfollowing forgets it.
ALTER TABLE follow ADD COLUMN reshare text NOT NULL DEFAULT 'all' CHECK (reshare IN ('all', 'picked'));

-- Every thread a hub has received from a Group it follows, once per hub and thread root: the
-- uniqueness is what keeps a loop of follows (A follows B follows A) from re-sharing a thread
-- twice. reshared_at is set when the hub sends its Announce (at once in 'all' mode, when a
-- moderator picks it in 'picked' mode), with the Announce as sent (an un-pick's Undo embeds it).
-- The hub's page lists its branches' threads from here.
CREATE TABLE hub_thread (
    id           bigserial   PRIMARY KEY,
    hub_id       bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    branch_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    root_uri     text        NOT NULL,
    root_post_id bigint      NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    received_at  timestamptz NOT NULL DEFAULT now(),
    reshared_at  timestamptz,
    announce     jsonb,
    UNIQUE (hub_id, root_uri)
);
CREATE INDEX hub_thread_hub ON hub_thread (hub_id, received_at DESC);
