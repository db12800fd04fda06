package dev.trellis.gateway.runs;

import java.util.Optional;

import dev.trellis.gateway.trace.RunViewProvider;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The live trace's snapshot is exactly the {@code GET /api/runs/{id}} body. */
@Component
@ConditionalOnRole(TrellisRole.GATEWAY)
class RunViews implements RunViewProvider {

	private final RunService runs;

	RunViews(RunService runs) {
		this.runs = runs;
	}

	@Override
	public Optional<Object> currentView(String runId) {
		try {
			return Optional.of(runs.get(runId));
		}
		catch (ApiException e) {
			if (e.status() == HttpStatus.NOT_FOUND) {
				return Optional.empty();
			}
			throw e;
		}
	}

}
