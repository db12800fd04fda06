package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Parses and resolves the value paths that templates and conditions share, so both read
 * {@code inputs.x}, {@code nodes.a.output.items[0].name} and {@code nodes.r.comment} the same
 * way.
 */
final class ValuePath {

	/** Array indexes longer than this could overflow an int and are never meaningful. */
	private static final int MAX_INDEX_DIGITS = 9;

	private ValuePath() {
	}

	/** A parsed reference and the offset just after it. */
	record Parsed(TemplateRef ref, int end) {
	}

	/** A value found for a reference, or the reason none was found. */
	record Resolution(JsonNode value, String missing) {

		boolean found() {
			return this.value != null;
		}

	}

	/** A malformed path; callers turn it into their own documented exception type. */
	static final class SyntaxError extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final int position;

		SyntaxError(int position, String expected) {
			super(expected);
			this.position = position;
		}

		int position() {
			return this.position;
		}

		String expected() {
			return getMessage();
		}

	}

	/** Whether {@code c} may appear in an id, an input name or a path key. */
	static boolean isNameChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}

	/** Whether {@code segment} is an array index rather than an object key. */
	static boolean isIndex(String segment) {
		if (segment.isEmpty() || segment.length() > MAX_INDEX_DIGITS) {
			return false;
		}
		for (int i = 0; i < segment.length(); i++) {
			if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Parses the path starting at {@code start}; it ends at the first character that cannot
	 * continue it, which the caller then checks.
	 */
	static Parsed parse(String text, int start) {
		String root = name(text, start);
		boolean inputs = TemplateRef.INPUTS.equals(root);
		if (!inputs && !TemplateRef.NODES.equals(root)) {
			throw new SyntaxError(start, "a path starting with 'inputs.' or 'nodes.'");
		}
		int i = expectDot(text, start + root.length(),
				inputs ? "'.' and an input name after 'inputs'" : "'.' and a node id after 'nodes'");
		String first = name(text, i);
		if (first.isEmpty()) {
			throw new SyntaxError(i, inputs ? "an input name after 'inputs.'" : "a node id after 'nodes.'");
		}
		i += first.length();
		List<String> segments = new ArrayList<>();
		if (inputs) {
			i = segments(text, i, segments);
			return new Parsed(new TemplateRef(TemplateRef.INPUTS, null, first, segments), i);
		}
		i = expectDot(text, i, "'.output' or '.comment' after the node id");
		String field = name(text, i);
		if (!TemplateRef.OUTPUT.equals(field) && !TemplateRef.COMMENT.equals(field)) {
			throw new SyntaxError(i, "'output' or 'comment' after 'nodes." + first + ".'");
		}
		i += field.length();
		if (TemplateRef.OUTPUT.equals(field)) {
			i = segments(text, i, segments);
		}
		else if (i < text.length() && (text.charAt(i) == '.' || text.charAt(i) == '[')) {
			throw new SyntaxError(i, "nothing after 'comment' (a comment is plain text without fields)");
		}
		return new Parsed(new TemplateRef(TemplateRef.NODES, first, field, segments), i);
	}

	private static int segments(String text, int start, List<String> segments) {
		int i = start;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '.') {
				String key = name(text, i + 1);
				if (key.isEmpty()) {
					throw new SyntaxError(i + 1, "a field name after '.'");
				}
				segments.add(key);
				i += 1 + key.length();
			}
			else if (c == '[') {
				int j = i + 1;
				while (j < text.length() && text.charAt(j) >= '0' && text.charAt(j) <= '9') {
					j++;
				}
				String index = text.substring(i + 1, j);
				if (!isIndex(index) || j >= text.length() || text.charAt(j) != ']') {
					throw new SyntaxError(i + 1, "an array index such as [0] (at most " + MAX_INDEX_DIGITS
							+ " digits)");
				}
				segments.add(index);
				i = j + 1;
			}
			else {
				break;
			}
		}
		return i;
	}

	private static String name(String text, int start) {
		int i = start;
		while (i < text.length() && isNameChar(text.charAt(i))) {
			i++;
		}
		return text.substring(start, i);
	}

	private static int expectDot(String text, int i, String expected) {
		if (i >= text.length() || text.charAt(i) != '.') {
			throw new SyntaxError(i, expected);
		}
		return i + 1;
	}

	/**
	 * Finds the value {@code ref} names. A review that finished without a comment reads as the
	 * empty string, because approving silently is normal and should not break a template.
	 */
	static Resolution resolve(TemplateRef ref, TemplateContext ctx) {
		JsonNode value;
		if (ref.isInput()) {
			value = ctx.inputs().get(ref.field());
			if (value == null) {
				return missing("input '" + ref.field() + "' was not supplied");
			}
		}
		else if (ref.isComment()) {
			String comment = ctx.nodeComments().get(ref.nodeId());
			if (comment == null && !ctx.nodeOutputs().containsKey(ref.nodeId())) {
				return missing("node '" + ref.nodeId() + "' has no comment (it has not finished)");
			}
			return new Resolution(TextNode.valueOf((comment != null) ? comment : ""), null);
		}
		else {
			if (!ctx.nodeOutputs().containsKey(ref.nodeId())) {
				return missing("node '" + ref.nodeId()
						+ "' has no output (it has not finished, failed or was skipped)");
			}
			value = ctx.nodeOutputs().get(ref.nodeId());
			value = (value != null) ? value : NullNode.getInstance();
		}
		List<String> path = ref.path();
		for (int k = 0; k < path.size(); k++) {
			JsonNode next = child(value, path.get(k));
			if (next == null) {
				String parent = new TemplateRef(ref.root(), ref.nodeId(), ref.field(), path.subList(0, k)).expression();
				String segment = path.get(k);
				String absent = (isIndex(segment) && value.isArray())
						? "element [" + segment + "] (it has " + value.size() + ")" : "field '" + segment + "'";
				return missing(parent + " has no " + absent);
			}
			value = next;
		}
		return new Resolution(value, null);
	}

	private static JsonNode child(JsonNode value, String segment) {
		if (value.isObject()) {
			return value.get(segment);
		}
		if (value.isArray() && isIndex(segment)) {
			return value.get(Integer.parseInt(segment));
		}
		return null;
	}

	private static Resolution missing(String reason) {
		return new Resolution(null, reason);
	}

}
