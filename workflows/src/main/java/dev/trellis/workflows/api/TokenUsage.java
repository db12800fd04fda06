package dev.trellis.workflows.api;

/** Tokens and cost of one call, a node or a run. */
public record TokenUsage(long input, long output, double costUsd) {

	public static final TokenUsage ZERO = new TokenUsage(0, 0, 0);

	public TokenUsage plus(TokenUsage other) {
		if (other == null) {
			return this;
		}
		return new TokenUsage(input + other.input, output + other.output, costUsd + other.costUsd);
	}

}
