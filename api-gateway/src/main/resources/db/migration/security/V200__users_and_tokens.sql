-- Users of the gateway: roles decide which endpoints they reach (RouteTable), groups which
-- approvals are theirs.
CREATE TABLE security_users (
    username   TEXT PRIMARY KEY,
    roles      TEXT[] NOT NULL,
    groups     TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by TEXT NOT NULL
);

-- API tokens. Only the SHA-256 of a token is stored; every request looks its hash up here, so a
-- revoked or expired token stops at once on every gateway. bootstrap marks the token that
-- TRELLIS_BOOTSTRAP_TOKEN ensures.
CREATE TABLE security_api_tokens (
    token_id   TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES security_users (username) ON DELETE CASCADE,
    token_hash BYTEA NOT NULL UNIQUE,
    bootstrap  BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by TEXT NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    revoked_by TEXT
);

CREATE INDEX security_api_tokens_user ON security_api_tokens (username);
