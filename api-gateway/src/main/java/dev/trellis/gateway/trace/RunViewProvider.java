package dev.trellis.gateway.trace;

import java.util.Optional;
import java.util.Set;

import dev.trellis.gateway.security.Caller;

/**
 * Supplies the live trace with the authoritative state of a run (the workflow query) and decides who
 * may watch it. The runs feature implements it; the trace only needs these two answers.
 *
 * <pre>{@code
 * @Bean
 * RunViewProvider runViews(RunService runs) {
 *     return runId -> {
 *         try {
 *             return Optional.of(runs.get(runId));        // the GET /api/runs/{id} body
 *         }
 *         catch (ApiException e) {
 *             if (e.status() == HttpStatus.NOT_FOUND) return Optional.empty();
 *             throw e;
 *         }
 *     };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RunViewProvider {

	/** Roles that may read runs: every role, viewers included. */
	Set<String> READER_ROLES = Set.of("admin", "builder", "reviewer", "viewer");

	/**
	 * The body {@code GET /api/runs/{runId}} answers now, serialisable by Jackson; empty when there
	 * is no such run. May throw {@link dev.trellis.gateway.web.ApiException} (its status is answered).
	 */
	Optional<Object> currentView(String runId);

	/** Whether the caller may see the run's state and events; by default any role may. */
	default boolean maySee(Caller caller, String runId) {
		return caller.roles().stream().anyMatch(READER_ROLES::contains);
	}

}
