package dev.trellis.pipeline;

/**
 * A template that cannot be parsed (an unclosed <code>{{</code>, a malformed path) or rendered (a
 * referenced value is missing). The message names the column; {@link #position()} is the
 * zero-based offset of the offending placeholder or character.
 *
 * <pre>{@code
 * try {
 *     Template.parse("Hello {{inputs.}}");
 * } catch (TemplateException e) {
 *     e.position(); // 15, where the input name is missing
 * }
 * }</pre>
 */
public class TemplateException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int position;

	/** Creates the exception; {@code message} should already name the column. */
	public TemplateException(String message, int position) {
		super(message);
		this.position = position;
	}

	/** The zero-based offset in the template text the problem was found at. */
	public int position() {
		return this.position;
	}

}
