package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class PipelineCompilerTest {

	private final PipelineCompiler compiler = new PipelineCompiler();

	static String tool(String id, String expression) {
		return "{'id': '" + id + "', 'type': 'tool', 'tool': {'name': 'calculator', 'version': 1}, "
				+ "'args': {'expression': '" + expression + "'}}";
	}

	static JsonNode pipeline(String nodes, String edges) {
		return Json.parse("{'nodes': [" + nodes + "], 'edges': [" + edges + "]}");
	}

	private List<String> paths(JsonNode definition) {
		return this.compiler.validate(definition).stream().map(ValidationError::path).toList();
	}

	private List<ValidationError> errors(JsonNode definition) {
		return this.compiler.validate(definition);
	}

	@Test
	void ordersNodesTopologicallyWhateverTheDeclarationOrder() {
		JsonNode definition = pipeline(String.join(",", tool("publish", "{{nodes.write.output}}"),
				tool("write", "{{nodes.research.output}}"), tool("research", "1")),
				"{'from': 'research', 'to': 'write'}, {'from': 'write', 'to': 'publish'}");

		ExecutionPlan plan = this.compiler.compile(definition);

		assertThat(plan.nodes()).extracting(PlanNode::id).containsExactly("research", "write", "publish");
		assertThat(plan.byId().keySet()).containsExactly("research", "write", "publish");
		assertThat(plan.roots()).containsExactly("research");
		assertThat(plan.node("publish").index()).isZero();
	}

	@Test
	void breaksTopologicalTiesByDeclarationOrder() {
		JsonNode definition = pipeline(String.join(",", tool("z", "1"), tool("y", "2"), tool("x", "3"), tool("w", "4")),
				"{'from': 'z', 'to': 'w'}, {'from': 'y', 'to': 'x'}");

		ExecutionPlan plan = this.compiler.compile(definition);

		assertThat(plan.nodes()).extracting(PlanNode::id).containsExactly("z", "y", "x", "w");
		assertThat(plan.roots()).containsExactly("z", "y");
	}

	@Test
	void diamondGivesTransitiveUpstreamAndDownstreamSets() {
		JsonNode definition = pipeline(String.join(",", tool("a", "1"), tool("b", "{{nodes.a.output}}"),
				tool("c", "{{nodes.a.output}}"), tool("d", "{{nodes.b.output}}+{{nodes.c.output}}+{{nodes.a.output}}")),
				"{'from': 'a', 'to': 'b'}, {'from': 'a', 'to': 'c'}, {'from': 'b', 'to': 'd'}, {'from': 'c', 'to': 'd'}");

		ExecutionPlan plan = this.compiler.compile(definition);

		assertThat(plan.node("d").upstream()).containsExactly("a", "b", "c");
		assertThat(plan.node("b").upstream()).containsExactly("a");
		assertThat(plan.node("a").upstream()).isEmpty();
		assertThat(plan.downstreamOf("a")).containsExactly("b", "c", "d");
		assertThat(plan.downstreamOf("b")).containsExactly("d");
		assertThat(plan.downstreamOf("d")).isEmpty();
		assertThat(plan.node("d").incoming()).extracting(PlanEdge::index).containsExactly(2, 3);
		assertThat(plan.node("a").outgoing()).extracting(PlanEdge::to).containsExactly("b", "c");
		assertThat(plan.node("a").isRoot()).isTrue();
	}

	@Test
	void compilesEveryNodeTypeWithItsSettings() {
		JsonNode definition = Json.parse("""
				{'name': 'article', 'description': 'writes things', 'ui': {'positions': {}},
				 'inputs': {'topic': {'type': 'string', 'required': true, 'description': 'what to write about'}},
				 'nodes': [
				  {'id': 'research', 'type': 'agent', 'label': 'Research', 'agent': {'name': 'researcher', 'version': 2},
				   'prompt': 'Research {{inputs.topic}}', 'timeout': '120s', 'continueOnError': true,
				   'retry': {'maxAttempts': 5, 'initialInterval': '2s', 'nonRetryableErrors': ['BadInput']}},
				  {'id': 'route', 'type': 'router'},
				  {'id': 'review', 'type': 'human_review', 'label': 'Check it', 'show': '{{nodes.research.output}}',
				   'assignees': ['group:editors', 'ann'], 'allowEdit': true, 'timeout': '72h', 'onTimeout': 'escalate',
				   'escalateTo': ['boss'], 'remindBefore': '1h'},
				  {'id': 'child', 'type': 'subpipeline', 'pipeline': {'name': 'publish', 'version': 'latest'},
				   'input': {'text': '{{nodes.review.output}}'}},
				  {'id': 'call', 'type': 'tool', 'tool': {'name': 'http', 'version': 1}}
				 ],
				 'edges': [{'from': 'research', 'to': 'route'},
				  {'from': 'route', 'to': 'review', 'when': 'len(nodes.research.output) > 10'},
				  {'from': 'route', 'to': 'call', 'when': 'default'},
				  {'from': 'review', 'to': 'child', 'when': 'approved'}],
				 'output': '{{nodes.child.output}}'}
				""");

		ExecutionPlan plan = this.compiler.compile(definition);

		PlanNode research = plan.node("research");
		assertThat(research.type()).isEqualTo(NodeType.AGENT);
		assertThat(research.agent()).isEqualTo(new EntityRef("researcher", 2));
		assertThat(research.prompt().text()).isEqualTo("Research {{inputs.topic}}");
		assertThat(research.timeout()).isEqualTo(Duration.ofSeconds(120));
		assertThat(research.continueOnError()).isTrue();
		assertThat(research.retry()).isEqualTo(new RetrySpec(5, Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60),
				List.of("BadInput")));
		assertThat(research.raw().get("label").asText()).isEqualTo("Research");
		assertThat(research.tool()).isNull();

		ReviewSpec review = plan.node("review").review();
		assertThat(review).isEqualTo(new ReviewSpec("Check it", Template.parse("{{nodes.research.output}}"),
				List.of("group:editors", "ann"), true, Duration.ofHours(72), "escalate", List.of("boss"),
				Duration.ofHours(1)));
		assertThat(plan.node("review").timeout()).isEqualTo(Duration.ofHours(72));

		PlanNode child = plan.node("child");
		assertThat(child.pipeline()).isEqualTo(new EntityRef("publish", null));
		assertThat(child.pipeline().isPinned()).isFalse();
		assertThat(child.args().references()).extracting(TemplateRef::nodeId).containsExactly("review");

		PlanNode call = plan.node("call");
		assertThat(call.args().source()).isEqualTo(JsonNodeFactory.instance.objectNode());
		assertThat(call.retry()).isEqualTo(RetrySpec.defaults());
		assertThat(call.timeout()).isNull();

		assertThat(plan.node("route").agent()).isNull();
		assertThat(plan.node("route").outgoing()).extracting(edge -> edge.when().isElse()).containsExactly(false, true);
		assertThat(plan.output().references()).extracting(TemplateRef::nodeId).containsExactly("child");
		assertThat(plan.inputs()).containsEntry("topic", new InputSpec("string", true, null));
	}

	@Test
	void reviewTitleFallsBackToLabelThenId() {
		JsonNode definition = pipeline("{'id': 'r1', 'type': 'human_review', 'assignees': ['ann']},"
				+ "{'id': 'r2', 'type': 'human_review', 'label': 'Second look', 'assignees': ['ann']}", "");

		ExecutionPlan plan = this.compiler.compile(definition);

		assertThat(plan.node("r1").review().title()).isEqualTo("r1");
		assertThat(plan.node("r1").review().onTimeout()).isEqualTo("reject");
		assertThat(plan.node("r2").review().title()).isEqualTo("Second look");
	}

	@Test
	void reportsEveryProblemInOnePass() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'a', 'type': 'agent', 'prompt': 'x'},
				           {'id': 'b', 'type': 'teleport'},
				           {'type': 'tool', 'tool': {'name': 'calculator', 'version': 0}}],
				 'edges': [{'from': 'a', 'to': 'ghost'}],
				 'output': '{{inputs.nope}}'}
				""");

		assertThat(paths(definition)).containsExactly("nodes[0].agent", "nodes[1].type", "nodes[2].id",
				"nodes[2].tool.version", "edges[0].to", "output");
		assertThatThrownBy(() -> this.compiler.compile(definition)).isInstanceOfSatisfying(
				PipelineValidationException.class,
				ex -> assertThat(ex.errors()).hasSize(6).first().extracting(ValidationError::path).isEqualTo("nodes[0].agent"));
	}

	@Test
	void acceptsLabelAndDescriptionButRejectsOtherUnknownFields() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'a', 'type': 'router', 'label': 'A', 'description': 'd', 'prompt': 'x'}],
				 'edges': [], 'extra': true}
				""");

		assertThat(errors(definition)).extracting(ValidationError::path).containsExactly("extra", "nodes[0].prompt");
		assertThat(errors(definition).get(1).message()).contains("unknown field 'prompt'", "router");
	}

	@Test
	void idsMustBeUsableInTemplatePaths() {
		String longId = "x".repeat(65);
		JsonNode definition = pipeline(String.join(",", tool("a.b", "1"), tool(longId, "1"), tool("", "1"),
				"{'id': 7, 'type': 'router'}"), "");

		assertThat(errors(definition)).extracting(ValidationError::path)
			.containsExactly("nodes[0].id", "nodes[1].id", "nodes[2].id", "nodes[3].id");
		assertThat(errors(definition).get(1).message()).contains("at most 64");
	}

	@Test
	void refusesPipelinesBeyondTheSizeLimits() {
		ObjectNode definition = JsonNodeFactory.instance.objectNode();
		ArrayNode nodes = definition.putArray("nodes");
		for (int i = 0; i <= 500; i++) {
			nodes.addObject().put("id", "n" + i).put("type", "router");
		}
		assertThat(errors(definition)).singleElement().satisfies(error -> {
			assertThat(error.path()).isEqualTo("nodes");
			assertThat(error.message()).contains("501", "at most 500");
		});

		nodes.remove(500);
		ArrayNode edges = definition.putArray("edges");
		for (int i = 0; i <= 2000; i++) {
			edges.addObject().put("from", "n0").put("to", "n1");
		}
		assertThat(errors(definition)).singleElement().satisfies(error -> {
			assertThat(error.path()).isEqualTo("edges");
			assertThat(error.message()).contains("2001", "at most 2000");
		});
	}

	@Test
	void namesEveryCycleAndTheNodesItCutsOffFromTheRoots() {
		JsonNode definition = pipeline(String.join(",", tool("root", "1"), tool("x", "1"), tool("y", "1"), tool("z",
				"1")),
				"{'from': 'x', 'to': 'y'}, {'from': 'y', 'to': 'x'}, {'from': 'y', 'to': 'z'}");

		List<ValidationError> errors = errors(definition);

		assertThat(errors).extracting(ValidationError::path).containsExactly("edges", "nodes[1]", "nodes[2]",
				"nodes[3]");
		assertThat(errors.get(0).message()).startsWith("cycle: x -> y -> x (edges[0], edges[1])");
		assertThat(errors.get(3).message()).contains("'z'", "cannot be reached");
	}

	@Test
	void catalogChecksThatEveryReferencedVersionExists() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'a', 'type': 'agent', 'agent': {'name': 'researcher', 'version': 1}, 'prompt': 'go'},
				           {'id': 'b', 'type': 'agent', 'agent': {'name': 'researcher', 'version': 9}, 'prompt': 'go'},
				           {'id': 'c', 'type': 'tool', 'tool': {'name': 'calculator', 'version': 'latest'}},
				           {'id': 'd', 'type': 'subpipeline', 'pipeline': {'name': 'other', 'version': 1}}],
				 'edges': []}
				""");

		assertThat(this.compiler.validate(definition)).isEmpty();
		List<ValidationError> errors = this.compiler.validate(definition, Json.fixtureCatalog());
		assertThat(errors).extracting(ValidationError::path)
			.containsExactly("nodes[1].agent", "nodes[2].tool.version", "nodes[3].pipeline");
		assertThat(errors.get(0).message()).isEqualTo("agent 'researcher' version 9 does not exist");
		assertThat(errors.get(1).message()).contains("pinned");
	}

	@Test
	void checksEntityReferenceShape() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'a', 'type': 'tool', 'tool': 'calculator'},
				           {'id': 'b', 'type': 'tool', 'tool': {'name': '', 'version': 1.5, 'tag': 'x'}},
				           {'id': 'c', 'type': 'tool', 'tool': {'name': 'calculator'}}],
				 'edges': []}
				""");

		assertThat(paths(definition)).containsExactly("nodes[0].tool", "nodes[1].tool.tag", "nodes[1].tool.name",
				"nodes[1].tool.version", "nodes[2].tool.version");
	}

	@Test
	void validatesRetrySettings() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'a', 'type': 'router', 'retry': {'maxAttempts': 0, 'backoffCoefficient': 0.5,
				   'initialInterval': '10s', 'maxInterval': '5s', 'nonRetryableErrors': [1], 'jitter': true}},
				  {'id': 'b', 'type': 'router', 'retry': {'initialInterval': '2m'}},
				  {'id': 'c', 'type': 'router', 'retry': 3}],
				 'edges': []}
				""");

		assertThat(paths(definition)).containsExactly("nodes[0].retry.jitter", "nodes[0].retry.maxAttempts",
				"nodes[0].retry.backoffCoefficient", "nodes[0].retry.maxInterval",
				"nodes[0].retry.nonRetryableErrors[0]", "nodes[2].retry");
		JsonNode valid = pipeline("{'id': 'b', 'type': 'router', 'retry': {'initialInterval': '2m'}}", "");
		assertThat(this.compiler.compile(valid).node("b").retry().maxInterval()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void validatesReviewSettings() {
		JsonNode definition = Json.parse("""
				{'nodes': [
				  {'id': 'a', 'type': 'human_review', 'assignees': ['group:'], 'onTimeout': 'escalate'},
				  {'id': 'b', 'type': 'human_review', 'assignees': 'ann', 'onTimeout': 'shrug', 'remindBefore': '1h'},
				  {'id': 'c', 'type': 'human_review', 'assignees': ['ann'], 'timeout': '1h', 'remindBefore': '2h',
				   'show': '{{nodes.a.output'},
				  {'id': 'd', 'type': 'human_review'}],
				 'edges': []}
				""");

		assertThat(paths(definition)).containsExactly("nodes[0].assignees[0]", "nodes[0].escalateTo",
				"nodes[1].assignees",
				"nodes[1].onTimeout", "nodes[1].remindBefore", "nodes[2].show", "nodes[2].remindBefore",
				"nodes[3].assignees");
	}

	@Test
	void agentsNeedANonEmptyPrompt() {
		JsonNode definition = pipeline("{'id': 'a', 'type': 'agent', 'agent': {'name': 'r', 'version': 1}},"
				+ "{'id': 'b', 'type': 'agent', 'agent': {'name': 'r', 'version': 1}, 'prompt': ' '}", "");

		assertThat(paths(definition)).containsExactly("nodes[0].prompt", "nodes[1].prompt");
	}

	@Test
	void templatesMayOnlyReadUpstreamNodesAndDeclaredInputs() {
		JsonNode definition = Json.parse("""
				{'inputs': {'x': {'type': 'number'}},
				 'nodes': [{'id': 'a', 'type': 'tool', 'tool': {'name': 'calc', 'version': 1},
				            'args': {'deep': {'list': ['{{nodes.a.output}}', '{{inputs.y}}', '{{inputs.x}}']}}},
				           {'id': 'b', 'type': 'tool', 'tool': {'name': 'calc', 'version': 1},
				            'args': {'e': '{{nodes.a.comment}}', 'f': '{{nodes.c.output}}', 'g': '{{nodes.a.output.v[0]}}'}},
				           {'id': 'c', 'type': 'router'}],
				 'edges': [{'from': 'a', 'to': 'b'}],
				 'output': '{{nodes.c.output}} {{nodes.b.output}}'}
				""");

		List<ValidationError> errors = errors(definition);

		assertThat(errors).extracting(ValidationError::path).containsExactly("nodes[0].args.deep.list[0]",
				"nodes[0].args.deep.list[1]", "nodes[1].args.e", "nodes[1].args.f");
		assertThat(errors.get(2).message()).contains("only human_review nodes have a comment");
		assertThat(errors.get(3).message()).contains("'c' is not upstream");
	}

	@Test
	void reviewCommentsAreReadableDownstreamOfTheReview() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'r', 'type': 'human_review', 'assignees': ['ann']},
				           {'id': 'fix', 'type': 'agent', 'agent': {'name': 'w', 'version': 1},
				            'prompt': 'Fix: {{ nodes.r.comment }}'}],
				 'edges': [{'from': 'r', 'to': 'fix', 'when': 'rejected'}]}
				""");

		assertThat(this.compiler.compile(definition).node("fix").prompt().references())
			.containsExactly(new TemplateRef("nodes", "r", "comment", List.of()));
	}

	@Test
	void conditionsMustSuitTheSourceNode() {
		JsonNode definition = Json.parse("""
				{'nodes': [{'id': 'score', 'type': 'tool', 'tool': {'name': 'calc', 'version': 1}},
				           {'id': 'route', 'type': 'router'},
				           {'id': 'review', 'type': 'human_review', 'assignees': ['ann']},
				           {'id': 'x', 'type': 'router'}, {'id': 'y', 'type': 'router'}, {'id': 'z', 'type': 'router'}],
				 'edges': [{'from': 'score', 'to': 'route', 'when': 'nodes.score.output > 1'},
				           {'from': 'route', 'to': 'review', 'when': 'approved'},
				           {'from': 'route', 'to': 'x', 'when': 'else'},
				           {'from': 'route', 'to': 'y', 'when': 'default'},
				           {'from': 'route', 'to': 'z'},
				           {'from': 'review', 'to': 'z', 'when': 'nodes.score.output > 1'},
				           {'from': 'x', 'to': 'y', 'when': 'nodes.z.output == 1 || nodes.x.output == 2'}]}
				""");

		List<ValidationError> errors = errors(definition);

		assertThat(errors).extracting(ValidationError::path)
			.containsExactly("edges[1].when", "edges[3].when", "edges[4].when", "edges[5].when", "edges[6].when");
		assertThat(errors.get(0).message()).contains("'approved' can only be used on edges leaving a human_review node");
		assertThat(errors.get(1).message()).contains("already has an else edge (edges[2])");
		assertThat(errors.get(2).message()).contains("needs a condition");
		assertThat(errors.get(4).message()).contains("nodes.z.output").doesNotContain("nodes.x.output");
	}

	@Test
	void reportsConditionSyntaxErrorsWithTheColumn() {
		JsonNode definition = pipeline(tool("a", "1") + "," + tool("b", "2"),
				"{'from': 'a', 'to': 'b', 'when': 'nodes.a.output >= '}");

		assertThat(errors(definition)).singleElement().satisfies(error -> {
			assertThat(error.path()).isEqualTo("edges[0].when");
			assertThat(error.message()).contains("expected a value", "column 19");
		});
	}

	@Test
	void validatesInputDeclarations() {
		JsonNode definition = Json.parse("""
				{'inputs': {'n': {'type': 'integer', 'default': 2.5}, 'bad name': {}, 's': {'type': 'text'},
				            'o': 'string', 'k': {'type': 'string', 'secret': true}},
				 'nodes': [{'id': 'a', 'type': 'router'}]}
				""");

		assertThat(paths(definition)).containsExactly("inputs.n.default", "inputs[\"bad name\"]", "inputs.s.type",
				"inputs.o", "inputs.k.secret");
	}

	@Test
	void validateNeverThrowsForNonObjects() {
		for (JsonNode garbage : new JsonNode[] { null, MissingNode.getInstance(), TextNode.valueOf("nodes"),
				Json.parse("[]"), Json.parse("42"), Json.parse("null"), Json.parse("{'nodes': [1, 'a', null, []]}"),
				Json.parse("{'nodes': [{'id': 'a', 'type': 'router'}], 'edges': [1, {'from': 2}, {'from': 'a', 'to': 'a'}]}") }) {
			assertThat(this.compiler.validate(garbage)).isNotEmpty();
		}
	}

}
