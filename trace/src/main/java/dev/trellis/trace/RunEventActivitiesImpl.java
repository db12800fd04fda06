package dev.trellis.trace;

import java.util.List;

import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import io.temporal.failure.ApplicationFailure;

/**
 * Records the events a pipeline workflow produces (run and node transitions) through the publisher.
 * Runs as a local activity: a PostgreSQL failure fails the attempt and the workflow's retry policy
 * retries it, which the event keys make harmless; a Redis failure is absorbed by the publisher.
 */
public class RunEventActivitiesImpl implements RunEventActivities {

	private final RunEventPublisher publisher;

	public RunEventActivitiesImpl(RunEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void record(List<RunEvent> events) {
		try {
			publisher.publish(events);
		}
		catch (IllegalArgumentException e) {
			// Malformed events stay malformed: retrying would only delay the run.
			throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.NON_RETRYABLE);
		}
	}

}
