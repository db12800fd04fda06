-- One row per run, written by the gateway that starts it. Temporal holds the run's state; this row
-- keeps what Temporal does not: the idempotency key, the link to the run a rerun came from, and the
-- pinned pipeline version for listing without a workflow query.
CREATE TABLE gateway_runs (
    run_id          TEXT PRIMARY KEY,
    workflow_id     TEXT NOT NULL UNIQUE,
    pipeline        TEXT NOT NULL,
    pipeline_version INT NOT NULL,
    started_by      TEXT NOT NULL,
    idempotency_key TEXT,
    rerun_of        TEXT REFERENCES gateway_runs (run_id),
    rerun_from_node TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX gateway_runs_idempotency ON gateway_runs (started_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX gateway_runs_pipeline ON gateway_runs (pipeline, created_at DESC);
