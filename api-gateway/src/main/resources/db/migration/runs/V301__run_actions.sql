-- Who steered which run, when: one row per pause, resume, cancel, rerun or retry, written by the
-- gateway after Temporal accepted the action. A rerun or retry is recorded on the NEW run (with the
-- original in details.rerunOf), so the original run's own record never changes.
CREATE TABLE gateway_run_actions (
    id      BIGSERIAL PRIMARY KEY,
    run_id  TEXT NOT NULL REFERENCES gateway_runs (run_id),
    action  TEXT NOT NULL CHECK (action IN ('pause', 'resume', 'cancel', 'rerun', 'retry')),
    actor   TEXT NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    details JSONB NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX gateway_run_actions_run ON gateway_run_actions (run_id, id);
