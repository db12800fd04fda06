-- Secrets of the built-in store. Only ciphertext is stored: AES-256-GCM under the master key named
-- by key_id (nonce || ciphertext || tag, with the name as associated data). key_id lets a rotation
-- find and re-encrypt the values still under an older key.
CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    key_id     TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by TEXT NOT NULL
);

CREATE INDEX secrets_key_id ON secrets (key_id);
