-- Tool outputs too large for workflow history (over Limits.INLINE_OUTPUT_BYTES), referenced from
-- history as {"$blobRef": id}. The id derives from run and call id, so retries overwrite.
CREATE TABLE activities_blobs (
    id           TEXT PRIMARY KEY,
    run_id       TEXT        NOT NULL,
    node_id      TEXT        NOT NULL,
    call_id      TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    content      TEXT        NOT NULL,
    size_bytes   BIGINT      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX activities_blobs_run ON activities_blobs (run_id);

-- The durable copy of conversation memory (Redis holds the hot copy with a TTL).
CREATE TABLE activities_memory (
    scope      TEXT        NOT NULL,
    session_id TEXT        NOT NULL,
    messages   JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, session_id)
);

-- Loop state an agent workflow carries across continue-as-new, keyed by the run that stored it.
CREATE TABLE activities_agent_checkpoints (
    workflow_id TEXT        NOT NULL,
    run_id      TEXT        NOT NULL,
    checkpoint  JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, run_id)
);
