package dev.trellis.registry;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The seven kinds of registry entity. The constant order is the dependency order: an entity only
 * references kinds listed before it (pipelines may also reference other pipelines), which is also
 * the order of an export bundle and of an import.
 *
 * <pre>{@code
 * Kind kind = Kind.fromPath("agents"); // Kind.AGENTS
 * kind.path();                         // "agents"
 * }</pre>
 */
public enum Kind {

	MODELS("models", "model"), PROMPTS("prompts", "prompt"), TOOLS("tools", "tool"), MEMORIES("memories", "memory"),
	GUARDRAILS("guardrails", "guardrail"), AGENTS("agents", "agent"), PIPELINES("pipelines", "pipeline");

	/** Kinds in the order an export lists them and an import inserts them. */
	public static final Comparator<Kind> DEPENDENCY_ORDER = Comparator.comparingInt(Kind::ordinal);

	private final String path;

	private final String singular;

	Kind(String path, String singular) {
		this.path = path;
		this.singular = singular;
	}

	/** The plural name used in URLs, bundles and {@code EntityVersion.kind()}: {@code agents}. */
	@JsonValue
	public String path() {
		return path;
	}

	/** The singular noun for messages: {@code agent}. */
	public String singular() {
		return singular;
	}

	/**
	 * The kind named by a URL segment or bundle entry.
	 * @throws RegistryNotFoundException when no kind has that name
	 */
	public static Kind fromPath(String path) {
		String wanted = path == null ? "" : path.toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter(k -> k.path.equals(wanted))
			.findFirst()
			.orElseThrow(() -> new RegistryNotFoundException(
					"No registry kind '" + path + "'; the kinds are " + List.of(values())));
	}

	@Override
	public String toString() {
		return path;
	}

}
