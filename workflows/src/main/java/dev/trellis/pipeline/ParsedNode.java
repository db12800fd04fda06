package dev.trellis.pipeline;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node as read from the definition, before graph checks. Fields that were missing or invalid
 * are {@code null} (the problem is already reported), so later checks can still run on the rest.
 *
 * @param uses every template in the node with the path it was found at, for reference checks
 */
record ParsedNode(int index, String id, NodeType type, JsonNode raw, RetrySpec retry, Duration timeout,
		boolean continueOnError, EntityRef agent, EntityRef tool, EntityRef pipeline, Template prompt,
		JsonTemplate args, ReviewSpec review, List<TemplateUse> uses) {

	/** The references found in one templated field, located by its path. */
	record TemplateUse(String path, List<TemplateRef> references) {
	}

	String path() {
		return "nodes[" + this.index + "]";
	}

}
