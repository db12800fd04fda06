-- Every admin and security action: users created, tokens issued and revoked, secrets written and
-- deleted, master key rotations, bursts of failed authentications. Append-only; details never hold
-- a token or a secret value.
CREATE TABLE security_audit (
    id             BIGSERIAL PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT,
    details        JSONB NOT NULL DEFAULT '{}',
    remote_address TEXT
);

CREATE INDEX security_audit_at ON security_audit (at DESC);
CREATE INDEX security_audit_action ON security_audit (action, at DESC);
