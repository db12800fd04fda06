package dev.trellis.gateway.trace;

import static dev.trellis.gateway.trace.TraceFanoutIT.await;
import static dev.trellis.gateway.trace.TraceFanoutIT.range;
import static dev.trellis.gateway.trace.TraceGatewayTestApp.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.trace.RecordedEvent;
import dev.trellis.workflows.api.RunEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis stops in the middle of a run: publishing goes on into PostgreSQL, sockets are told the view
 * is not live and get every event from the log, and streaming resumes when Redis is back.
 */
class TraceOutageIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static TestRedis redis;

	private static TraceGateways gateways;

	@BeforeAll
	static void start() {
		redis = TestRedis.dedicated();
		gateways = new TraceGateways(2, redis.url(), Map.of("trellis.trace.stream.retry-after", "500ms"));
	}

	@AfterAll
	static void stop() {
		gateways.close();
		redis.close();
	}

	@Test
	void whileRedisIsDownTheRunKeepsRecordingAndSocketsFollowTheLogUntilItReturns() throws Exception {
		String runId = "run-" + UUID.randomUUID();
		try (TraceClient a = TraceClient.open(gateways.get(0).port(), runId, VIEWER, null);
				TraceClient b = TraceClient.open(gateways.get(1).port(), runId, VIEWER, null)) {
			await(() -> gateways.get(0).feeds().watching(runId).size() == 1
					&& gateways.get(1).feeds().watching(runId).size() == 1, "sockets attached");
			publish(runId, 0, 50);
			a.awaitSeq(50, WAIT);

			redis.stop();
			TraceClient joinedDuringOutage;
			try {
				publish(runId, 50, 100);
				a.awaitStatus(false, WAIT);
				b.awaitStatus(false, WAIT);
				joinedDuringOutage = TraceClient.open(gateways.get(1).port(), runId, VIEWER, 30L);
				a.awaitSeq(150, WAIT);
				b.awaitSeq(150, WAIT);
				joinedDuringOutage.awaitSeq(150, WAIT);
			}
			finally {
				redis.start();
			}
			a.awaitStatus(true, WAIT);
			b.awaitStatus(true, WAIT);
			publish(runId, 150, 50);
			a.awaitSeq(200, WAIT);
			b.awaitSeq(200, WAIT);
			joinedDuringOutage.awaitSeq(200, WAIT);

			assertThat(a.eventSeqs()).containsExactlyElementsOf(range(1, 200));
			assertThat(b.events()).containsExactlyElementsOf(a.events());
			assertThat(joinedDuringOutage.eventSeqs()).containsExactlyElementsOf(range(31, 200));
			assertThat(types(joinedDuringOutage).subList(0, 2)).containsExactly("snapshot", "status");
			assertThat(statuses(a)).containsExactly(false, true);
			assertThat(statuses(b)).containsExactly(false, true);
			List<RecordedEvent> audit = gateways.get(0).log().after(runId, 0, 1000);
			assertThat(audit).extracting(RecordedEvent::seq).containsExactlyElementsOf(range(1, 200));
			ObjectMapper json = gateways.get(0).context().getBean(ObjectMapper.class);
			assertThat(a.events()).containsExactlyElementsOf(audit.stream().map(e -> write(json, e)).toList());
			joinedDuringOutage.close();
		}
	}

	/** Batches of five every 30 ms, like a run emitting steadily; never fails while Redis is down. */
	private static void publish(String runId, int from, int count) throws InterruptedException {
		for (int i = from; i < from + count; i += 5) {
			List<RunEvent> batch = new ArrayList<>();
			for (int j = i; j < i + 5; j++) {
				batch.add(new RunEvent(runId, "e" + j, "tool.result", "n", 1, Instant.now(),
						JsonNodeFactory.instance.objectNode().put("j", j)));
			}
			gateways.get(0).publisher().publish(batch);
			Thread.sleep(30);
		}
	}

	private static List<Boolean> statuses(TraceClient client) {
		return client.json()
			.stream()
			.filter(m -> "status".equals(m.path("type").asText()))
			.map(m -> m.get("live").asBoolean())
			.toList();
	}

	private static List<String> types(TraceClient client) {
		return client.json().stream().map(m -> m.path("type").asText()).toList();
	}

	private static String write(ObjectMapper json, RecordedEvent e) {
		try {
			return json.writeValueAsString(e);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
