-- Email (issue 19 point 2, README "Email"): verified addresses, single-use links, the addresses
-- an account signed in from, notification email choices, and the queue messages leave from.

-- When the account's current address was proven to receive mail (a verification or reset link
-- used); null while unproven. An email change clears it.
ALTER TABLE account ADD COLUMN email_verified_at timestamptz;
-- Optional notification emails, each off until the person turns it on (the /settings/email page).
ALTER TABLE account ADD COLUMN email_on_reply boolean NOT NULL DEFAULT false;
ALTER TABLE account ADD COLUMN email_on_mention boolean NOT NULL DEFAULT false;
ALTER TABLE account ADD COLUMN email_on_citation boolean NOT NULL DEFAULT false;
-- The language (en, sv, nb) those emails are written in: the page's, when the person last saved them.
ALTER TABLE account ADD COLUMN email_language text;

-- The links sent by email. Only the token's SHA-256 is kept (OpaqueTokens: 256 random bits), so
-- a database leak yields no usable link. verify and reset links work once (used_at) and expire;
-- an unsubscribe link has no expiry and may be used again (turning off what is off is harmless).
-- email: the address a verify link proves, so a link sent before an email change proves nothing.
CREATE TABLE email_token (
    token_hash  bytea       PRIMARY KEY,
    account_id  bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('verify', 'reset', 'unsubscribe')),
    email       text,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    used_at     timestamptz
);
CREATE INDEX email_token_account ON email_token (account_id, purpose, created_at DESC);

-- The client addresses an account has signed in from: a sign-in from one not listed sends a notice.
CREATE TABLE sign_in_address (
    account_id  bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    ip          text        NOT NULL,
    first_at    timestamptz NOT NULL DEFAULT now(),
    last_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, ip)
);

-- Messages waiting to be sent, sent, or given up on. A request only inserts here; senders on any
-- node claim due rows (FOR UPDATE SKIP LOCKED), so a slow or failing SMTP server never holds up a
-- request and a message survives a restart. message: subject, text and headers, sealed with the
-- secrets keyset (it carries a link's token until sent) and dropped once sent. Notification rows
-- are inserted by the triggers below without a message; the sender writes it when it sends.
CREATE TABLE outgoing_mail (
    id               bigserial   PRIMARY KEY,
    account_id       bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind             text        NOT NULL CHECK (kind IN ('verify', 'reset', 'sign_in', 'reply', 'mention', 'citation')),
    recipient        text        NOT NULL,
    message          bytea,
    post_id          bigint      REFERENCES post (id) ON DELETE CASCADE,
    thread_id        bigint      REFERENCES thread (id) ON DELETE CASCADE,
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    failed_at        timestamptz
);
CREATE INDEX outgoing_mail_due ON outgoing_mail (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outgoing_mail_sent ON outgoing_mail (sent_at) WHERE sent_at IS NOT NULL;

-- A reply or mention notification (V10) is also emailed when its account asked for that kind and
-- has a verified address. A trigger, as the notifications are: every path that stores a post
-- notifies, so every one emails alike.
CREATE FUNCTION email_notification() RETURNS trigger AS $$
BEGIN
    INSERT INTO outgoing_mail (account_id, kind, recipient, post_id)
    SELECT a.id, NEW.kind, a.email, NEW.post_id
      FROM account a
     WHERE a.id = NEW.account_id AND a.email IS NOT NULL AND a.email_verified_at IS NOT NULL AND a.state = 'active'
       AND ((NEW.kind = 'reply' AND a.email_on_reply) OR (NEW.kind = 'mention' AND a.email_on_mention));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notification_emails AFTER INSERT ON notification FOR EACH ROW EXECUTE FUNCTION email_notification();

-- An official response that cites a local person's contribution emails its author, if they asked.
CREATE FUNCTION email_citation() RETURNS trigger AS $$
BEGIN
    INSERT INTO outgoing_mail (account_id, kind, recipient, post_id, thread_id)
    SELECT a.id, 'citation', a.email, NEW.post_id, NEW.thread_id
      FROM post p JOIN account a ON a.actor_id = p.author_id
     WHERE p.id = NEW.post_id AND a.email IS NOT NULL AND a.email_verified_at IS NOT NULL AND a.state = 'active'
       AND a.email_on_citation;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER citation_emails AFTER INSERT ON consultation_citation FOR EACH ROW EXECUTE FUNCTION email_citation();
