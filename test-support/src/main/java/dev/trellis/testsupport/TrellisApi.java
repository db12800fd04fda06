package dev.trellis.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small HTTP client for end-to-end tests that speaks API.md as an integrator would: bearer token,
 * JSON in and out.
 *
 * <pre>{@code
 * TrellisApi api = new TrellisApi(app.baseUrl(), TestStack.ADMIN_TOKEN);
 * String runId = api.post("/api/runs", Map.of("pipeline", "hello-calculator")).body().path("runId").asText();
 * JsonNode done = api.awaitRun(runId, Set.of("COMPLETED"), Duration.ofSeconds(60));
 * }</pre>
 */
public final class TrellisApi {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String token;

	public TrellisApi(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/** A response: status and parsed JSON body (a missing node when the body is empty). */
	public record Response(int status, JsonNode body) {
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
	}

	public Response post(String path, Object body) {
		try {
			return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Posts until the answer is not 503: the gateway answers 503 while Temporal cannot be reached
	 * (just restarted) or does not answer in time (a run whose worker was just killed waits for
	 * another worker to pick its workflow up).
	 */
	public Response postWhileUnavailable(String path, Object body, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		Response response = post(path, body);
		while (response.status() == 503 && Instant.now().isBefore(deadline)) {
			pause(500);
			response = post(path, body);
		}
		return response;
	}

	/** Saves a registry entity ({@code POST /api/registry/{kind}}), failing unless it was saved or already there. */
	public JsonNode publish(String kind, String name, Object spec) {
		Response saved = post("/api/registry/" + kind, Map.of("name", name, "spec", spec));
		if (saved.status() != 200 && saved.status() != 201) {
			throw new AssertionError("Saving " + kind + "/" + name + ": " + saved.status() + " " + saved.body());
		}
		return saved.body();
	}

	/** Creates a user ({@code POST /api/users}, admin only) and returns its token. */
	public String createUser(String username, List<String> roles, List<String> groups) {
		Response user = post("/api/users", Map.of("username", username, "roles", roles, "groups", groups));
		if (user.status() != 201) {
			throw new AssertionError("Creating user " + username + ": " + user.status() + " " + user.body());
		}
		return user.body().path("token").asText();
	}

	/** Every recorded event of the run ({@code GET /api/runs/{id}/events}, all pages), in seq order. */
	public List<JsonNode> events(String runId) {
		List<JsonNode> events = new ArrayList<>();
		long after = 0;
		while (true) {
			Response page = get("/api/runs/" + runId + "/events?after=" + after);
			if (page.status() != 200) {
				throw new AssertionError("Events of " + runId + ": " + page.status() + " " + page.body());
			}
			page.body().path("events").forEach(events::add);
			JsonNode next = page.body().path("next");
			if (next.isNull() || next.isMissingNode()) {
				return events;
			}
			after = next.asLong();
		}
	}

	/** Polls {@code GET /api/runs/{id}} until its status is one of {@code statuses}. */
	public JsonNode awaitRun(String runId, Set<String> statuses, Duration timeout) {
		return await("/api/runs/" + runId, body -> statuses.contains(body.path("status").asText()), timeout);
	}

	/** Polls a resource until the predicate holds, failing with the last body seen. */
	public JsonNode await(String path, Predicate<JsonNode> done, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		Response last = null;
		while (Instant.now().isBefore(deadline)) {
			try {
				last = get(path);
				if (last.status() == 200 && done.test(last.body())) {
					return last.body();
				}
			}
			catch (IllegalStateException e) {
				// The gateway may be restarting; keep polling until the deadline.
			}
			pause(250);
		}
		throw new AssertionError("Timed out after " + timeout + " waiting on " + path + "; last response: "
				+ (last == null ? "none" : last.status() + " " + last.body()));
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> r = http.send(
					request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode body = r.body() == null || r.body().isBlank() ? JSON.missingNode() : JSON.readTree(r.body());
			return new Response(r.statusCode(), body);
		}
		catch (IOException e) {
			throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}
