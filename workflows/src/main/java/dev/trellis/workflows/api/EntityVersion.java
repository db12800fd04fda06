package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One pinned registry entity inside a run snapshot: kind ({@code agents}, {@code tools}, ...), name,
 * exact version, content digest and spec. Specs hold secret references ({@code secret://name}),
 * never secret values.
 */
public record EntityVersion(String kind, String name, int version, String digest, JsonNode spec) {

	/** The key of this entity in {@link RunSnapshot#entities()}: {@code kind/name@version}. */
	public String key() {
		return key(kind, name, version);
	}

	public static String key(String kind, String name, int version) {
		return kind + "/" + name + "@" + version;
	}

}
