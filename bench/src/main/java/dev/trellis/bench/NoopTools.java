package dev.trellis.bench;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;

/**
 * A tool that does nothing and answers at once, so a run's wall time is orchestration only: the same
 * activity type and payloads ({@link ToolCall} in, {@link ToolResult} out) for Trellis and the raw
 * workflows alike.
 */
final class NoopTools implements ToolActivities {

	private final AtomicLong calls = new AtomicLong();

	@Override
	public ToolResult execute(ToolCall call) {
		calls.incrementAndGet();
		return new ToolResult(JsonNodeFactory.instance.textNode("ok"), null, 1);
	}

	long calls() {
		return calls.get();
	}

}
