package dev.trellis.gateway.trace;

import java.util.List;

import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.trace.RecordedEvent;
import dev.trellis.trace.RunEventLog;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/runs/{runId}/events?after=&limit=}: the recorded event log of a run, live or
 * finished, in {@code seq} order, from PostgreSQL (so it replays runs long after Redis forgot them).
 *
 * <pre>{@code
 * GET /api/runs/r1/events?after=0&limit=2
 * {"runId":"r1","events":[{"runId":"r1","seq":1,...},{"runId":"r1","seq":2,...}],"next":2}
 * GET /api/runs/r1/events?after=2&limit=2   -> ..., "next": null when this page is the end
 * }</pre>
 */
@RestController
@ConditionalOnRole(TrellisRole.GATEWAY)
class RunEventsController {

	private final RunEventLog eventLog;

	private final RunViewProvider views;

	private final TraceGatewayProperties props;

	RunEventsController(RunEventLog eventLog, RunViewProvider views, TraceGatewayProperties props) {
		this.eventLog = eventLog;
		this.views = views;
		this.props = props;
	}

	/**
	 * @param events the page, in order
	 * @param next the {@code after} of the next page, or {@code null} when the log has nothing more now
	 */
	record EventPage(String runId, List<RecordedEvent> events, Long next) {
	}

	@GetMapping(path = "/api/runs/{runId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
	EventPage events(@PathVariable String runId, @RequestParam(defaultValue = "0") @Min(0) long after,
			@RequestParam(defaultValue = "1000") @Min(1) int limit, Authentication auth) {
		if (auth == null) {
			throw new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid token is required", List.of());
		}
		if (!views.maySee(Caller.of(auth), runId)) {
			throw ApiException.forbidden("You may not see run " + runId);
		}
		if (limit > props.maxPageLimit()) {
			throw ApiException.badRequest("Invalid limit",
					List.of(new ApiException.FieldProblem("limit", "must be at most " + props.maxPageLimit())));
		}
		// One more than asked tells whether another page follows without a count query.
		List<RecordedEvent> events = eventLog.after(runId, after, limit + 1);
		if (events.isEmpty() && after == 0 && views.currentView(runId).isEmpty()) {
			throw ApiException.notFound("No run " + runId);
		}
		boolean more = events.size() > limit;
		List<RecordedEvent> page = more ? events.subList(0, limit) : events;
		return new EventPage(runId, page, more ? page.get(page.size() - 1).seq() : null);
	}

}
