package dev.trellis.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Test helper: reads JSON, accepting single quotes so definitions in text blocks stay readable. */
final class Json {

	static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

	private Json() {
	}

	static JsonNode parse(String json) {
		try {
			return MAPPER.readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode read(Path file) {
		try {
			return MAPPER.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A catalog knowing the entities the shared fixtures assume: tool calculator v1 and agent researcher v1. */
	static EntityCatalog fixtureCatalog() {
		return (kind, name, version) -> version == 1 && ((EntityCatalog.TOOLS.equals(kind) && "calculator".equals(name))
				|| (EntityCatalog.AGENTS.equals(kind) && "researcher".equals(name)));
	}

}
