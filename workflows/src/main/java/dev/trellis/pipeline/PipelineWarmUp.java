package dev.trellis.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Runs the compiler once over a small built-in definition, before a worker takes workflow tasks.
 *
 * <p>The pipeline workflow compiles its definition inside its first workflow task. On a fresh JVM
 * that first compile loads and links a few hundred classes (parser, condition lexer, templates,
 * Jackson tree code) and runs them interpreted; on a busy machine that can take longer than the
 * SDK's one-second deadlock detector allows a workflow task, which fails the task and costs a retry.
 * Doing the same work once at start-up moves that cost out of the workflow task. The definition uses
 * every node type, inputs with defaults, every kind of edge condition and nested templates, so the
 * classes a real first task needs are the ones loaded here. It takes a few tens of milliseconds.
 *
 * <pre>{@code
 * PipelineWarmUp.run();   // then start polling
 * }</pre>
 */
public final class PipelineWarmUp {

	/** Every node type, an input with a default, router conditions, review outcomes and templates. */
	static final String DEFINITION = """
			{"inputs": {"topic": {"type": "string", "default": "warm-up"}, "score": {"type": "number", "default": 7}},
			 "nodes": [
			  {"id": "route", "type": "router"},
			  {"id": "research", "type": "agent", "agent": {"name": "a", "version": 1},
			   "prompt": "Research {{inputs.topic}}", "retry": {"maxAttempts": 2, "initialInterval": "1s"}, "timeout": "5m"},
			  {"id": "fetch", "type": "tool", "tool": {"name": "t", "version": 1},
			   "args": {"q": "{{inputs.topic}}", "n": "{{inputs.score}}"}, "continueOnError": true},
			  {"id": "review", "type": "human_review", "title": "Check", "show": "{{nodes.research.output.text}}",
			   "assignees": ["group:editors"], "timeout": "1h", "onTimeout": "escalate", "escalateTo": ["boss"],
			   "remindBefore": "10m", "allowEdit": true},
			  {"id": "child", "type": "subpipeline", "pipeline": {"name": "p", "version": 1},
			   "input": {"body": "{{nodes.review.output}}"}}
			 ],
			 "edges": [
			  {"from": "route", "to": "research", "when": "inputs.score > 5 && len(inputs.topic) > 0"},
			  {"from": "route", "to": "fetch", "when": "else"},
			  {"from": "research", "to": "review"},
			  {"from": "review", "to": "child", "when": "approved"}
			 ],
			 "output": "{{nodes.child.output}}"}
			""";

	private PipelineWarmUp() {
	}

	/**
	 * Compiles the built-in definition, binds its inputs, follows its edges and renders its templates
	 * as a run would.
	 * @return the compiled plan, so a caller (or a test) can see what was exercised
	 */
	public static ExecutionPlan run() {
		JsonNode definition;
		try {
			definition = new ObjectMapper().readTree(DEFINITION);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("The built-in warm-up definition is not JSON", e);
		}
		ExecutionPlan plan = new PipelineCompiler().compile(definition);
		JsonNode inputs = plan.bindInputs(JsonNodeFactory.instance.objectNode());
		Map<String, JsonNode> outputs = new LinkedHashMap<>();
		Map<String, String> comments = new LinkedHashMap<>();
		TemplateContext values = new TemplateContext(inputs, outputs, comments);
		for (PlanNode node : plan.nodes()) {
			if (node.prompt() != null) {
				node.prompt().render(values);
			}
			if (node.review() != null && node.review().show() != null) {
				node.review().show().renderValue(values);
			}
			if (node.args() != null) {
				node.args().render(values);
			}
			outputs.put(node.id(), JsonNodeFactory.instance.objectNode().put("text", node.id()));
			comments.put(node.id(), "");
			plan.takenEdges(node.id(), new ConditionContext(values, node.review() == null ? null : "approved"));
		}
		plan.output().renderValue(values);
		return plan;
	}

}
