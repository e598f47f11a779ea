-- Ed25519 keys of local actors (issue 14): published as a Multikey under assertionMethod
-- (FEP-521a) and used to sign integrity proofs (FEP-8b32) on every activity Torg sends. They
-- live beside the RSA 'main' key under the name 'ed25519', sealed the same way; public_key_pem
-- holds the SPKI PEM of either algorithm.
ALTER TABLE local_key DROP CONSTRAINT local_key_algorithm_check;
ALTER TABLE local_key ADD CONSTRAINT local_key_algorithm_check CHECK (algorithm IN ('RSA', 'Ed25519'));
