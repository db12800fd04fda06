package dev.trellis.registry.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.trellis.registry.Kind;
import dev.trellis.registry.Reference;
import dev.trellis.registry.ReferenceLookup;
import dev.trellis.registry.SpecProblem;

/**
 * The state of one validation: the problems found so far, the references pinned so far and the
 * lookup that resolves them. Paths here are relative to the spec ({@code model}, {@code tools[1]});
 * {@link #problems()} prefixes them with {@code spec}.
 */
final class SpecContext {

	private static final Set<String> REFERENCE_FIELDS = Set.of("name", "version");

	private final ReferenceLookup lookup;

	private final List<SpecProblem> problems = new ArrayList<>();

	private final List<Reference> references = new ArrayList<>();

	SpecContext(ReferenceLookup lookup) {
		this.lookup = lookup;
	}

	ReferenceLookup lookup() {
		return lookup;
	}

	void problem(String path, String message) {
		problems.add(new SpecProblem(path.isEmpty() ? "spec" : "spec." + path, message));
	}

	boolean hasProblems() {
		return !problems.isEmpty();
	}

	/** Every problem, paths relative to the request body ({@code spec.model}). */
	List<SpecProblem> problems() {
		return List.copyOf(problems);
	}

	List<Reference> references() {
		return List.copyOf(references);
	}

	/**
	 * Checks the reference {@code {"name": ..., "version": n | "latest"}} at {@code path} and pins it:
	 * {@code "latest"} is replaced in the spec by the current latest number. A reference to a missing
	 * entity or version is a problem at {@code path} itself, since that is what the author must change.
	 */
	void reference(JsonNode value, String path, Kind kind) {
		Fields ref = Fields.of(value, path, this, REFERENCE_FIELDS);
		if (ref == null) {
			return;
		}
		ref.require("name", "version");
		String name = ref.text("name");
		JsonNode version = ref.get("version");
		if (name == null || version == null) {
			return;
		}
		if (version.isTextual() && "latest".equals(version.asText())) {
			OptionalInt latest = lookup.latest(kind, name);
			if (latest.isEmpty()) {
				problem(path, "no " + kind.singular() + " named '" + name + "'");
				return;
			}
			ref.node().set("version", IntNode.valueOf(latest.getAsInt()));
			references.add(new Reference(path, kind, name, latest.getAsInt()));
			return;
		}
		if (!Fields.isInteger(version) || version.asLong() < 1 || version.asLong() > Integer.MAX_VALUE) {
			problem(ref.at("version"), "must be a version number (1, 2, ...) or \"latest\"");
			return;
		}
		int pinned = version.asInt();
		if (!lookup.exists(kind, name, pinned)) {
			OptionalInt latest = lookup.latest(kind, name);
			problem(path, latest.isEmpty() ? "no " + kind.singular() + " named '" + name + "'"
					: kind.singular() + " '" + name + "' has no version " + pinned + " (latest is "
							+ latest.getAsInt() + ")");
			return;
		}
		ref.node().set("version", IntNode.valueOf(pinned));
		references.add(new Reference(path, kind, name, pinned));
	}

	/** Records a reference that another checker already proved to exist. */
	void pinned(Reference reference) {
		references.add(reference);
	}

}
