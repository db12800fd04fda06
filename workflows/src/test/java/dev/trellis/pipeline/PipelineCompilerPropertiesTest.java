package dev.trellis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties the compiler must keep for any input: DAGs compile in an order that respects every
 * edge, arbitrary graphs and arbitrary JSON only ever produce validation errors, and the template
 * and condition parsers only ever throw their own exception types.
 */
class PipelineCompilerPropertiesTest {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private static final List<String> KEYS = List.of("nodes", "edges", "inputs", "output", "ui", "id", "type", "from",
			"to", "when", "agent", "tool", "pipeline", "name", "version", "prompt", "args", "input", "retry",
			"maxAttempts", "initialInterval", "timeout", "assignees", "onTimeout", "escalateTo", "show", "default",
			"required", "label", "x");

	private static final List<String> WORDS = List.of("a", "b", "c", "agent", "tool", "router", "human_review",
			"subpipeline", "latest", "1s", "72h", "PT5M", "approved", "rejected", "else", "{{nodes.a.output}}",
			"{{inputs.x}}", "{{nodes.b.comment}}", "{{", "nodes.a.output.v > 1", "escalate", "group:", "string");

	private static final List<String> FRAGMENTS = List.of("{{", "}}", "{", "}", "nodes.", "inputs.", "a", "b-c",
			"output", "comment", ".x", "[0]", "[", "]", " ", "==", "!=", "&&", "||", "!", "(", ")", "'s'", "\"t\"",
			"'", "\\", "1", "-2.5", "1e3", "contains(", "len(", ",", "true", "null", "approved", "else", "<", ">=",
			"=", "\n");

	private final PipelineCompiler compiler = new PipelineCompiler();

	/** A graph over nodes n0..n(size-1) with edges as [from, to] pairs, declared in {@code order}. */
	record Graph(int size, List<List<Integer>> edges, List<Integer> order) {
	}

	@Property(tries = 200)
	void randomDagsCompileInAnOrderRespectingEveryEdge(@ForAll("dags") Graph graph) {
		JsonNode definition = definition(graph, true);

		ExecutionPlan plan = this.compiler.compile(definition);

		List<String> order = plan.nodes().stream().map(PlanNode::id).toList();
		assertThat(order).hasSize(graph.size()).doesNotHaveDuplicates();
		for (JsonNode edge : definition.get("edges")) {
			String from = edge.get("from").asText();
			String to = edge.get("to").asText();
			assertThat(order.indexOf(from)).as("%s before %s", from, to).isLessThan(order.indexOf(to));
			assertThat(plan.node(to).upstream()).contains(from).containsAll(plan.node(from).upstream());
			assertThat(plan.downstreamOf(from)).contains(to);
		}
		ArrayNode reversed = JSON.arrayNode();
		definition.get("edges").forEach(edge -> reversed.insert(0, edge));
		((ObjectNode) definition).set("edges", reversed);
		assertThat(this.compiler.compile(definition).nodes()).extracting(PlanNode::id).isEqualTo(order);
	}

	@Property(tries = 200)
	void arbitraryGraphsEitherCompileOrExplainWhyNot(@ForAll("graphs") Graph graph) {
		JsonNode definition = definition(graph, false);
		List<ValidationError> errors = this.compiler.validate(definition);

		try {
			ExecutionPlan plan = this.compiler.compile(definition);
			assertThat(errors).isEmpty();
			List<String> order = plan.nodes().stream().map(PlanNode::id).toList();
			plan.nodes().forEach(node -> node.incoming()
				.forEach(edge -> assertThat(order.indexOf(edge.from())).isLessThan(order.indexOf(edge.to()))));
		}
		catch (PipelineValidationException ex) {
			assertThat(ex.errors()).isNotEmpty().isEqualTo(errors);
		}
		if (hasCycle(graph)) {
			assertThat(errors).anyMatch(error -> error.message().contains("cycle"));
		}
	}

	@Property(tries = 200)
	void validateNeverThrowsForArbitraryJson(@ForAll("jsonTrees") JsonNode definition) {
		assertThat(this.compiler.validate(definition)).isNotNull();
	}

	@Property(tries = 200)
	void validateNeverThrowsForMutatedFixtures(@ForAll("fixtureDefinitions") JsonNode fixture,
			@ForAll("jsonTrees") JsonNode replacement, @ForAll @IntRange(min = 0, max = 10_000) int target,
			@ForAll @IntRange(min = 0, max = 2) int operation) {
		JsonNode mutated = mutate(fixture.deepCopy(), replacement, target, operation);

		List<ValidationError> errors = this.compiler.validate(mutated);

		assertThat(errors).isNotNull().allSatisfy(error -> assertThat(error.path()).isNotNull());
		if (errors.isEmpty()) {
			assertThat(this.compiler.compile(mutated).nodes()).isNotEmpty();
		}
	}

	@Property(tries = 200)
	void templatesOnlyEverThrowTemplateException(@ForAll("templateText") String text) {
		TemplateContext ctx = context();
		try {
			Template template = Template.parse(text);
			assertThat(template.text()).isEqualTo(text);
			render(template, ctx);
		}
		catch (TemplateException ex) {
			assertThat(ex.position()).isBetween(0, text.length());
		}
	}

	@Property(tries = 200)
	void conditionsOnlyEverThrowConditionExceptionAndEvaluateTotally(@ForAll("templateText") String text) {
		Condition condition;
		try {
			condition = Condition.parse(text);
		}
		catch (ConditionException ex) {
			assertThat(ex.position()).isBetween(0, text.length());
			return;
		}
		if (!condition.isElse()) {
			condition.evaluate(new ConditionContext(context(), "approved"));
		}
	}

	private static void render(Template template, TemplateContext ctx) {
		try {
			template.render(ctx);
			template.renderValue(ctx);
		}
		catch (TemplateException ex) {
			// A missing value is a documented outcome of rendering; anything else would escape this catch.
			assertThat(ex.getMessage()).startsWith("cannot render");
		}
	}

	private static TemplateContext context() {
		return new TemplateContext(Json.parse("{'x': 1, 'a': 'text'}"),
				Map.of("a", Json.parse("{'x': [1, 'two', {'v': 3}], 'v': 2}"), "b-c", TextNode.valueOf("t")),
				Map.of("a", "fine"));
	}

	@Provide
	Arbitrary<Graph> dags() {
		return Arbitraries.integers().between(1, 40).flatMap(size -> {
			Arbitrary<List<List<Integer>>> edges = Arbitraries.integers().between(0, size - 1).list().ofSize(2)
				.map(pair -> List.of(Math.min(pair.get(0), pair.get(1)), Math.max(pair.get(0), pair.get(1))))
				.filter(pair -> !pair.get(0).equals(pair.get(1)))
				.list()
				.ofMaxSize((size > 1) ? 3 * size : 0);
			Arbitrary<List<Integer>> order = Arbitraries.shuffle(IntStream.range(0, size).boxed().toList());
			return Combinators.combine(edges, order).as((e, o) -> new Graph(size, e, o));
		});
	}

	@Provide
	Arbitrary<Graph> graphs() {
		return Arbitraries.integers().between(1, 30).flatMap(size -> {
			Arbitrary<List<List<Integer>>> edges = Arbitraries.integers().between(0, size).list().ofSize(2).list()
				.ofMaxSize(3 * size);
			Arbitrary<List<Integer>> order = Arbitraries.shuffle(IntStream.range(0, size).boxed().toList());
			return Combinators.combine(edges, order).as((e, o) -> new Graph(size, e, o));
		});
	}

	/**
	 * Tool nodes reading their first predecessor's output. With {@code clean}, duplicate edges are
	 * dropped; otherwise everything is kept and index {@code size} names a node that does not exist.
	 */
	private static JsonNode definition(Graph graph, boolean clean) {
		ObjectNode definition = JSON.objectNode();
		definition.putObject("inputs").putObject("x").put("type", "number");
		List<List<Integer>> edges = clean ? new ArrayList<>(new LinkedHashSet<>(graph.edges())) : graph.edges();
		ArrayNode nodes = definition.putArray("nodes");
		for (int node : graph.order()) {
			String source = edges.stream()
				.filter(edge -> edge.get(1) == node && edge.get(0) < node)
				.findFirst()
				.map(edge -> "{{nodes.n" + edge.get(0) + ".output}}")
				.orElse("{{inputs.x}}");
			ObjectNode json = nodes.addObject().put("id", "n" + node).put("type", "tool");
			json.putObject("tool").put("name", "calculator").put("version", 1);
			json.putObject("args").put("expression", source + "+1");
		}
		ArrayNode edgeArray = definition.putArray("edges");
		for (List<Integer> edge : edges) {
			edgeArray.addObject().put("from", name(edge.get(0), graph)).put("to", name(edge.get(1), graph));
		}
		return definition;
	}

	private static String name(int node, Graph graph) {
		return (node < graph.size()) ? "n" + node : "ghost";
	}

	/** Whether the edges between existing, distinct nodes contain a cycle (Kahn's algorithm leaves some behind). */
	private static boolean hasCycle(Graph graph) {
		Set<List<Integer>> edges = new LinkedHashSet<>();
		graph.edges().stream()
			.filter(edge -> edge.get(0) < graph.size() && edge.get(1) < graph.size()
					&& !edge.get(0).equals(edge.get(1)))
			.forEach(edges::add);
		int[] waiting = new int[graph.size()];
		edges.forEach(edge -> waiting[edge.get(1)]++);
		List<Integer> ready = new ArrayList<>(IntStream.range(0,
				graph.size()).filter(i -> waiting[i] == 0).boxed().toList());
		int done = 0;
		while (!ready.isEmpty()) {
			int node = ready.remove(ready.size() - 1);
			done++;
			for (List<Integer> edge : edges) {
				if (edge.get(0) == node && --waiting[edge.get(1)] == 0) {
					ready.add(edge.get(1));
				}
			}
		}
		return done < graph.size();
	}

	@Provide
	Arbitrary<JsonNode> jsonTrees() {
		return json(4);
	}

	private Arbitrary<JsonNode> json(int depth) {
		Arbitrary<JsonNode> leaves = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(TextNode::valueOf),
				Arbitraries.of(WORDS).map(TextNode::valueOf),
				Arbitraries.integers().between(-3, 600).map(IntNode::valueOf),
				Arbitraries.doubles().map(DoubleNode::valueOf), Arbitraries.of(true, false).map(BooleanNode::valueOf),
				Arbitraries.just(NullNode.getInstance()));
		if (depth == 0) {
			return leaves;
		}
		Arbitrary<JsonNode> child = Arbitraries.lazy(() -> json(depth - 1));
		Arbitrary<JsonNode> arrays = child.list().ofMaxSize(4).map(elements -> {
			ArrayNode array = JSON.arrayNode();
			elements.forEach(array::add);
			return array;
		});
		Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.of(KEYS),
				child).as(Map::entry).list().ofMaxSize(5)
			.map(fields -> {
				ObjectNode object = JSON.objectNode();
				fields.forEach(field -> object.set(field.getKey(), field.getValue()));
				return object;
			});
		return Arbitraries.frequencyOf(Tuple.of(3, leaves), Tuple.of(2, arrays), Tuple.of(3, objects));
	}

	@Provide
	Arbitrary<JsonNode> fixtureDefinitions() throws IOException {
		List<JsonNode> definitions = PipelineFixturesTest.fixtureFiles().stream()
			.map(file -> Json.read(file).get("definition"))
			.toList();
		return Arbitraries.of(definitions);
	}

	/** Replaces, removes or adds a member of one container of {@code root}, chosen by {@code target}. */
	private static JsonNode mutate(JsonNode root, JsonNode replacement, int target, int operation) {
		List<JsonNode> containers = new ArrayList<>();
		collectContainers(root, containers);
		JsonNode container = containers.get(target % containers.size());
		if (container instanceof ObjectNode object) {
			List<String> names = new ArrayList<>();
			object.fieldNames().forEachRemaining(names::add);
			String name = names.isEmpty() ? "x" : names.get(target % names.size());
			switch (operation) {
				case 0 -> object.remove(name);
				case 1 -> object.set(name, replacement);
				default -> object.set(KEYS.get(target % KEYS.size()), replacement);
			}
		}
		else if (container instanceof ArrayNode array) {
			int index = array.isEmpty() ? 0 : target % array.size();
			if (operation == 0 && !array.isEmpty()) {
				array.remove(index);
			}
			else if (operation == 1 && !array.isEmpty()) {
				array.set(index, replacement);
			}
			else {
				array.add(replacement);
			}
		}
		return root;
	}

	private static void collectContainers(JsonNode node, List<JsonNode> containers) {
		if (node.isContainerNode()) {
			containers.add(node);
			node.forEach(child -> collectContainers(child, containers));
		}
	}

	@Provide
	Arbitrary<String> templateText() {
		return Arbitraries.oneOf(Arbitraries.of(FRAGMENTS).list().ofMaxSize(10).map(parts -> String.join("", parts)),
				Arbitraries.strings().withChars("{}.[]()'\"\\!&|=<>-_ ,0123456789abcdeilmnoprstuxv\t").ofMaxLength(40),
				Arbitraries.strings().all().ofMaxLength(30));
	}

}
