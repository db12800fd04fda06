package dev.trellis.registry;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spec that passed validation: {@code spec} is what is stored ({@code "latest"} replaced by
 * concrete numbers, documented defaults filled in) and {@code references} lists every pinned
 * reference it contains, in document order.
 */
public record ValidatedSpec(JsonNode spec, List<Reference> references) {

	public ValidatedSpec {
		references = List.copyOf(references);
	}

}
