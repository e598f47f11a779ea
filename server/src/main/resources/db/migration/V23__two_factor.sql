-- Two-factor sign-in (issue 19): a TOTP secret per account (RFC 6238) and single-use recovery codes.

-- The secret is sealed with the instance's secrets keyset (Tink AEAD, bound to the account id),
-- as private keys are. confirmed_at is null while it is set up and not yet proven with a first
-- code; only a confirmed secret is asked for at sign-in. last_step is the latest 30-second step a
-- code was accepted for: a code works once, so one seen over a shoulder cannot be used again.
CREATE TABLE account_totp (
    account_id    bigint      PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    secret        bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    confirmed_at  timestamptz,
    last_step     bigint      NOT NULL DEFAULT 0
);

-- Recovery codes, each usable once when the authenticator is lost. Only their SHA-256 is kept:
-- they are random (50 bits each), so a hash no one can reverse is enough.
CREATE TABLE account_recovery_code (
    account_id  bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash   bytea       NOT NULL,
    used_at     timestamptz,
    PRIMARY KEY (account_id, code_hash)
);
