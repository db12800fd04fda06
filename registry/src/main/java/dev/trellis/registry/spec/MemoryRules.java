package dev.trellis.registry.spec;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A memory configuration: a sliding conversation window (optionally summarising older turns) or
 * long-term vector recall, and how long entries live.
 *
 * <pre>{@code
 * {"kind": "conversation", "window": 20, "summarizeAfter": 40, "ttl": "7d"}
 * {"kind": "long_term", "topK": 5, "ttl": "90d"}
 * }</pre>
 */
final class MemoryRules {

	private static final Set<String> FIELDS = Set.of("kind", "window", "summarizeAfter", "topK", "ttl");

	private MemoryRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		Fields memory = Fields.of(spec, "", ctx, FIELDS);
		if (memory == null) {
			return;
		}
		memory.require("kind");
		String kind = memory.oneOf("kind", Set.of("conversation", "long_term"));
		memory.integer("window", 1, 10_000);
		memory.integer("summarizeAfter", 1, 100_000);
		memory.integer("topK", 1, 100);
		memory.duration("ttl");
		if ("conversation".equals(kind) && memory.has("topK")) {
			ctx.problem(memory.at("topK"), "applies only to kind long_term");
		}
		if ("long_term".equals(kind)) {
			for (String field : new String[] { "window", "summarizeAfter" }) {
				if (memory.has(field)) {
					ctx.problem(memory.at(field), "applies only to kind conversation");
				}
			}
		}
	}

}
