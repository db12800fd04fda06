package dev.trellis.pipeline;

/**
 * A condition that cannot be parsed. The message says what was expected at which column;
 * {@link #position()} is the zero-based offset.
 *
 * <pre>{@code
 * try {
 *     Condition.parse("nodes.a.output.score >");
 * } catch (ConditionException e) {
 *     e.getMessage(); // expected a value ... at column 23 but found the end of the condition
 * }
 * }</pre>
 */
public class ConditionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int position;

	/** Creates the exception; {@code message} should already name the column. */
	public ConditionException(String message, int position) {
		super(message);
		this.position = position;
	}

	/** The zero-based offset in the condition text the problem was found at. */
	public int position() {
		return this.position;
	}

}
