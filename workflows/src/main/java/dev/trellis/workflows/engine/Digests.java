package dev.trellis.workflows.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SHA-256 of canonical JSON (object keys sorted at every level), so the audit can prove what a
 * reviewer was shown whatever order the fields were produced in. Pure, hence safe in workflow code.
 */
final class Digests {

	private Digests() {
	}

	static String sha256(JsonNode value) {
		byte[] bytes = canonical(value).toString().getBytes(StandardCharsets.UTF_8);
		try {
			return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java runtime provides SHA-256", e);
		}
	}

	static JsonNode canonical(JsonNode value) {
		if (value == null) {
			return JsonNodeFactory.instance.nullNode();
		}
		if (value.isObject()) {
			Map<String, JsonNode> sorted = new TreeMap<>();
			for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> field = it.next();
				sorted.put(field.getKey(), canonical(field.getValue()));
			}
			ObjectNode out = JsonNodeFactory.instance.objectNode();
			sorted.forEach(out::set);
			return out;
		}
		if (value.isArray()) {
			ArrayNode out = JsonNodeFactory.instance.arrayNode();
			value.forEach(element -> out.add(canonical(element)));
			return out;
		}
		return value;
	}

}
