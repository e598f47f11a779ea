-- Every actor Torg knows: its own (local) and those of other servers (remote).
CREATE TABLE actor (
    id                          bigserial   PRIMARY KEY,
    uri                         text        NOT NULL UNIQUE,   -- the ActivityPub id
    local                       boolean     NOT NULL,
    type                        text        NOT NULL CHECK (type IN ('Person', 'Group', 'Application', 'Service', 'Organization')),
    username                    text        NOT NULL,          -- preferredUsername
    host                        text        NOT NULL,          -- authority of uri: host[:port], lower case
    display_name                text,
    summary                     text,                          -- HTML (sanitized for remote actors)
    url                         text,                          -- profile page
    inbox                       text        NOT NULL,
    shared_inbox                text,
    outbox                      text,
    followers_url               text,
    following_url               text,
    manually_approves_followers boolean     NOT NULL DEFAULT false,
    published                   timestamptz NOT NULL DEFAULT now(),
    fetched_at                  timestamptz,                   -- remote: last refresh of the document
    deleted_at                  timestamptz,                   -- a Delete was received (remote) or made (local)
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);

-- Mastodon has no !group syntax: a Group and a Person never share a name on one host (INTEROP §1).
CREATE UNIQUE INDEX actor_local_username ON actor (username) WHERE local;
CREATE INDEX actor_host ON actor (host);

-- Public keys of remote actors, by key id: the signature verifier's cache.
CREATE TABLE remote_key (
    key_id         text        PRIMARY KEY,
    owner_uri      text        NOT NULL,
    public_key_pem text        NOT NULL,
    fetched_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX remote_key_owner ON remote_key (owner_uri);

-- Who follows whom, local or remote on either side.
CREATE TABLE follow (
    id            bigserial   PRIMARY KEY,
    follower_id   bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    followee_id   bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    state         text        NOT NULL CHECK (state IN ('pending', 'accepted')),
    activity_uri  text        NOT NULL,  -- the Follow's id, as sent or as received
    activity      jsonb,                 -- a received Follow as received: Accept/Reject embed it
    created_at    timestamptz NOT NULL DEFAULT now(),
    accepted_at   timestamptz,
    UNIQUE (follower_id, followee_id)
);
CREATE INDEX follow_followee ON follow (followee_id, state);
