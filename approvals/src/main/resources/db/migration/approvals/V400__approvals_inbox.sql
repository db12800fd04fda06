-- The reviewer inbox. One row per approval a run opened; the run (through its approval activities)
-- is the only writer, the gateway only reads. The row keeps what the reviewer was shown (payload and
-- its digest) next to what they decided (status, comment, edited output), so the audit can prove who
-- approved what, having seen which output, produced by which pinned versions.
CREATE TABLE approvals_items (
    approval_id      TEXT PRIMARY KEY,
    run_id           TEXT NOT NULL,
    -- Decisions go to this workflow (a subpipeline's approval lives in the child, not the parent run).
    workflow_id      TEXT NOT NULL,
    node_id          TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('node_output', 'tool_call')),
    title            TEXT NOT NULL,
    payload          JSONB NOT NULL,
    payload_digest   TEXT NOT NULL,
    allow_edit       BOOLEAN NOT NULL,
    -- Users by name and groups as 'group:<name>'; empty means only admins may decide.
    assignees        TEXT[] NOT NULL,
    due_at           TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    status           TEXT NOT NULL DEFAULT 'PENDING'
                     CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EDITED', 'EXPIRED', 'CANCELLED')),
    decided_by       TEXT,
    decided_at       TIMESTAMPTZ,
    comment          TEXT,
    -- The reviewer's output of an 'edit'; the original stays in payload.
    edited_output    JSONB,
    -- Pinned entities that produced the payload, e.g. 'agents/writer@3', 'models/gpt-4o-mini@2'.
    produced_by      TEXT[] NOT NULL DEFAULT '{}',
    pipeline_name    TEXT,
    pipeline_version INT,
    CHECK ((status = 'PENDING') = (decided_at IS NULL))
);

-- The inbox query: pending items of a caller's principals, oldest first.
CREATE INDEX approvals_items_status_created ON approvals_items (status, created_at, approval_id);
CREATE INDEX approvals_items_assignees ON approvals_items USING gin (assignees);
CREATE INDEX approvals_items_run ON approvals_items (run_id);

-- Append-only audit trail of each item. event_key makes every write idempotent: a retried activity
-- finds its key taken and records nothing new.
CREATE TABLE approvals_history (
    id          BIGSERIAL PRIMARY KEY,
    approval_id TEXT NOT NULL REFERENCES approvals_items (approval_id),
    event_key   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('opened', 'reassigned', 'reminded', 'decided')),
    actor       TEXT,
    assignees   TEXT[],
    data        JSONB NOT NULL DEFAULT '{}',
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (approval_id, event_key)
);

CREATE FUNCTION approvals_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'approvals_history is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER approvals_history_no_change BEFORE UPDATE OR DELETE ON approvals_history
    FOR EACH ROW EXECUTE FUNCTION approvals_history_append_only();
