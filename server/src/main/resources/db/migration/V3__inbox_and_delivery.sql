-- Activities received, verified and waiting for (or done with) processing. The unique
-- activity id makes a repeated delivery a no-op (idempotency).
CREATE TABLE inbox_activity (
    id            bigserial   PRIMARY KEY,
    activity_uri  text        NOT NULL UNIQUE,
    actor_uri     text        NOT NULL,
    type          text        NOT NULL,
    inbox_owner   bigint      REFERENCES actor (id) ON DELETE SET NULL,  -- null: the shared inbox
    body          jsonb       NOT NULL,
    state         text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    attempts      int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until  timestamptz,           -- a worker's lease: another node takes over after it lapses
    outcome       text,                  -- what the handler did: accepted, ignored, rejected...
    last_error    text,
    received_at   timestamptz NOT NULL DEFAULT now(),
    processed_at  timestamptz
);
CREATE INDEX inbox_activity_queued ON inbox_activity (next_attempt_at) WHERE state = 'queued';

-- Activities Torg sent: fetchable at their ids, and the source of delivery rows.
CREATE TABLE outbox_activity (
    id          bigserial   PRIMARY KEY,
    uri         text        NOT NULL UNIQUE,
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    type        text        NOT NULL,
    body        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_activity_actor ON outbox_activity (actor_id, id DESC);

-- One row per (activity, remote inbox): written in the same transaction as the activity, so a
-- change never loses its deliveries; claimed by workers with FOR UPDATE SKIP LOCKED.
CREATE TABLE delivery (
    id              bigserial   PRIMARY KEY,
    activity_id     bigint      NOT NULL REFERENCES outbox_activity (id) ON DELETE CASCADE,
    inbox           text        NOT NULL,
    host            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    last_status     int,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    UNIQUE (activity_id, inbox)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE state = 'pending';

-- Per remote host: delivery health (unavailable after failures on 7 distinct days, like
-- Mastodon) and what its NodeInfo says it runs.
CREATE TABLE remote_host (
    host                text        PRIMARY KEY,
    failure_days        date[]      NOT NULL DEFAULT '{}',
    unavailable         boolean     NOT NULL DEFAULT false,
    last_success_at     timestamptz,
    last_failure_at     timestamptz,
    last_error          text,
    signature_format    text CHECK (signature_format IN ('draft-cavage', 'rfc9421')),
    software_name       text,
    software_checked_at timestamptz
);
