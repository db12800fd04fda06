package dev.trellis.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;

/**
 * The interpreter's event recording, rebuilt by hand for the baseline: the same events (type, node,
 * data of about the same size) batched into one {@link RunEventActivities#record} local activity per
 * workflow task, with the interpreter's local-activity options. A raw chain with these isolates what
 * the flushes cost from what the rest of the interpreter costs.
 */
final class RawEvents {

	private static final LocalActivityOptions OPTIONS = LocalActivityOptions.newBuilder()
		.setStartToCloseTimeout(Duration.ofSeconds(5))
		.setScheduleToCloseTimeout(Duration.ofSeconds(20))
		.setRetryOptions(RetryOptions.newBuilder()
			.setMaximumAttempts(3)
			.setInitialInterval(Duration.ofMillis(200))
			.setBackoffCoefficient(2)
			.build())
		.build();

	private final RunEventActivities sink = Workflow.newLocalActivityStub(RunEventActivities.class, OPTIONS);

	private final String runId;

	private final List<RunEvent> pending = new ArrayList<>();

	private long counter;

	RawEvents(String runId) {
		this.runId = runId;
	}

	RawEvents runStarted() {
		return add("run.started", null, JsonNodeFactory.instance.objectNode().put("pipeline", "raw"));
	}

	RawEvents nodeStarted(String nodeId) {
		return add("node.started", nodeId, JsonNodeFactory.instance.objectNode().put("type", "tool"));
	}

	RawEvents nodeCompleted(String nodeId) {
		return add("node.completed", nodeId, JsonNodeFactory.instance.objectNode().put("output", "ok")
			.put("reused", false));
	}

	RawEvents runCompleted() {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		data.putObject("tokens").put("input", 0).put("output", 0);
		return add("run.completed", null, data);
	}

	void flush() {
		List<RunEvent> batch = List.copyOf(pending);
		pending.clear();
		sink.record(batch);
	}

	private RawEvents add(String type, String nodeId, ObjectNode data) {
		counter++;
		pending.add(new RunEvent(runId, runId + ":" + counter, type, nodeId, nodeId == null ? 0 : 1,
				Instant.ofEpochMilli(Workflow.currentTimeMillis()), data));
		return this;
	}

}
