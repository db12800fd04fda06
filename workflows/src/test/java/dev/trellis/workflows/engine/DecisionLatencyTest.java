package dev.trellis.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.ToolResult;

/**
 * How long a run takes from a reviewer's decision to the start of the next node, in wall-clock time:
 * from the client sending the {@code decide} update to the next node's activity starting on the
 * worker. The inbox close is made to take 0 ms (the stub) and 250 ms (a PostgreSQL write under load):
 * the next node must not wait for it. Opt-in, because it takes a minute and prints numbers:
 *
 * <pre>
 * mvn -B -o -pl workflows test -Dtest=DecisionLatencyTest -Dtrellis.bench=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "trellis.bench", matches = "true")
class DecisionLatencyTest {

	private static final int WARM_UP = 3;

	private static final int MEASURED = 15;

	private static final String REVIEW_THEN_PUBLISH = """
			{'nodes': [
			  {'id': 'review', 'type': 'human_review', 'show': 'draft', 'assignees': ['bob']},
			  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'publish', 'version': 1}}
			 ],
			 'edges': [{'from': 'review', 'to': 'publish'}]}
			""";

	@ParameterizedTest(name = "inbox close takes {0} ms")
	@ValueSource(ints = { 0, 250 })
	void nextNodeStartsWithoutWaitingForTheInboxClose(int closeMillis) {
		List<Long> latencies = new ArrayList<>();
		try (EngineHarness harness = new EngineHarness().tool("publish")) {
			harness.approvals.closeTakes = Duration.ofMillis(closeMillis);
			Map<String, Long> publishStarted = new ConcurrentHashMap<>();
			harness.tools.behaviours.put("publish", (call, attempt) -> {
				publishStarted.put(call.runId(), System.nanoTime());
				return new ToolResult(TextNode.valueOf("published"), null, attempt);
			});
			for (int i = 0; i < WARM_UP + MEASURED; i++) {
				String runId = "latency-" + closeMillis + "-" + i;
				harness.start(runId, REVIEW_THEN_PUBLISH);
				PendingApproval approval = harness.awaitState(runId, v -> !v.pendingApprovals().isEmpty())
					.pendingApprovals()
					.get(0);
				long decided = System.nanoTime();
				harness.run(runId).decide(EngineHarness.decision(approval.approvalId(), "approve", "bob", null));
				harness.result(runId);
				if (i >= WARM_UP) {
					latencies.add(Duration.ofNanos(publishStarted.get(runId) - decided).toMillis());
				}
			}
		}
		latencies.sort(null);
		long median = latencies.get(latencies.size() / 2);
		System.out.printf("decision -> next node start, inbox close %d ms: median %d ms, min %d ms, max %d ms (n=%d)%n",
				closeMillis, median, latencies.get(0), latencies.get(latencies.size() - 1), latencies.size());
		if (closeMillis > 0) {
			assertThat(median).as("the next node does not wait for the inbox write").isLessThan(closeMillis);
		}
	}

}
