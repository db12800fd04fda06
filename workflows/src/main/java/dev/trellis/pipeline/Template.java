package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Text with {@code {{...}}} placeholders that read {@code inputs.NAME},
 * {@code nodes.ID.output} (optionally followed by a JSON path such as {@code .a.b[0].c}) or
 * {@code nodes.ID.comment}. Whitespace inside the braces is ignored. Rendering is pure: the same
 * template and context always give the same text.
 *
 * <pre>{@code
 * Template t = Template.parse("Summarise {{ nodes.research.output.notes[0] }} for {{inputs.audience}}");
 * String text = t.render(ctx);         // strings inline as-is, other JSON values as compact JSON
 * JsonNode v = Template.parse("{{nodes.research.output}}").renderValue(ctx); // the JSON value itself
 * }</pre>
 */
public final class Template {

	private static final String OPEN = "{{";

	private static final String CLOSE = "}}";

	private final String text;

	private final List<Object> parts;

	private final List<TemplateRef> references;

	/** A placeholder with its offset in the text, kept to locate render errors. */
	private record Placeholder(TemplateRef ref, int position) {
	}

	private Template(String text, List<Object> parts) {
		this.text = text;
		this.parts = List.copyOf(parts);
		Set<TemplateRef> refs = new LinkedHashSet<>();
		for (Object part : parts) {
			if (part instanceof Placeholder placeholder) {
				refs.add(placeholder.ref());
			}
		}
		this.references = List.copyOf(refs);
	}

	/**
	 * Parses {@code text}.
	 * @throws TemplateException if a placeholder is unclosed, empty or not a valid path; the
	 * message names the column
	 */
	public static Template parse(String text) {
		if (text == null) {
			throw new TemplateException("a template must be a string, not null", 0);
		}
		List<Object> parts = new ArrayList<>();
		int literalStart = 0;
		int open = text.indexOf(OPEN);
		while (open >= 0) {
			int close = text.indexOf(CLOSE, open + OPEN.length());
			if (close < 0) {
				throw new TemplateException(
						"unclosed '{{' at column " + (open + 1) + ": expected '}}' before the end of the text", open);
			}
			if (open > literalStart) {
				parts.add(text.substring(literalStart, open));
			}
			parts.add(new Placeholder(placeholder(text, open, close), open));
			literalStart = close + CLOSE.length();
			open = text.indexOf(OPEN, literalStart);
		}
		if (literalStart < text.length()) {
			parts.add(text.substring(literalStart));
		}
		return new Template(text, parts);
	}

	private static TemplateRef placeholder(String text, int open, int close) {
		int start = skipSpace(text, open + OPEN.length(), close);
		if (start == close) {
			throw new TemplateException("empty placeholder at column " + (open + 1)
					+ ": expected inputs.<name>, nodes.<id>.output or nodes.<id>.comment", open);
		}
		ValuePath.Parsed parsed;
		try {
			parsed = ValuePath.parse(text, start);
		}
		catch (ValuePath.SyntaxError ex) {
			throw new TemplateException("expected " + ex.expected() + " at column " + (ex.position() + 1)
					+ " in the placeholder at column " + (open + 1), ex.position());
		}
		int end = skipSpace(text, parsed.end(), close);
		if (end != close) {
			throw new TemplateException("expected '}}' at column " + (end + 1) + " but found '" + text.charAt(end)
					+ "' in the placeholder at column " + (open + 1), end);
		}
		return parsed.ref();
	}

	private static int skipSpace(String text, int from, int limit) {
		int i = from;
		while (i < limit && Character.isWhitespace(text.charAt(i))) {
			i++;
		}
		return i;
	}

	/** The source text. */
	public String text() {
		return this.text;
	}

	/** The distinct values the placeholders read, in order of first appearance. */
	public List<TemplateRef> references() {
		return this.references;
	}

	/** Whether the text has no placeholders. */
	public boolean isLiteral() {
		return this.references.isEmpty();
	}

	/** Whether the whole text is exactly one placeholder, so it can stand for a JSON value. */
	public boolean isSinglePlaceholder() {
		return this.parts.size() == 1 && this.parts.get(0) instanceof Placeholder;
	}

	/**
	 * Renders the text: strings are inserted as they are, other JSON values as compact JSON.
	 * @throws TemplateException if a referenced value is missing
	 */
	public String render(TemplateContext ctx) {
		StringBuilder out = new StringBuilder();
		for (Object part : this.parts) {
			if (part instanceof Placeholder placeholder) {
				JsonNode value = lookup(placeholder, ctx);
				out.append(value.isTextual() ? value.textValue() : value.toString());
			}
			else {
				out.append((String) part);
			}
		}
		return out.toString();
	}

	/**
	 * Renders to a JSON value: when the whole text is one placeholder the referenced value itself
	 * (a copy, so structured outputs stay structured), otherwise a text node of {@link #render}.
	 * @throws TemplateException if a referenced value is missing
	 */
	public JsonNode renderValue(TemplateContext ctx) {
		if (isSinglePlaceholder()) {
			return lookup((Placeholder) this.parts.get(0), ctx).deepCopy();
		}
		return TextNode.valueOf(render(ctx));
	}

	private static JsonNode lookup(Placeholder placeholder, TemplateContext ctx) {
		ValuePath.Resolution resolution = ValuePath.resolve(placeholder.ref(), ctx);
		if (!resolution.found()) {
			throw new TemplateException("cannot render {{" + placeholder.ref().expression() + "}} at column "
					+ (placeholder.position() + 1) + ": " + resolution.missing(), placeholder.position());
		}
		return resolution.value();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Template template && this.text.equals(template.text);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.text);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
