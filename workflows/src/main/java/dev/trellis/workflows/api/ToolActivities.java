package dev.trellis.workflows.api;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** One tool call: a {@code tool} node, or a tool an agent asked for. */
@ActivityInterface(namePrefix = "Tool.")
public interface ToolActivities {

	@ActivityMethod
	ToolResult execute(ToolCall call);

}
