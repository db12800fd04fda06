package dev.trellis.activities.resilience;

import java.util.Locale;

/** Where a breaker stands. */
public enum BreakerState {

	/** Calls go through; failures are counted. */
	CLOSED,
	/** Calls fail fast until the cool-down ends. */
	OPEN,
	/** The cool-down ended: the next call is a probe, others fail fast until it answers. */
	HALF_OPEN;

	/** The lower-case name used in metric tags and health details. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

}
