package dev.trellis.workflows.engine;

import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.ToolApprovalHost;
import dev.trellis.workflows.api.ToolApprovalRequest;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;

/**
 * The pipeline run: a thin shell that routes Temporal's entry points to the {@link RunLoop}. The
 * loop is built in the {@link WorkflowInit} constructor, before any signal, update or query can
 * arrive, so handlers never see a half-initialised run.
 */
public class PipelineWorkflowImpl implements PipelineWorkflow, ToolApprovalHost {

	private final RunLoop loop;

	@WorkflowInit
	public PipelineWorkflowImpl(RunSnapshot snapshot) {
		this.loop = new RunLoop(snapshot, Workflow.getInfo().getWorkflowId());
	}

	@Override
	public RunResult run(RunSnapshot snapshot) {
		return loop.run();
	}

	@Override
	public RunView state() {
		return loop.view();
	}

	@Override
	public void pause(String by) {
		loop.pause(by);
	}

	@Override
	public void resume(String by) {
		loop.resume(by);
	}

	@Override
	public DecisionRecord decide(DecisionRequest request) {
		return loop.decide(request);
	}

	@Override
	public void validateDecide(DecisionRequest request) {
		loop.validate(request);
	}

	/** An agent child asks for a reviewer on one of its tool calls (see {@link ToolApprovalHost}). */
	@Override
	public void toolApprovalRequested(ToolApprovalRequest request) {
		loop.toolApprovalRequested(request);
	}

}
