package dev.trellis.gateway.security;

import java.util.List;

import dev.trellis.gateway.web.ApiException;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Counts a user's open runs in Temporal's visibility store (runs carry the
 * {@code TrellisStartedBy} search attribute). Every open run counts, including one that waits days
 * for an approval. Visibility lags by moments, so two starts in the same instant may both pass: the
 * limit guards against runaway clients, not against an exact count. When Temporal cannot answer,
 * the start is let through and the start itself reports the outage.
 */
final class TemporalRunAdmission implements RunAdmission {

	private static final Logger log = LoggerFactory.getLogger(TemporalRunAdmission.class);

	private final WorkflowClient client;

	private final int maxPerUser;

	TemporalRunAdmission(WorkflowClient client, int maxPerUser) {
		this.client = client;
		this.maxPerUser = maxPerUser;
	}

	@Override
	public void admit(Caller caller) {
		if (maxPerUser <= 0) {
			return;
		}
		long open;
		try {
			open = client.countWorkflows(query(caller.username())).getCount();
		}
		catch (RuntimeException e) {
			log.warn("Cannot count open runs of {}; admitting the run: {}", caller.username(), e.toString());
			return;
		}
		if (open >= maxPerUser) {
			throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many runs",
					"You have " + open + " runs in flight and the limit per user is " + maxPerUser
							+ ": wait for one to finish or cancel one",
					List.of());
		}
	}

	/** A visibility query; the name is quoted as a string literal with backslash escapes. */
	static String query(String username) {
		String literal = username.replace("\\", "\\\\").replace("'", "\\'");
		return TrellisSearchAttributes.STARTED_BY.getName() + " = '" + literal + "' AND ExecutionStatus = 'Running'";
	}

}
