package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ExecutionPlanTest {

	private static final JsonNode ROUTED = Json.parse("""
			{'inputs': {'threshold': {'type': 'number', 'default': 5}},
			 'nodes': [{'id': 'score', 'type': 'tool', 'tool': {'name': 'calc', 'version': 1}},
			           {'id': 'route', 'type': 'router'},
			           {'id': 'high', 'type': 'router'}, {'id': 'mid', 'type': 'router'}, {'id': 'low', 'type': 'router'},
			           {'id': 'audit', 'type': 'router'}],
			 'edges': [{'from': 'score', 'to': 'route'},
			           {'from': 'route', 'to': 'high', 'when': 'nodes.score.output > inputs.threshold * 1'},
			           {'from': 'route', 'to': 'low', 'when': 'else'},
			           {'from': 'route', 'to': 'mid', 'when': 'nodes.score.output == inputs.threshold'},
			           {'from': 'route', 'to': 'audit', 'when': 'nodes.score.output > 100'}]}
			""");

	private final PipelineCompiler compiler = new PipelineCompiler();

	private static ConditionContext scored(int score) {
		return new ConditionContext(new TemplateContext(Json.parse("{'threshold': 5}"),
				Map.of("score", Json.MAPPER.getNodeFactory().numberNode(score)), Map.of()), null);
	}

	@Test
	void routerTakesMatchingEdgesOrElseOnlyWhenNoneMatched() {
		JsonNode definition = Json.parse(ROUTED.toString().replace(" * 1", ""));
		ExecutionPlan plan = this.compiler.compile(definition);

		assertThat(plan.takenEdges("route", scored(7))).extracting(PlanEdge::to).containsExactly("high");
		assertThat(plan.takenEdges("route", scored(5))).extracting(PlanEdge::to).containsExactly("mid");
		assertThat(plan.takenEdges("route", scored(500))).extracting(PlanEdge::to).containsExactly("high", "audit");
		assertThat(plan.takenEdges("route", scored(1))).extracting(PlanEdge::to).containsExactly("low");
		assertThat(plan.takenEdges("score", scored(1))).extracting(PlanEdge::to).containsExactly("route");
	}

	@Test
	void arithmeticIsNotPartOfTheConditionLanguage() {
		assertThat(this.compiler.validate(ROUTED)).singleElement()
			.satisfies(error -> assertThat(error.path()).isEqualTo("edges[1].when"));
	}

	@Test
	void reviewEdgesFollowTheDecision() {
		ExecutionPlan plan = this.compiler.compile(Json.parse("""
				{'nodes': [{'id': 'r', 'type': 'human_review', 'assignees': ['ann']},
				           {'id': 'yes', 'type': 'router'}, {'id': 'no', 'type': 'router'}, {'id': 'log', 'type': 'router'}],
				 'edges': [{'from': 'r', 'to': 'yes', 'when': 'approved'}, {'from': 'r', 'to': 'no', 'when': 'rejected'},
				           {'from': 'r', 'to': 'log'}]}
				"""));

		assertThat(plan.takenEdges("r", new ConditionContext(null, "approved"))).extracting(PlanEdge::to)
			.containsExactly("yes", "log");
		assertThat(plan.takenEdges("r", new ConditionContext(null, "rejected"))).extracting(PlanEdge::to)
			.containsExactly("no", "log");
		assertThat(plan.node("r").outgoing().get(2).isUnconditional()).isTrue();
	}

	@Test
	void bindInputsAppliesDefaultsAndChecksTypes() {
		ExecutionPlan plan = this.compiler.compile(Json.parse("""
				{'inputs': {'topic': {'type': 'string', 'required': true}, 'n': {'type': 'integer', 'default': 3},
				            'opt': {}},
				 'nodes': [{'id': 'a', 'type': 'router'}]}
				"""));

		assertThat(plan.bindInputs(Json.parse("{'topic': 'tides'}"))).isEqualTo(Json.parse("{'topic': 'tides', 'n': 3}"));
		assertThat(plan.bindInputs(Json.parse("{'topic': 'x', 'n': 4.0, 'opt': [1]}")))
			.isEqualTo(Json.parse("{'topic': 'x', 'n': 4.0, 'opt': [1]}"));
		assertThatThrownBy(() -> plan.bindInputs(Json.parse("{'n': 'three', 'extra': 1}")))
			.isInstanceOfSatisfying(PipelineValidationException.class, ex -> assertThat(ex.errors())
				.extracting(ValidationError::path)
				.containsExactly("inputs.topic", "inputs.n", "inputs.extra"));
		assertThatThrownBy(() -> plan.bindInputs(null)).isInstanceOf(PipelineValidationException.class)
			.hasMessageContaining("inputs.topic: required input is missing");
		assertThatThrownBy(() -> plan.bindInputs(Json.parse("[]"))).isInstanceOf(PipelineValidationException.class);
	}

	@Test
	void unknownNodeIdsAreRefused() {
		ExecutionPlan plan = this.compiler.compile(Json.parse("{'nodes': [{'id': 'a', 'type': 'router'}]}"));

		assertThatThrownBy(() -> plan.node("b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'");
		assertThatThrownBy(() -> plan.downstreamOf("b")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void plansAreImmutableAndEqualAcrossCompilations() {
		JsonNode definition = Json.parse(ROUTED.toString().replace(" * 1", ""));
		ExecutionPlan first = this.compiler.compile(definition);
		ExecutionPlan second = this.compiler.compile(definition.deepCopy());

		assertThat(first).isEqualTo(second);
		assertThatThrownBy(() -> first.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> first.node("route").upstream().clear()).isInstanceOf(UnsupportedOperationException.class);
		((com.fasterxml.jackson.databind.node.ObjectNode) definition.get("nodes").get(0)).put("id", "changed");
		assertThat(first.node("score").raw().get("id").asText()).isEqualTo("score");
	}

}
