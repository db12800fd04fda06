package dev.trellis.activities.tools;

import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Makes tool output safe to hand to a model and to store. {@link #clean} removes control characters
 * (other than tab, line feed and carriage return) and bidirectional overrides from every string,
 * object keys included; {@link #limit} cuts strings longer than the configured maximum with a note
 * saying how much was dropped.
 */
public class OutputSanitizer {

	private final int maxChars;

	public OutputSanitizer(int maxChars) {
		this.maxChars = maxChars;
	}

	public JsonNode clean(JsonNode node) {
		return map(node, OutputSanitizer::strip, true);
	}

	public JsonNode limit(JsonNode node) {
		return map(node, this::truncate, false);
	}

	private static JsonNode map(JsonNode node, UnaryOperator<String> f, boolean keys) {
		if (node == null) {
			return null;
		}
		if (node.isTextual()) {
			return TextNode.valueOf(f.apply(node.asText()));
		}
		if (node.isObject()) {
			ObjectNode out = ((ObjectNode) node).objectNode();
			for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> e = it.next();
				out.set(keys ? f.apply(e.getKey()) : e.getKey(), map(e.getValue(), f, keys));
			}
			return out;
		}
		if (node.isArray()) {
			ArrayNode out = ((ArrayNode) node).arrayNode();
			node.forEach(v -> out.add(map(v, f, keys)));
			return out;
		}
		return node;
	}

	public static String strip(String s) {
		StringBuilder sb = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			boolean control = Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r'
					|| c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
			if (control) {
				if (sb == null) {
					sb = new StringBuilder(s.length()).append(s, 0, i);
				}
			}
			else if (sb != null) {
				sb.append(c);
			}
		}
		return sb == null ? s : sb.toString();
	}

	public String truncate(String s) {
		if (s.length() <= maxChars) {
			return s;
		}
		return s.substring(0, maxChars) + "\n…[truncated " + (s.length() - maxChars) + " characters]";
	}

}
