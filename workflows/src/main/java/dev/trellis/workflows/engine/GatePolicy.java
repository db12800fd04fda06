package dev.trellis.workflows.engine;

import java.time.Duration;
import java.util.List;

/**
 * How long a gate waits and what happens when nobody decides in time.
 *
 * @param timeout the waiting window, or null to wait for ever
 * @param onTimeout {@code reject} (also when null), {@code approve}, {@code fail} or {@code escalate}
 * @param escalateTo the assignees of the second window after an escalation
 * @param remindBefore when to remind the assignees, measured back from the end of each window; null for no reminder
 */
record GatePolicy(Duration timeout, String onTimeout, List<String> escalateTo, Duration remindBefore) {

	static final String REJECT = "reject";

	static final String APPROVE = "approve";

	static final String FAIL = "fail";

	static final String ESCALATE = "escalate";

	GatePolicy {
		onTimeout = onTimeout == null ? REJECT : onTimeout;
		escalateTo = escalateTo == null ? List.of() : List.copyOf(escalateTo);
	}

	/** When the reminder of a window fires, or null when there is none (also when it would fire at once). */
	Duration reminderDelay(Duration window) {
		if (window == null || remindBefore == null || remindBefore.isZero() || remindBefore.isNegative()) {
			return null;
		}
		Duration delay = window.minus(remindBefore);
		return delay.isNegative() || delay.isZero() ? null : delay;
	}

}
