-- The directory of branches (issue 15, point 2): a branch Group asks to join a hub Group, the
-- hub's moderators approve it. One row per (hub, branch), on both servers: on the hub's server
-- the hub is local and the row is its request list and directory; on the branch's server the
-- branch is local and the row is what it asked and what the hub answered. A refused or removed
-- branch, or one that left, has no row (it may ask again).
CREATE TABLE branch_membership (
    id           bigserial   PRIMARY KEY,
    hub_id       bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    branch_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    state        text        NOT NULL CHECK (state IN ('pending', 'approved')),
    -- The Join's id, and the Join as sent or received: Accept and Reject embed it.
    join_uri     text        NOT NULL,
    join_activity jsonb,
    -- Where the branch is ("Göteborg", "Västra Götaland"), as the branch gave it in its Join.
    place        text        NOT NULL DEFAULT '',
    -- The branch's name, display name and place, lower-cased and without accents: what
    -- "the branch near me" matches (PostgreSQL has no unaccent without an extension).
    search_key   text        NOT NULL DEFAULT '',
    requested_at timestamptz NOT NULL DEFAULT now(),
    approved_at  timestamptz,
    UNIQUE (hub_id, branch_id)
);
CREATE INDEX branch_membership_branch ON branch_membership (branch_id);
CREATE INDEX branch_membership_join ON branch_membership (join_uri);
