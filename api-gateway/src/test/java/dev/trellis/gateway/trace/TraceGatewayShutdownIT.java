package dev.trellis.gateway.trace;

import static dev.trellis.gateway.trace.TraceGatewayTestApp.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.trace.RunEventPublisher;
import dev.trellis.workflows.api.RunEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway that shuts down tells its sockets where to resume: close code 1012 (Service Restart)
 * with {@code after=<last seq delivered>}, and a client that reconnects with it to the other gateway
 * continues without a gap or a repeat.
 */
class TraceGatewayShutdownIT {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final ObjectMapper JSON = new ObjectMapper();

	private TraceGateways gateways;

	@AfterEach
	void stop() {
		if (gateways != null) {
			gateways.close();
		}
	}

	@Test
	void stoppingGatewayClosesSocketsWithServiceRestartAndWhereToResume() throws Exception {
		gateways = new TraceGateways(2, TestRedis.shared().url(), Map.of());
		String runId = "run-" + UUID.randomUUID();
		// The survivor publishes: the stopping instance's beans go away with it.
		RunEventPublisher publisher = gateways.get(1).publisher();
		int stoppingPort = gateways.get(0).port();
		publish(publisher, runId, 0, 20);

		TraceClient before = TraceClient.open(stoppingPort, runId, VIEWER, 0L);
		before.awaitSeq(20, WAIT);
		gateways.get(0).context().close();

		TraceClient.Close close = before.awaitClose(WAIT);
		assertThat(close.code()).isEqualTo(1012);
		assertThat(close.reason()).isEqualTo("service restart; reconnect with after=20");
		assertThat(before.eventSeqs()).containsExactlyElementsOf(TraceFanoutIT.range(1, 20));

		publish(publisher, runId, 20, 10);
		try (TraceClient after = TraceClient.open(gateways.get(1).port(), runId, VIEWER, 20L)) {
			after.awaitSeq(30, WAIT);
			assertThat(after.eventSeqs()).containsExactlyElementsOf(TraceFanoutIT.range(21, 30));
		}
	}

	private static void publish(RunEventPublisher publisher, String runId, int first, int count) {
		List<RunEvent> events = new ArrayList<>();
		for (int i = first; i < first + count; i++) {
			events.add(new RunEvent(runId, "shutdown-" + i, "tool.call", "n", 1, Instant.now(),
					JSON.createObjectNode().put("i", i)));
		}
		publisher.publish(events);
	}

}
