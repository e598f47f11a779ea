-- Local accounts: the people who sign in to Torg. Each has a Person actor, created with it.

-- An avatar, for local actors (set in the profile) and remote ones (their icon).
ALTER TABLE actor ADD COLUMN icon_url text;
-- A registration waiting for an admin: its actor exists (the name is reserved) but is not served.
ALTER TABLE actor ADD COLUMN awaiting_approval boolean NOT NULL DEFAULT false;

CREATE TABLE account (
    id                    bigserial   PRIMARY KEY,
    actor_id              bigint      NOT NULL UNIQUE REFERENCES actor (id),
    username              text        NOT NULL UNIQUE,   -- the actor's preferredUsername, for sign-in
    email                 text        UNIQUE,            -- lower case; null for a deleted account or an admin made without one
    password_hash         text,                          -- PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash); null once deleted
    bio                   text,                          -- the profile text as written; the actor's summary is its HTML
    role                  text        NOT NULL DEFAULT 'citizen' CHECK (role IN ('citizen', 'moderator', 'admin')),
    state                 text        NOT NULL DEFAULT 'active' CHECK (state IN ('pending', 'active', 'deleted')),
    registration_reason   text,                          -- what the applicant wrote, for approval mode
    failed_sign_ins       int         NOT NULL DEFAULT 0, -- consecutive; reset by a successful sign-in
    sign_in_blocked_until timestamptz,                   -- back-off after repeated failures
    created_at            timestamptz NOT NULL DEFAULT now(),
    approved_at           timestamptz,
    password_changed_at   timestamptz,
    deleted_at            timestamptz
);
CREATE INDEX account_pending ON account (created_at) WHERE state = 'pending';

-- Membership and moderation of Groups: a member may open threads where the Group allows members,
-- a Group moderator moderates that Group only. Instance-wide roles are account.role.
CREATE TABLE group_member (
    group_id    bigint      NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    account_id  bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('member', 'moderator')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, account_id)
);
CREATE INDEX group_member_account ON group_member (account_id);

-- What Torg keeps about the Groups it hosts beyond their actor.
CREATE TABLE group_profile (
    actor_id      bigint      PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
    reply_policy  text        NOT NULL DEFAULT 'anyone' CHECK (reply_policy IN ('anyone', 'followers', 'members', 'closed')),
    created_by    bigint      REFERENCES account (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One signed-in session: a sign-in on one device. Access tokens name it (sid), so revoking the
-- session ends its access tokens at once, not only when they expire.
CREATE TABLE session (
    id              uuid        PRIMARY KEY,
    account_id      bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    csrf_token      text        NOT NULL,                -- for cookie sessions: state-changing requests echo it
    ip              text,
    user_agent      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    refreshed_at    timestamptz,
    expires_at      timestamptz NOT NULL,                -- the refresh token's lifetime: sign in again after it
    revoked_at      timestamptz,
    revoked_reason  text
);
CREATE INDEX session_account ON session (account_id) WHERE revoked_at IS NULL;

-- Refresh tokens, stored as SHA-256 hashes. Each refresh rotates the token; a used token that
-- comes back was stolen or replayed, and revokes its session.
CREATE TABLE refresh_token (
    token_hash  bytea       PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz
);
CREATE INDEX refresh_token_session ON refresh_token (session_id);

-- The keys access tokens are signed with (ES256). The newest signs; an older one still
-- verifies until the last token it signed has expired.
CREATE TABLE session_key (
    kid                 text        PRIMARY KEY,
    algorithm           text        NOT NULL,
    public_jwk          text        NOT NULL,
    private_key_sealed  bytea       NOT NULL,            -- Tink AEAD, associated data "session-key#<kid>"
    created_at          timestamptz NOT NULL DEFAULT now(),
    signs_until         timestamptz NOT NULL,
    verifies_until      timestamptz NOT NULL
);

-- What admins can review: sign-ins, failed sign-ins, registrations, role changes, revocations.
CREATE TABLE audit_event (
    id              bigserial   PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    kind            text        NOT NULL,
    account_id      bigint      REFERENCES account (id) ON DELETE SET NULL,  -- whom it concerns
    by_account_id   bigint      REFERENCES account (id) ON DELETE SET NULL,  -- who did it, when not themselves
    username        text,                                                    -- as given, e.g. a failed sign-in for an unknown name
    ip              text,
    detail          jsonb
);
CREATE INDEX audit_event_kind ON audit_event (kind, id DESC);
