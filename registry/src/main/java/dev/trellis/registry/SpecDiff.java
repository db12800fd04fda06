package dev.trellis.registry;

import java.util.List;

/**
 * The structured difference between two versions of one entity, in document order (object keys
 * sorted, array elements by index).
 *
 * <pre>{@code
 * SpecDiff d = registry.diff(Kind.MODELS, "gpt", 1, 2);
 * d.changes(); // [Change[path=spec.temperature, op=replace, from=0.2, to=0.7]]
 * }</pre>
 */
public record SpecDiff(Kind kind, String name, int from, int to, List<Change> changes) {

	public SpecDiff {
		changes = List.copyOf(changes);
	}

}
