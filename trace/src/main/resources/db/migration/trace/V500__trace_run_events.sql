-- The audit log of every run: one row per event, numbered per run without gaps.
--
-- seq comes from trace_run_counters, not from a SEQUENCE: a sequence hands out numbers outside the
-- transaction, so a rolled-back insert would leave a hole, and holes make "resume after seq N"
-- ambiguous. The counter row is updated in the same transaction as the insert, which also means
-- inserts of one run are serialised by the counter's row lock: a reader never sees seq N+1
-- committed while N is still missing.

CREATE TABLE trace_run_counters (
    run_id text PRIMARY KEY,
    seq    bigint NOT NULL DEFAULT 0
);

CREATE TABLE trace_run_events (
    run_id      text        NOT NULL,
    seq         bigint      NOT NULL,
    key         text        NOT NULL,
    ts          timestamptz NOT NULL,
    type        text        NOT NULL,
    node_id     text,
    attempt     integer     NOT NULL DEFAULT 0,
    data        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trace_run_events_seq UNIQUE (run_id, seq),
    CONSTRAINT trace_run_events_key UNIQUE (run_id, key),
    CONSTRAINT trace_run_events_seq_positive CHECK (seq > 0)
);

-- Usage totals read only the llm.response rows of a run.
CREATE INDEX trace_run_events_llm_response ON trace_run_events (run_id, node_id) WHERE type = 'llm.response';

-- Append-only: the application can insert, never rewrite or remove what a run did.
CREATE FUNCTION trace_run_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'trace_run_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER trace_run_events_no_update_delete
    BEFORE UPDATE OR DELETE ON trace_run_events
    FOR EACH ROW EXECUTE FUNCTION trace_run_events_append_only();

CREATE TRIGGER trace_run_events_no_truncate
    BEFORE TRUNCATE ON trace_run_events
    FOR EACH STATEMENT EXECUTE FUNCTION trace_run_events_append_only();
