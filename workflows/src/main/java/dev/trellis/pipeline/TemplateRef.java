package dev.trellis.pipeline;

import java.util.List;

/**
 * One value a template or condition reads: {@code inputs.NAME...}, {@code nodes.ID.output...}
 * or {@code nodes.ID.comment}.
 *
 * <p>
 * For {@code inputs} references {@link #nodeId()} is {@code null} and {@link #field()} is the
 * input name; for {@code nodes} references {@link #field()} is {@code output} or
 * {@code comment}. {@link #path()} holds the JSON path segments that follow: object keys, and
 * array indexes as decimal strings ({@code a.b[0].c} is {@code [a, b, 0, c]}).
 *
 * <pre>{@code
 * for (TemplateRef ref : node.prompt().references()) {
 *     if (ref.isNode()) { needOutputOf(ref.nodeId()); }
 * }
 * }</pre>
 *
 * @param root {@link #INPUTS} or {@link #NODES}
 * @param nodeId the referenced node, or {@code null} for inputs
 * @param field the input name, or {@link #OUTPUT} / {@link #COMMENT}
 * @param path JSON path segments below the field
 */
public record TemplateRef(String root, String nodeId, String field, List<String> path) {

	/** Root of input references. */
	public static final String INPUTS = "inputs";

	/** Root of node references. */
	public static final String NODES = "nodes";

	/** Field naming a node's output. */
	public static final String OUTPUT = "output";

	/** Field naming a human review's comment. */
	public static final String COMMENT = "comment";

	/** Makes the path immutable; a {@code null} path means none. */
	public TemplateRef {
		path = (path != null) ? List.copyOf(path) : List.of();
	}

	/** Whether this reads a pipeline input. */
	public boolean isInput() {
		return INPUTS.equals(this.root);
	}

	/** Whether this reads a node's output or comment. */
	public boolean isNode() {
		return NODES.equals(this.root);
	}

	/** Whether this reads a reviewer's comment. */
	public boolean isComment() {
		return isNode() && COMMENT.equals(this.field);
	}

	/** The input name for input references, otherwise {@code null}. */
	public String inputName() {
		return isInput() ? this.field : null;
	}

	/** The canonical text of the reference, such as {@code nodes.a.output.items[0].name}. */
	public String expression() {
		StringBuilder text = new StringBuilder(this.root);
		if (isNode()) {
			text.append('.').append(this.nodeId);
		}
		text.append('.').append(this.field);
		for (String segment : this.path) {
			if (ValuePath.isIndex(segment)) {
				text.append('[').append(segment).append(']');
			}
			else {
				text.append('.').append(segment);
			}
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return expression();
	}

}
