package dev.trellis.pipeline;

/**
 * What a condition on an edge may look at: the values templates read, and the decision of the
 * edge's source node when it is a human review.
 *
 * <pre>{@code
 * ConditionContext ctx = new ConditionContext(templateContext, "approved");
 * boolean taken = edge.when().evaluate(ctx);
 * }</pre>
 *
 * @param values inputs, outputs and comments available so far
 * @param reviewOutcome {@code "approved"}, {@code "rejected"} or {@code null} when the source
 * is not a review
 */
public record ConditionContext(TemplateContext values, String reviewOutcome) {

	/** Treats absent values as empty so review-only conditions need no template context. */
	public ConditionContext {
		values = (values != null) ? values : TemplateContext.empty();
	}

}
