-- Moderation: reports, domain blocks, sanctions on actors, Group bans, per-thread reply
-- policies, held posts (pre-moderation), the public moderation log and appeals.

-- A suspended local account cannot sign in; its actor has been deleted on other servers.
ALTER TABLE account DROP CONSTRAINT account_state_check;
ALTER TABLE account ADD CONSTRAINT account_state_check CHECK (state IN ('pending', 'active', 'deleted', 'suspended'));

-- A report from a local account (origin local) or a Flag from another server (origin remote).
CREATE TABLE report (
    id                  bigserial   PRIMARY KEY,
    state               text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
    origin              text        NOT NULL CHECK (origin IN ('local', 'remote')),
    reporter_account_id bigint      REFERENCES account (id) ON DELETE SET NULL,  -- local reports
    reporter_actor_id   bigint      REFERENCES actor (id) ON DELETE SET NULL,    -- the reporting actor (remote: often an instance actor)
    target_actor_id     bigint      REFERENCES actor (id) ON DELETE SET NULL,
    post_ids            bigint[]    NOT NULL DEFAULT '{}',
    comment             text        NOT NULL DEFAULT '',
    flag_uri            text        UNIQUE,                                       -- the Flag's id, for a remote report
    created_at          timestamptz NOT NULL DEFAULT now(),
    resolved_at         timestamptz,
    resolved_by         bigint      REFERENCES account (id) ON DELETE SET NULL,
    resolution_action   text,
    resolution_reason   text
);
CREATE INDEX report_state ON report (state, id);
CREATE INDEX report_reporter ON report (reporter_account_id, id DESC);

-- Domain blocks, with the columns of Mastodon's blocklist CSV so import and export round-trip.
CREATE TABLE domain_block (
    domain          text        PRIMARY KEY,            -- lower case host[:port]
    severity        text        NOT NULL CHECK (severity IN ('silence', 'suspend', 'reject_media')),
    reject_media    boolean     NOT NULL DEFAULT false,
    reject_reports  boolean     NOT NULL DEFAULT false,
    reason          text        NOT NULL DEFAULT '',    -- the public comment
    obfuscate       boolean     NOT NULL DEFAULT false,
    created_by      bigint      REFERENCES account (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- A sanction on one actor, local or remote: silence (limit) or suspend.
CREATE TABLE actor_sanction (
    actor_id    bigint      PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
    level       text        NOT NULL CHECK (level IN ('silence', 'suspend')),
    reason      text        NOT NULL,
    created_by  bigint      REFERENCES account (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- An actor banned from one Group: no threads, no replies there.
CREATE TABLE group_ban (
    group_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    actor_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    reason      text        NOT NULL,
    created_by  bigint      REFERENCES account (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, actor_id)
);

-- A thread's own reply policy, stricter or looser than its Group's; null: the Group's.
ALTER TABLE thread ADD COLUMN reply_policy text CHECK (reply_policy IN ('anyone', 'followers', 'members', 'closed'));
-- Pre-moderation: the first posts of actors new to the Group wait for a moderator.
ALTER TABLE group_profile ADD COLUMN premoderation boolean NOT NULL DEFAULT false;

-- A remote post held for a moderator: stored only here until approved.
CREATE TABLE held_post (
    id          bigserial   PRIMARY KEY,
    group_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    author_id   bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    object_uri  text        NOT NULL UNIQUE,
    note        jsonb       NOT NULL,   -- the post as received (checked, not yet sanitized: that happens on approval)
    activity    jsonb,                  -- the Create as received, for the Group's Announce and the Reject
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX held_post_group ON held_post (group_id, id);

-- The public moderation log: every action with its reason.
CREATE TABLE modlog_entry (
    id                  bigserial   PRIMARY KEY,
    at                  timestamptz NOT NULL DEFAULT now(),
    action              text        NOT NULL,
    target              text        NOT NULL,           -- a handle, a post URL, a domain, a Group
    reason              text        NOT NULL,
    moderator_id        bigint      REFERENCES account (id) ON DELETE SET NULL,
    group_id            bigint      REFERENCES actor (id) ON DELETE SET NULL,   -- when one Group's moderators acted
    affected_account_id bigint      REFERENCES account (id) ON DELETE SET NULL  -- the local account that may appeal
);
CREATE INDEX modlog_entry_at ON modlog_entry (id DESC);

CREATE TABLE appeal (
    id              bigserial   PRIMARY KEY,
    entry_id        bigint      NOT NULL REFERENCES modlog_entry (id) ON DELETE CASCADE,
    account_id      bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    text            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'granted', 'denied')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    decided_by      bigint      REFERENCES account (id) ON DELETE SET NULL,
    decision_reason text,
    UNIQUE (entry_id, account_id)
);
