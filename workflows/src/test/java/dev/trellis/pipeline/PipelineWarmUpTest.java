package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineWarmUpTest {

	@Test
	void warmUpCompilesEveryNodeTypeAndEveryKindOfCondition() {
		ExecutionPlan plan = PipelineWarmUp.run();

		assertThat(plan.nodes()).extracting(PlanNode::type).containsExactlyInAnyOrder(NodeType.values());
		assertThat(plan.nodes()).flatExtracting(PlanNode::outgoing)
			.extracting(edge -> edge.when() == null ? "none" : edge.when().isElse() ? "else" : "expression")
			.contains("none", "else", "expression");
	}

}
