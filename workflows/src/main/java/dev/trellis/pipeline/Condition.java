package dev.trellis.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A condition on an edge ({@code edges[i].when}). It is one of:
 * <ul>
 * <li>{@code approved} / {@code rejected}: the decision of the human_review node the edge
 * leaves;</li>
 * <li>{@code else} (or {@code default}): taken when no other edge of the same router
 * matched; decide it with {@link ExecutionPlan#takenEdges}, since it depends on its sibling
 * edges;</li>
 * <li>an expression: literals ({@code 42}, {@code -1.5}, {@code "text"}, {@code 'text'},
 * {@code true}, {@code false}, {@code null}), paths ({@code nodes.ID.output.field[0]},
 * {@code nodes.ID.comment}, {@code inputs.NAME}, optionally wrapped in {@code {{ }}}),
 * {@code == != < <= > >=}, {@code && || !}, parentheses, {@code contains(a, b)} and
 * {@code len(x)}.</li>
 * </ul>
 * Expressions never run code and never fail at evaluation: a path that does not resolve is
 * {@code null}, numbers compare by value, strings by their UTF-16 order, and comparisons of
 * mismatched types are false. {@code &&}, {@code ||} and {@code !} treat missing, null, false,
 * 0, "" and empty containers as false.
 *
 * <pre>{@code
 * Condition c = Condition.parse("nodes.score.output.value >= 0.8 && contains(nodes.tag.output, 'urgent')");
 * boolean taken = c.evaluate(new ConditionContext(templateContext, null));
 * }</pre>
 */
public final class Condition {

	private static final String APPROVED = "approved";

	private static final String REJECTED = "rejected";

	private final String text;

	private final String outcome;

	private final boolean otherwise;

	private final Expr expr;

	private final List<TemplateRef> references;

	private Condition(String text, String outcome, boolean otherwise, Expr expr, List<TemplateRef> references) {
		this.text = text;
		this.outcome = outcome;
		this.otherwise = otherwise;
		this.expr = expr;
		this.references = references;
	}

	/**
	 * Parses {@code text}.
	 * @throws ConditionException if the text is not a condition; the message says what was
	 * expected at which column
	 */
	public static Condition parse(String text) {
		if (text == null) {
			throw new ConditionException("a condition must be a string, not null", 0);
		}
		String keyword = text.strip();
		if (APPROVED.equals(keyword) || REJECTED.equals(keyword)) {
			return new Condition(text, keyword, false, null, List.of());
		}
		if ("else".equals(keyword) || "default".equals(keyword)) {
			return new Condition(text, null, true, null, List.of());
		}
		ConditionParser.Result parsed = ConditionParser.parse(text);
		return new Condition(text, null, false, parsed.expr(), parsed.references());
	}

	/**
	 * Decides the condition.
	 * @throws IllegalStateException for {@code else}, which only its sibling edges can decide:
	 * use {@link ExecutionPlan#takenEdges}
	 */
	public boolean evaluate(ConditionContext ctx) {
		if (this.otherwise) {
			throw new IllegalStateException(
					"'else' depends on the other edges of its router; decide it with ExecutionPlan.takenEdges");
		}
		if (this.outcome != null) {
			return this.outcome.equals(ctx.reviewOutcome());
		}
		return JsonValues.truthy(this.expr.eval(ctx.values()));
	}

	/** The distinct values the expression reads; empty for keywords. */
	public List<TemplateRef> references() {
		return this.references;
	}

	/** Whether this is {@code approved} or {@code rejected}. */
	public boolean isReviewOutcome() {
		return this.outcome != null;
	}

	/** The review decision this condition requires ({@code approved}/{@code rejected}), or {@code null}. */
	public String reviewOutcome() {
		return this.outcome;
	}

	/** Whether this is {@code else} / {@code default}. */
	public boolean isElse() {
		return this.otherwise;
	}

	/** Whether this is an expression rather than a keyword. */
	public boolean isExpression() {
		return this.expr != null;
	}

	/** The source text. */
	public String text() {
		return this.text;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Condition condition && this.text.equals(condition.text);
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
