package dev.trellis.gateway.trace;

import static dev.trellis.gateway.trace.TraceGatewayTestApp.MISSING;
import static dev.trellis.gateway.trace.TraceGatewayTestApp.NO_ROLE;
import static dev.trellis.gateway.trace.TraceGatewayTestApp.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.api.RunEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who may open a trace socket or read the event log, and what a refusal looks like. */
class TraceAccessIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static TraceGateways gateways;

	private static String runId;

	@BeforeAll
	static void start() {
		gateways = new TraceGateways(1, TestRedis.shared().url(), Map.of());
		runId = "run-" + UUID.randomUUID();
		gateways.get(0)
			.publisher()
			.publish(IntStream.range(0, 25)
				.mapToObj(i -> new RunEvent(runId, "k" + i, "node.started", "n" + i, 1, Instant.now(),
						JsonNodeFactory.instance.objectNode()))
				.toList());
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void aHandshakeWithoutACallerIsRefusedWith401() throws Exception {
		assertThat(TraceClient.refusal(port(), runId, null, null)).isEqualTo(401);
		assertThat(TraceClient.refusal(port(), runId, "not-a-token", null)).isEqualTo(401);
	}

	@Test
	void aCallerWithoutAnyRoleMayNotWatch() throws Exception {
		assertThat(TraceClient.refusal(port(), runId, NO_ROLE, null)).isEqualTo(403);
	}

	@Test
	void unknownRunsAndImpossibleResumePointsAreRefused() throws Exception {
		assertThat(TraceClient.refusal(port(), MISSING + "run", VIEWER, null)).isEqualTo(404);
		assertThat(TraceClient.refusal(port(), runId, VIEWER, 26L)).isEqualTo(400);
		assertThat(TraceClient.refusal(URI.create("ws://localhost:" + port() + "/ws/runs/" + runId + "?token=" + VIEWER
				+ "&after=abc"))).isEqualTo(400);
	}

	@Test
	void aViewerWatchesFromTheSnapshotOn() throws Exception {
		try (TraceClient viewer = TraceClient.open(port(), runId, VIEWER, 20L)) {
			viewer.awaitSeq(25, Duration.ofSeconds(20));
			assertThat(viewer.snapshot().get("seq").asLong()).isEqualTo(20);
			assertThat(viewer.snapshot().get("run").get("status").asText()).isEqualTo("RUNNING");
			assertThat(viewer.eventSeqs()).containsExactly(21L, 22L, 23L, 24L, 25L);
		}
	}

	@Test
	void theEventLogIsPagedInOrder() throws Exception {
		JsonNode first = get("/api/runs/" + runId + "/events?limit=10", VIEWER, 200);
		assertThat(seqs(first)).containsExactlyElementsOf(TraceFanoutIT.range(1, 10));
		assertThat(first.get("next").asLong()).isEqualTo(10);
		JsonNode event = first.get("events").get(0);
		assertThat(List.of(event.fieldNames().next(), event.size())).containsExactly("runId", 7);

		JsonNode last = get("/api/runs/" + runId + "/events?after=20&limit=10", VIEWER, 200);
		assertThat(seqs(last)).containsExactly(21L, 22L, 23L, 24L, 25L);
		assertThat(last.get("next").isNull()).isTrue();
		assertThat(seqs(get("/api/runs/" + runId + "/events", VIEWER, 200))).hasSize(25);
	}

	@Test
	void theEventLogAnswersProblemDetailsToCallersItRefuses() throws Exception {
		assertThat(get("/api/runs/" + runId + "/events", null, 401).get("status").asInt()).isEqualTo(401);
		assertThat(get("/api/runs/" + runId + "/events", NO_ROLE, 403).get("title").asText()).isEqualTo("Forbidden");
		get("/api/runs/" + MISSING + "x/events", VIEWER, 404);
		get("/api/runs/" + runId + "/events?limit=0", VIEWER, 400);
		JsonNode tooMany = get("/api/runs/" + runId + "/events?limit=100000", VIEWER, 400);
		assertThat(tooMany.get("errors").get(0).get("path").asText()).isEqualTo("limit");
	}

	private static int port() {
		return gateways.get(0).port();
	}

	private static JsonNode get(String path, String token, int status) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		if (status >= 400) {
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
		}
		return JSON.readTree(response.body());
	}

	private static List<Long> seqs(JsonNode page) {
		return IntStream.range(0, page.get("events").size())
			.mapToObj(i -> page.get("events").get(i).get("seq").asLong())
			.toList();
	}

}
