package dev.trellis.workflows.engine;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.trellis.pipeline.PlanNode;
import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.ToolApprovalHost;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Workflow;

/**
 * An {@code agent} node: an {@link AgentWorkflow} child ({@code <workflowId>/<nodeId>}) that gets the
 * pinned agent and every entity its spec refers to, so it never reads the registry.
 */
final class AgentNodeExecutor implements NodeExecutor {

	private final RunContext run;

	AgentNodeExecutor(RunContext run) {
		this.run = run;
	}

	@Override
	public NodeOutcome execute(NodeState state) {
		PlanNode node = state.node;
		EntityVersion agent = run.entities().get(EntityClosure.AGENTS, node.agent());
		Map<String, EntityVersion> referenced = run.entities().referencedBy(agent);
		String prompt = node.prompt() == null ? "" : node.prompt().render(run.values());
		JsonNode sessionId = run.state().inputs.get("sessionId");
		String summary = node.id() + " · agent " + agent.name() + " v" + agent.version();
		// The memo tells the agent this run hosts its tool-call approvals (ToolApprovalHost protocol).
		AgentWorkflow child = Workflow.newChildWorkflowStub(AgentWorkflow.class,
				ChildOptions.of(run.childId(node.id()), summary, node)
					.toBuilder()
					.setMemo(Map.of(ToolApprovalHost.MEMO_KEY, ToolApprovalHost.MEMO_VALUE))
					.build());
		try {
			AgentResult result = child.run(new AgentRequest(run.runId(), node.id(), agent, referenced, prompt,
					sessionId == null || !sessionId.isTextual() ? null : sessionId.textValue(), run.state().inputs));
			return NodeOutcome.completed(node.id(), result.output(), result.tokens(), result.attempt());
		}
		catch (ChildWorkflowFailure e) {
			if (Failures.isCancellation(e)) {
				return NodeOutcome.cancelled(node.id());
			}
			return NodeOutcome.failed(node.id(), Failures.describe(e),
					Failures.lastAttempt(e, node.retry().maxAttempts(), 0));
		}
	}

}
