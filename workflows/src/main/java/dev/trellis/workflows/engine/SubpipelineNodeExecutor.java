package dev.trellis.workflows.engine;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.trellis.pipeline.PlanNode;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Workflow;

/**
 * A {@code subpipeline} node: the pinned pipeline runs as a child {@link PipelineWorkflow} with the
 * node's rendered {@code input}. The parent's snapshot already holds the whole closure (the child
 * pipeline's entities included), so the child gets the same entities and never reads the registry.
 * Its run id is {@code <runId>/<nodeId>}, which keeps its approval ids and event keys unique.
 */
final class SubpipelineNodeExecutor implements NodeExecutor {

	private final RunContext run;

	SubpipelineNodeExecutor(RunContext run) {
		this.run = run;
	}

	@Override
	public NodeOutcome execute(NodeState state) {
		PlanNode node = state.node;
		EntityVersion pipeline = run.entities().get(EntityClosure.PIPELINES, node.pipeline());
		JsonNode input = node.args() == null ? JsonNodeFactory.instance.objectNode() : node.args().render(run.values());
		RunSnapshot parent = run.snapshot();
		RunSnapshot child = new RunSnapshot(parent.runId() + "/" + node.id(),
				new PipelineRef(pipeline.name(), pipeline.version()), pipeline.spec(), parent.entities(), input,
				parent.startedBy(), Map.of());
		String summary = node.id() + " · pipeline " + pipeline.name() + " v" + pipeline.version();
		PipelineWorkflow stub = Workflow.newChildWorkflowStub(PipelineWorkflow.class,
				ChildOptions.of(run.childId(node.id()), summary, node));
		try {
			RunResult result = stub.run(child);
			return NodeOutcome.completed(node.id(), result.output(), result.tokens(), 0);
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
