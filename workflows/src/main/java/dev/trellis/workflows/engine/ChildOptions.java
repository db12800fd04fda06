package dev.trellis.workflows.engine;

import dev.trellis.pipeline.PlanNode;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;

/** Options shared by agent and subpipeline children. */
final class ChildOptions {

	private ChildOptions() {
	}

	/**
	 * The node's retry policy and timeout (per attempt) map onto the child. Cancelling the node only
	 * requests the child's cancellation ({@code TRY_CANCEL}) so a failing run ends at once, and a
	 * run that ends anyway asks its children to stop ({@code REQUEST_CANCEL}) instead of killing
	 * them mid-call.
	 */
	static ChildWorkflowOptions of(String workflowId, String summary, PlanNode node) {
		ChildWorkflowOptions.Builder builder = ChildWorkflowOptions.newBuilder()
			.setWorkflowId(workflowId)
			.setStaticSummary(summary)
			.setRetryOptions(RetryPolicies.of(node.retry()))
			.setCancellationType(ChildWorkflowCancellationType.TRY_CANCEL)
			.setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL);
		if (node.timeout() != null) {
			builder.setWorkflowRunTimeout(node.timeout());
		}
		return builder.build();
	}

}
