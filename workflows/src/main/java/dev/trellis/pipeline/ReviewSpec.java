package dev.trellis.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * What a {@code human_review} node asks of people.
 *
 * <pre>{@code
 * ReviewSpec review = plan.node("review").review();
 * String shown = review.show() == null ? "" : review.show().render(templateContext);
 * Workflow.await(review.timeout(), () -> decision != null);
 * }</pre>
 *
 * @param title the heading shown to reviewers; the node's label or id when the definition has none
 * @param show what to present for review, or {@code null}
 * @param assignees user names or {@code group:<name>} entries, never empty
 * @param allowEdit whether a reviewer may edit the output before approving
 * @param timeout how long to wait for a decision, or {@code null} to wait indefinitely
 * @param onTimeout {@code reject}, {@code approve}, {@code fail} or {@code escalate}
 * @param escalateTo who receives the review on escalation; non-empty when {@code onTimeout} is
 * {@code escalate}
 * @param remindBefore when to remind assignees, measured back from the timeout, or {@code null}
 */
public record ReviewSpec(String title, Template show, List<String> assignees, boolean allowEdit, Duration timeout,
		String onTimeout, List<String> escalateTo, Duration remindBefore) {

	/** The allowed values of {@code onTimeout}. */
	public static final List<String> ON_TIMEOUT = List.of("reject", "approve", "fail", "escalate");

	/** Makes the lists immutable so a plan can be shared safely. */
	public ReviewSpec {
		assignees = (assignees != null) ? List.copyOf(assignees) : List.of();
		escalateTo = (escalateTo != null) ? List.copyOf(escalateTo) : List.of();
	}

}
