-- Consultations: a thread in a Group with phases (open for input -> deliberation -> closed ->
-- answered), an optional federated poll, stances on replies, and an official response citing
-- the contributions it took up.

-- A consultation thread. Its phase follows from the dates and the response, never stored, so no
-- timer is needed for a phase to change.
CREATE TABLE consultation (
    thread_id             bigint      PRIMARY KEY REFERENCES thread (id) ON DELETE CASCADE,
    input_closes_at       timestamptz NOT NULL,
    deliberation_ends_at  timestamptz NOT NULL,     -- = input_closes_at: no deliberation phase
    response_post_id      bigint      REFERENCES post (id),
    created_at            timestamptz NOT NULL DEFAULT now(),
    CHECK (deliberation_ends_at >= input_closes_at)
);

-- The contributions an official response cites, in the order it cites them.
CREATE TABLE consultation_citation (
    thread_id   bigint  NOT NULL REFERENCES consultation (thread_id) ON DELETE CASCADE,
    post_id     bigint  NOT NULL REFERENCES post (id) ON DELETE CASCADE,
    position    int     NOT NULL,
    PRIMARY KEY (thread_id, post_id)
);

-- A poll on a consultation's root post, which federates as a Question.
CREATE TABLE poll (
    thread_id   bigint      PRIMARY KEY REFERENCES thread (id) ON DELETE CASCADE,
    post_id     bigint      NOT NULL UNIQUE REFERENCES post (id) ON DELETE CASCADE,
    options     text[]      NOT NULL,
    multiple    boolean     NOT NULL,
    ends_at     timestamptz NOT NULL,
    closed_at   timestamptz                          -- set once, when the final Update is sent
);
CREATE INDEX poll_open ON poll (ends_at) WHERE closed_at IS NULL;

-- One row per actor and chosen option. A single-choice poll allows one row per actor (checked
-- under a row lock on the poll); the vote Note's id is unique, so a repeated vote is not counted.
CREATE TABLE poll_vote (
    thread_id   bigint      NOT NULL REFERENCES poll (thread_id) ON DELETE CASCADE,
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    choice      int         NOT NULL,
    vote_uri    text        UNIQUE,                  -- the remote vote Note's id; null for local votes
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, actor_id, choice)
);

-- A reply's stance in a consultation: for, against, an amendment, or none (null).
ALTER TABLE post ADD COLUMN stance text CHECK (stance IN ('for', 'against', 'amendment'));
