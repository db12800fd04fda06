package dev.trellis.workflows.api;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run of a pipeline: interprets the pinned PipelineDefinition as a DAG.
 *
 * <pre>{@code
 * PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
 *     .setWorkflowId(PipelineWorkflow.workflowId("content-pipeline", runId))
 *     .setTaskQueue(TaskQueues.MAIN).build());
 * WorkflowClient.start(run::run, snapshot);
 * RunView live = run.state();
 * }</pre>
 */
@WorkflowInterface
public interface PipelineWorkflow {

	/** Workflow id of a run: {@code run-<pipeline>-<runId>}, readable in the Temporal Web UI. */
	static String workflowId(String pipeline, String runId) {
		return "run-" + pipeline + "-" + runId;
	}

	@WorkflowMethod(name = "Pipeline")
	RunResult run(RunSnapshot snapshot);

	/** The authoritative live state: node statuses, attempts, outputs, errors, tokens. */
	@QueryMethod
	RunView state();

	/** Stop starting new nodes; calls already running finish. */
	@SignalMethod
	void pause(String by);

	@SignalMethod
	void resume(String by);

	/**
	 * A reviewer's decision on a pending approval of this run. The validator rejects, before anything
	 * reaches history, unknown or already decided approvals, an edit without output and a caller who is
	 * not an assignee.
	 */
	@UpdateMethod
	DecisionRecord decide(DecisionRequest request);

	@UpdateValidatorMethod(updateName = "decide")
	void validateDecide(DecisionRequest request);

}
