-- Members-only votes and candidate selection (README "Members-only votes and candidate selection").

-- Who may vote in a poll: 'everyone' (any actor, as before) or 'members' (an actor a branch of
-- the hub that holds the consultation vouches for with a signed membership statement).
ALTER TABLE poll ADD COLUMN eligibility text NOT NULL DEFAULT 'everyone' CHECK (eligibility IN ('everyone', 'members'));

-- A candidate selection's poll: each option is a candidate, with a short statement in the same
-- position as its name in options. Null for an ordinary poll.
ALTER TABLE poll ADD COLUMN option_statements text[]
    CHECK (option_statements IS NULL OR cardinality(option_statements) = cardinality(options));

-- Votes that did not count in a members-only poll, and why: the participation report shows them.
CREATE TABLE refused_vote (
    id          bigserial   PRIMARY KEY,
    thread_id   bigint      NOT NULL REFERENCES poll (thread_id) ON DELETE CASCADE,
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    vote_uri    text        UNIQUE,                  -- the remote vote Note's id; null for local votes
    choices     int[]       NOT NULL,
    reason      text        NOT NULL CHECK (reason IN ('not_a_member', 'statement_invalid', 'statement_expired',
                                'branch_not_in_hub', 'statement_for_another_actor')),
    detail      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refused_vote_thread ON refused_vote (thread_id);

-- Which branches vouched for a counted vote in a members-only poll (a person of two branches
-- counts once, and is listed under both).
CREATE TABLE vote_membership (
    thread_id   bigint      NOT NULL REFERENCES poll (thread_id) ON DELETE CASCADE,
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    branch_uri  text        NOT NULL,
    PRIMARY KEY (thread_id, actor_id, branch_uri)
);
