-- Private keys of local actors, the instance actor's first. The private key is sealed with the
-- secrets keyset (Tink AEAD, associated data "<owner>#<name>"), so a database dump alone does
-- not reveal it.
CREATE TABLE local_key (
    owner              text        NOT NULL,  -- 'instance' for the instance actor
    name               text        NOT NULL,  -- 'main': the key published as publicKey
    algorithm          text        NOT NULL CHECK (algorithm IN ('RSA')),
    public_key_pem     text        NOT NULL,
    private_key_sealed bytea       NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, name)
);
