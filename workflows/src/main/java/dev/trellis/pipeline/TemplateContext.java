package dev.trellis.pipeline;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The values templates and conditions may read while a run progresses. The interpreter passes
 * its own maps, which it keeps adding to as nodes finish; nothing here copies them.
 *
 * <pre>{@code
 * TemplateContext ctx = new TemplateContext(runInputs, outputsById, commentsById);
 * String prompt = node.prompt().render(ctx);
 * }</pre>
 *
 * @param inputs the run's inputs as a JSON object (defaults already applied)
 * @param nodeOutputs outputs of finished nodes by node id
 * @param nodeComments reviewers' comments by human_review node id
 */
public record TemplateContext(JsonNode inputs, Map<String, JsonNode> nodeOutputs, Map<String, String> nodeComments) {

	/** Treats absent parts as empty so callers need not build placeholders. */
	public TemplateContext {
		inputs = (inputs != null) ? inputs : JsonNodeFactory.instance.objectNode();
		nodeOutputs = (nodeOutputs != null) ? nodeOutputs : Map.of();
		nodeComments = (nodeComments != null) ? nodeComments : Map.of();
	}

	/** A context with no inputs, outputs or comments. */
	public static TemplateContext empty() {
		return new TemplateContext(null, null, null);
	}

}
