package dev.trellis.gateway.trace;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.gateway.security.Caller;
import dev.trellis.gateway.web.ApiException;
import dev.trellis.gateway.web.ProblemDetailsAdvice;
import dev.trellis.trace.RunEventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Decides, before the upgrade, whether a socket may open and what it starts with. The caller is the
 * {@link Authentication} the security filter chain put on the handshake request (from
 * {@code ?token=}); without one the upgrade is refused with 401. The snapshot is taken here so a
 * missing run (404) or an unavailable workflow (503) is an HTTP answer, not a socket that opens and
 * closes.
 *
 * <p>The snapshot's {@code seq} is the log's last seq read <em>before</em> the workflow query, so the
 * run view reflects at least every event up to it; the events after it follow on the socket. With
 * {@code after} the client says what it already has, and the socket continues from there.
 */
final class TraceHandshakeInterceptor implements HandshakeInterceptor {

	static final String OPENING = TraceHandshakeInterceptor.class.getName() + ".opening";

	private static final Logger log = LoggerFactory.getLogger(TraceHandshakeInterceptor.class);

	private static final String PATH = "/ws/runs/";

	private final RunViewProvider views;

	private final RunEventLog eventLog;

	private final ObjectMapper json;

	TraceHandshakeInterceptor(RunViewProvider views, RunEventLog eventLog, ObjectMapper json) {
		this.views = views;
		this.eventLog = eventLog;
		this.json = json;
	}

	/** What the handler needs to open the socket: the run, the snapshot message and its seq. */
	record Opening(String runId, long seq, String snapshot) {
	}

	/** The first message of every socket. */
	record Snapshot(String type, Object run, long seq) {

		Snapshot(Object run, long seq) {
			this("snapshot", run, seq);
		}

	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) throws IOException {
		Authentication auth = authenticated(request.getPrincipal());
		if (auth == null) {
			return refuse(response, new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized",
					"A valid token is required (?token=...)", List.of()));
		}
		String runId = runId(request);
		try {
			if (runId.isEmpty()) {
				throw ApiException.notFound("No run id in " + request.getURI().getPath());
			}
			if (!views.maySee(Caller.of(auth), runId)) {
				throw ApiException.forbidden("You may not watch run " + runId);
			}
			long last = eventLog.lastSeq(runId);
			Long after = after(request, last);
			Optional<Object> view = views.currentView(runId);
			if (view.isEmpty()) {
				throw ApiException.notFound("No run " + runId);
			}
			long seq = after == null ? last : after;
			attributes.put(OPENING, new Opening(runId, seq, json.writeValueAsString(new Snapshot(view.get(), seq))));
			return true;
		}
		catch (ApiException e) {
			return refuse(response, e);
		}
		catch (JsonProcessingException | RuntimeException e) {
			log.warn("Cannot open the live trace of run {}", runId, e);
			return refuse(response, ApiException.unavailable("The run's state cannot be read right now; try again"));
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
		// Nothing to undo: the socket registers itself once it is open.
	}

	/** Only a real caller counts: Spring Security's anonymous token is no caller. */
	private static Authentication authenticated(Principal principal) {
		if (principal instanceof Authentication auth && auth.isAuthenticated()
				&& !(auth instanceof AnonymousAuthenticationToken)) {
			return auth;
		}
		return null;
	}

	private static String runId(ServerHttpRequest request) {
		String path = request.getURI().getRawPath();
		int at = path.indexOf(PATH);
		String raw = at < 0 ? "" : path.substring(at + PATH.length());
		return URLDecoder.decode(raw, StandardCharsets.UTF_8);
	}

	private static Long after(ServerHttpRequest request, long last) {
		String value = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("after");
		if (value == null || value.isBlank()) {
			return null;
		}
		long after;
		try {
			after = Long.parseLong(value);
		}
		catch (NumberFormatException e) {
			throw invalidAfter("not a number");
		}
		if (after < 0 || after > last) {
			// Every seq a client has was recorded first, so a larger one never came from this run.
			throw invalidAfter("must be between 0 and the run's last seq " + last);
		}
		return after;
	}

	private static ApiException invalidAfter(String message) {
		return ApiException.badRequest("Invalid after", List.of(new ApiException.FieldProblem("after", message)));
	}

	/** Answers the handshake with the problem details any API endpoint would give. */
	private boolean refuse(ServerHttpResponse response, ApiException problem) throws IOException {
		response.setStatusCode(problem.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getBody()
			.write(json.writeValueAsBytes(
					ProblemDetailsAdvice.problem(problem.status(), problem.title(), problem.getMessage(), problem.errors())));
		return false;
	}

}
