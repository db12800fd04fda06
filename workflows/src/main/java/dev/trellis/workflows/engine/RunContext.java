package dev.trellis.workflows.engine;

import java.time.Instant;

import dev.trellis.pipeline.TemplateContext;
import dev.trellis.workflows.api.RunSnapshot;
import io.temporal.workflow.Workflow;

/**
 * What node executors share: the run's state and identity, its pinned entities and its approval
 * gate.
 *
 * @param workflowId this run's workflow id, the prefix of its children's ids
 */
record RunContext(RunState state, String workflowId, EntityClosure entities, ApprovalBook approvals,
		ApprovalGate gate) {

	RunSnapshot snapshot() {
		return state.snapshot;
	}

	String runId() {
		return state.snapshot.runId();
	}

	TemplateContext values() {
		return state.templateContext();
	}

	/** Children are named after the run and the node, so the Temporal UI lists them side by side. */
	String childId(String nodeId) {
		return workflowId + "/" + nodeId;
	}

	static Instant now() {
		return Instant.ofEpochMilli(Workflow.currentTimeMillis());
	}

}
